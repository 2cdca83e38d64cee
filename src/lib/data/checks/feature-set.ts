/**
 * The feature columns the checks compare rows on: by default every column
 * except those in the id, label, split and time roles, the probabilities and
 * the other declared outputs (predicted label, score); the user can change the
 * set with a pattern.
 */
import type { Roles } from '../roles';

/** Columns that are not features under these roles (roles absent are skipped). */
export function nonFeatureColumns(roles: Partial<Roles>): Set<string> {
	const out = new Set<string>();
	for (const c of [roles.id, roles.label, roles.split, roles.time, roles.predProbsList, roles.predLabel, roles.score]) if (c) out.add(c);
	for (const c of roles.predProbs ?? []) out.add(c);
	return out;
}

/** The default feature set: every column not excluded by {@link nonFeatureColumns}, in table order. */
export function defaultFeatures(columns: readonly string[], roles: Partial<Roles>): string[] {
	const skip = nonFeatureColumns(roles);
	return columns.filter((c) => !skip.has(c));
}

function globRegExp(glob: string): RegExp {
	return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
}

/**
 * Apply a feature pattern: comma-separated column names or globs (`*`, `?`).
 * Entries without `-` choose the set (from every column, in table order);
 * entries starting with `-` remove columns from it. A pattern of only
 * removals starts from the default set. Throws Error naming an entry that
 * matches no column, or a pattern that leaves no feature.
 */
export function selectFeatures(pattern: string, columns: readonly string[], defaults: readonly string[]): string[] {
	const entries = pattern
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');
	const matching = (entry: string): string[] => {
		const m = columns.includes(entry) ? [entry] : columns.filter((c) => globRegExp(entry).test(c));
		if (m.length === 0) throw new Error(`Feature pattern "${entry}" matches no column. Columns: ${columns.join(', ')}`);
		return m;
	};
	const add = entries.filter((e) => !e.startsWith('-'));
	const remove = new Set(entries.filter((e) => e.startsWith('-')).flatMap((e) => matching(e.slice(1))));
	const chosen = new Set(add.flatMap(matching));
	const base = add.length > 0 ? columns.filter((c) => chosen.has(c)) : [...defaults];
	const out = base.filter((c) => !remove.has(c));
	if (out.length === 0) throw new Error(`Feature pattern "${pattern}" leaves no feature column.`);
	return out;
}
