import { resolveDims, rowArgmax, type ProbMatrix } from './shape';
import { classStats, confidentClass, shiftedThresholds } from './thresholds';

export interface SuggestedLabels {
	/** the rows asked about, in the order given */
	indices: Int32Array;
	/** suggested class per row */
	labels: Int32Array;
	/** predicted probability of the suggested class */
	probabilities: Float64Array;
	/** 1 if the suggestion passed its class threshold (the confident class), 0 if it is the plain argmax */
	confident: Uint8Array;
}

/**
 * A replacement label for each of `indices` (typically flagged issues): the row's confident
 * class as counted in the confident joint (`confidentClass`: the class whose per-class
 * threshold it reaches, the argmax if several), else its argmax (first on ties).
 * Cost: one pass reading p[given] per row for thresholds, O(K) per index.
 */
export function suggestedLabels(
	labels: Int32Array,
	predProbs: ProbMatrix,
	indices: Int32Array,
	options: { k?: number; thresholds?: Float64Array } = {}
): SuggestedLabels {
	const { n, k } = resolveDims(labels, predProbs, options.k);
	for (const r of indices) {
		if (!(r >= 0 && r < n)) throw new RangeError(`suggestedLabels: row ${r} is outside 0..${n - 1}.`);
	}
	const shifted = shiftedThresholds(options.thresholds ?? classStats(labels, predProbs, k).thresholds);
	const m = indices.length;
	const out: SuggestedLabels = {
		indices: indices.slice(),
		labels: new Int32Array(m),
		probabilities: new Float64Array(m),
		confident: new Uint8Array(m)
	};
	for (let i = 0; i < m; i++) {
		const off = (indices[i] as number) * k;
		const c = confidentClass(predProbs, off, k, shifted);
		const label = c >= 0 ? c : rowArgmax(predProbs, off, k);
		out.labels[i] = label;
		out.probabilities[i] = predProbs[off + label] as number;
		out.confident[i] = c >= 0 ? 1 : 0;
	}
	return out;
}
