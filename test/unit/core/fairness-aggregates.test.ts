/**
 * Fairlearn's aggregate numbers, Aequitas' group metrics and disparities, and the default
 * reference group: expected values worked out by hand from the documented definitions
 * (the arithmetic is in the comments).
 */
import { describe, expect, test } from 'vitest';
import {
	aggregateDifference,
	aggregateRatio,
	fairlearnAggregates,
	fairlearnDemographicParityDifference,
	fairlearnDemographicParityRatio,
	fairlearnEqualizedOddsDifference,
	fairlearnEqualizedOddsRatio,
	type GroupCounts
} from '../../../src/lib/core/stats/fairness-aggregates';
import { aequitasDisparities, aequitasGroupMetrics, aequitasParity } from '../../../src/lib/core/stats/aequitas-metrics';
import { defaultReferenceGroup } from '../../../src/lib/core/stats/reference-group';

const DIGITS = 14;

// Three groups (positive class 1):
//   A: TP 3, FP 1, TN 4, FN 2  (n 10)
//   B: TP 1, FP 1, TN 6, FN 2  (n 10)
//   C: TP 2, FP 0, TN 3, FN 0  (n 5)
//   overall (all rows): TP 6, FP 2, TN 13, FN 4 (n 25)
const groups: GroupCounts[] = [
	{ key: 'A', counts: { tp: 3, fp: 1, tn: 4, fn: 2 } },
	{ key: 'B', counts: { tp: 1, fp: 1, tn: 6, fn: 2 } },
	{ key: 'C', counts: { tp: 2, fp: 0, tn: 3, fn: 0 } }
];

describe("Fairlearn's aggregates", () => {
	// selection rate (TP + FP) / n: A 4/10 = 0.4, B 2/10 = 0.2, C 2/5 = 0.4, overall 8/25 = 0.32
	test('demographic parity difference and ratio, between groups and to overall', () => {
		// between_groups: max - min = 0.4 - 0.2 = 0.2; min / max = 0.2 / 0.4 = 0.5
		expect(fairlearnDemographicParityDifference(groups)).toBeCloseTo(0.2, DIGITS);
		expect(fairlearnDemographicParityRatio(groups)).toBeCloseTo(0.5, DIGITS);
		// to_overall: max |v - 0.32| = max(0.08, 0.12, 0.08) = 0.12
		expect(fairlearnDemographicParityDifference(groups, 'to_overall')).toBeCloseTo(0.12, DIGITS);
		// to_overall ratio: A 0.4 / 0.32 = 1.25 -> folded 1 / 1.25 = 0.8; B 0.2 / 0.32 = 0.625;
		// C as A, 0.8 -> min 0.625
		expect(fairlearnDemographicParityRatio(groups, 'to_overall')).toBeCloseTo(0.625, DIGITS);
	});

	// TPR = TP / (TP + FN): A 3/5 = 0.6, B 1/3, C 2/2 = 1, overall 6/10 = 0.6
	// FPR = FP / (FP + TN): A 1/5 = 0.2, B 1/7, C 0/3 = 0, overall 2/15
	test('equalized odds difference: the larger of the TPR and FPR differences', () => {
		// between: TPR 1 - 1/3 = 2/3, FPR 0.2 - 0 = 0.2 -> 2/3
		expect(fairlearnEqualizedOddsDifference(groups)).toBeCloseTo(2 / 3, DIGITS);
		// to_overall: TPR max(|0.6-0.6|, |1/3-0.6|, |1-0.6|) = 0.4; FPR max(|0.2-2/15| = 1/15,
		// |1/7-2/15| = 1/105, |0-2/15| = 2/15) = 2/15 -> 0.4
		expect(fairlearnEqualizedOddsDifference(groups, { method: 'to_overall' })).toBeCloseTo(0.4, DIGITS);
		// agg='mean': (2/3 + 0.2) / 2 = 13/30
		expect(fairlearnEqualizedOddsDifference(groups, { agg: 'mean' })).toBeCloseTo(13 / 30, DIGITS);
	});

	test('equalized odds ratio: the smaller of the TPR and FPR ratios', () => {
		// between: TPR (1/3) / 1 = 1/3, FPR 0 / 0.2 = 0 -> 0
		expect(fairlearnEqualizedOddsRatio(groups)).toBe(0);
		// to_overall: TPR A 0.6/0.6 = 1, B (1/3)/0.6 = 5/9, C 1/0.6 = 5/3 -> 3/5: min 5/9;
		// FPR A 0.2/(2/15) = 1.5 -> 2/3, B (1/7)/(2/15) = 15/14 -> 14/15, C 0 -> min 0 -> 0
		expect(fairlearnEqualizedOddsRatio(groups, { method: 'to_overall' })).toBe(0);
		// mean of the between-groups parts: (1/3 + 0) / 2 = 1/6
		expect(fairlearnEqualizedOddsRatio(groups, { agg: 'mean' })).toBeCloseTo(1 / 6, DIGITS);
		// without group C (FPR 0): A, B only. TPR ratio (1/3)/0.6 = 5/9, FPR (1/7)/0.2 = 5/7 -> 5/9
		expect(fairlearnEqualizedOddsRatio(groups.slice(0, 2))).toBeCloseTo(5 / 9, DIGITS);
	});

	test('a group without positive labels has TPR 0, as scikit-learn normalises 0/0 to 0', () => {
		// D: no positive labels -> TPR 0 (not undefined); A has TPR 0.6 -> difference 0.6.
		// FPR: A 0.2, D 1/2 -> 0.3. Equalized odds difference = max(0.6, 0.3) = 0.6
		const d: GroupCounts = { key: 'D', counts: { tp: 0, fp: 1, tn: 1, fn: 0 } };
		expect(fairlearnEqualizedOddsDifference([groups[0] as GroupCounts, d])).toBeCloseTo(0.6, DIGITS);
	});

	test('difference() and ratio() of any metric, and their edge cases', () => {
		// values [0.5, 0.25, 1], overall 0.5: between 1 - 0.25 = 0.75, 0.25 / 1 = 0.25;
		// to overall: max(0, 0.25, 0.5) = 0.5; ratios 1, 0.5, 2 -> 0.5 -> min 0.5
		expect(aggregateDifference([0.5, 0.25, 1], 0.5)).toBe(0.75);
		expect(aggregateRatio([0.5, 0.25, 1], 0.5)).toBe(0.25);
		expect(aggregateDifference([0.5, 0.25, 1], 0.5, 'to_overall')).toBe(0.5);
		expect(aggregateRatio([0.5, 0.25, 1], 0.5, 'to_overall')).toBe(0.5);
		// a group above the overall value can be the worst: [0.5, 0.25], overall 0.3:
		// 0.5/0.3 = 5/3 -> 3/5 = 0.6; 0.25/0.3 = 5/6 -> min 0.6
		expect(aggregateRatio([0.5, 0.25], 0.3, 'to_overall')).toBeCloseTo(0.6, DIGITS);
		// NaN values are skipped (pandas min/max); all zero -> 0 / 0 -> NaN
		expect(aggregateDifference([NaN, 0.3, 0.1], 0.2)).toBeCloseTo(0.2, DIGITS);
		expect(aggregateRatio([0, 0], 0)).toBeNaN();
		// overall 0: a group at 0 gives 0/0 (skipped), a group above gives Infinity -> 0
		expect(aggregateRatio([0, 0.1], 0, 'to_overall')).toBe(0);
	});

	test('all four, both methods, in one object; empty groups are refused', () => {
		const all = fairlearnAggregates(groups);
		expect(all.demographicParityRatio.to_overall).toBeCloseTo(0.625, DIGITS);
		expect(all.equalizedOddsDifference.between_groups).toBeCloseTo(2 / 3, DIGITS);
		expect(() => fairlearnAggregates([...groups, { key: 'E', counts: { tp: 0, fp: 0, tn: 0, fn: 0 } }])).toThrow(
			/Group E has no rows/
		);
	});
});

describe("Aequitas' metrics and disparities", () => {
	// total predicted positives PP = 4 + 2 + 2 = 8
	test('group metrics from the definitions', () => {
		// A: TPR 3/5, TNR 4/5, FOR FN/PN = 2/6, FDR FP/PP = 1/4, FPR 1/5, FNR 2/5, NPV 4/6,
		//    precision 3/4, PPR 4/8, PPREV 4/10, PREV 5/10
		const a = aequitasGroupMetrics(groups[0]!.counts, 8);
		const expected = { tpr: 0.6, tnr: 0.8, for: 1 / 3, fdr: 0.25, fpr: 0.2, fnr: 0.4, npv: 2 / 3, precision: 0.75, ppr: 0.5, pprev: 0.4, prev: 0.5 };
		for (const [name, v] of Object.entries(expected)) expect(a[name as keyof typeof a], name).toBeCloseTo(v, DIGITS);
		// no predicted positives: FDR and precision undefined (NaN), PPR 0
		const e = aequitasGroupMetrics({ tp: 0, fp: 0, tn: 3, fn: 1 }, 8);
		expect([e.fdr, e.precision, e.ppr, e.for]).toEqual([NaN, NaN, 0, 0.25]);
	});

	test('disparities against a reference group and the parity band [0.8, 1.25]', () => {
		const byA = aequitasDisparities(groups, 'A');
		const b = byA[1]!;
		// B: TPR (1/3)/0.6 = 5/9, TNR (6/7)/0.8 = 15/14, FOR 0.25/(1/3) = 0.75, FDR 0.5/0.25 = 2,
		//    NPV 0.75/(2/3) = 1.125, PPR 0.25/0.5 = 0.5, PPREV 0.2/0.4 = 0.5
		expect(b.disparities.tpr).toBeCloseTo(5 / 9, DIGITS);
		expect(b.disparities.tnr).toBeCloseTo(15 / 14, DIGITS);
		expect(b.disparities.for).toBeCloseTo(0.75, DIGITS);
		expect(b.disparities.fdr).toBeCloseTo(2, DIGITS);
		expect(b.disparities.npv).toBeCloseTo(1.125, DIGITS);
		expect(b.disparities.ppr).toBeCloseTo(0.5, DIGITS);
		expect(b.disparities.pprev).toBeCloseTo(0.5, DIGITS);
		// fair iff 0.8 <= d <= 1.25: TNR 1.071 and NPV 1.125 yes; TPR 0.556, FOR 0.75, FDR 2 no
		expect([b.fair.tnr, b.fair.npv, b.fair.tpr, b.fair.for, b.fair.fdr]).toEqual([true, true, false, false, false]);
		// the reference against itself: 1 everywhere its metric is defined
		expect(Object.values(byA[0]!.disparities)).toEqual(new Array(11).fill(1));
		// against C, whose FDR is 0: B's FDR disparity 0.5 / 0 = Infinity, C's own 0 / 0 = NaN
		const byC = aequitasDisparities(groups, 'C');
		expect(byC[1]!.disparities.fdr).toBe(Infinity);
		expect(byC[2]!.disparities.fdr).toBeNaN();
		expect(byC[2]!.fair.fdr).toBe(false);
		expect(() => aequitasDisparities(groups, 'Z')).toThrow(/Reference group 'Z'/);
	});

	test('the band edges are inclusive: 0.8 and 1.25 are fair', () => {
		expect([aequitasParity(0.8), aequitasParity(1.25), aequitasParity(0.79), aequitasParity(1.26), aequitasParity(NaN)]).toEqual([
			true,
			true,
			false,
			false,
			false
		]);
	});
});

describe('default reference group', () => {
	// COMPAS demo by race: rows and "decile_score >= 5" (medium or high risk) counts
	// Other 377 / 79, African-American 3696 / 2174, Caucasian 2454 / 854, Hispanic 637 / 190,
	// Native American 18 / 12, Asian 32 / 8; 7214 rows, so 10% is 721.4: only African-American
	// and Caucasian are substantial. High risk is adverse -> the lower rate is favourable:
	// Caucasian 854/2454 = 0.348 < African-American 2174/3696 = 0.588 -> Caucasian.
	const compas = [
		['Other', 377, 79],
		['African-American', 3696, 2174],
		['Caucasian', 2454, 854],
		['Hispanic', 637, 190],
		['Native American', 18, 12],
		['Asian', 32, 8]
	].map(([key, n, pos]) => ({ key: key as string, n: n as number, rate: (pos as number) / (n as number) }));

	test('the most favourable rate among the substantial groups', () => {
		expect(defaultReferenceGroup(compas, { higherIsFavourable: false })).toEqual({ key: 'Caucasian', reason: 'most-favourable' });
		// if a positive prediction were favourable: the highest rate, African-American (0.588);
		// Native American (0.667) has 18 rows and cannot be the reference
		expect(defaultReferenceGroup(compas)).toEqual({ key: 'African-American', reason: 'most-favourable' });
		// with every group eligible, Native American (0.667) would be
		expect(defaultReferenceGroup(compas, { minGroupSize: 0, minShare: 0 }).key).toBe('Native American');
	});

	test('a declared group wins; an unknown declared group is ignored', () => {
		expect(defaultReferenceGroup(compas, { declared: 'Hispanic' })).toEqual({ key: 'Hispanic', reason: 'declared' });
		expect(defaultReferenceGroup(compas, { declared: 'Martian', higherIsFavourable: false }).key).toBe('Caucasian');
	});

	test('no substantial group: the largest; ties: the larger group, then key order', () => {
		const small = [
			{ key: 'x', n: 10, rate: 0.9 },
			{ key: 'y', n: 20, rate: 0.1 }
		];
		expect(defaultReferenceGroup(small)).toEqual({ key: 'y', reason: 'largest' });
		const tied = [
			{ key: 'b', n: 100, rate: 0.5 },
			{ key: 'a', n: 100, rate: 0.5 },
			{ key: 'c', n: 200, rate: 0.5 }
		];
		expect(defaultReferenceGroup(tied).key).toBe('c');
		expect(defaultReferenceGroup(tied.slice(0, 2)).key).toBe('a');
		expect(() => defaultReferenceGroup([])).toThrow(RangeError);
	});
});
