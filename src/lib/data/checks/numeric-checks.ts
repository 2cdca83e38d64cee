/**
 * The checks that need a numeric column's values in JS (read once out of
 * DuckDB as Float64Arrays, in row order): inter-quartile fences and counts,
 * outlying columns per row, and the leakage score of numeric and date
 * features (AUC for two classes, the binned majority rule for more).
 */
import { columnOutliers, sortedFinite, type ColumnOutliers } from '../../core/checks/outliers';
import { binnedMajorityAccuracy, identifierKind, mergeSorted, twoClassAucSorted, twoClassSample, type ClassCodes, type LeakScore } from '../../core/checks/leakage';
import type { CheckOptions } from '../../core/checks/options';
import type { DbAdapter } from '../db/adapter';
import { columnKind } from '../roles';
import { ident } from '../sql/quote';
import { classCodeSql, type TypedColumn } from '../sql/checks';

/** Most bytes of numeric columns read at once (more are read in batches). */
export const NUMERIC_BATCH_BYTES = 256 * 1024 ** 2;

/** Whether the checks read a column as numbers: integers, floats and decimals (outliers and leakage), dates and timestamps (leakage, as seconds). */
export function readsAsNumber(c: TypedColumn): boolean {
	const k = columnKind(c.type);
	return k === 'integer' || k === 'float' || k === 'date';
}

/** The column as DOUBLE: numbers cast, dates and timestamps as seconds since 1970. */
function numberSql(c: TypedColumn): string {
	return columnKind(c.type) === 'date' ? `CAST(epoch(${ident(c.name)}) AS DOUBLE)` : `CAST(${ident(c.name)} AS DOUBLE)`;
}

export interface NumericResults {
	outliers: ColumnOutliers[];
	/** Per row: columns outlying at the first fence multiplier. */
	outlying: Uint16Array;
	leakage: Omit<LeakScore, 'flagged'>[];
	/** The columns' values, kept for near duplicates when `keep` asked for them. */
	kept: Map<string, Float64Array>;
}

/**
 * Outliers and leakage of the numeric columns. `leakColumns` are scored for
 * leakage (when `label` and its `classes`, at least two, are given);
 * `outlierColumns` (integers and floats) get fences. Columns are read in
 * batches under {@link NUMERIC_BATCH_BYTES}, each with the label's class codes,
 * so values and labels always come from one query. The reads have no ORDER BY
 * (sorting a million rows by rowid costs more than the checks): a plain scan
 * of one table returns rows in insertion order (DuckDB's default
 * preserve_insertion_order), which keeps the per-row counts of batches aligned.
 */
export async function numericChecks(
	db: DbAdapter,
	table: string,
	rows: number,
	columns: readonly TypedColumn[],
	spec: { outlierColumns: Set<string>; leakColumns: Set<string>; label: string | null; classes: readonly string[]; options: CheckOptions; keep?: Set<string> }
): Promise<NumericResults> {
	const outlying = new Uint16Array(rows);
	const out: NumericResults = { outliers: [], outlying, leakage: [], kept: new Map() };
	const perBatch = Math.max(1, Math.floor(NUMERIC_BATCH_BYTES / Math.max(1, rows * 8)));
	for (let start = 0; start < columns.length; start += perBatch) {
		const batch = columns.slice(start, start + perBatch);
		const k = spec.classes.length;
		const withLabel = spec.label !== null && k >= 2 && batch.some((c) => spec.leakColumns.has(c.name));
		const cols = batch.map((c, i) => `${numberSql(c)} AS ${ident(`x${i}`)}`);
		if (withLabel) cols.push(`CAST(${classCodeSql(spec.label!, spec.classes)} AS DOUBLE) AS "__y"`);
		const read = await db.readNumeric(`SELECT ${cols.join(', ')} FROM ${ident(table)}`);
		const y: ClassCodes | null = withLabel ? Int32Array.from(read.__y!) : null;
		batch.forEach((c, i) => {
			const values = read[`x${i}`]!;
			if (values.length !== rows) throw new Error(`Column ${c.name}: read ${values.length} values for ${rows} rows.`);
			const two = k === 2 && y !== null && spec.leakColumns.has(c.name);
			// for a two-class leak score, sort each class's values and merge them (the AUC needs the positives sorted)
			const split = two ? twoClassSample(values, y) : null;
			const sorted = split ? mergeSorted(mergeSorted(split.pos, split.neg), split.unlabelled) : sortedFinite(values);
			if (spec.outlierColumns.has(c.name)) out.outliers.push(...columnOutliers(c.name, values, spec.options.fences, sorted, outlying));
			if (y && spec.leakColumns.has(c.name)) {
				let distinct = sorted.length > 0 ? 1 : 0;
				for (let j = 1; j < sorted.length; j++) if (sorted[j] !== sorted[j - 1]) distinct++;
				out.leakage.push({
					column: c.name,
					score: split ? twoClassAucSorted(split) : binnedMajorityAccuracy(values, y, k, spec.options.leakBins, sorted),
					method: two ? 'auc' : 'binned-majority',
					identifier: identifierKind(distinct, sorted.length, values)
				});
			}
			if (spec.keep?.has(c.name)) out.kept.set(c.name, values);
		});
	}
	return out;
}
