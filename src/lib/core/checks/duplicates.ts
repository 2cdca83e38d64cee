/**
 * Exact duplicates and conflicting labels from the groups SQL found (rows with
 * the same hash of their feature values; see data/sql/checks.ts): groups as
 * sorted 0-based row indices, sorted by their first row; a group whose rows
 * carry more than one (non-missing) label is a conflicting-label group, a
 * label error no model is needed to see.
 */

/** One group of rows with equal feature values, as SQL returns it. */
export interface DuplicateGroupCounts {
	rows: number[];
	/** Distinct non-missing labels among the rows (0 without a label column). */
	labels: number;
}

export interface DuplicateReport {
	/** Groups of two or more rows, each sorted ascending, groups sorted by their first row. */
	groups: number[][];
	/** The groups whose rows carry more than one label (same form). */
	conflicting: number[][];
	/** Rows that repeat an earlier row (sum over groups of size - 1). */
	extraRows: number;
}

/** Sort and check the groups, and pick those with conflicting labels. */
export function duplicateReport(found: readonly DuplicateGroupCounts[]): DuplicateReport {
	const all = found
		.filter((g) => g.rows.length > 1)
		.map((g) => ({ rows: [...g.rows].sort((a, b) => a - b), labels: g.labels }))
		.sort((a, b) => a.rows[0]! - b.rows[0]!);
	return {
		groups: all.map((g) => g.rows),
		conflicting: all.filter((g) => g.labels > 1).map((g) => g.rows),
		extraRows: all.reduce((s, g) => s + g.rows.length - 1, 0)
	};
}

/** Rows in the conflicting groups (sorted): likely label issues for the review workspace. */
export function conflictingRows(report: DuplicateReport): number[] {
	return report.conflicting.flat().sort((a, b) => a - b);
}
