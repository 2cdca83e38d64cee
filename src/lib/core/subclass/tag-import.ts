/**
 * Matching tags imported from an annotation tool to dataset rows, and
 * checking them against the attribute schemas.
 *
 * Matching, for each item's name (an image path or id): first the exact
 * string among the row keys (the chosen path or id column as text), then its
 * basename (after the last / or \), then, for Label Studio uploads, the
 * basename without the 8-hex-digit prefix Label Studio adds to uploaded files
 * (`/data/upload/3/5e3f2a1b-cat.png` -> `cat.png`). A name found on several
 * rows at the first step that matches is "ambiguous" and not used; a name
 * found nowhere is "unmatched". Every tag whose attribute is not in the schema
 * or whose value is not allowed is reported with the reason, not dropped
 * silently; only tags that fit become annotations.
 */
import type { Annotation, AttributeSchema } from './schema';

/** One image (or item) from an annotation tool, with its tags as attribute/value pairs. */
export interface ImportedItem {
	name: string;
	tags: { attribute: string; value: string }[];
}

export interface RejectedTag {
	name: string;
	attribute: string;
	value: string;
	why: 'unknown attribute' | 'value not in schema' | string;
}

export interface TagImport {
	annotations: Annotation[];
	/** Names that match no row. */
	unmatched: string[];
	/** Names that match several rows (not used). */
	ambiguous: { name: string; rows: number }[];
	rejected: RejectedTag[];
	/** Items matched to a row. */
	matched: number;
}

/** The part after the last / or \. */
export function baseName(path: string): string {
	const k = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
	return k < 0 ? path : path.slice(k + 1);
}

/** A basename without Label Studio's upload prefix (8 hex digits and a dash), or null if it has none. */
export function withoutUploadPrefix(base: string): string | null {
	if (base.length > 9 && base[8] === '-' && [...base.slice(0, 8)].every((c) => '0123456789abcdef'.includes(c))) return base.slice(9);
	return null;
}

/** Index row keys for matching by exact string and by basename. */
export function rowMatcher(rowKeys: readonly (string | null)[]): (name: string) => number[] {
	const exact = new Map<string, number[]>();
	const base = new Map<string, number[]>();
	const push = (m: Map<string, number[]>, k: string, r: number) => {
		const a = m.get(k);
		if (a) a.push(r);
		else m.set(k, [r]);
	};
	rowKeys.forEach((k, r) => {
		if (k === null || k === undefined) return;
		push(exact, k, r);
		push(base, baseName(k), r);
	});
	return (name) => {
		const e = exact.get(name);
		if (e) return e;
		const b = baseName(name);
		const byBase = base.get(b);
		if (byBase) return byBase;
		const stripped = withoutUploadPrefix(b);
		return (stripped !== null && base.get(stripped)) || [];
	};
}

/** Match items to rows and check their tags against the schemas. */
export function importTags(items: readonly ImportedItem[], rowKeys: readonly (string | null)[], schemas: readonly AttributeSchema[]): TagImport {
	const match = rowMatcher(rowKeys);
	const allowed = new Map(schemas.map((s) => [s.name, new Set(s.values.map((v) => v.value))]));
	const out: TagImport = { annotations: [], unmatched: [], ambiguous: [], rejected: [], matched: 0 };
	for (const item of items) {
		const rows = match(item.name);
		if (rows.length === 0) {
			out.unmatched.push(item.name);
			continue;
		}
		if (rows.length > 1) {
			out.ambiguous.push({ name: item.name, rows: rows.length });
			continue;
		}
		out.matched++;
		for (const t of item.tags) {
			const values = allowed.get(t.attribute);
			if (!values) out.rejected.push({ name: item.name, ...t, why: 'unknown attribute' });
			else if (!values.has(t.value)) out.rejected.push({ name: item.name, ...t, why: 'value not in schema' });
			else out.annotations.push({ row: rows[0]!, attribute: t.attribute, value: t.value });
		}
	}
	return out;
}

/** A short report: counts, then the first few unmatched, ambiguous and rejected names. */
export function importReport(r: TagImport, limit = 10): string[] {
	const lines = [`${r.matched} items matched to rows, ${r.annotations.length} annotations read.`];
	const few = (xs: string[]) => xs.slice(0, limit).join(', ') + (xs.length > limit ? `, ... (${xs.length - limit} more)` : '');
	if (r.unmatched.length) lines.push(`${r.unmatched.length} names match no row: ${few(r.unmatched)}`);
	if (r.ambiguous.length) lines.push(`${r.ambiguous.length} names match several rows and were not used: ${few(r.ambiguous.map((a) => `${a.name} (${a.rows} rows)`))}`);
	if (r.rejected.length) lines.push(`${r.rejected.length} tags do not fit the schema: ${few(r.rejected.map((t) => `${t.name}: ${t.attribute} = ${t.value} (${t.why})`))}`);
	return lines;
}
