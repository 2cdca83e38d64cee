import { describe, expect, test } from 'vitest';
import {
	FISHER_RELATIVE_TOLERANCE,
	benjaminiHochberg,
	benjaminiHochbergTest,
	chiSquareGoodnessOfFit,
	chiSquareGoodnessOfFitShares,
	chiSquareIndependence,
	expectedCountsFromShares,
	fisherExact,
	normalSf,
	twoProportionZTest
} from '../../../src/lib/core/stats';

/** Exact C(n, k) as a BigInt. */
function binomBig(n: number, k: number): bigint {
	if (k < 0 || k > n) return 0n;
	let r = 1n;
	for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
	return r;
}

/**
 * Independent exact two-sided Fisher p-value with BigInt arithmetic: the tables
 * are compared by their exact integer weights C(r1, x) C(r2, c1 - x).
 */
function fisherBrute(a: number, b: number, c: number, d: number): number {
	const r1 = a + b;
	const r2 = c + d;
	const c1 = a + c;
	const weight = (x: number) => binomBig(r1, x) * binomBig(r2, c1 - x);
	const obs = weight(a);
	let num = 0n;
	let den = 0n;
	for (let x = Math.max(0, c1 - r2); x <= Math.min(c1, r1); x++) {
		const w = weight(x);
		den += w;
		if (w <= obs) num += w;
	}
	return Number((num * 10n ** 18n) / den) / 1e18;
}

describe('chi-square test of independence', () => {
	test('2x2 by hand: [[10, 20], [30, 40]]', () => {
		// Row totals 30, 70; column totals 40, 60; N = 100.
		// E = [[30*40/100, 30*60/100], [70*40/100, 70*60/100]] = [[12, 18], [28, 42]].
		// |O - E| = 2 everywhere: X^2 = 4/12 + 4/18 + 4/28 + 4/42 = 0.7936507936...
		const r = chiSquareIndependence([
			[10, 20],
			[30, 40]
		]);
		expect(r.expected).toEqual([
			[12, 18],
			[28, 42]
		]);
		expect(r.dof).toBe(1);
		expect(r.statistic).toBeCloseTo(4 / 12 + 4 / 18 + 4 / 28 + 4 / 42, 14);
		// df = 1: p = P(|Z| > sqrt(X^2)) = 2 P(Z > 0.890871...).
		expect(r.pValue).toBeCloseTo(2 * normalSf(Math.sqrt(r.statistic)), 14);
		// Yates: |O - E| - 0.5 = 1.5, X^2 = 2.25 * (1/12 + 1/18 + 1/28 + 1/42) = 0.6696428571...
		const y = chiSquareIndependence(
			[
				[10, 20],
				[30, 40]
			],
			{ correction: true }
		);
		expect(y.statistic).toBeCloseTo(2.25 * (1 / 12 + 1 / 18 + 1 / 28 + 1 / 42), 14);
	});
	test('2x2 shortcut formula N (ad - bc)^2 / (r1 r2 c1 c2) (COMPAS selection counts)', () => {
		// African-American selected 2174 of 3696, Caucasian 854 of 2454 (ProPublica COMPAS).
		const [a, b, c, d] = [2174, 1522, 854, 1600];
		const n = a + b + c + d;
		const shortcut = (n * (a * d - b * c) ** 2) / ((a + b) * (c + d) * (a + c) * (b + d));
		const r = chiSquareIndependence([
			[a, b],
			[c, d]
		]);
		expect(Math.abs(r.statistic - shortcut)).toBeLessThan(1e-10 * shortcut);
	});
	test('Yates correction never moves O past E (scipy gh-13875)', () => {
		// E = [[0.25, 0.75], [0.75, 2.25]]; |O - E| = 0.25 < 0.5, so corrected O = E and X^2 = 0.
		const r = chiSquareIndependence(
			[
				[0.5, 0.5],
				[0.5, 2.5]
			],
			{ correction: true }
		);
		expect(r.statistic).toBe(0);
	});
	test('2 x 3 table by hand', () => {
		// [[10, 10, 20], [20, 20, 20]]: totals rows 40, 60; cols 30, 30, 40; N 100.
		// E = [[12, 12, 16], [18, 18, 24]]; X^2 = 4/12 + 4/12 + 16/16 + 4/18 + 4/18 + 16/24 = 2.7777...
		const r = chiSquareIndependence([
			[10, 10, 20],
			[20, 20, 20]
		]);
		expect(r.dof).toBe(2);
		expect(r.statistic).toBeCloseTo(4 / 12 + 4 / 12 + 1 + 4 / 18 + 4 / 18 + 16 / 24, 14);
		// df = 2: p = exp(-X^2 / 2).
		expect(r.pValue).toBeCloseTo(Math.exp(-r.statistic / 2), 14);
	});
	test('degenerate tables', () => {
		const zero = chiSquareIndependence([
			[0, 5],
			[0, 7]
		]);
		expect(zero.statistic).toBeNaN();
		expect(zero.pValue).toBeNaN();
		const single = chiSquareIndependence([[3, 4, 5]]);
		expect(single).toMatchObject({ statistic: 0, pValue: 1, dof: 0 });
		expect(() => chiSquareIndependence([[1, 2], [3]])).toThrow(RangeError);
		expect(() => chiSquareIndependence([[1, -2], [3, 4]])).toThrow(RangeError);
	});
});

describe('chi-square goodness of fit', () => {
	test('uniform expectation by hand: [50, 30, 20]', () => {
		// E = 100/3 each; X^2 = ((50-E)^2 + (30-E)^2 + (20-E)^2) / E = (277.78 + 11.11 + 177.78) / 33.33 = 14
		const r = chiSquareGoodnessOfFit([50, 30, 20]);
		expect(r.statistic).toBeCloseTo(14, 12);
		expect(r.dof).toBe(2);
		expect(r.pValue).toBeCloseTo(Math.exp(-7), 14);
	});
	test('shares are scaled to the observed total', () => {
		expect(Array.from(expectedCountsFromShares([30, 70], [1, 3]))).toEqual([25, 75]);
		// X^2 = 25/25 + 25/75 = 1.3333...
		expect(chiSquareGoodnessOfFitShares([30, 70], [0.25, 0.75]).statistic).toBeCloseTo(4 / 3, 14);
	});
	test('totals must agree, as in scipy', () => {
		expect(() => chiSquareGoodnessOfFit([10, 10], [5, 10])).toThrow(RangeError);
		expect(() => expectedCountsFromShares([1, 2], [0.5])).toThrow(RangeError);
	});
	test('expected 0 with observed > 0 gives Infinity and p = 0', () => {
		const r = chiSquareGoodnessOfFit([5, 5], [10, 0]);
		expect(r.statistic).toBe(Infinity);
		expect(r.pValue).toBe(0);
	});
});

describe("Fisher's exact test", () => {
	test("Fisher's tea tasting [[3, 1], [1, 3]]", () => {
		// P(x) = C(4,x) C(4,4-x) / C(8,4) = (1, 16, 36, 16, 1) / 70 for x = 0..4; observed x = 3.
		// Two-sided: tables with P <= 16/70 are x = 0, 1, 3, 4 -> 34/70.
		const r = fisherExact([
			[3, 1],
			[1, 3]
		]);
		expect(r.pValue).toBeCloseTo(34 / 70, 14);
		expect(r.oddsRatio).toBe(9); // (3 * 3) / (1 * 1)
		// 'greater': x >= 3 -> 17/70; 'less': x <= 3 -> 69/70.
		expect(fisherExact([[3, 1], [1, 3]], 'greater').pValue).toBeCloseTo(17 / 70, 14);
		expect(fisherExact([[3, 1], [1, 3]], 'less').pValue).toBeCloseTo(69 / 70, 14);
	});
	test('small tables match exact BigInt enumeration', () => {
		const tables: [number, number, number, number][] = [
			[1, 9, 11, 3],
			[8, 2, 1, 5],
			[0, 5, 6, 0],
			[2, 7, 8, 2],
			[10, 10, 10, 10],
			[12, 5, 3, 20],
			[40, 60, 55, 45]
		];
		for (const [a, b, c, d] of tables) {
			const expected = fisherBrute(a, b, c, d);
			const got = fisherExact([
				[a, b],
				[c, d]
			]).pValue;
			expect(Math.abs(got - expected)).toBeLessThan(1e-12 * Math.max(expected, 1e-6));
		}
	});
	test('symmetric table: both tails are equally likely and are both counted', () => {
		// [[1, 4], [4, 1]]: P(x) = C(5,x) C(5,5-x) / C(10,5) = (1, 25, 100, 100, 25, 1) / 252
		// observed x = 1 (25/252): tables 0, 1, 4, 5 -> 52/252.
		expect(fisherExact([[1, 4], [4, 1]]).pValue).toBeCloseTo(52 / 252, 14);
		expect(FISHER_RELATIVE_TOLERANCE).toBe(1e-7);
	});
	test('zero margins and infinite odds ratio', () => {
		expect(fisherExact([[0, 0], [3, 4]])).toEqual({ oddsRatio: NaN, pValue: 1 });
		const r = fisherExact([[5, 0], [0, 5]]);
		expect(r.oddsRatio).toBe(Infinity);
		// Only x = 0 and x = 5 have probability 1/252 each: p = 2/252.
		expect(r.pValue).toBeCloseTo(2 / 252, 14);
		expect(() => fisherExact([[1.5, 2], [3, 4]])).toThrow(RangeError);
	});
});

describe('Benjamini-Hochberg', () => {
	// Benjamini & Hochberg (1995), section 4.2: 15 p-values from a clinical trial.
	const pValues = [
		0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
		0.6528, 0.759, 1.0
	];
	test('textbook example: 4 rejections at q = 0.05', () => {
		// i alpha / m = i / 300: p(4) = 0.0095 <= 4/300 = 0.0133; p(i) > i/300 for every i >= 5.
		const r = benjaminiHochbergTest(pValues, 0.05);
		expect(r.reject).toEqual(pValues.map((_, i) => i < 4));
	});
	test('adjusted values by hand', () => {
		const adj = benjaminiHochberg(pValues);
		// adj(i) = min_{j >= i} 15 p(j) / j
		expect(adj[0]).toBeCloseTo(15 * 0.0001, 15); // 0.0015 (later ratios are larger)
		expect(adj[1]).toBeCloseTo((15 * 0.0004) / 2, 15); // 0.003
		expect(adj[2]).toBeCloseTo((15 * 0.0019) / 3, 15); // 0.0095
		expect(adj[3]).toBeCloseTo((15 * 0.0095) / 4, 15); // 0.035625 < 15*0.0201/5 = 0.0603
		// 15 p(j) / j for j = 5..9: 0.0603, 0.0695, 0.063857, 0.0645, 0.0765 (then >= 0.486)
		expect(adj[4]).toBeCloseTo((15 * 0.0201) / 5, 15); // 0.0603 is the minimum from j = 5 on
		expect(adj[5]).toBeCloseTo((15 * 0.0298) / 7, 15); // min(0.0695, 0.063857, ...) = 0.063857
		expect(adj[6]).toBeCloseTo((15 * 0.0298) / 7, 15);
		expect(adj[13]).toBeCloseTo((15 * 0.759) / 14, 15); // 0.813214...
		expect(adj[14]).toBe(1);
	});
	test('monotone in the raw p-values, capped at 1, order preserved, NaN passthrough', () => {
		const shuffled = [0.04, NaN, 0.01, 0.03, 0.9, 0.02];
		const r = benjaminiHochbergTest(shuffled, 0.05);
		// m = 5 (NaN excluded). Sorted: 0.01, 0.02, 0.03, 0.04, 0.9 -> 5p/i = 0.05, 0.05, 0.05, 0.05, 0.9.
		expect(r.adjusted[1]).toBeNaN();
		expect(r.reject[1]).toBe(false);
		for (const i of [0, 2, 3, 5]) expect(r.adjusted[i]).toBeCloseTo(0.05, 15);
		expect(r.adjusted[4]).toBeCloseTo(0.9, 15);
		expect(r.reject).toEqual([true, false, true, true, false, true]);
		expect(Array.from(benjaminiHochberg([0.9, 0.95]))).toEqual([0.95, 0.95]);
		expect(Array.from(benjaminiHochberg([]))).toEqual([]);
	});
});

describe('two-proportion z-test', () => {
	test('30/100 vs 50/100 by hand', () => {
		// Pooled P = 80/200 = 0.4; SE = sqrt(0.4 * 0.6 * (1/100 + 1/100)) = sqrt(0.0048) = 0.0692820
		// z = (0.3 - 0.5) / 0.0692820 = -2.8867513; p = 2 P(Z > 2.8867513) = 0.003892 (normal table).
		const r = twoProportionZTest(30, 100, 50, 100);
		expect(r.statistic).toBeCloseTo(-0.2 / Math.sqrt(0.0048), 12);
		expect(r.pValue).toBeCloseTo(0.003892, 6);
		expect(r.pValue).toBe(2 * normalSf(Math.abs(r.statistic)));
	});
	test('agrees with the 2x2 chi-square without correction (z^2 = X^2)', () => {
		const z = twoProportionZTest(30, 100, 50, 100);
		const chi = chiSquareIndependence([
			[30, 70],
			[50, 50]
		]);
		expect(z.statistic ** 2).toBeCloseTo(chi.statistic, 12);
		expect(z.pValue).toBeCloseTo(chi.pValue, 13);
	});
	test('no variation: p = 1; empty sample: NaN', () => {
		expect(twoProportionZTest(0, 10, 0, 20)).toMatchObject({ statistic: 0, pValue: 1 });
		expect(twoProportionZTest(10, 10, 20, 20)).toMatchObject({ statistic: 0, pValue: 1 });
		expect(twoProportionZTest(0, 0, 1, 2).pValue).toBeNaN();
		expect(() => twoProportionZTest(3, 2, 1, 2)).toThrow(RangeError);
	});
});
