import { describe, expect, test } from 'vitest';
import {
	Z_95,
	chiSquareIndependence,
	compareRates,
	confusionRates,
	disparityReport,
	equalizedOddsDifference,
	fourFifthsRule,
	groupSignificance,
	groupVsRestTest,
	normalSf,
	rateEstimate,
	representativeness,
	topKSlices,
	sliceLineScore,
	wilsonInterval
} from '../../../src/lib/core/stats';

// ProPublica COMPAS (2016), "medium/high risk" as the positive prediction.
const AFRICAN_AMERICAN = { tp: 1369, fp: 805, tn: 990, fn: 532 };
const CAUCASIAN = { tp: 505, fp: 349, tn: 1139, fn: 461 };

describe('Wilson interval', () => {
	test('3 of 10 by hand', () => {
		// p = 0.3, z^2 = 3.8414588, denom = 1 + 0.38414588 = 1.38414588
		// center = (0.3 + 0.19207294) / 1.38414588 = 0.49207294 / 1.38414588 = 0.35550656
		// half = 1.95996398 * sqrt(0.021 + 0.00960365) / 1.38414588
		//      = 1.95996398 * 0.17493898 / 1.38414588 = 0.34287410 / 1.38414588 = 0.24771529
		// -> [0.10779127, 0.60322185]
		const r = wilsonInterval(3, 10);
		const z2 = Z_95 * Z_95;
		const center = (0.3 + z2 / 20) / (1 + z2 / 10);
		const half = (Z_95 * Math.sqrt(0.021 + z2 / 400)) / (1 + z2 / 10);
		expect(center).toBeCloseTo(0.35550656, 8);
		expect(half).toBeCloseTo(0.24771529, 8);
		expect(r.lo).toBeCloseTo(0.10779127, 8);
		expect(r.hi).toBeCloseTo(0.60322185, 8);
		expect(r.lo).toBeCloseTo(center - half, 15);
		expect(r.hi).toBeCloseTo(center + half, 15);
	});
	test('exact ends, n = 0 and invalid input', () => {
		expect(wilsonInterval(0, 10).lo).toBe(0);
		expect(wilsonInterval(10, 10).hi).toBe(1);
		const empty = wilsonInterval(0, 0);
		expect(empty.lo).toBeNaN();
		expect(empty.hi).toBeNaN();
		expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
		expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
	});
	test('wider at higher confidence, always contains p', () => {
		const r95 = wilsonInterval(7, 20);
		const r99 = wilsonInterval(7, 20, 2.5758293035489004);
		expect(r99.lo).toBeLessThan(r95.lo);
		expect(r99.hi).toBeGreaterThan(r95.hi);
		expect(r95.lo).toBeLessThan(0.35);
		expect(r95.hi).toBeGreaterThan(0.35);
	});
});

describe('confusion rates (COMPAS)', () => {
	test('African-American defendants: FPR 805/1795 = 44.85%, FNR 532/1901 = 27.99%', () => {
		const r = confusionRates(AFRICAN_AMERICAN);
		expect(r.fpr.value).toBeCloseTo(0.4485, 4);
		expect(r.fnr.value).toBeCloseTo(0.2799, 4);
		expect(r.fpr).toMatchObject({ num: 805, den: 1795 });
		expect(r.fnr).toMatchObject({ num: 532, den: 1901 });
		expect(r.tpr.value).toBeCloseTo(1369 / 1901, 15); // 0.7201
		expect(r.tnr.value).toBeCloseTo(990 / 1795, 15); // 0.5515
		expect(r.ppv.value).toBeCloseTo(1369 / 2174, 15); // 0.6297
		expect(r.npv.value).toBeCloseTo(990 / 1522, 15); // 0.6505
		expect(r.selectionRate.value).toBeCloseTo(2174 / 3696, 15); // 0.5882
		expect(r.accuracy.value).toBeCloseTo(2359 / 3696, 15); // 0.6383
		expect(r.errorRate.value).toBeCloseTo(1337 / 3696, 15); // 0.3617
		expect(r.prevalence.value).toBeCloseTo(1901 / 3696, 15); // 0.5143
		const w = wilsonInterval(805, 1795);
		expect(r.fpr.lo).toBe(w.lo);
		expect(r.fpr.hi).toBe(w.hi);
	});
	test('Caucasian defendants: FPR 349/1488 = 23.45%, FNR 461/966 = 47.72%', () => {
		const r = confusionRates(CAUCASIAN);
		expect(r.fpr.value).toBeCloseTo(0.2345, 4);
		expect(r.fnr.value).toBeCloseTo(0.4772, 4);
	});
	test('zero denominators: NaN value and null interval', () => {
		const r = confusionRates({ tp: 0, fp: 3, tn: 7, fn: 0 });
		expect(r.tpr.value).toBeNaN();
		expect(r.tpr.lo).toBeNull();
		expect(r.tpr.hi).toBeNull();
		expect(r.fpr.value).toBeCloseTo(0.3, 15);
		expect(rateEstimate(0, 0)).toEqual({ value: NaN, lo: null, hi: null, num: 0, den: 0 });
		expect(() => confusionRates({ tp: -1, fp: 0, tn: 0, fn: 0 })).toThrow(RangeError);
	});
});

describe('disparity', () => {
	test('rate comparison and four-fifths bands', () => {
		expect(compareRates(0.3, 0.6)).toEqual({ ratio: 0.5, difference: -0.3 });
		expect(compareRates(0.2, 0).ratio).toBe(Infinity);
		expect(compareRates(0, 0).ratio).toBeNaN();
		expect(fourFifthsRule(0.4, 0.5)).toEqual({ ratio: 0.8, band: 'within', flagged: false }); // 0.8 is not < 0.8
		expect(fourFifthsRule(0.3, 0.5).band).toBe('below');
		expect(fourFifthsRule(0.3, 0.5).flagged).toBe(true);
		expect(fourFifthsRule(0.5, 0.3).band).toBe('above'); // 1.667 > 1.25
		expect(fourFifthsRule(0, 0).band).toBe('undefined');
	});
	test('equalized-odds difference (COMPAS)', () => {
		// |TPR| diff = 1369/1901 - 505/966 = 0.72015 - 0.52277 = 0.19737
		// |FPR| diff = 805/1795 - 349/1488 = 0.44847 - 0.23454 = 0.21392 -> max = 0.21392
		const aa = confusionRates(AFRICAN_AMERICAN);
		const c = confusionRates(CAUCASIAN);
		const eod = equalizedOddsDifference(
			{ tpr: c.tpr.value, fpr: c.fpr.value },
			{ tpr: aa.tpr.value, fpr: aa.fpr.value }
		);
		expect(eod).toBeCloseTo(805 / 1795 - 349 / 1488, 15);
		expect(eod).toBeCloseTo(0.21392, 5);
		expect(equalizedOddsDifference({ tpr: NaN, fpr: 0.1 }, { tpr: 0.5, fpr: 0.2 })).toBeNaN();
	});
	test('group vs rest: chi-square when expected counts are >= 5, Fisher otherwise', () => {
		const big = groupVsRestTest(2174, 3696, 854, 2454);
		expect(big.test).toBe('chisquare');
		// Same as the 2x2 chi-square without correction.
		expect(big.pValue).toBe(
			chiSquareIndependence([
				[2174, 1522],
				[854, 1600]
			]).pValue
		);
		// Group of 8 with 1 positive vs 100 with 50: expected positives in the group = 8 * 51/108 = 3.78 < 5.
		const small = groupVsRestTest(1, 8, 50, 100);
		expect(small.test).toBe('fisher');
	});
	test('COMPAS report: Caucasian selection rate is 59% of African-American -> four-fifths flag', () => {
		const other = { tp: 1, fp: 0, tn: 5, fn: 4 }; // 10 people: small group
		const report = disparityReport([
			{ key: 'African-American', counts: AFRICAN_AMERICAN },
			{ key: 'Caucasian', counts: CAUCASIAN },
			{ key: 'Other', counts: other }
		]);
		// Reference: highest selection rate among groups with n >= 30 -> African-American (0.588).
		expect(report.referenceKey).toBe('African-American');
		const [aa, c, o] = report.groups;
		// 854/2454 / (2174/3696) = 0.34800 / 0.58820 = 0.59164
		expect(c?.fourFifths.ratio).toBeCloseTo(854 / 2454 / (2174 / 3696), 15);
		expect(c?.fourFifths.ratio).toBeCloseTo(0.59164, 5);
		expect(c?.fourFifths.band).toBe('below');
		expect(c?.fourFifths.flagged).toBe(true);
		expect(aa?.fourFifths.ratio).toBe(1);
		expect(aa?.equalizedOddsDifference).toBe(0);
		expect(c?.comparisons.fpr.difference).toBeCloseTo(349 / 1488 - 805 / 1795, 15);
		expect(c?.significance.flagged).toBe(true);
		expect(c?.significance.test).toBe('chisquare');
		// Other: selection 1/10 = 0.1 -> ratio 0.17, but n = 10 < 30: small, never flagged.
		expect(o?.small).toBe(true);
		expect(o?.fourFifths.band).toBe('below');
		expect(o?.fourFifths.flagged).toBe(false);
		expect(o?.significance.flagged).toBe(false);
		expect(o?.significance.adjustedPValue).toBeNaN();
		expect(o?.significance.pValue).toBeGreaterThan(0);
	});
	test('explicit reference and error-rate testing', () => {
		const report = disparityReport(
			[
				{ key: 'African-American', counts: AFRICAN_AMERICAN },
				{ key: 'Caucasian', counts: CAUCASIAN }
			],
			{ referenceKey: 'Caucasian', testMetric: 'errorRate' }
		);
		expect(report.referenceKey).toBe('Caucasian');
		// errors: AA 805 + 532 = 1337 of 3696, Caucasian 349 + 461 = 810 of 2454.
		expect(report.groups[0]?.significance.positives).toBe(1337);
		expect(report.groups[1]?.significance.positives).toBe(810);
		expect(() => disparityReport([{ key: 'a', counts: CAUCASIAN }], { referenceKey: 'b' })).toThrow(RangeError);
	});
	test('BH across groups: a group with no difference is not flagged', () => {
		// Overall rate 0.5; 'same' matches it exactly, 'high' does not.
		const r = groupSignificance([
			{ key: 'same', n: 200, positives: 100 },
			{ key: 'high', n: 200, positives: 150 },
			{ key: 'low', n: 200, positives: 50 }
		]);
		expect(r[0]?.statistic).toBe(0);
		expect(r[0]?.flagged).toBe(false);
		expect(r[1]?.flagged).toBe(true);
		expect(r[2]?.flagged).toBe(true);
		for (const g of r) expect(g.adjustedPValue).toBeGreaterThanOrEqual(g.pValue);
	});
});

describe('SliceLine', () => {
	const totals = { n: 1000, errors: 100 }; // overall error rate 0.1
	test('score formula by hand (alpha = 0.6)', () => {
		// n=400, errors=120: 0.6 * (0.3/0.1 - 1) - 0.4 * (1000/400 - 1) = 1.2 - 0.6 = 0.6
		expect(sliceLineScore({ n: 400, errors: 120 }, totals)).toBeCloseTo(0.6, 14);
		// n=100, errors=40: 0.6 * 3 - 0.4 * 9 = -1.8
		expect(sliceLineScore({ n: 100, errors: 40 }, totals)).toBeCloseTo(-1.8, 14);
		// alpha = 1 ignores size: 0.4 / 0.1 - 1 = 3
		expect(sliceLineScore({ n: 100, errors: 40 }, totals, 1)).toBeCloseTo(3, 14);
		expect(sliceLineScore({ n: 10, errors: 1 }, { n: 100, errors: 0 })).toBeNaN();
	});
	test('top-k ranking, positive scores only', () => {
		const rows = [
			{ key: 'A', n: 100, errors: 40 }, // -1.8
			{ key: 'B', n: 500, errors: 100 }, // 0.6 * 1 - 0.4 * 1 = 0.2
			{ key: 'C', n: 200, errors: 90 }, // 0.6 * 3.5 - 0.4 * 4 = 0.5
			{ key: 'D', n: 400, errors: 120 }, // 0.6
			{ key: 'E', n: 20, errors: 20 } // below minSupport 32
		];
		const top = topKSlices(rows, totals);
		expect(top.map((s) => s.key)).toEqual(['D', 'C', 'B']);
		expect(top[1]?.score).toBeCloseTo(0.5, 14);
		expect(top[1]?.errorRate).toBeCloseTo(0.45, 15);
		expect(topKSlices(rows, totals, { k: 1 }).map((s) => s.key)).toEqual(['D']);
	});
	test('minSupport', () => {
		// totals 100 / 10 errors; slice 30 rows all wrong: 0.6 * (1/0.1 - 1) - 0.4 * (100/30 - 1) = 5.4 - 0.9333 = 4.4667
		const rows = [{ key: 'tiny', n: 30, errors: 30 }];
		expect(topKSlices(rows, { n: 100, errors: 10 })).toEqual([]);
		const kept = topKSlices(rows, { n: 100, errors: 10 }, { minSupport: 30 });
		expect(kept[0]?.score).toBeCloseTo(5.4 - 0.4 * (100 / 30 - 1), 14);
	});
	test('ties keep input order', () => {
		const x = { key: 'x', n: 400, errors: 120 };
		const y = { key: 'y', n: 400, errors: 120 };
		expect(topKSlices([x, y], totals).map((s) => s.key)).toEqual(['x', 'y']);
		expect(topKSlices([y, x], totals).map((s) => s.key)).toEqual(['y', 'x']);
	});
});

describe('representativeness', () => {
	test('ratios, flags and chi-square by hand', () => {
		// observed shares 0.7, 0.3 vs expected 0.5, 0.5 -> ratios 1.4 (over), 0.6 (under)
		// E = [50, 50]; X^2 = (20^2 + 20^2) / 50 = 16, df = 1 -> p = 2 P(Z > 4)
		const r = representativeness([
			{ key: 'a', observed: 70, expectedShare: 0.5 },
			{ key: 'b', observed: 30, expectedShare: 0.5 }
		]);
		expect(r.groups.map((g) => g.ratio)).toEqual([1.4, 0.6]);
		expect(r.groups.map((g) => g.flag)).toEqual(['over', 'under']);
		expect(r.groups.map((g) => g.expectedCount)).toEqual([50, 50]);
		expect(r.statistic).toBeCloseTo(16, 12);
		expect(r.dof).toBe(1);
		expect(r.pValue).toBeCloseTo(2 * normalSf(4), 18);
		expect(r.pValue).toBeCloseTo(2 * 3.16712e-5, 9); // normal table: P(Z > 4) = 3.16712e-5
	});
	test('band edges 0.8 and 1.25 are not flagged; shares are normalised', () => {
		const r = representativeness([
			{ key: 'a', observed: 60, expectedShare: 2 },
			{ key: 'b', observed: 40, expectedShare: 2 }
		]);
		// shares 0.5 / 0.5 after normalising; ratios 0.6/0.5 = 1.2, 0.4/0.5 = 0.8
		expect(r.groups.map((g) => g.flag)).toEqual([null, null]);
		expect(r.groups[1]?.ratio).toBeCloseTo(0.8, 15);
	});
});
