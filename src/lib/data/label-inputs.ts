import type { DbAdapter } from './db/adapter';
import { DATASET_TABLE } from './dataset';
import { classNamesFromProbColumns, type Roles } from './roles';
import { DataError } from './load/errors';
import { distinctLabelsSql, labelAtRowSql, labelIndexSql, labelOutOfRangeSql, listElementsSql, listShapeSql, probColumnsSql } from './sql/labels';
import type { KeptTable } from './kept-columns';

/** Given labels as class indices: -1 where the label is missing (unlabeled rows). */
export const MISSING_LABEL = -1;
/** A label that is not one of the classes (reported, never used). */
const UNKNOWN_LABEL = -2;

/** What confident learning needs, resolved from the roles. */
export interface LabelInputs {
	classNames: string[];
	/** Class index per row, {@link MISSING_LABEL} for a missing label. */
	labels: Int32Array;
	/** N x K row-major; from the load path when possible, else read once from DuckDB. */
	probs: Float32Array | Float64Array;
	n: number;
	k: number;
	/** Where the probabilities came from, for the page. */
	probsSource: string;
}

/** Per-class columns (row order) as an N x K row-major matrix. */
function rowMajor(columns: readonly ArrayLike<number>[], n: number): Float64Array {
	const k = columns.length;
	const data = new Float64Array(n * k);
	for (let j = 0; j < k; j++) {
		const c = columns[j]!;
		for (let i = 0; i < n; i++) data[i * k + j] = c[i]!;
	}
	return data;
}

/**
 * The probability matrix for the roles: an .npy kept from the load, the
 * per-class columns kept from the load (kept-columns.ts), else the per-class
 * columns (or a list column) read from DuckDB once as typed arrays.
 */
export async function resolveProbs(
	db: DbAdapter,
	roles: Roles,
	npy: { data: Float32Array | Float64Array; n: number; k: number; source: string } | null,
	kept: KeptTable | null = null
): Promise<{ data: Float32Array | Float64Array; n: number; k: number; source: string; columns: string[] | null } | null> {
	if (roles.predProbs && roles.predProbs.length >= 2) {
		const cols = roles.predProbs;
		const source = `columns ${cols.join(', ')}`;
		if (kept && cols.every((c) => kept.columns.has(c))) {
			return { data: rowMajor(cols.map((c) => kept.columns.get(c)!.values), kept.rows), n: kept.rows, k: cols.length, source, columns: cols };
		}
		const read = await db.readNumeric(probColumnsSql(DATASET_TABLE, cols));
		const n = read.p0!.length;
		return { data: rowMajor(cols.map((_, j) => read[`p${j}`]!), n), n, k: cols.length, source, columns: cols };
	}
	if (roles.predProbsList) {
		const [shape] = await db.query(listShapeSql(DATASET_TABLE, roles.predProbsList));
		const k = Number(shape?.hi ?? 0);
		if (k < 2 || Number(shape?.lo) !== k) {
			throw new DataError(`Column "${roles.predProbsList}" must hold lists of the same length (one probability per class, at least 2); found lengths ${shape?.lo} to ${shape?.hi}.`, {
				file: DATASET_TABLE,
				column: roles.predProbsList
			});
		}
		const read = await db.readNumeric(listElementsSql(DATASET_TABLE, roles.predProbsList, k));
		const n = read.p0!.length;
		return { data: rowMajor(Array.from({ length: k }, (_, j) => read[`p${j}`]!), n), n, k, source: `list column ${roles.predProbsList}`, columns: null };
	}
	return npy ? { ...npy, columns: null } : null;
}

/**
 * Class names: from the probability column names (p_cat -> cat), else from
 * the label values: 0..K-1 when they are integers in range, else the sorted
 * distinct values (as cleanlab orders classes).
 */
export async function resolveClassNames(db: DbAdapter, labelColumn: string, labelType: string, k: number, probColumns: string[] | null): Promise<string[]> {
	if (probColumns) return classNamesFromProbColumns(probColumns);
	const values = (await db.query(distinctLabelsSql(DATASET_TABLE, labelColumn, labelType))).map((r) => String(r.v));
	const ints = values.every((v) => /^-?\d+$/.test(v));
	if (ints && values.every((v) => Number(v) >= 0 && Number(v) < k)) return Array.from({ length: k }, (_, j) => String(j));
	if (ints) {
		// Integer labels, some outside 0..K-1: name the first such row.
		const [row] = await db.query(labelOutOfRangeSql(DATASET_TABLE, labelColumn, labelType, k));
		throw new DataError(
			`Row ${row?.r} (0-based): the label ${row?.v} in column "${labelColumn}" is outside the classes 0..${k - 1} of the probabilities (${k} classes). Fix the label, or give probabilities for every class.`,
			{ file: DATASET_TABLE, row: Number(row?.r), column: labelColumn }
		);
	}
	const sorted = values.sort();
	if (sorted.length !== k) {
		throw new DataError(
			`The label column "${labelColumn}" has ${sorted.length} distinct values but the probabilities have ${k} classes. ` +
				`Give one probability per class, in the sorted order of the labels, or name the probability columns after the classes (p_<class>).`,
			{ file: DATASET_TABLE, column: labelColumn }
		);
	}
	return sorted;
}

/** Given labels as class indices, mapped in SQL (one typed column read back). */
export async function resolveLabels(db: DbAdapter, labelColumn: string, labelType: string, classNames: string[]): Promise<Int32Array> {
	const k = (await db.readNumeric(labelIndexSql(DATASET_TABLE, labelColumn, labelType, classNames, MISSING_LABEL, UNKNOWN_LABEL))).k!;
	const labels = Int32Array.from(k);
	const bad = labels.indexOf(UNKNOWN_LABEL);
	if (bad >= 0) {
		const [row] = await db.query(labelAtRowSql(DATASET_TABLE, labelColumn, bad));
		const count = labels.reduce((s, v) => s + (v === UNKNOWN_LABEL ? 1 : 0), 0);
		throw new DataError(
			`Row ${bad} (0-based): the label "${row?.v}" in column "${labelColumn}" is not one of the classes (${classNames.slice(0, 12).join(', ')}${classNames.length > 12 ? ', …' : ''}); ` +
				`${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'} like it. Fix those labels or choose the right probability columns.`,
			{ file: DATASET_TABLE, row: bad, column: labelColumn }
		);
	}
	return labels;
}
