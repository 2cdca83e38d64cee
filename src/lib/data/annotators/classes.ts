/**
 * Which classes the annotators' labels name, and in what order.
 * - With probabilities (K columns): labels that are all integers are class
 *   indices 0..K-1; otherwise, with probability columns named after the classes
 *   (p_cat, p_dog), those names; otherwise (an .npy) the K sorted distinct labels.
 * - Without probabilities: integers are indices 0..max; other labels are the
 *   sorted distinct values (as cleanlab orders classes).
 */
import type { DbAdapter } from '../db/adapter';
import { DataError } from '../load/errors';
import { classNamesFromProbColumns } from '../roles';

/** Most classes accepted (class counts are tables of K x K). */
export const MAX_CLASSES = 1000;

const INTEGER = /^[+-]?\d+$/;

export interface ClassSpec {
	/** number of probability columns (K), when probabilities are given */
	k?: number;
	/** the probability column names, when they came from the table */
	probColumns?: string[] | null;
}

/** Class names for the distinct label texts `values` (sorted, NULL-free). */
export function classNamesFor(values: string[], spec: ClassSpec, file: string, what: string): string[] {
	const ints = values.length > 0 && values.every((v) => INTEGER.test(v));
	if (ints) {
		// out-of-range and negative labels get no class here; the reader then names their row and column
		const max = Math.max(...values.map(Number));
		const k = spec.k ?? max + 1;
		if (k > MAX_CLASSES) throw new DataError(`${file}: ${what} holds the label ${max}; Plumb takes at most ${MAX_CLASSES} classes.`, { file });
		return Array.from({ length: Math.max(k, 1) }, (_, j) => String(j));
	}
	if (spec.k !== undefined && spec.probColumns) return classNamesFromProbColumns(spec.probColumns);
	if (values.length > MAX_CLASSES) throw new DataError(`${file}: ${what} holds ${values.length} distinct labels; Plumb takes at most ${MAX_CLASSES} classes.`, { file });
	const sorted = [...values].sort();
	if (spec.k !== undefined && sorted.length !== spec.k)
		throw new DataError(
			`${file}: ${what} holds ${sorted.length} distinct labels but the probabilities have ${spec.k} classes. With an .npy, labels are class indices 0..${spec.k - 1}.`,
			{ file }
		);
	return sorted;
}

/** Distinct label texts from a query returning column `v`. */
export async function distinctValues(db: DbAdapter, sql: string): Promise<string[]> {
	return (await db.query(sql)).map((r) => String(r.v));
}
