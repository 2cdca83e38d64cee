/**
 * Feature preparation fitted on a training fold and applied to any rows, as scikit-learn's
 * documented pipeline would do it:
 *
 * - numeric: missing values (NaN) imputed with the training fold's mean (`SimpleImputer(strategy='mean')`),
 *   then standardised with the training fold's mean and population standard deviation
 *   (`StandardScaler`); a column whose variance is zero (to rounding) keeps scale 1, and a column
 *   with no value at all in the training fold becomes all zeros (the imputer would drop it);
 * - categorical: one-hot with the categories seen in the training fold (`OneHotEncoder(handle_unknown='ignore')`):
 *   a category not seen there encodes as all zeros; a missing value (code -1) is a category of its own;
 *   not scaled;
 * - pixels: each value divided by its maximum (255 for 8-bit images), so in [0, 1]; not centred.
 *
 * The result is a CSR matrix ({@link CsrMatrix}) with only the nonzero entries stored.
 */
import type { CsrMatrix } from './csr';

export type FeatureColumn =
	| { kind: 'numeric'; name: string; values: Float64Array }
	| { kind: 'categorical'; name: string; codes: Int32Array; levels: readonly string[] }
	| { kind: 'pixels'; name: string; data: ArrayLike<number>; perRow: number; max?: number };

/** Category code of a missing value. */
export const MISSING_CODE = -1;

type Prepared =
	| { kind: 'numeric'; offset: number; mean: number; scale: number; values: Float64Array }
	| { kind: 'categorical'; codes: Int32Array; slot: Int32Array; missingSlot: number }
	| { kind: 'pixels'; offset: number; data: ArrayLike<number>; perRow: number; max: number };

/** A preparation fitted on training rows. */
export interface Preparation {
	/** Feature names in matrix column order: `age`, `sex=Male`, `pixels[12]`... */
	names: string[];
	/** The prepared rows, in the order given. */
	transform(rows: Int32Array): CsrMatrix;
	/** Means and scales of the numeric columns (for the curious and the tests). */
	numeric: { name: string; mean: number; scale: number }[];
}

/** Number of rows the columns describe; throws when they disagree. */
export function columnRows(columns: readonly FeatureColumn[]): number {
	let n = -1;
	for (const c of columns) {
		const len = c.kind === 'numeric' ? c.values.length : c.kind === 'categorical' ? c.codes.length : Math.floor(c.data.length / c.perRow);
		if (c.kind === 'pixels' && c.data.length % c.perRow !== 0) throw new Error(`Feature "${c.name}": ${c.data.length} values is not a whole number of rows of ${c.perRow}.`);
		if (n >= 0 && len !== n) throw new Error(`Feature "${c.name}" has ${len} rows but the others have ${n}.`);
		n = len;
	}
	if (n < 0) throw new Error('No feature columns were given.');
	return n;
}

/** Whether a variance is zero up to the rounding error of computing it from n values around `mean`. */
function isConstant(variance: number, mean: number, n: number): boolean {
	const eps = Number.EPSILON;
	return variance <= n * eps * variance + (n * mean * eps) ** 2;
}

function fitNumeric(values: Float64Array, rows: Int32Array, offset: number): Prepared {
	let count = 0;
	let sum = 0;
	for (let r = 0; r < rows.length; r++) {
		const v = values[rows[r]!]!;
		if (!Number.isNaN(v)) {
			sum += v;
			count++;
		}
	}
	if (count === 0) return { kind: 'numeric', offset, mean: 0, scale: Infinity, values };
	const mean = sum / count;
	// Imputed rows sit at the mean, so they add nothing to the squared deviations but count in n.
	let ss = 0;
	for (let r = 0; r < rows.length; r++) {
		const v = values[rows[r]!]!;
		if (!Number.isNaN(v)) ss += (v - mean) * (v - mean);
	}
	const variance = ss / rows.length;
	const scale = isConstant(variance, mean, rows.length) ? 1 : Math.sqrt(variance);
	return { kind: 'numeric', offset, mean, scale, values };
}

/** Fit the preparation on `trainRows` (row indices into the columns). */
export function fitPreparation(columns: readonly FeatureColumn[], trainRows: Int32Array): Preparation {
	const names: string[] = [];
	const prepared: Prepared[] = [];
	const numeric: Preparation['numeric'] = [];
	for (const c of columns) {
		if (c.kind === 'numeric') {
			const p = fitNumeric(c.values, trainRows, names.length) as Extract<Prepared, { kind: 'numeric' }>;
			prepared.push(p);
			numeric.push({ name: c.name, mean: p.mean, scale: p.scale });
			names.push(c.name);
		} else if (c.kind === 'categorical') {
			const seen = new Uint8Array(c.levels.length);
			let missing = false;
			for (let r = 0; r < trainRows.length; r++) {
				const code = c.codes[trainRows[r]!]!;
				if (code === MISSING_CODE) missing = true;
				else if (code >= 0 && code < c.levels.length) seen[code] = 1;
				else throw new Error(`Feature "${c.name}": row ${trainRows[r]} has category code ${code}, outside 0..${c.levels.length - 1}.`);
			}
			const slot = new Int32Array(c.levels.length).fill(-1);
			for (let l = 0; l < c.levels.length; l++) {
				if (!seen[l]) continue;
				slot[l] = names.length;
				names.push(`${c.name}=${c.levels[l]}`);
			}
			let missingSlot = -1;
			if (missing) {
				missingSlot = names.length;
				names.push(`${c.name}=(missing)`);
			}
			prepared.push({ kind: 'categorical', codes: c.codes, slot, missingSlot });
		} else {
			const max = c.max ?? 255;
			if (!(max > 0)) throw new Error(`Feature "${c.name}": the pixel maximum must be positive, got ${max}.`);
			prepared.push({ kind: 'pixels', offset: names.length, data: c.data, perRow: c.perRow, max });
			for (let j = 0; j < c.perRow; j++) names.push(`${c.name}[${j}]`);
		}
	}
	return { names, numeric, transform: (rows) => transform(prepared, names.length, rows) };
}

/** Matrix column of a row's category, or -1 for none. */
function categorySlot(p: Extract<Prepared, { kind: 'categorical' }>, row: number): number {
	const code = p.codes[row]!;
	return code === MISSING_CODE ? p.missingSlot : code >= 0 && code < p.slot.length ? p.slot[code]! : -1;
}

/** Numeric value after imputation and scaling. */
function numericValue(p: Extract<Prepared, { kind: 'numeric' }>, row: number): number {
	if (p.scale === Infinity) return 0;
	const v = p.values[row]!;
	return Number.isNaN(v) ? 0 : (v - p.mean) / p.scale;
}

function transform(prepared: readonly Prepared[], cols: number, rows: Int32Array): CsrMatrix {
	const indptr = new Int32Array(rows.length + 1);
	// First pass: count the nonzeros of each row, so the arrays are allocated once at their size.
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r]!;
		let count = 0;
		for (const p of prepared) {
			if (p.kind === 'numeric') count += numericValue(p, row) !== 0 ? 1 : 0;
			else if (p.kind === 'categorical') count += categorySlot(p, row) >= 0 ? 1 : 0;
			else {
				const base = row * p.perRow;
				for (let j = 0; j < p.perRow; j++) if (p.data[base + j] !== 0) count++;
			}
		}
		indptr[r + 1] = indptr[r]! + count;
	}
	const nnz = indptr[rows.length]!;
	const indices = new Int32Array(nnz);
	const values = new Float64Array(nnz);
	let at = 0;
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r]!;
		for (const p of prepared) {
			if (p.kind === 'numeric') {
				const v = numericValue(p, row);
				if (v !== 0) {
					indices[at] = p.offset;
					values[at++] = v;
				}
			} else if (p.kind === 'categorical') {
				const s = categorySlot(p, row);
				if (s >= 0) {
					indices[at] = s;
					values[at++] = 1;
				}
			} else {
				const base = row * p.perRow;
				for (let j = 0; j < p.perRow; j++) {
					const v = p.data[base + j]!;
					if (v !== 0) {
						indices[at] = p.offset + j;
						values[at++] = v / p.max;
					}
				}
			}
		}
	}
	return { rows: rows.length, cols, indptr, indices, values };
}
