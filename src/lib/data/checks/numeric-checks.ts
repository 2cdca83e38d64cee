/**
 * The checks that need a numeric column's values in JS (read once out of
 * DuckDB as Float64Arrays, in row order): inter-quartile fences and counts,
 * outlying columns per row, and the leakage score of numeric and date
 * features (AUC for two classes, the binned majority rule for more).
 */
import { columnOutliers, sortedFinite, type ColumnOutliers } from '../../core/checks/outliers';
import { binnedMajorityAccuracy, identifierKind, twoClassAuc, type ClassCodes, type LeakScore } from '../../core/checks/leakage';
import type { CheckOptions } from '../../core/checks/options';
import type { DbAdapter } from '../adapter';
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

/** Class codes of the label (see sql/checks.ts `classCodeSql`), in row order. */
export async function readClassCodes(db: DbAdapter, table: string, label: string, classes: readonly string[]): Promise<ClassCodes> {
	const read = await db.readNumeric(`SELECT CAST(${classCodeSql(label, classes)} AS DOUBLE) AS y FROM ${ident(table)} ORDER BY rowid`);
	return Int32Array.from(read.y ?? new Float64Array(0));
}

/**
 * Outliers and leakage of the numeric columns. `leakColumns` are scored for
 * leakage (when `y` and `k` are given); `outlierColumns` (integers and floats)
 * get fences. Columns are read in batches under {@link NUMERIC_BATCH_BYTES}.
 */
export async function numericChecks(
	db: DbAdapter,
	table: string,
	rows: number,
	columns: readonly TypedColumn[],
	spec: { outlierColumns: Set<string>; leakColumns: Set<string>; y: ClassCodes | null; k: number; options: CheckOptions; keep?: Set<string> }
): Promise<NumericResults> {
	const outlying = new Uint16Array(rows);
	const out: NumericResults = { outliers: [], outlying, leakage: [], kept: new Map() };
	const perBatch = Math.max(1, Math.floor(NUMERIC_BATCH_BYTES / Math.max(1, rows * 8)));
	for (let start = 0; start < columns.length; start += perBatch) {
		const batch = columns.slice(start, start + perBatch);
		const read = await db.readNumeric(`SELECT ${batch.map((c, i) => `${numberSql(c)} AS ${ident(`x${i}`)}`).join(', ')} FROM ${ident(table)} ORDER BY rowid`);
		batch.forEach((c, i) => {
			const values = read[`x${i}`]!;
			if (values.length !== rows) throw new Error(`Column ${c.name}: read ${values.length} values for ${rows} rows.`);
			const sorted = sortedFinite(values);
			if (spec.outlierColumns.has(c.name)) out.outliers.push(...columnOutliers(c.name, values, spec.options.fences, sorted, outlying));
			if (spec.leakColumns.has(c.name) && spec.y && spec.k >= 2) {
				let distinct = sorted.length > 0 ? 1 : 0;
				for (let j = 1; j < sorted.length; j++) if (sorted[j] !== sorted[j - 1]) distinct++;
				const two = spec.k === 2;
				out.leakage.push({
					column: c.name,
					score: two ? twoClassAuc(values, spec.y) : binnedMajorityAccuracy(values, spec.y, spec.k, spec.options.leakBins, sorted),
					method: two ? 'auc' : 'binned-majority',
					identifier: identifierKind(distinct, sorted.length, values)
				});
			}
			if (spec.keep?.has(c.name)) out.kept.set(c.name, values);
		});
	}
	return out;
}
