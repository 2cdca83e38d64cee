import { pairwiseSum } from './numpy-compat';
import { ConfidentLearningInputError, countLabels, resolveDims, type ProbMatrix } from './shape';

/**
 * Rows whose probabilities sum to within this of 1 are used as they are: float32 softmax
 * output routinely misses 1 by a few 1e-7, and renormalising would only perturb the values.
 */
export const ROW_SUM_EXACT_TOLERANCE = 1e-6;
/**
 * Rows off by more than ROW_SUM_EXACT_TOLERANCE but at most this are renormalised (saved
 * with too few decimals, or from a lower-precision model); rows off by more are rejected.
 */
export const ROW_SUM_RENORMALIZE_TOLERANCE = 1e-3;

export interface ValidatedPredProbs {
	/** the input itself when every row is fine, else a renormalised copy of the same type */
	predProbs: ProbMatrix;
	/** human-readable notes on what was adjusted */
	warnings: string[];
}

type RowProblem = { row: number; reason: string };

/**
 * Check labels and predicted probabilities before confident learning:
 * - K >= 2 and predProbs.length === N * K;
 * - every label in 0..K-1 (a negative label usually marks a missing value);
 * - no NaN or infinite probability (error names row and column);
 * - each row in [0, 1] summing to 1 within ROW_SUM_RENORMALIZE_TOLERANCE; rows off by more
 *   than ROW_SUM_EXACT_TOLERANCE are renormalised into a copy (reported in `warnings`).
 * If every row fails the range/sum check the matrix is taken to be logits or unnormalised
 * scores: the error says so and points to `softmaxRows`. Nothing is softmaxed silently.
 * Errors name the first offending 0-based row. One pass, plus a copy if renormalising.
 */
export function validatePredProbs(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: { k?: number } = {}
): ValidatedPredProbs {
	const { n, k } = resolveDims(labels, predProbs, options.k);
	countLabels(labels, k);
	let firstBad: RowProblem | null = null;
	let badRows = 0;
	const renormalize: number[] = [];
	let largestDeviation = 0;
	for (let r = 0, off = 0; r < n; r++, off += k) {
		const sum = pairwiseSum(predProbs, off, k);
		const deviation = Math.abs(sum - 1);
		const problem =
			rangeProblem(predProbs, off, k, r) ??
			(deviation > ROW_SUM_RENORMALIZE_TOLERANCE ? { row: r, reason: `its values sum to ${sum}` } : null);
		if (problem) {
			badRows++;
			firstBad ??= problem;
		} else if (deviation > ROW_SUM_EXACT_TOLERANCE) {
			renormalize.push(r);
			largestDeviation = Math.max(largestDeviation, deviation);
		}
	}
	if (firstBad && badRows === n) {
		throw new ConfidentLearningInputError(
			`predProbs do not look like probabilities in any row (row 0: ${firstBad.reason}); they look like logits ` +
				`or unnormalised scores. Convert them with softmaxRows(predProbs, k) if that is what they are.`
		);
	}
	if (firstBad) {
		throw new ConfidentLearningInputError(
			`Row ${firstBad.row} of predProbs is not a probability distribution: ${firstBad.reason}. ` +
				`Each row must hold K probabilities in [0, 1] that sum to 1.`
		);
	}
	if (renormalize.length === 0) return { predProbs, warnings: [] };
	const copy = predProbs.slice();
	for (const r of renormalize) {
		const sum = pairwiseSum(predProbs, r * k, k);
		for (let j = r * k; j < r * k + k; j++) copy[j] = (predProbs[j] as number) / sum;
	}
	return {
		predProbs: copy,
		warnings: [
			`Renormalised ${renormalize.length} of ${n} rows of predProbs whose sums were off 1 by up to ` +
				`${largestDeviation.toPrecision(3)} (first: row ${renormalize[0]}).`
		]
	};
}

/** A value of row `row` outside [0, 1], or null. Throws on NaN/Inf, naming row and column. */
function rangeProblem(p: ProbMatrix, off: number, k: number, row: number): RowProblem | null {
	for (let j = 0; j < k; j++) {
		const v = p[off + j] as number;
		if (!Number.isFinite(v)) {
			throw new ConfidentLearningInputError(
				`Row ${row}, column ${j} of predProbs is ${v}; probabilities must be finite numbers. ` +
					`Check the model output for that example.`
			);
		}
		if (v < 0) return { row, reason: `column ${j} is negative (${v})` };
		if (v > 1) return { row, reason: `column ${j} is above 1 (${v})` };
	}
	return null;
}

/**
 * Softmax of each row (max-subtracted for stability): turns logits into probabilities.
 * Returns a new N x K Float64Array.
 */
export function softmaxRows(logits: ProbMatrix, k: number): Float64Array {
	const out = new Float64Array(logits.length);
	for (let off = 0; off < logits.length; off += k) {
		let max = -Infinity;
		for (let j = 0; j < k; j++) max = Math.max(max, logits[off + j] as number);
		let sum = 0;
		for (let j = 0; j < k; j++) {
			const e = Math.exp((logits[off + j] as number) - max);
			out[off + j] = e;
			sum += e;
		}
		for (let j = 0; j < k; j++) out[off + j] = (out[off + j] as number) / sum;
	}
	return out;
}

/**
 * Clip each value to [0, 1] and divide every row by its sum (numpy's pairwise order, so the
 * result equals `p.clip(0, 1); p / p.sum(axis=1, keepdims=True)`). Returns a new Float64Array.
 */
export function clipAndNormalizeRows(predProbs: ProbMatrix, k: number): Float64Array {
	const out = new Float64Array(predProbs.length);
	for (let off = 0; off < predProbs.length; off += k) {
		for (let j = off; j < off + k; j++) out[j] = Math.min(Math.max(predProbs[j] as number, 0), 1);
		const sum = pairwiseSum(out, off, k);
		for (let j = off; j < off + k; j++) out[j] = (out[j] as number) / sum;
	}
	return out;
}
