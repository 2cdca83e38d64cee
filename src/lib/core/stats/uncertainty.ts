/**
 * Uncertainty scores for active learning on unlabeled rows (B. Settles, "Active
 * Learning Literature Survey", 2009, section 3.1), from predicted class probabilities
 * stored row-major as an N x K matrix:
 * - least confidence: 1 - max_k p_k (high = uncertain);
 * - margin: p_(1) - p_(2), best minus second best (small = uncertain; p_(1) when K = 1);
 * - entropy: -sum_k p_k ln p_k in nats, with 0 ln 0 = 0 (high = uncertain).
 * Rows are used as given (not renormalised). Rows containing NaN score NaN.
 */

export type ProbabilityMatrix = Float32Array | Float64Array;

function rowCount(probs: ProbabilityMatrix, numClasses: number): number {
	if (!Number.isInteger(numClasses) || numClasses < 1) {
		throw new RangeError('numClasses must be a positive integer');
	}
	if (probs.length % numClasses !== 0) {
		throw new RangeError(`probability matrix length ${probs.length} is not a multiple of ${numClasses}`);
	}
	return probs.length / numClasses;
}

/** 1 - max probability per row. */
export function leastConfidence(probs: ProbabilityMatrix, numClasses: number): Float64Array {
	const n = rowCount(probs, numClasses);
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let max = -Infinity;
		let nan = false;
		for (let k = 0; k < numClasses; k++) {
			const p = probs[i * numClasses + k] as number;
			if (Number.isNaN(p)) nan = true;
			else if (p > max) max = p;
		}
		out[i] = nan ? NaN : 1 - max;
	}
	return out;
}

/** Best minus second-best probability per row (small = uncertain). */
export function margin(probs: ProbabilityMatrix, numClasses: number): Float64Array {
	const n = rowCount(probs, numClasses);
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let first = -Infinity;
		let second = numClasses === 1 ? 0 : -Infinity;
		let nan = false;
		for (let k = 0; k < numClasses; k++) {
			const p = probs[i * numClasses + k] as number;
			if (Number.isNaN(p)) nan = true;
			else if (p > first) {
				second = first;
				first = p;
			} else if (p > second) second = p;
		}
		if (numClasses === 1) second = 0;
		out[i] = nan ? NaN : first - second;
	}
	return out;
}

/** Shannon entropy (nats) per row; divide by ln K for a [0, 1] scale. */
export function entropy(probs: ProbabilityMatrix, numClasses: number): Float64Array {
	const n = rowCount(probs, numClasses);
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let h = 0;
		for (let k = 0; k < numClasses; k++) {
			const p = probs[i * numClasses + k] as number;
			if (Number.isNaN(p)) {
				h = NaN;
				break;
			}
			if (p > 0) h -= p * Math.log(p);
		}
		out[i] = h;
	}
	return out;
}

/**
 * Row indices ordered from most to least uncertain: descending scores for least
 * confidence and entropy (`order = 'desc'`), ascending for margin (`order = 'asc'`).
 * Stable: equal scores keep ascending row order. NaN scores go last.
 */
export function rankByScore(scores: ArrayLike<number>, order: 'asc' | 'desc'): Uint32Array {
	const n = scores.length;
	const idx = Array.from({ length: n }, (_, i) => i);
	const sign = order === 'asc' ? 1 : -1;
	idx.sort((i, j) => {
		const a = scores[i] as number;
		const b = scores[j] as number;
		const aNaN = Number.isNaN(a);
		const bNaN = Number.isNaN(b);
		if (aNaN || bNaN) return aNaN === bNaN ? i - j : aNaN ? 1 : -1;
		if (a !== b) return a < b ? -sign : sign;
		return i - j;
	});
	return Uint32Array.from(idx);
}

export type UncertaintyMethod = 'least_confidence' | 'margin' | 'entropy';

/** Score every row with `method` and rank them most-uncertain first. */
export function rankByUncertainty(
	probs: ProbabilityMatrix,
	numClasses: number,
	method: UncertaintyMethod = 'least_confidence'
): { scores: Float64Array; ranking: Uint32Array } {
	if (method === 'margin') {
		const scores = margin(probs, numClasses);
		return { scores, ranking: rankByScore(scores, 'asc') };
	}
	const scores = method === 'entropy' ? entropy(probs, numClasses) : leastConfidence(probs, numClasses);
	return { scores, ranking: rankByScore(scores, 'desc') };
}
