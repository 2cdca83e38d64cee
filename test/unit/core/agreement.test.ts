import { describe, expect, test } from 'vitest';
import {
	activeLearningScores,
	AgreementInputError,
	agreementBySlice,
	analyzeLabelingFunctions,
	cohenKappaPairs,
	crowdlab,
	fleissKappa,
	fromDense,
	krippendorffAlphaNominal,
	majorityVote,
	annotatorStats,
	toDense,
	validateAnnotations,
	type Annotations
} from '../../../src/lib/core/agreement';
import { wilsonInterval } from '../../../src/lib/core/stats/wilson';

/** Items x annotators from rows of labels, null = not labeled. */
function ann(rows: (number | null)[][], k: number): Annotations {
	const m = rows[0]!.length;
	return fromDense(Int32Array.from(rows.flat(), (v) => (v === null ? -1 : v)), rows.length, m, k);
}

/** Items from per-class counts (anonymous annotators in slots). */
function fromCounts(table: number[][]): Annotations {
	const m = Math.max(...table.map((r) => r.reduce((s, x) => s + x, 0)));
	return ann(
		table.map((r) => {
			const labels = r.flatMap((c, j) => Array<number>(c).fill(j));
			return [...labels, ...Array<null>(m - labels.length).fill(null)];
		}),
		table[0]!.length
	);
}

describe('sparse annotations', () => {
	test('dense round trip keeps every label and the annotator order', () => {
		const a = ann([[0, null, 2], [null, 1, null], [1, 1, 1]], 3);
		expect(Array.from(a.ptr)).toEqual([0, 2, 3, 6]);
		expect(Array.from(a.who)).toEqual([0, 2, 1, 0, 1, 2]);
		expect(Array.from(toDense(a))).toEqual([0, -1, 2, -1, 1, -1, 1, 1, 1]);
	});

	test('bad input names the item and annotator', () => {
		expect(() => ann([[0, 3]], 3)).toThrow(/Item 0, annotator 1: label 3 is outside the classes 0..2/);
		expect(() => validateAnnotations(ann([[0, 1], [null, null]], 2), ['ann_a', 'ann_b'])).toThrow(/Item 1 has no label/);
		expect(() => validateAnnotations(ann([[0, null], [1, null]], 2), ['ann_a', 'ann_b'])).toThrow(/"ann_b" labeled no item/);
		expect(() => validateAnnotations(ann([[0, 1]], 2))).not.toThrow();
	});
});

describe('agreement coefficients', () => {
	test("Krippendorff's alpha on his 4-coder, 12-unit nominal example is 0.743", () => {
		const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
		const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
		const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
		const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
		const r = krippendorffAlphaNominal(ann(A.map((_, u) => [A[u]!, B[u]!, C[u]!, D[u]!]), 6));
		expect(r.alpha).toBeCloseTo(0.743, 3);
		expect(r.items).toBe(11); // unit 12 has one value
		expect(r.values).toBe(40);
	});

	test("Fleiss' kappa on the 10-subject, 14-rater example is 0.210", () => {
		const table = [
			[0, 0, 0, 0, 14],
			[0, 2, 6, 4, 2],
			[0, 0, 3, 5, 6],
			[0, 3, 9, 2, 0],
			[2, 2, 8, 1, 1],
			[7, 7, 0, 0, 0],
			[3, 2, 6, 3, 0],
			[2, 5, 3, 2, 2],
			[6, 5, 2, 1, 0],
			[0, 2, 2, 3, 7]
		];
		const f = fleissKappa(fromCounts(table));
		expect(f.kappa).toBeCloseTo(0.20993, 5);
		expect(f.items).toBe(10);
		expect(f.ratingsPerItem).toBe(14);
	});

	test('Fleiss uses the most frequent number of labels (at least 2) and says how many items', () => {
		// two items with 3 labels, one with 2, one with 1
		const a = ann([[0, 0, 0], [0, 1, 1], [1, 1, null], [1, null, null]], 2);
		const f = fleissKappa(a);
		expect(f.items).toBe(2);
		expect(f.ratingsPerItem).toBe(3);
		// P_i = (9-3)/6 = 1 and (1+4-3)/6 = 1/3; p = (4/6, 2/6); Pe = 5/9
		expect(f.kappa).toBeCloseTo((2 / 3 - 5 / 9) / (1 - 5 / 9), 12);
	});

	test("Cohen's kappa per pair on the shared items; undefined pairs left out", () => {
		const a = ann(
			[
				[0, 0, 0],
				[1, 1, 0],
				[0, 1, null],
				[1, 1, null]
			],
			2
		);
		const pairs = cohenKappaPairs(a);
		const ab = pairs.find((p) => p.a === 0 && p.b === 1)!;
		expect(ab.n).toBe(4);
		expect(ab.observed).toBe(0.75);
		expect(ab.kappa).toBeCloseTo(0.5, 12); // po 3/4, pe 1/2
		// annotator 2 labels only class 0 on 2 shared items with 0: two distinct labels (0, 1) -> defined
		const ac = pairs.find((p) => p.a === 0 && p.b === 2)!;
		expect(ac.n).toBe(2);
		expect(ac.kappa).toBeCloseTo(0, 12);
		// a pair where both give one class only is left out
		expect(cohenKappaPairs(ann([[0, 0], [0, 0]], 2))).toEqual([]);
	});
});

describe('majority vote tie rules', () => {
	test('plain majority, then the larger probability', () => {
		const a = ann([[0, 0, 1], [0, 1, null]], 2);
		expect(Array.from(majorityVote(a, Float64Array.from([0.9, 0.1, 0.3, 0.7])).label)).toEqual([0, 1]);
		expect(Array.from(majorityVote(a, Float64Array.from([0.9, 0.1, 0.8, 0.2])).label)).toEqual([0, 0]);
	});

	test('then the class chosen least often overall', () => {
		// class 0 is used 3 times, class 1 twice: the tie on item 1 goes to 1
		const a = ann([[0, 0, null], [0, 1, null], [null, null, 1]], 2);
		expect(Array.from(majorityVote(a).label)).toEqual([0, 1, 1]);
	});

	test('then the annotators with the higher agreement on untied items; else the smallest class, counted', () => {
		// classes used equally often; annotator 0 agrees with the majority on untied items, annotator 1 does not
		const a = ann(
			[
				[0, 1, 0],
				[1, 0, 1],
				[0, 1, null]
			],
			2
		);
		const mv = majorityVote(a);
		expect(Array.from(mv.label)).toEqual([0, 1, 0]);
		expect(mv.unresolved).toBe(0);
		const flip = ann(
			[
				[0, 1, 1],
				[1, 0, 0],
				[0, 1, null]
			],
			2
		);
		expect(Array.from(majorityVote(flip).label)).toEqual([1, 0, 1]);
		const tied = majorityVote(ann([[0, 1]], 2));
		expect(Array.from(tied.label)).toEqual([0]);
		expect(tied.unresolved).toBe(1);
	});
});

describe('CROWDLAB and ActiveLab', () => {
	const a = ann(
		[
			[0, 0, 1],
			[1, 1, null],
			[0, null, 0],
			[null, 1, 0],
			[1, null, null]
		],
		2
	);
	const p = Float64Array.from([0.8, 0.2, 0.3, 0.7, 0.6, 0.4, 0.45, 0.55, 0.1, 0.9]);

	test('the consensus is the posterior argmax (binary: quality >= 0.5); agreement and counts per item and annotator', () => {
		const r = crowdlab(a, p);
		expect(Array.from(r.numAnnotations)).toEqual([3, 2, 2, 2, 1]);
		for (let i = 0; i < 5; i++) expect(r.consensusQualityScore[i]).toBeGreaterThan(0.5 - 1e-12);
		expect(Array.from(r.annotatorAgreement)).toEqual([2 / 3, 1, 1, 0.5, 1]);
		expect(r.annotators!.numExamplesLabeled).toEqual(Int32Array.from([4, 3, 3]));
		expect(r.modelWeight).toBeGreaterThan(0);
	});

	test('ActiveLab ranks the disputed item first; without probabilities, lowest agreement first', () => {
		const al = activeLearningScores(a, p);
		expect(al.order[0]).toBe(3);
		expect(al.temperature).toBeGreaterThan(0);
		const plain = activeLearningScores(a);
		expect(Number.isNaN(plain.temperature)).toBe(true);
		expect(Array.from(plain.scores)).toEqual([2 / 3, 1, 1, 0.5, 1]);
		expect(Array.from(plain.order.subarray(0, 2))).toEqual([3, 0]);
	});

	test('CROWDLAB refuses data where every item has one label', () => {
		expect(() => crowdlab(ann([[0, null], [null, 1]], 2), Float64Array.from([0.5, 0.5, 0.5, 0.5]))).toThrow(AgreementInputError);
	});
});

describe('worst class', () => {
	const stats = (labels: number[], consensus: number[], quality: number[]) => {
		const a = ann(labels.map((l) => [l]), 2);
		const n = labels.length;
		return annotatorStats(a, Int32Array.from(consensus), Float64Array.from(quality), new Float64Array(n * 2), new Int32Array(n).fill(1), 1, Float64Array.from([1]));
	};

	test('the class of their own labels that agrees least with the consensus', () => {
		expect(stats([0, 0, 1, 1], [0, 0, 1, 0], [0.9, 0.9, 0.9, 0.9]).worstClass[0]).toBe(1);
		expect(stats([0, 0, 1, 1], [1, 0, 1, 1], [0.9, 0.9, 0.9, 0.9]).worstClass[0]).toBe(0);
	});

	test('ties: the class they chose more often, then the lower mean consensus quality, then the smaller class', () => {
		// both classes agree half the time; class 1 is used 4 times, class 0 twice
		expect(stats([0, 0, 1, 1, 1, 1], [0, 1, 1, 0, 1, 0], [0.1, 0.1, 0.9, 0.9, 0.9, 0.9]).worstClass[0]).toBe(1);
		// same use: the lower mean consensus quality
		expect(stats([0, 0, 1, 1], [0, 1, 1, 0], [0.2, 0.2, 0.9, 0.9]).worstClass[0]).toBe(0);
		expect(stats([0, 0, 1, 1], [0, 1, 1, 0], [0.9, 0.9, 0.2, 0.2]).worstClass[0]).toBe(1);
		expect(stats([0, 0, 1, 1], [0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5]).worstClass[0]).toBe(0);
	});
});

describe('labeling functions (LFAnalysis)', () => {
	test('polarity, coverage, overlaps, conflicts and empirical accuracy by hand', () => {
		const L = ann(
			[
				[0, null, 0],
				[1, 1, null],
				[null, null, null],
				[0, 1, null]
			],
			2
		);
		const r = analyzeLabelingFunctions(L, Int32Array.from([0, 1, 1, 0]));
		expect(r.sources.map((s) => s.polarity)).toEqual([[0, 1], [1], [0]]);
		expect(r.sources.map((s) => s.coverage)).toEqual([0.75, 0.5, 0.25]);
		expect(r.sources.map((s) => s.overlaps)).toEqual([0.75, 0.5, 0.25]);
		expect(r.sources.map((s) => s.conflicts)).toEqual([0.25, 0.25, 0]);
		expect(r.sources.map((s) => [s.correct, s.incorrect, s.empiricalAccuracy])).toEqual([
			[3, 0, 1],
			[1, 1, 0.5],
			[1, 0, 1]
		]);
		expect([r.labelCoverage, r.labelOverlap, r.labelConflict, r.goldItems]).toEqual([0.75, 0.75, 0.25, 4]);
		expect(analyzeLabelingFunctions(L).sources[0]!.correct).toBeUndefined();
	});
});

describe('agreement by slice', () => {
	test('per-group label agreement with Wilson intervals; a group wholly below the overall share is flagged', () => {
		const rows: (number | null)[][] = [];
		const groups: number[] = [];
		for (let i = 0; i < 40; i++) {
			rows.push([0, 0, i < 20 ? 0 : i % 2]); // group 1 (i >= 20): the third annotator disagrees half the time
			groups.push(i < 20 ? 0 : 1);
		}
		rows.push([1, 1, 1]);
		groups.push(-1);
		const a = ann(rows, 2);
		const consensus = majorityVote(a).label;
		const r = agreementBySlice(a, consensus, Int32Array.from(groups));
		expect(r.groups.map((g) => g.items)).toEqual([20, 20]);
		const [g0, g1] = r.groups;
		expect(g0!.agreement.value).toBe(1);
		expect(g1!.agreement.value).toBeCloseTo(50 / 60, 12);
		expect([g1!.agreement.lo, g1!.agreement.hi]).toEqual(Object.values(wilsonInterval(50, 60)));
		expect(g1!.unanimous.value).toBe(0.5);
		expect(r.overall.agreement.n).toBe(123);
		expect(g1!.flagged).toBe(g1!.agreement.hi < r.overall.agreement.value);
		expect(g0!.flagged).toBe(false);
	});
});
