/**
 * CROWDLAB (Goh, Mueller et al. 2022, "CROWDLAB: Supervised learning to infer
 * consensus labels and quality scores for data with multiple annotators"), with
 * the defaults of cleanlab 2.9's `get_label_quality_multiannotator`
 * (consensus_method "best_quality", self-confidence label quality, no calibration).
 *
 * Given a consensus c (first the majority vote):
 * - per-item agreement A_i = share of item i's labels equal to c_i;
 * - P = mean of A_i over items with more than one label; the likelihood that an
 *   annotator gives a class other than the true one is (1 - P) / (K - 1);
 * - the baseline error E = share of multiply-labeled items whose consensus is not
 *   the most common consensus class (at least 1e-6);
 * - annotator weight w_j = max(1 - (1 - s_j) / E, 1e-6), where s_j is annotator j's
 *   agreement with the other annotators of the items they labeled (weighted by
 *   the other annotators' number; mean of the others when j never shares an item);
 * - model weight w_0 = max(1 - e_model / E, 1e-6) * sqrt(mean labels per item),
 *   e_model = share of multiply-labeled items where argmax p_i != c_i;
 * - posterior q_i(y) = (w_0 p_i(y) + sum_j w_j [l_ij = y ? P : (1-P)/(K-1)]) / (w_0 + sum_j w_j).
 * The consensus becomes argmax q_i (ties: the majority vote); everything above is then
 * recomputed for it, and the consensus quality score is q_i(c_i).
 */
import type { ProbMatrix } from '../confident-learning/shape';
import { rowArgmax } from '../confident-learning/shape';
import { AgreementInputError, agreementWithConsensus, argmaxFirst, numAnnotations, validateAnnotations, type Annotations } from './annotations';
import { majorityVote } from './majority-vote';
import { annotatorStats, type AnnotatorStats } from './annotator-stats';

/** cleanlab's CLIPPING_LOWER_BOUND. */
export const CLIP = 1e-6;

export interface Posterior {
	/** N x K row-major posterior probabilities */
	post: Float64Array;
	modelWeight: number;
	annotatorWeight: Float64Array;
	/** per-item agreement with the consensus it was computed for */
	agreement: Float64Array;
}

export interface Crowdlab {
	consensusLabel: Int32Array;
	consensusQualityScore: Float64Array;
	annotatorAgreement: Float64Array;
	numAnnotations: Int32Array;
	majorityVoteLabel: Int32Array;
	/** weights of the final posterior (ActiveLab uses them) */
	modelWeight: number;
	annotatorWeight: Float64Array;
	/** per annotator, in column order; absent when asked not to compute them */
	annotators?: AnnotatorStats;
	/** items whose majority-vote tie survived every rule */
	unresolvedTies: number;
}

/**
 * s_j: each annotator's agreement with the other annotators on the items they
 * labeled, averaged with weights (labels on the item - 1); NaN ones get the mean of the rest.
 */
export function agreementWithAnnotators(a: Annotations): Float64Array {
	const { m, k } = a;
	const num = new Float64Array(m);
	const den = new Float64Array(m);
	const cnt = new Int32Array(k);
	for (let i = 0; i < a.n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		const others = e - s - 1;
		if (others < 1) continue;
		for (let p = s; p < e; p++) cnt[a.label[p]!]!++;
		for (let p = s; p < e; p++) {
			const j = a.who[p]!;
			num[j]! += cnt[a.label[p]!]! - 1;
			den[j]! += others;
		}
		for (let p = s; p < e; p++) cnt[a.label[p]!] = 0;
	}
	const out = new Float64Array(m);
	let sum = 0;
	let have = 0;
	for (let j = 0; j < m; j++) {
		if (den[j]! > 0) {
			out[j] = num[j]! / den[j]!;
			sum += out[j]!;
			have++;
		} else out[j] = NaN;
	}
	for (let j = 0; j < m; j++) if (Number.isNaN(out[j]!)) out[j] = sum / have;
	return out;
}

/** The posterior and weights for a given consensus (cleanlab's crowdlab weighting). O(nnz K + N K). */
export function posterior(a: Annotations, predProbs: ProbMatrix, consensus: Int32Array, withAnnotators: Float64Array, nAnn: Int32Array, modelArgmax?: Int32Array): Posterior {
	const { n, k } = a;
	const agreement = agreementWithConsensus(a, consensus);
	let multi = 0;
	let sumAgree = 0;
	let modelWrong = 0;
	const consCount = new Float64Array(k);
	let sumAnn = 0;
	for (let i = 0; i < n; i++) {
		sumAnn += nAnn[i]!;
		if (nAnn[i] === 1) continue;
		multi++;
		sumAgree += agreement[i]!;
		consCount[consensus[i]!]!++;
		if ((modelArgmax ? modelArgmax[i]! : rowArgmax(predProbs, i * k, k)) !== consensus[i]) modelWrong++;
	}
	if (multi === 0) throw new AgreementInputError('CROWDLAB needs items with two or more labels; every item has one.');
	const likely = sumAgree / multi;
	const unlikely = (1 - likely) / (k - 1);
	const top = argmaxFirst(consCount, 0, k);
	const baseline = Math.max((multi - consCount[top]!) / multi, CLIP);
	const annotatorWeight = new Float64Array(a.m);
	for (let j = 0; j < a.m; j++) annotatorWeight[j] = Math.max(1 - (1 - withAnnotators[j]!) / baseline, CLIP);
	const modelWeight = Math.max(1 - modelWrong / multi / baseline, CLIP) * Math.sqrt(sumAnn / n);
	const post = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		const off = i * k;
		// the weighted average of (p_i(y), then each annotator's likelihood in column order), summed in
		// that order, so that exact ties between classes are ties as in the definition's plain sum
		let wsum = modelWeight;
		for (let p = s; p < e; p++) wsum += annotatorWeight[a.who[p]!]!;
		for (let c = 0; c < k; c++) {
			let num = modelWeight * (predProbs[off + c] as number);
			for (let p = s; p < e; p++) num += annotatorWeight[a.who[p]!]! * (a.label[p] === c ? likely : unlikely);
			post[off + c] = num / wsum;
		}
	}
	return { post, modelWeight, annotatorWeight, agreement };
}

/**
 * cleanlab 2.9 `get_label_quality_multiannotator(labels, pred_probs)` with its defaults.
 * `predProbs` is N x K row-major (out-of-sample). O(nnz K + N K) time, 2 N K float64s.
 */
export function crowdlab(a: Annotations, predProbs: ProbMatrix, options: { annotatorStats?: boolean } = {}): Crowdlab {
	const { n, k } = a;
	if (predProbs.length !== n * k) throw new AgreementInputError(`The probabilities hold ${predProbs.length} values; ${n} items x ${k} classes need ${n * k}.`);
	if (k < 2) throw new AgreementInputError('CROWDLAB needs at least 2 classes.');
	validateAnnotations(a);
	const nAnn = numAnnotations(a);
	const mv = majorityVote(a, predProbs);
	const withAnnotators = agreementWithAnnotators(a);
	const modelArgmax = new Int32Array(n);
	for (let i = 0; i < n; i++) modelArgmax[i] = rowArgmax(predProbs, i * k, k);
	const first = posterior(a, predProbs, mv.label, withAnnotators, nAnn, modelArgmax);
	const consensus = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const off = i * k;
		let best = first.post[off]!;
		let at = 0;
		let ties = 1;
		for (let c = 1; c < k; c++) {
			const v = first.post[off + c]!;
			if (v > best) {
				best = v;
				at = c;
				ties = 1;
			} else if (v === best) ties++;
		}
		consensus[i] = ties === 1 ? at : mv.label[i]!;
	}
	const fin = posterior(a, predProbs, consensus, withAnnotators, nAnn, modelArgmax);
	const quality = new Float64Array(n);
	for (let i = 0; i < n; i++) quality[i] = fin.post[i * k + consensus[i]!]!;
	return {
		consensusLabel: consensus,
		consensusQualityScore: quality,
		annotatorAgreement: fin.agreement,
		numAnnotations: nAnn,
		majorityVoteLabel: mv.label,
		modelWeight: fin.modelWeight,
		annotatorWeight: fin.annotatorWeight,
		annotators: options.annotatorStats === false ? undefined : annotatorStats(a, consensus, quality, fin.post, nAnn, fin.modelWeight, fin.annotatorWeight),
		unresolvedTies: mv.unresolved
	};
}
