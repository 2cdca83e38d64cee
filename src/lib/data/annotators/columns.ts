/**
 * Which columns a pattern names: a glob (`a_*`, `lf?`) or a comma-separated
 * list. Glob matches with a numeric suffix come in numeric order (a2 before a10),
 * so annotators keep the order their names suggest.
 */

export type ColumnMatch = { ok: true; columns: string[] } | { ok: false; missing: string[] };

export function matchColumnPattern(pattern: string, columns: readonly string[]): ColumnMatch {
	if (pattern.includes(',') || columns.includes(pattern)) {
		const out = pattern.split(',').map((s) => s.trim());
		const missing = out.filter((c) => !columns.includes(c));
		return missing.length ? { ok: false, missing } : { ok: true, columns: out };
	}
	const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
	const out = columns.filter((c) => re.test(c));
	const suffix = (c: string) => /(\d+)$/.exec(c)?.[1];
	if (out.every((c) => suffix(c) !== undefined)) out.sort((a, b) => Number(suffix(a)) - Number(suffix(b)));
	return { ok: true, columns: out };
}
