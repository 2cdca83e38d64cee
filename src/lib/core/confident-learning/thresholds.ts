import { pairwiseSumsByClass } from './pairwise-by-class';
import { labelOutOfRange, type ProbMatrix } from './shape';

/**
 * Slack below each per-class threshold that still counts as confident: cleanlab compares
 * `p >= threshold - 1e-6`, so an example whose probability equals the (float-rounded) class
 * mean is never lost to rounding.
 */
export const THRESHOLD_SLACK = 1e-6;

export interface ClassStats {
	/** per-class thresholds t_k (see `computeThresholds`), length K */
	thresholds: Float64Array;
	/** examples given each label, length K */
	labelCounts: Float64Array;
}

/**
 * Lower bound of every threshold (cleanlab's CONFIDENT_THRESHOLDS_LOWER_BOUND, twice the
 * slack): a class whose mean self-confidence is below it still needs p >= 1e-6 to count.
 */
export const THRESHOLD_LOWER_BOUND = 2 * THRESHOLD_SLACK;

/**
 * Per-class thresholds and label counts, reading one value per row.
 * t_k = mean of predProbs[:, k] over the examples labelled k (the paper's t_j, "expected
 * self-confidence"), computed as `np.mean` computes it: numpy's pairwise sum of those values
 * in row order (`pairwiseSumsByClass`), divided by their count, then raised to at least
 * THRESHOLD_LOWER_BOUND. The last bit matters: with probabilities stored to 6 decimals, a
 * p[j] can sit exactly at t_j - 1e-6, and a left-to-right sum would then decide some rows
 * differently from cleanlab. NaN for a class nobody is given, which then can never be a
 * confident class (every comparison with NaN is false). Throws, naming the row, on a label
 * outside 0..K-1. Two passes over the labels, one reading p[label] per row; memory one value per row.
 */
export function classStats(labels: Int32Array, predProbs: ProbMatrix, k: number): ClassStats {
	const counts = new Int32Array(k); // (integer increments: cheaper than float ones in this loop)
	countByClass(labels, k, counts);
	const sums = new Float64Array(k);
	pairwiseSumsByClass(labels, predProbs, k, counts, sums);
	const labelCounts = Float64Array.from(counts);
	const thresholds = new Float64Array(k);
	for (let j = 0; j < k; j++) {
		const mean = (sums[j] as number) / (labelCounts[j] as number);
		thresholds[j] = Math.max(mean, THRESHOLD_LOWER_BOUND); // (NaN stays NaN)
	}
	return { thresholds, labelCounts };
}

/**
 * counts[l] += 1 over the rows, checking each label. (Each long loop in a function of its
 * own, so that its optimised code survives the code after the loop.)
 */
function countByClass(labels: Int32Array, k: number, counts: Int32Array): void {
	const n = labels.length;
	for (let r = 0; r < n; r++) {
		const l = labels[r] as number;
		if (l >>> 0 >= k) throw labelOutOfRange(r, l, k); // (unsigned: negatives fail too)
		counts[l] = (counts[l] as number) + 1;
	}
}

/** Per-class thresholds only: see `classStats`. Length K. */
export function computeThresholds(labels: Int32Array, predProbs: ProbMatrix, k: number): Float64Array {
	return classStats(labels, predProbs, k).thresholds;
}

/** Thresholds minus THRESHOLD_SLACK, the values rows are actually compared against. */
export function shiftedThresholds(thresholds: Float64Array): Float64Array {
	return thresholds.map((t) => t - THRESHOLD_SLACK);
}

/**
 * The class row `offset` is confidently counted into, or -1 if p[j] < t_j - slack for all j.
 * With exactly one confident class, that class; with several, the row's overall argmax
 * (first on ties), as cleanlab does (even if that argmax itself misses its threshold).
 * `shifted` comes from `shiftedThresholds`.
 */
export function confidentClass(predProbs: ProbMatrix, offset: number, k: number, shifted: Float64Array): number {
	let first = -1;
	let several = false;
	let argmax = 0;
	let maxP = -Infinity;
	for (let j = 0; j < k; j++) {
		const v = predProbs[offset + j] as number;
		if (v > maxP) {
			maxP = v;
			argmax = j;
		}
		if (v >= (shifted[j] as number)) {
			if (first < 0) first = j;
			else several = true;
		}
	}
	return several ? argmax : first;
}
