/**
 * Which items to label again.
 *
 * With model probabilities: ActiveLab (Goh & Mueller 2023, "ActiveLab: Active
 * Learning with Re-Labeling by Multiple Annotators"), as cleanlab 2.9's
 * `get_active_learning_scores(labels, pred_probs)` documents it:
 * 1. temperature-scale the probabilities (p clipped at 1e-30 and renormalised,
 *    then softmax(log p / T)), T chosen to minimise the mean soft cross-entropy
 *    between each item's label distribution (as cleanlab builds it, see
 *    {@link softCrossEntropy}) and the scaled probabilities (clipped at 1e-6,
 *    divided by log K): a coarse search over
 *    0.1, 0.2, 0.5, 0.8, 1, 2, 3, 5, 8, then 4 steps on each side of the best;
 * 2. CROWDLAB on the scaled probabilities gives the consensus quality q_i and the
 *    weights w_0 (model), w_j (annotators);
 * 3. score_i = (q_i W_i + (1/K) w̄) / (W_i + w̄), W_i = w_0 + sum of w_j over item i's
 *    annotators, w̄ = mean annotator weight. Lower = relabel first.
 * When every item has one label, T = 1, weights are 1 and q_i is the probability of
 * the majority-vote label.
 *
 * Without probabilities: items ordered by lowest agreement with the majority vote first.
 */
import type { ProbMatrix } from '../confident-learning/shape';
import { agreementWithConsensus, type Annotations } from './annotations';
import { CLIP, crowdlab } from './crowdlab';
import { majorityVote } from './majority-vote';

const SMALL = 1e-30;
export const COARSE_TEMPERATURES = [0.1, 0.2, 0.5, 0.8, 1, 2, 3, 5, 8];
const FINE_STEPS = 4;

/** softmax(log(p') / t) per row, p' = max(p, 1e-30) / row sum. */
export function temperatureScale(p: ProbMatrix, n: number, k: number, t: number): Float64Array {
	const out = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		const off = i * k;
		let sum = 0;
		for (let c = 0; c < k; c++) sum += Math.max(p[off + c] as number, SMALL);
		let z = 0;
		for (let c = 0; c < k; c++) {
			const v = Math.exp(Math.log(Math.max(p[off + c] as number, SMALL) / sum) / t);
			out[off + c] = v;
			z += v;
		}
		for (let c = 0; c < k; c++) out[off + c]! /= z;
	}
	return out;
}

/**
 * The temperature-search criterion: mean over items of -sum_c e_c log(max(p_c, 1e-6)) / log K.
 * e is the item's label distribution as cleanlab 2.9 builds it (`value_counts` on the
 * float labels of the item): when all K classes are present, the share of each class;
 * otherwise the shares of the distinct labels, in ascending label order, placed in the
 * FIRST positions 0, 1, ... (not at the labels' own classes), zeros after. Plumb does the
 * same so it chooses the same temperature (on the golden cases, 7.25; with shares at the
 * right classes it would be about 2).
 */
export function softCrossEntropy(a: Annotations, p: Float64Array): number {
	return crossEntropyOfLogs(a, logRows(p, a.n, a.k), 1);
}

/** log(max(p, 1e-30) / row sum): what {@link temperatureScale} divides by t. */
function logRows(p: ProbMatrix, n: number, k: number): Float64Array {
	const out = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		const off = i * k;
		let sum = 0;
		for (let c = 0; c < k; c++) sum += Math.max(p[off + c] as number, SMALL);
		for (let c = 0; c < k; c++) out[off + c] = Math.log(Math.max(p[off + c] as number, SMALL) / sum);
	}
	return out;
}

/**
 * The criterion at temperature t from the row logs: the scaled probability of
 * class c is exp(logs_c / t) / sum_c' exp(logs_c' / t), the same operations as
 * {@link temperatureScale}, without writing the N x K scaled matrix.
 */
function crossEntropyOfLogs(a: Annotations, logs: Float64Array, t: number): number {
	const { n, k } = a;
	const lk = Math.log(k);
	const cnt = new Int32Array(k);
	const ex = new Float64Array(k);
	let total = 0;
	for (let i = 0; i < n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		const off = i * k;
		let z = 0;
		for (let c = 0; c < k; c++) z += ex[c] = Math.exp(logs[off + c]! / t);
		for (let q = s; q < e; q++) cnt[a.label[q]!]!++;
		let distinct = 0;
		for (let c = 0; c < k; c++) if (cnt[c]! > 0) distinct++;
		let h = 0;
		for (let c = 0, slot = 0; c < k; c++) {
			if (cnt[c] === 0) continue;
			const at = distinct === k ? c : slot++;
			h -= (cnt[c]! / (e - s)) * Math.log(Math.max(ex[at]! / z, CLIP));
			cnt[c] = 0;
		}
		total += h / lk;
	}
	return total / n;
}

/** numpy.linspace(start, stop, num, endpoint) */
function linspace(start: number, stop: number, num: number, endpoint: boolean): number[] {
	const div = endpoint ? num - 1 : num;
	const step = (stop - start) / div;
	const out = Array.from({ length: num }, (_, i) => start + i * step);
	if (endpoint && num > 1) out[num - 1] = stop;
	return out;
}

/** The temperature ActiveLab scales by (coarse then fine search; first minimum wins). */
export function bestTemperature(a: Annotations, p: ProbMatrix): number {
	const logs = logRows(p, a.n, a.k);
	const search = (temps: number[]) => {
		let best = 0;
		let bestV = Infinity;
		temps.forEach((t, i) => {
			const v = crossEntropyOfLogs(a, logs, t);
			if (v < bestV) [best, bestV] = [i, v];
		});
		return best;
	};
	const c = COARSE_TEMPERATURES;
	const at = search(c);
	const fine: number[] = [];
	if (at > 0) fine.push(...linspace(c[at - 1]!, c[at]!, FINE_STEPS, false));
	if (at < c.length - 1) fine.push(...linspace(c[at]!, c[at + 1]!, FINE_STEPS + 1, true));
	return fine[search(fine)]!;
}

export interface ActiveLearning {
	/** one per item; lower = label again first */
	scores: Float64Array;
	/** the temperature the probabilities were scaled by (NaN without probabilities) */
	temperature: number;
	/** item indices, lowest score first (ties by index) */
	order: Int32Array;
}

/** ActiveLab scores with probabilities; otherwise agreement with the majority vote. */
export function activeLearningScores(a: Annotations, predProbs?: ProbMatrix): ActiveLearning {
	const { n, k } = a;
	let scores: Float64Array;
	let temperature = NaN;
	if (!predProbs) scores = agreementWithConsensus(a, majorityVote(a).label);
	else {
		let single = true;
		for (let i = 0; i < n && single; i++) single = a.ptr[i + 1]! - a.ptr[i]! === 1;
		let quality: Float64Array;
		let modelWeight: number;
		let weights: Float64Array;
		if (single) {
			temperature = 1;
			const mv = majorityVote(a).label;
			quality = new Float64Array(n);
			for (let i = 0; i < n; i++) quality[i] = predProbs[i * k + mv[i]!] as number;
			modelWeight = 1;
			weights = new Float64Array(a.m).fill(1);
		} else {
			temperature = bestTemperature(a, predProbs);
			const r = crowdlab(a, temperatureScale(predProbs, n, k, temperature), { annotatorStats: false });
			quality = r.consensusQualityScore;
			modelWeight = r.modelWeight;
			weights = r.annotatorWeight;
		}
		let mean = 0;
		for (let j = 0; j < a.m; j++) mean += weights[j]!;
		mean /= a.m;
		scores = new Float64Array(n);
		for (let i = 0; i < n; i++) {
			let w = modelWeight;
			for (let p = a.ptr[i]!; p < a.ptr[i + 1]!; p++) w += weights[a.who[p]!]!;
			scores[i] = (quality[i]! * w + mean / k) / (w + mean);
		}
	}
	const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => scores[x]! - scores[y]! || x - y);
	return { scores, temperature, order };
}
