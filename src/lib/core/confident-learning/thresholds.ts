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
 * Per-class thresholds and label counts in one pass reading one value per row.
 * t_k = mean of predProbs[:, k] over the examples labelled k (the paper's t_j, "expected
 * self-confidence"); NaN for a class nobody is given, which then can never be a confident
 * class (every comparison with NaN is false). Throws, naming the row, on a label outside 0..K-1.
 */
export function classStats(labels: Int32Array, predProbs: ProbMatrix, k: number): ClassStats {
	const sums = new Float64Array(k);
	const counts = new Int32Array(k); // (integer increments: cheaper than float ones in this loop)
	sumSelfByClass(labels, predProbs, k, sums, counts);
	const labelCounts = Float64Array.from(counts);
	for (let j = 0; j < k; j++) sums[j] = (sums[j] as number) / (labelCounts[j] as number);
	return { thresholds: sums, labelCounts };
}

/**
 * The loop of `classStats`: sums[l] += p[l] and counts[l] += 1 over the rows, in row order.
 * A function of its own so that its optimised code survives the code after the loop.
 */
function sumSelfByClass(labels: Int32Array, predProbs: ProbMatrix, k: number, sums: Float64Array, counts: Int32Array): void {
	const n = labels.length;
	for (let r = 0, off = 0; r < n; r++, off += k) {
		const l = labels[r] as number;
		if (l >>> 0 >= k) throw labelOutOfRange(r, l, k); // (unsigned: negatives fail too)
		sums[l] = (sums[l] as number) + (predProbs[off + l] as number);
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
