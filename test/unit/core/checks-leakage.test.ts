import { describe, expect, test } from 'vitest';
import {
	binnedMajorityAccuracy,
	categoryMajorityAccuracy,
	identifierKind,
	majorityShare,
	mergeSorted,
	quantileBinEdges,
	twoClassSample,
	rankLeakage,
	twoClassAuc
} from '../../../src/lib/core/checks/leakage';

const codes = (xs: number[]) => Int32Array.from(xs);

describe('two-class AUC', () => {
	test('ties count half; missing values placed where they score highest', () => {
		// present positives 2, 3; negatives 1, 2; one positive missing.
		// U over present: positive 2 beats 1 and ties 2 -> 1.5; positive 3 beats both -> 2; U = 3.5
		// 3 positives x 2 negatives = 6 pairs. Missing lowest: 3.5 / 6 = 0.5833; highest: (3.5 + 1 * 2) / 6 = 0.9167
		expect(twoClassAuc([1, 2, 2, 3, NaN], codes([0, 0, 1, 1, 1]))).toBeCloseTo(5.5 / 6, 15);
		// all tied: each of the 4 pairs counts half
		expect(twoClassAuc([5, 5, 5, 5], codes([0, 1, 0, 1]))).toBe(0.5);
	});

	test('the direction that predicts better counts; unlabelled rows are left out', () => {
		// positives 2, 1 lie below the negative 3: AUC 0, so 1 - 0 = 1; the row with label -1 (missing) would spoil it
		expect(twoClassAuc([3, 2, 1, 0], codes([0, 1, 1, -1]))).toBe(1);
		// with the last row labelled 0: positives 2 and 1 each beat the negative 0 and lose to 3 -> 2 of 4 pairs
		expect(twoClassAuc([3, 2, 1, 0], codes([0, 1, 1, 0]))).toBe(0.5);
		expect(twoClassAuc([1, 2], codes([1, 1]))).toBeNaN();
	});
});

test('equals the pair count on random data with ties', () => {
	let seed = 3;
	const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
	const n = 400;
	const x = Float64Array.from({ length: n }, () => Math.floor(rand() * 30)); // many ties
	const y = Int32Array.from(x, (v) => (rand() < 0.2 + v / 40 ? 1 : 0));
	let u = 0;
	let pairs = 0;
	for (let i = 0; i < n; i++)
		for (let j = 0; j < n; j++)
			if (y[i] === 1 && y[j] === 0) {
				pairs++;
				u += x[i]! > x[j]! ? 1 : x[i] === x[j] ? 0.5 : 0;
			}
	const want = Math.max(u / pairs, 1 - u / pairs);
	expect(twoClassAuc(x, y)).toBeCloseTo(want, 14);
	// the split sample merges back to the sorted column
	const s = twoClassSample(x, y);
	expect([...mergeSorted(mergeSorted(s.pos, s.neg), s.unlabelled)]).toEqual([...Float64Array.from(x).sort()]);
});

describe('binned majority rule (more than two classes)', () => {
	test('quantile edges by numpy rule, a value on an edge in the upper bin, missing its own bin', () => {
		// 1..6 in 3 bins: edges at q = 1/3: h = 5/3 -> 2 + (2/3)(3 - 2) = 2.6667; q = 2/3: h = 10/3 -> 4.3333
		const edges = quantileBinEdges([1, 2, 3, 4, 5, 6], 3);
		expect(edges[0]).toBeCloseTo(8 / 3, 12);
		expect(edges[1]).toBeCloseTo(13 / 3, 12);
		// bins {1,2} labels 0,1 -> 1 right; {3,4} 1,1 -> 2; {5,6} 2,0 -> 1; missing bin {NaN,NaN} 2,2 -> 2 (the unlabelled NaN left out); (1+2+1+2)/8
		expect(binnedMajorityAccuracy([1, 2, 3, 4, 5, 6, NaN, NaN, NaN], codes([0, 1, 1, 1, 2, 0, 2, 2, -1]), 3, 3)).toBe(6 / 8);
		// repeated edges are merged: [0, 0, 0, 1] in 4 bins has edges 0 (q 1/4, 1/2) and 0.25 (q 3/4: h = 2.25 -> 0 + 0.25)
		expect(quantileBinEdges([0, 0, 0, 1], 4)).toEqual([0, 0.25]);
		// value 0 lies on edge 0: the upper bin [0, 0.25) holds all three zeros (labels 0, 1, 1 -> 2 right), 1 alone -> 1 right
		expect(binnedMajorityAccuracy([0, 0, 0, 1], codes([0, 1, 1, 2]), 3, 4)).toBe(3 / 4);
	});
});

describe('per-category majority rule', () => {
	test('categories under minRows pooled; missing is a category', () => {
		// a: 4 x class 0, 1 x class 1 (5 rows, kept) -> 4; b: 3 x class 1 and c: 2 x class 0 pooled (3 + 2) -> 3; null: 5 x class 1 -> 5
		const cells = [
			{ category: 'a', cls: 0, n: 4 },
			{ category: 'a', cls: 1, n: 1 },
			{ category: 'b', cls: 1, n: 3 },
			{ category: 'c', cls: 0, n: 2 },
			{ category: null, cls: 1, n: 5 }
		];
		expect(categoryMajorityAccuracy(cells, 2, 5)).toBe(12 / 15);
		// every category on its own: 4 + 3 + 2 + 5
		expect(categoryMajorityAccuracy(cells, 2, 1)).toBe(14 / 15);
		expect(() => categoryMajorityAccuracy([{ category: 'a', cls: 2, n: 1 }], 2, 5)).toThrow(/not within/);
	});

	test('majority share, identifiers and row order', () => {
		expect(majorityShare([3, 1])).toBe(0.75);
		expect(identifierKind(25, 25)).toBe('identifier');
		expect(identifierKind(24, 25)).toBeNull();
		expect(identifierKind(10, 10)).toBeNull(); // too few rows to tell
		expect(identifierKind(3, 5, [1, 2, NaN, 2, 3])).toBe('row order');
		expect(identifierKind(3, 4, [3, 2, 2, 1])).toBe('row order');
		expect(identifierKind(1, 3, [4, 4, 4])).toBeNull();
		expect(identifierKind(3, 3, [1, 3, 2])).toBeNull();
	});
});

describe('ranking', () => {
	test('highest first, flagged at the threshold only above a constant guess', () => {
		const ranked = rankLeakage(
			[
				{ column: 'b', score: 0.9499, method: 'auc', identifier: null },
				{ column: 'a', score: 0.95, method: 'auc', identifier: null },
				{ column: 'c', score: 0.96, method: 'category-majority', identifier: null },
				{ column: 'd', score: NaN, method: 'auc', identifier: null },
				{ column: 'e', score: 0.99, method: 'binned-majority', identifier: 'row order' }
			],
			0.95,
			0.97
		);
		expect(ranked.map((r) => [r.column, r.flagged])).toEqual([
			['e', true],
			['c', false], // 0.96 accuracy is below the 0.97 a constant guess gets
			['a', true],
			['b', false],
			['d', false]
		]);
	});
});
