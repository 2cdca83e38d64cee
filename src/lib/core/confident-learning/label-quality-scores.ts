import { resolveDims, type ProbMatrix } from './shape';

export type LabelQualityMethod = 'self_confidence' | 'normalized_margin' | 'confidence_weighted_entropy';

export const LABEL_QUALITY_METHODS: readonly LabelQualityMethod[] = [
	'self_confidence',
	'normalized_margin',
	'confidence_weighted_entropy'
];

/**
 * Floor for the divisors of the confidence-weighted entropy (cleanlab's clipping bound):
 * a zero self-confidence or a near-zero entropy ratio would otherwise divide by ~0.
 */
export const CWE_CLIP = 1e-6;

/** Score of one row: `predProbs[offset .. offset+k)`, given label `label`. Higher = more likely correct. */
export type RowScore = (predProbs: ProbMatrix, offset: number, k: number, label: number) => number;

/** self_confidence: p[given label]. */
export const selfConfidenceOfRow: RowScore = (p, off, _k, label) => p[off + label] as number;

/** normalized_margin: (p[given] - max_{j != given} p[j] + 1) / 2, in [0, 1]. */
export const normalizedMarginOfRow: RowScore = (p, off, k, label) => {
	const self = p[off + label] as number;
	let other = -Infinity;
	for (let j = off; j < off + label; j++) {
		const v = p[j] as number;
		other = v > other ? v : other;
	}
	for (let j = off + label + 1; j < off + k; j++) {
		const v = p[j] as number;
		other = v > other ? v : other;
	}
	return (self - other + 1) / 2;
};

/**
 * Entropy of a probability row divided by log(K) (1 for a uniform row, 0 for one-hot).
 * Zero probabilities contribute 0.
 */
export function normalizedEntropyOfRow(p: ProbMatrix, off: number, k: number): number {
	let h = 0;
	for (let j = 0; j < k; j++) {
		const v = p[off + j] as number;
		if (v > 0) h -= v * Math.log(v);
	}
	return h / Math.log(k);
}

/**
 * confidence_weighted_entropy: with x = normalizedEntropy / max(self_confidence, CWE_CLIP),
 * score = log(x + 1) / max(x, CWE_CLIP). Falls from ~1 (confident, low-entropy) towards 0.
 */
export const confidenceWeightedEntropyOfRow: RowScore = (p, off, k, label) => {
	const self = Math.max(p[off + label] as number, CWE_CLIP);
	const x = normalizedEntropyOfRow(p, off, k) / self;
	return Math.log(x + 1) / Math.max(x, CWE_CLIP);
};

/** The per-row score function of a method. */
export function rowScoreFunction(method: LabelQualityMethod): RowScore {
	switch (method) {
		case 'self_confidence':
			return selfConfidenceOfRow;
		case 'normalized_margin':
			return normalizedMarginOfRow;
		case 'confidence_weighted_entropy':
			return confidenceWeightedEntropyOfRow;
		default:
			throw new Error(`Unknown label quality method '${method as string}'; use one of ${LABEL_QUALITY_METHODS.join(', ')}.`);
	}
}

/**
 * cleanlab's `get_label_quality_scores(labels, pred_probs, method)` (adjust_pred_probs=False):
 * one score per example in [0, 1], lower = more likely mislabelled. Length N, float64.
 */
export function getLabelQualityScores(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: { method?: LabelQualityMethod; k?: number } = {}
): Float64Array {
	const { n, k } = resolveDims(labels, predProbs, options.k);
	const score = rowScoreFunction(options.method ?? 'self_confidence');
	const out = new Float64Array(n);
	for (let r = 0, off = 0; r < n; r++, off += k) out[r] = score(predProbs, off, k, labels[r] as number);
	return out;
}
