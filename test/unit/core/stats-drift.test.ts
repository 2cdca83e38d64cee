import { describe, expect, test } from 'vitest';
import {
	PSI_EMPTY_SHARE,
	chiSquareIndependence,
	chooseDriftTest,
	columnDrift,
	datasetDrift,
	jensenShannonDistance,
	ks2samp,
	normalizedWasserstein,
	populationStd,
	psiBand,
	psiCategorical,
	psiFromShares,
	psiNumeric,
	quantileSorted,
	twoProportionZTest,
	wassersteinDistance
} from '../../../src/lib/core/stats';

const range = (n: number, f: (i: number) => number = (i) => i) => Float64Array.from({ length: n }, (_, i) => f(i));

describe('quantile (numpy linear)', () => {
	test('by hand', () => {
		const x = [1, 2, 3, 4];
		expect(quantileSorted(x, 0.5)).toBe(2.5); // h = 1.5 -> 2 + 0.5 * 1
		expect(quantileSorted(x, 0.1)).toBeCloseTo(1.3, 15); // h = 0.3 -> 1 + 0.3 * 1
		expect(quantileSorted(x, 1)).toBe(4);
		expect(quantileSorted(x, 0)).toBe(1);
		expect(quantileSorted([], 0.5)).toBeNaN();
	});
});

describe('PSI', () => {
	test('bands', () => {
		expect(psiBand(0.05)).toBe('none');
		expect(psiBand(0.1)).toBe('moderate');
		expect(psiBand(0.2499)).toBe('moderate');
		expect(psiBand(0.25)).toBe('significant');
	});
	test('numeric by hand: reference 0..99, current 0..49', () => {
		// Reference deciles 9.9, 19.8, ..., 89.1 -> 10% per bin. Current fills the first 5 bins
		// with 20% each and leaves 5 empty (share -> 1e-4):
		// PSI = 5 (0.2 - 0.1) ln 2 + 5 (1e-4 - 0.1) ln(1e-4 / 0.1) = 0.3465736 + 3.4504238 = 3.7969974
		const r = psiNumeric(range(100), range(50));
		[9.9, 19.8, 29.7, 39.6, 49.5, 59.4, 69.3, 79.2, 89.1].forEach((e, i) => expect(r.edges[i]).toBeCloseTo(e, 12));
		const expected = 5 * 0.1 * Math.log(2) + 5 * (PSI_EMPTY_SHARE - 0.1) * Math.log(PSI_EMPTY_SHARE / 0.1);
		expect(r.psi).toBeCloseTo(expected, 12);
		expect(r.psi).toBeCloseTo(3.7969974, 7);
		expect(r.band).toBe('significant');
	});
	test('a value equal to an edge goes to the upper bin', () => {
		// Reference 0..10 (11 values): deciles are exactly 1, 2, ..., 9 (h = 10 q).
		const r = psiNumeric(range(11), [1, 1, 1, 1]);
		expect(Array.from(r.edges)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(r.currentShares[1]).toBe(1);
		expect(r.currentShares[0]).toBe(0);
		// Reference: one value per bin, two (9 and 10) in the last.
		expect(Array.from(r.referenceShares)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2].map((c) => c / 11));
	});
	test('identical samples give 0; categorical PSI over the union of categories', () => {
		expect(psiNumeric(range(100), range(100)).psi).toBe(0);
		// ref a: 50%, b: 50%; cur a: 50%, c: 50% -> b and c have an empty side (1e-4):
		// (1e-4 - 0.5) ln(1e-4 / 0.5) + (0.5 - 1e-4) ln(0.5 / 1e-4) = 2 * 0.4999 * ln(5000) = 8.514...
		const r = psiCategorical({ a: 5, b: 5 }, new Map([['a', 1], ['c', 1]]));
		expect(r.categories).toEqual(['a', 'b', 'c']);
		expect(r.psi).toBeCloseTo(2 * 0.4999 * Math.log(5000), 12);
		expect(psiFromShares([0.5, 0.5], [0.5, 0.5])).toBe(0);
	});
});

describe('distances', () => {
	test('Wasserstein by hand', () => {
		// A pure shift by 5 moves all mass by 5.
		expect(wassersteinDistance([0, 1, 3], [5, 6, 8])).toBeCloseTo(5, 14);
		// F_u - F_v = 1 - 0.5 on [1, 2): W = 0.5 * 1.
		expect(wassersteinDistance([0, 1], [0, 2])).toBeCloseTo(0.5, 15);
		// Ties and unequal sizes: u = [0, 0, 1], v = [0, 1, 1]: |2/3 - 1/3| on [0, 1) -> 1/3.
		expect(wassersteinDistance([0, 0, 1], [1, 0, 1])).toBeCloseTo(1 / 3, 15);
		expect(wassersteinDistance([1, NaN], [1])).toBeNaN();
	});
	test('normalised Wasserstein: population std, floored at 0.001', () => {
		// std([0, 1, 3]) = sqrt(((4/3)^2 + (1/3)^2 + (5/3)^2) / 3) = sqrt(42/27) = 1.2472191
		expect(populationStd([0, 1, 3])).toBeCloseTo(Math.sqrt(42 / 27), 15);
		expect(normalizedWasserstein([0, 1, 3], [5, 6, 8])).toBeCloseTo(5 / Math.sqrt(42 / 27), 13);
		// Constant reference: std 0 -> floor 0.001; W = 1 -> 1000.
		expect(normalizedWasserstein([2, 2, 2], [3, 3])).toBeCloseTo(1000, 10);
	});
	test('Jensen-Shannon by hand (natural log)', () => {
		// Disjoint supports: JS divergence = ln 2.
		expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 15);
		// p = (0.5, 0.5), q = (1, 0), m = (0.75, 0.25):
		// KL(p||m) = 0.5 ln(2/3) + 0.5 ln 2 = 0.143841; KL(q||m) = ln(4/3) = 0.287682
		// JS = (0.143841 + 0.287682) / 2 = 0.2157615 -> distance 0.464501
		const expected = Math.sqrt((0.5 * Math.log(2 / 3) + 0.5 * Math.log(2) + Math.log(4 / 3)) / 2);
		expect(jensenShannonDistance([0.5, 0.5], [1, 0])).toBeCloseTo(expected, 15);
		expect(expected).toBeCloseTo(0.464501, 6);
		// Counts are normalised like shares; identical distributions give 0.
		expect(jensenShannonDistance([1, 1], [1, 0])).toBeCloseTo(expected, 15);
		expect(jensenShannonDistance([2, 3], [4, 6])).toBe(0);
	});
});

describe('drift test selection (Evidently defaults)', () => {
	test('small reference: KS / chi-square / z, p < 0.05', () => {
		expect(chooseDriftTest({ kind: 'numeric', refSize: 1000, nUnique: 50 })).toEqual({
			test: 'ks',
			threshold: 0.05,
			kind: 'p_value'
		});
		expect(chooseDriftTest({ kind: 'numeric', refSize: 500, nUnique: 5 }).test).toBe('chisquare');
		expect(chooseDriftTest({ kind: 'numeric', refSize: 500, nUnique: 6 }).test).toBe('ks');
		expect(chooseDriftTest({ kind: 'categorical', refSize: 500, nUnique: 3 }).test).toBe('chisquare');
		expect(chooseDriftTest({ kind: 'categorical', refSize: 500, nUnique: 2 }).test).toBe('z');
	});
	test('large reference: normalised Wasserstein / Jensen-Shannon, distance >= 0.1', () => {
		expect(chooseDriftTest({ kind: 'numeric', refSize: 1001, nUnique: 50 })).toEqual({
			test: 'wasserstein',
			threshold: 0.1,
			kind: 'distance'
		});
		expect(chooseDriftTest({ kind: 'numeric', refSize: 5000, nUnique: 4 }).test).toBe('jensenshannon');
		expect(chooseDriftTest({ kind: 'categorical', refSize: 5000, nUnique: 2 }).test).toBe('jensenshannon');
	});
});

describe('columnDrift', () => {
	test('small numeric reference runs KS', () => {
		const ref = range(200, (i) => i / 10);
		const cur = range(150, (i) => i / 10 + 8);
		const r = columnDrift(ref, cur);
		const ks = ks2samp(ref, cur);
		expect(r).toMatchObject({ test: 'ks', kind: 'p_value', threshold: 0.05, testedAs: 'numeric' });
		expect(r.pValue).toBe(ks.pValue);
		expect(r.statistic).toBe(ks.statistic);
		expect(r.drifted).toBe(ks.pValue < 0.05);
		expect(r.drifted).toBe(true);
		expect(r.psi).toBe(psiNumeric(ref, cur).psi);
	});
	test('NaN values are dropped', () => {
		const ref = range(100, (i) => i);
		const cur = range(100, (i) => i + 0.5);
		const withNaN = Float64Array.from([...ref, NaN, NaN]);
		expect(columnDrift(withNaN, cur)).toEqual(columnDrift(ref, cur));
	});
	test('large numeric reference runs normalised Wasserstein', () => {
		const ref = range(2000, (i) => (i % 100) / 10);
		const cur = range(1000, (i) => (i % 100) / 10 + 0.5);
		const r = columnDrift(ref, cur);
		expect(r.test).toBe('wasserstein');
		// A shift of 0.5 moves every unit of mass by 0.5: W = 0.5, std of 0.0..9.9 = sqrt((100^2 - 1)/12) / 10.
		expect(r.distance).toBeCloseTo(0.5 / (Math.sqrt((100 * 100 - 1) / 12) / 10), 12);
		expect(r.drifted).toBe(true);
	});
	test('numeric with <= 5 distinct values is tested as categorical', () => {
		const ref = range(300, (i) => i % 3);
		const cur = range(300, (i) => (i % 4 === 0 ? 0 : i % 3));
		const r = columnDrift(ref, cur);
		expect(r.testedAs).toBe('categorical');
		expect(r.test).toBe('chisquare');
		// ref counts 0,1,2 = 100 each; cur: multiples of 4 -> 0, others by i % 3.
		const curCounts = [0, 0, 0];
		for (let i = 0; i < 300; i++) {
			const v = i % 4 === 0 ? 0 : i % 3;
			curCounts[v] = (curCounts[v] as number) + 1;
		}
		const chi = chiSquareIndependence([[100, 100, 100], curCounts]);
		expect(r.pValue).toBeCloseTo(chi.pValue, 15);
		const binary = columnDrift(range(100, (i) => i % 2), range(100, (i) => (i % 5 === 0 ? 1 : 0)));
		expect(binary.test).toBe('z');
		// ref 50/100 zeros, cur 80/100 zeros.
		expect(binary.pValue).toBeCloseTo(twoProportionZTest(50, 100, 80, 100).pValue, 15);
	});
	test('categorical count maps: JS for large references, overrides, goodness-of-fit mode', () => {
		const ref = new Map([
			['a', 3000],
			['b', 2000]
		]);
		const cur = { a: 2000, b: 3000 };
		const r = columnDrift(ref, cur);
		expect(r.test).toBe('jensenshannon');
		expect(r.distance).toBeCloseTo(jensenShannonDistance([0.6, 0.4], [0.4, 0.6]), 15);
		expect(r.drifted).toBe(true);
		const z = columnDrift(ref, cur, { test: 'z' });
		expect(z.pValue).toBe(twoProportionZTest(3000, 5000, 2000, 5000).pValue);
		const loose = columnDrift(ref, cur, { threshold: 0.5 });
		expect(loose.drifted).toBe(false);
		// Evidently's chi-square: current counts vs reference shares scaled to the current total.
		// E = [3000, 2000]: X^2 = 1000^2/3000 + 1000^2/2000 = 833.33
		const gof = columnDrift(ref, cur, { test: 'chisquare', chiSquareMode: 'goodness-of-fit' });
		expect(gof.statistic).toBeCloseTo(1e6 / 3000 + 1e6 / 2000, 9);
	});
	test('empty sample after dropping NaN: NaN result, not drifted', () => {
		const r = columnDrift([NaN, NaN], range(10));
		expect(r.drifted).toBe(false);
		expect(r.statistic).toBeNaN();
	});
});

describe('datasetDrift', () => {
	test('drifted when at least half the columns drift', () => {
		expect(datasetDrift([{ drifted: true }, { drifted: false }])).toEqual({
			driftedColumns: 1,
			totalColumns: 2,
			share: 0.5,
			drifted: true
		});
		expect(datasetDrift([{ drifted: true }, { drifted: false }, { drifted: false }]).drifted).toBe(false);
		expect(datasetDrift([{ drifted: true }, { drifted: false }, { drifted: false }], 0.3).drifted).toBe(true);
		expect(datasetDrift([]).drifted).toBe(false);
	});
});
