/**
 * Which classes the annotators' labels name, and in what order.
 * - With probabilities (K columns): labels that are all integers are class
 *   indices 0..K-1; otherwise, with probability columns named after the classes
 *   (p_cat, p_dog), those names; otherwise (an .npy) the K sorted distinct labels.
 * - Without probabilities: integers are indices 0..max; other labels are the
 *   sorted distinct values (as cleanlab orders classes).
 */
import type { DbAdapter } from '../adapter';
import { DataError } from '../loaders/errors';
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
		const nums = values.map(Number);
		const max = Math.max(...nums);
		const min = Math.min(...nums);
		if (min < 0) throw new DataError(`${file}: ${what} holds the label ${min}; class indices start at 0 (-1 or empty means not labeled).`, { file });
		const k = spec.k ?? max + 1;
		if (max >= k)
			throw new DataError(`${file}: ${what} holds the label ${max}, outside the classes 0..${k - 1} of the probabilities (${k} classes). Fix the label or give probabilities for every class.`, { file });
		if (k > MAX_CLASSES) throw new DataError(`${file}: ${what} holds the label ${max}; Plumb takes at most ${MAX_CLASSES} classes.`, { file });
		return Array.from({ length: k }, (_, j) => String(j));
	}
	if (spec.k !== undefined && spec.probColumns) {
		const names = classNamesFromProbColumns(spec.probColumns);
		const unknown = values.find((v) => !names.includes(v));
		if (unknown !== undefined)
			throw new DataError(`${file}: ${what} holds the label "${unknown}", which is none of the classes named by the probability columns (${names.join(', ')}).`, { file });
		return names;
	}
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
