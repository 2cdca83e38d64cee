/**
 * Shared input conventions for the confident-learning stages.
 *
 * - `labels`: Int32Array of length N, the given (possibly noisy) class of each example, 0..K-1.
 * - `predProbs`: N x K row-major out-of-sample predicted probabilities, float32 or float64.
 *   Float32 matrices are read as they are (never copied); all arithmetic is float64.
 * - Matrices over classes are K x K row-major Float64Arrays wrapped in `SquareMatrix`.
 */

export type ProbMatrix = Float32Array | Float64Array;

/** A K x K matrix, row-major: `data[i * k + j]`. */
export interface SquareMatrix {
	readonly k: number;
	readonly data: Float64Array;
}

export interface Dims {
	/** number of examples */
	n: number;
	/** number of classes */
	k: number;
}

/** Thrown for inputs the algorithms cannot work with; messages name the row and the fix. */
export class ConfidentLearningInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConfidentLearningInputError';
	}
}

/**
 * N from `labels`, K given or inferred from `predProbs.length / N`; checks the two agree.
 * Cost O(1).
 */
export function resolveDims(labels: Int32Array, predProbs: ProbMatrix, k?: number): Dims {
	const n = labels.length;
	if (k === undefined) {
		if (n === 0) throw new ConfidentLearningInputError('No examples: pass the number of classes k explicitly.');
		k = predProbs.length / n;
		if (!Number.isInteger(k)) {
			throw new ConfidentLearningInputError(
				`predProbs holds ${predProbs.length} values, not a whole number of rows for ${n} labels; ` +
					`it must be N x K (row-major).`
			);
		}
	}
	if (!Number.isInteger(k) || k < 2) {
		throw new ConfidentLearningInputError(`Need at least 2 classes, got K = ${k}.`);
	}
	if (predProbs.length !== n * k) {
		throw new ConfidentLearningInputError(
			`predProbs holds ${predProbs.length} values but ${n} labels x ${k} classes need ${n * k}.`
		);
	}
	return { n, k };
}

/** The error for label `l` of row `r` outside 0..K-1. */
export function labelOutOfRange(r: number, l: number, k: number): ConfidentLearningInputError {
	return new ConfidentLearningInputError(
		`Row ${r} has label ${l}, outside the class range 0..${k - 1}` +
			(l < 0 ? ' (a negative label usually marks a missing value; drop or fill those rows).' : '.')
	);
}

/**
 * Number of examples given each label (length K). Throws, naming the first row, if a label is
 * outside 0..K-1. Cost: one pass over `labels`.
 */
export function countLabels(labels: Int32Array, k: number): Float64Array {
	const counts = new Float64Array(k);
	for (let r = 0; r < labels.length; r++) {
		const l = labels[r] as number;
		if (!(l >= 0 && l < k)) throw labelOutOfRange(r, l, k);
		counts[l] = (counts[l] as number) + 1;
	}
	return counts;
}

/** Nested-array copy of a square matrix, for display and JSON. */
export function toRows(m: SquareMatrix): number[][] {
	const rows: number[][] = [];
	for (let i = 0; i < m.k; i++) rows.push(Array.from(m.data.subarray(i * m.k, (i + 1) * m.k)));
	return rows;
}

/** Index of the largest value in row `offset..offset+k` (first one on ties, as numpy.argmax). */
export function rowArgmax(predProbs: ProbMatrix, offset: number, k: number): number {
	let best = 0;
	let bestP = predProbs[offset] as number;
	for (let j = 1; j < k; j++) {
		const v = predProbs[offset + j] as number;
		if (v > bestP) {
			bestP = v;
			best = j;
		}
	}
	return best;
}
