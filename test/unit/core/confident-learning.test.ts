/**
 * Confident learning: relations between methods, edge cases, and the optimised passes
 * (bitmask counting, side rows, histogram selection) against plain sort-based references
 * written from the documented semantics.
 */
import { describe, expect, test } from 'vitest';
import {
	classSummary,
	computeConfidentJoint,
	ConfidentLearningInputError,
	estimateJoint,
	estimatePyAndNoiseMatrices,
	FILTER_BY_METHODS,
	findLabelIssues,
	findOverlappingClasses,
	getLabelQualityScores,
	LABEL_QUALITY_METHODS,
	numLabelIssues,
	overallLabelHealthScore,
	roundHalfEven,
	roundPreservingSum,
	softmaxRows,
	suggestedLabels,
	validatePredProbs,
	type FilterBy,
	type LabelQualityMethod,
	type ProbMatrix
} from '../../../src/lib/core/confident-learning';
import { countConfidentJoint } from '../../../src/lib/core/confident-learning/confident-joint';
import { pruneByNoiseRate } from '../../../src/lib/core/confident-learning/prune';
import { computePruneCounts } from '../../../src/lib/core/confident-learning/prune-counts';
import { maskToIndices } from '../../../src/lib/core/confident-learning/find-label-issues';
import { PruneCandidates } from '../../../src/lib/core/confident-learning/prune-candidates';
import { numpyQuicksortArgsort, pairwiseSum, pandasDescendingOrder } from '../../../src/lib/core/confident-learning/numpy-compat';
import { PairList, selectSmallest, selectSmallestPairs } from '../../../src/lib/core/confident-learning/select-smallest';
import { classStats } from '../../../src/lib/core/confident-learning/thresholds';
import { rng } from '../../../bench/synthetic';

// ---------------------------------------------------------------------------------------------
// fixtures


interface Data {
	labels: Int32Array;
	predProbs: Float64Array;
	k: number;
}

/**
 * Softmax rows of a noisy classifier. `levels` > 0 quantises probabilities to multiples of
 * 1/levels before normalising (many exact ties); `noise` flips that share of labels.
 */
function synthetic(n: number, k: number, seed: number, opts: { levels?: number; noise?: number; strength?: number } = {}): Data {
	const rand = rng(seed);
	const labels = new Int32Array(n);
	const predProbs = new Float64Array(n * k);
	const strength = opts.strength ?? 3;
	for (let r = 0; r < n; r++) {
		const truth = Math.floor(rand() * k);
		let sum = 0;
		for (let j = 0; j < k; j++) {
			let v = Math.exp(2 * rand() + (j === truth ? strength * rand() : 0));
			if (opts.levels) v = Math.ceil(v * opts.levels) / opts.levels;
			predProbs[r * k + j] = v;
			sum += v;
		}
		for (let j = 0; j < k; j++) predProbs[r * k + j] = (predProbs[r * k + j] as number) / sum;
		labels[r] = rand() < (opts.noise ?? 0.15) ? (truth + 1 + Math.floor(rand() * (k - 1))) % k : truth;
	}
	return { labels, predProbs, k };
}

function rows(k: number, ...values: number[][]): Float64Array {
	for (const v of values) expect(v.length).toBe(k);
	return Float64Array.from(values.flat());
}

// ---------------------------------------------------------------------------------------------
// plain references (sorts, no shortcuts), from cleanlab's documented semantics

/** Stable ascending order of `rows` by key(row). */
function stableOrder(rowList: number[], key: (r: number) => number): number[] {
	return [...rowList].sort((a, b) => key(a) - key(b) || a - b);
}

function refConfidentClass(p: ProbMatrix, r: number, k: number, thresholds: Float64Array): number {
	const confident: number[] = [];
	let argmax = 0;
	for (let j = 0; j < k; j++) {
		if ((p[r * k + j] as number) >= (thresholds[j] as number) - 1e-6) confident.push(j);
		if ((p[r * k + j] as number) > (p[r * k + argmax] as number)) argmax = j;
	}
	return confident.length === 0 ? -1 : confident.length === 1 ? (confident[0] as number) : argmax;
}

function refJoint({ labels, predProbs, k }: Data): number[][] {
	const { thresholds } = classStats(labels, predProbs, k);
	const joint = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	labels.forEach((l, r) => {
		const c = refConfidentClass(predProbs, r, k, thresholds);
		if (c >= 0) (joint[l] as number[])[c]!++;
	});
	joint.forEach((row, i) => (row[i] = Math.max(row[i] as number, 1)));
	return joint;
}

/** cleanlab's near-max rule: argmax of the row with p[label] + 1e-6 is the label. */
function refNearMax(p: ProbMatrix, r: number, k: number, label: number): boolean {
	const row = Array.from(p.subarray(r * k, r * k + k));
	row[label] = (row[label] as number) + 1e-6;
	return row.indexOf(Math.max(...row)) === label;
}

function refFindLabelIssues(data: Data, filterBy: FilterBy): number[] {
	const { labels, predProbs: p, k } = data;
	const n = labels.length;
	const all = Array.from({ length: n }, (_, r) => r);
	const ofClass = (i: number) => all.filter((r) => labels[r] === i);
	const counts = classStats(labels, p, k);
	const calibrated = computeConfidentJoint(labels, p).data;
	const prune = computePruneCounts(calibrated, counts.labelCounts, k, 1, 1);
	const byNoise = new Set<number>();
	const byClass = new Set<number>();
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < k; j++) {
			const c = prune.perCell[i * k + j] as number;
			const byMargin = stableOrder(ofClass(i), (r) => (p[r * k + i] as number) - (p[r * k + j] as number));
			byMargin.slice(0, c).forEach((r) => byNoise.add(r));
		}
		stableOrder(ofClass(i), (r) => p[r * k + i] as number)
			.slice(0, prune.perClass[i] as number)
			.forEach((r) => byClass.add(r));
	}
	const argmax = (r: number) => {
		let a = 0;
		for (let j = 1; j < k; j++) if ((p[r * k + j] as number) > (p[r * k + a] as number)) a = j;
		return a;
	};
	const offDiagonal = all.filter((r) => {
		const c = refConfidentClass(p, r, k, counts.thresholds);
		return c >= 0 && c !== labels[r];
	});
	const numIssues = offDiagonal.filter((r) => argmax(r) !== labels[r]).length;
	const lowest = (method: LabelQualityMethod) => {
		const s = getLabelQualityScores(labels, p, { method });
		return stableOrder(all, (r) => s[r] as number).slice(0, numIssues);
	};
	const picked: Record<FilterBy, () => number[]> = {
		prune_by_noise_rate: () => [...byNoise],
		prune_by_class: () => [...byClass],
		both: () => [...byNoise].filter((r) => byClass.has(r)),
		confident_learning: () => offDiagonal,
		predicted_neq_given: () => all.filter((r) => argmax(r) !== labels[r]),
		low_normalized_margin: () => lowest('normalized_margin'),
		low_self_confidence: () => lowest('self_confidence')
	};
	const flagged = picked[filterBy]();
	const kept = filterBy.startsWith('low_') ? flagged : flagged.filter((r) => !refNearMax(p, r, k, labels[r] as number));
	return kept.sort((a, b) => a - b);
}

const issues = (data: Data, filterBy: FilterBy) =>
	Array.from(findLabelIssues(data.labels, data.predProbs, { filterBy, k: data.k }).indices);

// ---------------------------------------------------------------------------------------------

/** prune_by_noise_rate counts per cell for the defaults. */
function pruneCellCounts({ labels, predProbs, k }: Data): Float64Array {
	const calibrated = computeConfidentJoint(labels, predProbs).data;
	return computePruneCounts(calibrated, classStats(labels, predProbs, k).labelCounts, k, 1, 1).perCell;
}

/** pruneByNoiseRate's selection (before the near-max rule) from the counting pass's candidates, as findLabelIssues does. */
function selectFromCandidates({ labels, predProbs, k }: Data, perCell: Float64Array): number[] {
	const candidates = new PruneCandidates(16);
	countConfidentJoint(labels, predProbs, k, classStats(labels, predProbs, k).thresholds, { pruneCandidates: candidates });
	const mask = new Uint8Array(labels.length);
	pruneByNoiseRate(labels, predProbs, k, perCell, candidates, mask);
	return Array.from(mask.keys()).filter((r) => mask[r]);
}

/** The same selection by sorting each cell's rows. */
function refSelect({ labels, predProbs: p, k }: Data, perCell: Float64Array): number[] {
	const chosen = new Set<number>();
	const all = Array.from(labels.keys());
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < k; j++) {
			const c = perCell[i * k + j] as number;
			const ofClass = all.filter((r) => labels[r] === i);
			stableOrder(ofClass, (r) => (p[r * k + i] as number) - (p[r * k + j] as number))
				.slice(0, c)
				.forEach((r) => chosen.add(r));
		}
	}
	return [...chosen].sort((a, b) => a - b);
}

describe('find_label_issues against plain references', () => {
	const cases: [string, Data][] = [
		['K=3 continuous', synthetic(600, 3, 1)],
		['K=5 quantised (many ties)', synthetic(800, 5, 2, { levels: 4 })],
		['K=2 coarse ties', synthetic(400, 2, 3, { levels: 2 })],
		['K=40 (no bitmask path)', synthetic(1500, 40, 4, { strength: 5 })],
		['K=6 heavy noise', synthetic(1000, 6, 5, { noise: 0.5, strength: 1 })]
	];
	test.each(cases)('%s: confident joint', (_, data) => {
		const got = computeConfidentJoint(data.labels, data.predProbs, { calibrate: false }).data;
		expect(Array.from(got)).toEqual(refJoint(data).flat());
	});
	test.each(cases)('%s: prune_by_noise_rate selection from the candidate list', (_, data) => {
		const perCell = pruneCellCounts(data);
		expect(selectFromCandidates(data, perCell)).toEqual(refSelect(data, perCell));
	});
	test.each(cases.flatMap(([name, data]) => FILTER_BY_METHODS.map((f) => [name, f, data] as const)))(
		'%s: %s',
		(_, filterBy, data) => {
			expect(issues(data, filterBy)).toEqual(refFindLabelIssues(data, filterBy));
		}
	);
});

describe('findLabelIssues results', () => {
	const big = synthetic(3000, 6, 21, { noise: 0.3 });
	const small = synthetic(200, 3, 22, { noise: 0.3 });
	const run = (d: Data, filterBy: FilterBy) => findLabelIssues(d.labels, d.predProbs, { k: d.k, filterBy });
	test.each(FILTER_BY_METHODS)('%s: the mask holds exactly the indices', (filterBy) => {
		const { mask, indices } = run(big, filterBy);
		expect(mask.length).toBe(big.labels.length);
		expect(Array.from(mask.keys()).filter((r) => mask[r] === 1)).toEqual(Array.from(indices));
		expect(mask.every((m) => m === 0 || m === 1)).toBe(true);
	});
	test('do not depend on earlier calls (candidate lists are reused between calls)', () => {
		const first = run(big, 'both');
		expect(first.indices.length).toBeGreaterThan(100);
		run(small, 'prune_by_noise_rate');
		run(big, 'prune_by_noise_rate');
		const again = run(big, 'both');
		expect(Array.from(again.indices)).toEqual(Array.from(first.indices));
		expect(Array.from(again.mask)).toEqual(Array.from(first.mask));
		expect(Array.from(run(small, 'both').indices)).toEqual(refFindLabelIssues(small, 'both'));
	});
});

describe('relations between methods', () => {
	const data = synthetic(2000, 4, 11, { noise: 0.25 });
	test("'both' is the intersection of prune_by_class and prune_by_noise_rate", () => {
		const byClass = new Set(issues(data, 'prune_by_class'));
		const expected = issues(data, 'prune_by_noise_rate').filter((r) => byClass.has(r));
		expect(expected.length).toBeGreaterThan(50);
		expect(issues(data, 'both')).toEqual(expected);
	});
	test.each(LABEL_QUALITY_METHODS)('ranked by %s: a permutation of the mask, ascending score', (method) => {
		const plain = findLabelIssues(data.labels, data.predProbs);
		const ranked = findLabelIssues(data.labels, data.predProbs, { returnIndicesRankedBy: method });
		expect(Array.from(ranked.mask)).toEqual(Array.from(plain.mask));
		expect([...ranked.indices].sort((a, b) => a - b)).toEqual(Array.from(plain.indices));
		const scores = getLabelQualityScores(data.labels, data.predProbs, { method });
		const s = Array.from(ranked.indices, (r) => scores[r] as number);
		for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThanOrEqual(s[i - 1] as number);
	});
	test('ranking breaks equal scores by row', () => {
		const p = rows(2, [0.3, 0.7], [0.9, 0.1], [0.3, 0.7], [0.9, 0.1], [0.3, 0.7], [0.2, 0.8], [0.9, 0.1], [0.1, 0.9]);
		const labels = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1]);
		const r = findLabelIssues(labels, p, { filterBy: 'predicted_neq_given', returnIndicesRankedBy: 'self_confidence' });
		expect(Array.from(r.indices)).toEqual([6, 0, 2, 4]);
	});
	test('float32 input gives the float64 result on the same values', () => {
		const f32 = Float32Array.from(data.predProbs);
		const f64 = Float64Array.from(f32);
		for (const filterBy of FILTER_BY_METHODS) {
			expect(issues({ ...data, predProbs: f64 }, filterBy)).toEqual(
				Array.from(findLabelIssues(data.labels, f32, { filterBy }).indices)
			);
		}
		for (const method of LABEL_QUALITY_METHODS) {
			expect(getLabelQualityScores(data.labels, f32, { method })).toEqual(getLabelQualityScores(data.labels, f64, { method }));
		}
		expect(estimatePyAndNoiseMatrices(data.labels, f32)).toEqual(estimatePyAndNoiseMatrices(data.labels, f64));
		expect(findOverlappingClasses(data.labels, f32)).toEqual(findOverlappingClasses(data.labels, f64));
	});
	test('health score is 1 - off-diagonal issues / N', () => {
		expect(overallLabelHealthScore(data.labels, data.predProbs)).toBeCloseTo(
			1 - numLabelIssues(data.labels, data.predProbs) / data.labels.length,
			15
		);
	});
	test('fracNoise scales the number flagged down; minExamplesPerClass protects small classes', () => {
		const all = issues(data, 'prune_by_noise_rate').length;
		const half = findLabelIssues(data.labels, data.predProbs, { fracNoise: 0.5 }).indices.length;
		expect(half).toBeGreaterThan(0.3 * all);
		expect(half).toBeLessThan(0.7 * all);
		const tiny = {
			labels: Int32Array.from([0, 0, 0, 0, 1, 1]),
			predProbs: rows(2, [0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.9, 0.1], [0.95, 0.05], [0.6, 0.4]),
			k: 2
		};
		expect(issues(tiny, 'prune_by_noise_rate')).toEqual([4]); // row 5 (p1 = 0.4) passes class 1's threshold
		expect(findLabelIssues(tiny.labels, tiny.predProbs, { minExamplesPerClass: 2 }).indices.length).toBe(0);
	});
});

describe('edge cases', () => {
	test('K = 2 with an obvious flip', () => {
		const p = rows(2, [0.9, 0.1], [0.8, 0.2], [0.85, 0.15], [0.1, 0.9], [0.2, 0.8], [0.05, 0.95]);
		const labels = Int32Array.from([0, 0, 1, 1, 1, 0]);
		for (const filterBy of FILTER_BY_METHODS) {
			expect(findLabelIssues(labels, p, { filterBy }).indices, filterBy).toEqual(Int32Array.from([2, 5]));
		}
	});

	test('a class nobody is given: no threshold, never confident, no pruning from it', () => {
		const data = synthetic(300, 3, 7);
		const labels = data.labels.map((l) => (l === 2 ? 0 : l));
		expect(classStats(labels, data.predProbs, 3).thresholds[2]).toBeNaN();
		const cj = computeConfidentJoint(labels, data.predProbs, { calibrate: false }).data;
		expect([cj[2], cj[5], cj[8]]).toEqual([0, 0, 1]); // column 2 empty, diagonal kept at 1
		const calibrated = computeConfidentJoint(labels, data.predProbs).data;
		expect(Array.from(calibrated.subarray(6, 9))).toEqual([0, 0, 0]);
		for (const filterBy of FILTER_BY_METHODS) {
			expect(issues({ ...data, labels }, filterBy), filterBy).toEqual(refFindLabelIssues({ ...data, labels }, filterBy));
		}
		const joint = estimateJoint(labels, data.predProbs).data;
		expect(joint.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
		const e = estimatePyAndNoiseMatrices(labels, data.predProbs);
		expect(e.py.every((v) => v >= 1e-5 * 0.99)).toBe(true);
		expect(e.py.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
	});

	test('a class with exactly one example is never pruned (minExamplesPerClass = 1)', () => {
		const p = rows(3, [0.1, 0.8, 0.1], [0.7, 0.2, 0.1], [0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1], [0.6, 0.3, 0.1]);
		const labels = Int32Array.from([2, 0, 0, 1, 1, 0]);
		for (const filterBy of ['prune_by_noise_rate', 'prune_by_class', 'both'] as const) {
			expect(findLabelIssues(labels, p, { filterBy }).mask[0], filterBy).toBe(0);
		}
		expect(findLabelIssues(labels, p, { filterBy: 'predicted_neq_given' }).mask[0]).toBe(1);
	});

	test('N < K', () => {
		const p = rows(5, [0.6, 0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.6, 0.1, 0.1], [0.1, 0.7, 0.1, 0.05, 0.05]);
		const labels = Int32Array.from([0, 3, 1]);
		for (const filterBy of FILTER_BY_METHODS) {
			const data = { labels, predProbs: p, k: 5 };
			expect(issues(data, filterBy), filterBy).toEqual(refFindLabelIssues(data, filterBy));
		}
		expect(findOverlappingClasses(labels, p)).toHaveLength(10);
	});

	test('exact ties between rows are broken by row order everywhere', () => {
		// identical rows: which of them get pruned depends only on their position
		const base = [0.3, 0.7];
		const p = rows(2, base, base, base, base, [0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.1, 0.9], [0.2, 0.8]);
		const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 1, 1]);
		const data = { labels, predProbs: p, k: 2 };
		for (const filterBy of FILTER_BY_METHODS) expect(issues(data, filterBy), filterBy).toEqual(refFindLabelIssues(data, filterBy));
	});

	test('a cell that needs keys above zero (label still the max) falls back to the full matrix', () => {
		// class 1 is rarely confident, so rows labelled 0 with p1 = 0.35 count as truly 1
		const list: number[][] = [];
		const labelList: number[] = [];
		for (let r = 0; r < 60; r++) {
			list.push(r % 3 === 0 ? [0.65, 0.35] : [0.95, 0.05]);
			labelList.push(0);
		}
		for (let r = 0; r < 20; r++) {
			list.push([0.7, 0.3]);
			labelList.push(1);
		}
		const data = { labels: Int32Array.from(labelList), predProbs: rows(2, ...list), k: 2 };
		const perCell = pruneCellCounts(data);
		expect(perCell[1]).toBeGreaterThan(0);
		expect(selectFromCandidates(data, perCell)).toEqual(refSelect(data, perCell));
		expect(issues(data, 'prune_by_noise_rate')).toEqual([]); // every flagged label is its row's argmax
	});

	test('empty-ish input: K must be given when N = 0', () => {
		expect(() => findLabelIssues(new Int32Array(0), new Float64Array(0))).toThrow(ConfidentLearningInputError);
		expect(findLabelIssues(new Int32Array(0), new Float64Array(0), { k: 3 }).indices).toEqual(new Int32Array(0));
	});
});

describe('label quality scores', () => {
	const p = rows(3, [0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [1, 0, 0]);
	const labels = Int32Array.from([0, 2, 0]);
	test('self_confidence and normalized_margin', () => {
		expect(Array.from(getLabelQualityScores(labels, p))).toEqual([0.7, 0.3, 1]);
		const margin = getLabelQualityScores(labels, p, { method: 'normalized_margin' });
		expect(margin[0]).toBeCloseTo((0.7 - 0.2 + 1) / 2, 15);
		expect(margin[1]).toBeCloseTo((0.3 - 0.5 + 1) / 2, 15);
		expect(margin[2]).toBe(1);
	});
	test('confidence_weighted_entropy: log(x + 1) / x with x = entropy / log(K) / self-confidence', () => {
		const cwe = getLabelQualityScores(labels, p, { method: 'confidence_weighted_entropy' });
		const h = -(0.7 * Math.log(0.7) + 0.2 * Math.log(0.2) + 0.1 * Math.log(0.1)) / Math.log(3);
		const x = h / 0.7;
		expect(cwe[0]).toBeCloseTo(Math.log(x + 1) / x, 14);
		// a one-hot row has zero entropy: x is clipped to 1e-6 in the divisor, log(1) = 0
		expect(cwe[2]).toBe(0);
		expect(cwe[1]).toBeLessThan(cwe[0] as number);
	});
	test('unknown method is an error', () => {
		expect(() => getLabelQualityScores(labels, p, { method: 'entropy' as LabelQualityMethod })).toThrow(/Unknown label quality method/);
	});
});

describe('round_preserving_sum', () => {
	const round = (values: number[]) => {
		const v = Float64Array.from(values);
		const out = new Float64Array(v.length);
		roundPreservingSum(v, 0, v.length, out, new Int32Array(v.length));
		return Array.from(out);
	};
	test('numpy rounding: halves to even', () => {
		expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 3.5000001].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 4]);
	});
	test('keeps the rounded total; rounds up the largest remainders, down the smallest', () => {
		expect(round([6.535, 151.622, 7.843])).toEqual([6, 152, 8]); // 166 total: 6.535 gives way
		expect(round([0.4, 0.4, 0.4, 0.4, 0.4])).toEqual([0, 0, 0, 1, 1]); // equal remainders: later ones first
		expect(round([0.6, 0.6, 0.6, 0.6, 0.6])).toEqual([0, 0, 1, 1, 1]); // 3 total; equal: earlier ones down
		for (const values of [[1.2, 3.3, 5.5], [2.5, 2.5, 0], [0.1, 0.1, 0.1, 0.7]]) {
			expect(round(values).reduce((a, b) => a + b, 0)).toBe(roundHalfEven(values.reduce((a, b) => a + b, 0)));
		}
	});
});

describe('numpy compatibility helpers', () => {
	test('pairwiseSum follows numpy: sequential under 8, then 8 running sums combined as a tree', () => {
		const big = 2 ** 53;
		// left to right, big + 1 + 1 loses both ones; numpy's tree adds 1 + 1 first
		const v = [big, 0, 1, 1, 0, 0, 0, 0, 0, 0];
		expect(pairwiseSum(v, 0, 4)).toBe(big);
		expect(pairwiseSum(v, 0, 10)).toBe(big + 2);
		const ints = Array.from({ length: 1000 }, (_, i) => i);
		expect(pairwiseSum(ints, 0, 1000)).toBe(499500);
		expect(pairwiseSum(ints, 10, 5)).toBe(10 + 11 + 12 + 13 + 14);
	});
	test('numpyQuicksortArgsort sorts (NaN last) for sizes across the insertion/quicksort switch', () => {
		const rand = rng(5);
		for (const n of [0, 1, 2, 15, 16, 17, 100, 1000]) {
			const v = Float64Array.from({ length: n }, () => (rand() < 0.05 ? NaN : Math.floor(rand() * 10)));
			const order = numpyQuicksortArgsort(v);
			expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
			const sorted = Array.from(order, (i) => v[i] as number);
			const finite = sorted.filter((x) => !Number.isNaN(x));
			expect(finite).toEqual([...finite].sort((a, b) => a - b));
			expect(sorted.slice(finite.length).every(Number.isNaN)).toBe(true);
		}
	});
	test('pandasDescendingOrder: descending, and a pure function of the values', () => {
		const v = [0.2, 0.5, 0.2, 0.9, 0.5, 0, 0.2];
		const order = Array.from(pandasDescendingOrder(v));
		expect(order.map((i) => v[i])).toEqual([0.9, 0.5, 0.5, 0.2, 0.2, 0.2, 0]);
		expect(Array.from(pandasDescendingOrder(v))).toEqual(order);
	});
});

describe('maskToIndices', () => {
	test('ascending rows, any length and alignment', () => {
		const rand = rng(3);
		for (const n of [0, 1, 5, 4099]) {
			const buf = new Uint8Array(n + 1);
			for (let i = 0; i < buf.length; i++) buf[i] = rand() < 0.1 ? 1 : 0;
			for (const mask of [buf.subarray(0, n), buf.subarray(1)]) {
				const expected = Array.from(mask.keys()).filter((r) => mask[r]);
				expect(Array.from(maskToIndices(mask))).toEqual(expected);
			}
		}
	});
});

describe('selectSmallest (histogram selection)', () => {
	test.each([
		['ties and out-of-range keys', 4, (r: () => number) => Math.floor(r() * 6) / 2 - 1],
		['continuous', 3, (r: () => number) => r()],
		['one value', 2, () => 0.5]
	])('%s: equals a stable argsort prefix per group', (_, groups, draw) => {
		const rand = rng(9);
		const n = 3000;
		const group = Int32Array.from({ length: n }, () => Math.floor(rand() * groups));
		const key = Float64Array.from({ length: n }, () => draw(rand));
		const caps = Array.from({ length: groups }, (_, g) => [0, 1, 37, 700, 5000][g % 5] as number);
		const mark = new Uint8Array(n);
		const taken = selectSmallest(caps, { lo: 0, hi: 1 }, (sink) => group.forEach((g, r) => sink.add(g, key[r] as number, r)), mark);
		const expected = new Set<number>();
		for (let g = 0; g < groups; g++) {
			const members = Array.from(group.keys()).filter((r) => group[r] === g);
			stableOrder(members, (r) => key[r] as number)
				.slice(0, caps[g])
				.forEach((r) => expected.add(r));
			expect(taken[g]).toBe(Math.min(caps[g] as number, members.length));
		}
		expect(Array.from(mark.keys()).filter((r) => mark[r])).toEqual([...expected].sort((a, b) => a - b));
		// the same pairs from a PairList (listed in shuffled order) give the same selection
		const pairs = new PairList(1);
		const order = Array.from(group.keys()).sort(() => rand() - 0.5);
		for (const r of order) pairs.add(group[r] as number, key[r] as number, r);
		const fromList = new Uint8Array(n);
		expect(Array.from(selectSmallestPairs(caps, { lo: 0, hi: 1 }, pairs, fromList))).toEqual(Array.from(taken));
		expect(Array.from(fromList)).toEqual(Array.from(mark));
	});
});

describe('validatePredProbs', () => {
	const labels = Int32Array.from([0, 1, 1]);
	test('valid input comes back untouched, without warnings', () => {
		const p = rows(2, [0.2, 0.8], [0.5, 0.5], [1, 0]);
		const v = validatePredProbs(labels, p);
		expect(v.predProbs).toBe(p);
		expect(v.warnings).toEqual([]);
	});
	test('rows a little off 1 are renormalised into a copy, with a warning', () => {
		const p = rows(2, [0.2, 0.8], [0.5, 0.5004], [1, 0]);
		const v = validatePredProbs(labels, p);
		expect(v.predProbs).not.toBe(p);
		expect(p[3]).toBe(0.5004);
		expect((v.predProbs[2] as number) + (v.predProbs[3] as number)).toBeCloseTo(1, 15);
		expect(v.warnings).toEqual([expect.stringMatching(/^Renormalised 1 of 3 rows .* \(first: row 1\)\.$/)]);
		const f32 = Float32Array.from(p);
		expect(validatePredProbs(labels, f32).predProbs).toBeInstanceOf(Float32Array);
	});
	test.each([
		['label out of range', Int32Array.from([0, 2, 1]), rows(2, [0.2, 0.8], [0.5, 0.5], [1, 0]), /^Row 1 has label 2, outside the class range 0\.\.1\.$/],
		['missing label', Int32Array.from([0, 1, -1]), rows(2, [0.2, 0.8], [0.5, 0.5], [1, 0]), /^Row 2 has label -1.*missing value/],
		['NaN', labels, rows(2, [0.2, 0.8], [NaN, 0.5], [1, 0]), /^Row 1, column 0 of predProbs is NaN/],
		['Infinity', labels, rows(2, [0.2, 0.8], [0.5, 0.5], [1, Infinity]), /^Row 2, column 1 of predProbs is Infinity/],
		['negative', labels, rows(2, [0.2, 0.8], [0.5, 0.5], [1.1, -0.1]), /^Row 2 of predProbs is not a probability distribution: column 0 is above 1/],
		['sum far from 1', labels, rows(2, [0.2, 0.8], [0.5, 0.4], [1, 0]), /^Row 1 of predProbs .* its values sum to 0\.9/],
		['logits', labels, rows(2, [2.1, -1], [0.5, 3], [-4, 1]), /look like logits .* softmaxRows/],
		['K < 2', labels, Float64Array.from([1, 1, 1]), /at least 2 classes/],
		['length mismatch', labels, new Float64Array(7), /7 values, not a whole number of rows for 3 labels/]
	])('%s is rejected naming the row', (_, l, p, message) => {
		expect(() => validatePredProbs(l, p)).toThrow(ConfidentLearningInputError);
		expect(() => validatePredProbs(l, p)).toThrow(message);
	});
	test('softmaxRows turns logits into valid probabilities', () => {
		const logits = rows(2, [2.1, -1], [0.5, 3], [-4, 1000]);
		const p = softmaxRows(logits, 2);
		expect(p[0]).toBeCloseTo(Math.exp(2.1) / (Math.exp(2.1) + Math.exp(-1)), 15);
		expect(p[5]).toBe(1);
		expect(validatePredProbs(labels, p).warnings).toEqual([]);
	});
});

describe('suggested labels, class summary, overlapping classes', () => {
	const data = synthetic(1200, 4, 21, { noise: 0.2 });
	const { labels, predProbs } = data;
	test('suggestions: the confident class when there is one, else the argmax', () => {
		const { indices } = findLabelIssues(labels, predProbs);
		const s = suggestedLabels(labels, predProbs, indices);
		const { thresholds } = classStats(labels, predProbs, 4);
		expect(s.indices).toEqual(indices);
		indices.forEach((r, i) => {
			const c = refConfidentClass(predProbs, r, 4, thresholds);
			const row = Array.from(predProbs.subarray(r * 4, r * 4 + 4));
			expect(s.labels[i]).toBe(c >= 0 ? c : row.indexOf(Math.max(...row)));
			expect(s.confident[i]).toBe(c >= 0 ? 1 : 0);
			expect(s.probabilities[i]).toBe(row[s.labels[i] as number]);
		});
		expect(s.labels.some((l, i) => l !== labels[indices[i] as number])).toBe(true);
		expect(() => suggestedLabels(labels, predProbs, Int32Array.from([1200]))).toThrow(RangeError);
	});
	test('class summary: counts from the calibrated joint, worst class first', () => {
		const summary = classSummary(labels, predProbs);
		const cj = computeConfidentJoint(labels, predProbs).data;
		expect(summary.map((c) => c.classIndex).sort()).toEqual([0, 1, 2, 3]);
		for (const c of summary) {
			const i = c.classIndex;
			const row = Array.from(cj.subarray(i * 4, i * 4 + 4));
			expect(c.givenCount).toBe(labels.filter((l) => l === i).length);
			expect(c.labelIssues).toBe(row.reduce((a, b) => a + b, 0) - (row[i] as number));
			expect(c.labelNoise).toBeCloseTo(c.labelIssues / c.givenCount, 15);
			expect(c.labelQualityScore).toBeCloseTo(1 - c.labelNoise, 15);
			const self = Array.from(labels.keys()).filter((r) => labels[r] === i).map((r) => predProbs[r * 4 + i] as number);
			expect(c.meanSelfConfidence).toBeCloseTo(self.reduce((a, b) => a + b, 0) / self.length, 12);
		}
		for (let i = 1; i < summary.length; i++) {
			expect(summary[i]!.labelQualityScore).toBeGreaterThanOrEqual(summary[i - 1]!.labelQualityScore);
		}
	});
	test('overlapping classes: every pair once, descending joint probability, counts = round(p * N)', () => {
		const pairs = findOverlappingClasses(labels, predProbs);
		const joint = estimateJoint(labels, predProbs).data;
		expect(pairs).toHaveLength(6);
		for (const p of pairs) {
			expect(p.classA).toBeLessThan(p.classB);
			expect(p.jointProbability).toBe((joint[p.classA * 4 + p.classB] as number) + (joint[p.classB * 4 + p.classA] as number));
			expect(p.numOverlapping).toBe(Math.round(p.jointProbability * 1200));
		}
		for (let i = 1; i < pairs.length; i++) expect(pairs[i]!.jointProbability).toBeLessThanOrEqual(pairs[i - 1]!.jointProbability);
	});
	test('noise matrices are column-stochastic and match the joint', () => {
		const e = estimatePyAndNoiseMatrices(labels, predProbs);
		for (let j = 0; j < 4; j++) {
			let nm = 0;
			let inv = 0;
			for (let i = 0; i < 4; i++) {
				nm += e.noiseMatrix.data[i * 4 + j] as number;
				inv += e.inverseNoiseMatrix.data[i * 4 + j] as number;
			}
			expect(nm).toBeCloseTo(1, 12);
			expect(inv).toBeCloseTo(1, 12);
		}
		const joint = estimateJoint(labels, predProbs).data;
		for (let j = 0; j < 4; j++) {
			expect(e.py[j]).toBeCloseTo([0, 1, 2, 3].reduce((a, i) => a + (joint[i * 4 + j] as number), 0), 12);
		}
	});
	test('option errors', () => {
		expect(() => findLabelIssues(labels, predProbs, { filterBy: 'nope' as FilterBy })).toThrow(/Unknown filterBy/);
		expect(() => findLabelIssues(labels, predProbs, { fracNoise: 0 })).toThrow(/fracNoise/);
		expect(() => findLabelIssues(labels, predProbs, { minExamplesPerClass: -1 })).toThrow(/minExamplesPerClass/);
		expect(() => numLabelIssues(labels, predProbs, { estimationMethod: 'x' as 'off_diagonal' })).toThrow(/Unknown estimation method/);
	});
});

describe('counting pass: the K = 10 fast path', () => {
	test('gives the same joint, prune candidates and kept rows as the general loop, ties and threshold hits included', () => {
		const n = 20_000;
		const k = 10;
		const r = rng(7);
		const labels = new Int32Array(n);
		const probs = new Float32Array(n * k);
		for (let i = 0; i < n; i++) {
			labels[i] = Math.floor(r() * k);
			let sum = 0;
			for (let j = 0; j < k; j++) {
				// coarse values make ties between classes, and with the label, common
				const v = r() < 0.3 ? 0 : Math.round(r() * 8) / 8 + (j === labels[i] ? r() : 0);
				probs[i * k + j] = v;
				sum += v;
			}
			for (let j = 0; j < k; j++) probs[i * k + j] = sum > 0 ? (probs[i * k + j] as number) / sum : 1 / k;
		}
		// thresholds whose shifted values (t - 1e-6) are exactly eighths, which the data hit often
		const eighths = [0.125, 0.375, 0.5, 0.125, 0.375, 0.5, 0.125, 0.375, 0.5, 0.375];
		const thresholds = Float64Array.from(eighths, (v) => v + 1e-6);
		expect(Array.from(thresholds, (t) => t - 1e-6)).toEqual(eighths);
		for (let i = 0; i < n; i += 7) probs[i * k + (i % k)] = eighths[i % k] as number;
		const fast = new PruneCandidates(n);
		const general = new PruneCandidates(n);
		// countOffDiagonalIssues sends K = 10 through the general per-row loop
		const a = countConfidentJoint(labels, probs, k, thresholds, { pruneCandidates: fast });
		const b = countConfidentJoint(labels, probs, k, thresholds, { pruneCandidates: general, countOffDiagonalIssues: true });
		expect(Array.from(a.joint)).toEqual(Array.from(b.joint));
		expect(fast.pairs.length).toBeGreaterThan(1000);
		expect(fast.pairs.length).toBe(general.pairs.length);
		const len = fast.pairs.length;
		expect(Array.from(fast.pairs.group.subarray(0, len))).toEqual(Array.from(general.pairs.group.subarray(0, len)));
		expect(Array.from(fast.pairs.key.subarray(0, len))).toEqual(Array.from(general.pairs.key.subarray(0, len)));
		expect(Array.from(fast.pairs.row.subarray(0, len))).toEqual(Array.from(general.pairs.row.subarray(0, len)));
		expect(fast.lowestKey).toBe(general.lowestKey);
		expect(Array.from(fast.keptRows.subarray(0, fast.keptLength))).toEqual(Array.from(general.keptRows.subarray(0, general.keptLength)));
		// and unconfident rows (counted nowhere) exist in this data
		expect(a.joint.reduce((s, x) => s + x, 0)).toBeLessThan(n);
	});
});
