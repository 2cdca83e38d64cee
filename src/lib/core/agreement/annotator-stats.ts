/**
 * Per-annotator statistics of CROWDLAB (cleanlab 2.9's `annotator_stats`):
 * - annotator_quality = w * (mean posterior probability of the annotator's own labels)
 *   + (1 - w) * (agreement with the consensus on items with more than one label),
 *   w = w_0 / (w_0 + sum_j w_j * mean labels per item / M);
 * - agreement_with_consensus: share of their labels equal to the consensus;
 * - worst_class: among the classes the annotator chose, the one whose labels agree
 *   least with the consensus; ties go to the class they chose most often, then to the
 *   class with the lower mean consensus quality score, then to the smaller class;
 * - num_examples_labeled.
 */
import type { Annotations } from './annotations';

export interface AnnotatorStats {
	annotatorQuality: Float64Array;
	agreementWithConsensus: Float64Array;
	worstClass: Int32Array;
	numExamplesLabeled: Int32Array;
}

export function annotatorStats(
	a: Annotations,
	consensus: Int32Array,
	quality: Float64Array,
	post: Float64Array,
	nAnn: Int32Array,
	modelWeight: number,
	annotatorWeight: Float64Array
): AnnotatorStats {
	const { n, m, k } = a;
	const labeled = new Int32Array(m);
	const agree = new Float64Array(m);
	const lqSum = new Float64Array(m);
	const multiN = new Float64Array(m);
	const multiAgree = new Float64Array(m);
	// per annotator x class (of the annotator's label): count, agreeing, sum of consensus quality
	const cls = new Float64Array(m * k);
	const clsAgree = new Float64Array(m * k);
	const clsQuality = new Float64Array(m * k);
	let sumAnn = 0;
	for (let i = 0; i < n; i++) {
		sumAnn += nAnn[i]!;
		const c = consensus[i]!;
		const multi = nAnn[i]! !== 1;
		for (let p = a.ptr[i]!; p < a.ptr[i + 1]!; p++) {
			const j = a.who[p]!;
			const l = a.label[p]!;
			const ok = l === c ? 1 : 0;
			labeled[j]!++;
			agree[j]! += ok;
			lqSum[j]! += post[i * k + l]!;
			if (multi) {
				multiN[j]!++;
				multiAgree[j]! += ok;
			}
			cls[j * k + l]!++;
			clsAgree[j * k + l]! += ok;
			clsQuality[j * k + l]! += quality[i]!;
		}
	}
	let wSum = 0;
	for (let j = 0; j < m; j++) wSum += annotatorWeight[j]!;
	const adjusted = wSum * (sumAnn / n / m);
	const w = modelWeight / (modelWeight + adjusted);
	const annotatorQuality = new Float64Array(m);
	const agreementWithConsensus = new Float64Array(m);
	const worstClass = new Int32Array(m);
	for (let j = 0; j < m; j++) {
		const lqs = lqSum[j]! / labeled[j]!;
		const withConsensus = multiN[j]! > 0 ? multiAgree[j]! / multiN[j]! : NaN;
		annotatorQuality[j] = w * lqs + (1 - w) * withConsensus;
		agreementWithConsensus[j] = agree[j]! / labeled[j]!;
		worstClass[j] = worst(j * k, k, cls, clsAgree, clsQuality);
	}
	return { annotatorQuality, agreementWithConsensus, worstClass, numExamplesLabeled: labeled };
}

function worst(off: number, k: number, cls: Float64Array, clsAgree: Float64Array, clsQuality: Float64Array): number {
	let cands: number[] = [];
	for (let c = 0; c < k; c++) if (cls[off + c]! > 0) cands.push(c);
	const narrow = (key: (c: number) => number, max: boolean) => {
		const keys = cands.map(key);
		const best = max ? Math.max(...keys) : Math.min(...keys);
		cands = cands.filter((_, i) => keys[i] === best);
	};
	narrow((c) => clsAgree[off + c]! / cls[off + c]!, false);
	if (cands.length > 1) narrow((c) => cls[off + c]!, true);
	if (cands.length > 1) narrow((c) => clsQuality[off + c]! / cls[off + c]!, false);
	return cands.length ? cands[0]! : -1;
}
