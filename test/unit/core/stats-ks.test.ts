import { describe, expect, test } from 'vitest';
import {
	KS_MAX_EXACT_N,
	kolmogorovMethods,
	kolmogorovSmirnovCdf,
	kolmogorovSmirnovSf,
	ks2samp,
	ksExactPValue,
	ksStatisticSorted,
	smirnovSf
} from '../../../src/lib/core/stats';

/** All k-subsets of {0..n-1} (as index arrays). */
function* subsets(n: number, k: number, start = 0, prefix: number[] = []): Generator<number[]> {
	if (prefix.length === k) {
		yield prefix;
		return;
	}
	for (let i = start; i <= n - (k - prefix.length); i++) yield* subsets(n, k, i + 1, [...prefix, i]);
}

/**
 * Brute-force permutation p-value of the two-sample KS test for distinct values:
 * enumerate every way to split the n1 + n2 ranks into the two samples (all equally
 * likely under H0) and count splits with D >= observed D.
 */
function bruteForcePValue(n1: number, n2: number, observed: number): number {
	let hits = 0;
	let total = 0;
	for (const s of subsets(n1 + n2, n1)) {
		const inA = new Set(s);
		const a: number[] = [];
		const b: number[] = [];
		for (let r = 0; r < n1 + n2; r++) (inA.has(r) ? a : b).push(r);
		const d = ksStatisticSorted(Float64Array.from(a), Float64Array.from(b));
		if (d >= observed - 1e-12) hits++;
		total++;
	}
	return hits / total;
}

describe('two-sample KS statistic', () => {
	test('ties: both CDFs evaluated at every merged value', () => {
		// a = [1,2,2,3], b = [2,2,4]. At x = 1, 2, 3, 4:
		// F_a = 1/4, 3/4, 1, 1;  F_b = 0, 2/3, 2/3, 1;  |F_a - F_b| = 1/4, 1/12, 1/3, 0 -> D = 1/3.
		const r = ks2samp([1, 2, 2, 3], [2, 2, 4]);
		expect(r.statistic).toBeCloseTo(1 / 3, 15);
		// lcm(4, 3) = 12, D = 4 / 12 exactly on the lattice.
		expect(r.statistic).toBe(4 / 12);
	});
	test('identical samples: D = 0, p = 1; disjoint samples: D = 1', () => {
		expect(ks2samp([1, 2, 3], [3, 2, 1])).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
		expect(ks2samp([1, 2, 3], [10, 11]).statistic).toBe(1);
	});
	test('inputs are not modified', () => {
		const a = Float64Array.from([3, 1, 2]);
		ks2samp(a, [0.5, 5]);
		expect(Array.from(a)).toEqual([3, 1, 2]);
	});
	test('NaN propagates, empty sample throws', () => {
		const r = ks2samp([1, NaN], [1, 2]);
		expect(r.statistic).toBeNaN();
		expect(r.pValue).toBeNaN();
		expect(() => ks2samp([], [1])).toThrow(RangeError);
	});
});

describe('exact two-sample p-value', () => {
	test('disjoint samples of 3 and 3: only 2 of C(6,3) = 20 splits reach D = 1 -> p = 0.1', () => {
		expect(ks2samp([1, 2, 3], [4, 5, 6]).pValue).toBeCloseTo(2 / 20, 15);
	});
	test('disjoint samples of 2 and 4: 2 of C(6,2) = 15 splits have D = 1', () => {
		expect(ks2samp([1, 2], [3, 4, 5, 6]).pValue).toBeCloseTo(2 / 15, 15);
	});
	const sizes: [number, number][] = [
		[3, 3],
		[4, 4],
		[5, 5],
		[3, 5],
		[4, 6],
		[5, 7],
		[6, 4],
		[2, 9]
	];
	for (const [n1, n2] of sizes) {
		test(`matches brute-force enumeration for n1 = ${n1}, n2 = ${n2} at every attainable D`, () => {
			// Every lattice distance h / lcm that a split can produce.
			const lcm = (n1 * n2) / gcd(n1, n2);
			for (let h = 1; h <= lcm; h++) {
				const d = h / lcm;
				const brute = bruteForcePValue(n1, n2, d);
				const exact = ksExactPValue(n1, n2, h);
				// D only takes some lattice values; P(D >= d) is still defined for all.
				expect(Math.abs(exact - brute)).toBeLessThan(1e-12);
			}
		});
	}
	test('symmetric in the two samples', () => {
		const a = [0.1, 0.5, 0.9, 1.3, 2.2, 2.5, 3.1];
		const b = [0.4, 1.9, 2.0, 2.8, 3.3, 4.4, 5.0, 5.1, 6.2];
		expect(ks2samp(a, b).pValue).toBe(ks2samp(b, a).pValue);
	});
	test('equal sizes use the reflection formula: P(D_{n,n} >= 1) = 2 / C(2n, n)', () => {
		// Only the two completely separated arrangements reach D = 1: C(10,5) = 252.
		expect(ksExactPValue(5, 5, 5)).toBeCloseTo(2 / 252, 15);
		// Unequal sizes (band method): C(11,5) = 462 arrangements, two with D = 1.
		expect(ksExactPValue(5, 6, 30)).toBeCloseTo(2 / 462, 15);
	});
});

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

describe('method selection', () => {
	test(`exact up to max(n1, n2) = ${KS_MAX_EXACT_N}, asymptotic above`, () => {
		const small = Float64Array.from({ length: 50 }, (_, i) => i);
		const big = Float64Array.from({ length: KS_MAX_EXACT_N }, (_, i) => i * 0.37);
		expect(ks2samp(small, big).method).toBe('exact');
		const bigger = Float64Array.from({ length: KS_MAX_EXACT_N + 1 }, (_, i) => i * 0.37);
		expect(ks2samp(small, bigger).method).toBe('asymp');
	});
	test('asymptotic p-value for a clear shift is tiny, for interleaved samples large', () => {
		const n = 20000;
		const a = Float64Array.from({ length: n }, (_, i) => i);
		const shifted = Float64Array.from({ length: n }, (_, i) => i + 2000);
		const r = ks2samp(a, shifted);
		// D = 2000 / 20000 = 0.1, en = 10000, n D^2 = 100: p ~ 2 exp(-2 * 100) ~ 3e-87.
		expect(r.statistic).toBeCloseTo(0.1, 12);
		expect(r.pValue).toBeLessThan(1e-80);
		expect(r.pValue).toBeGreaterThan(0);
		const interleaved = Float64Array.from({ length: n }, (_, i) => i + 0.5);
		const r2 = ks2samp(a, interleaved);
		expect(r2.statistic).toBeCloseTo(1 / n, 15);
		expect(r2.pValue).toBe(1);
	});
});

describe('one-sample KS distributions (kstwo, smirnov)', () => {
	test('smirnov: n = 1 gives 1 - x; hand-computed Birnbaum-Tingey sum for n = 5, x = 0.5', () => {
		expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
		// 0.5 * [ 0.5^5 / 0.5 + 5 * 0.3^4 * 0.7^0 + 10 * 0.1^3 * 0.9^1 ] = 0.5 * (0.0625 + 0.0405 + 0.009) = 0.056
		expect(smirnovSf(5, 0.5)).toBeCloseTo(0.056, 14);
		expect(smirnovSf(5, 0)).toBe(1);
		expect(smirnovSf(5, 1)).toBe(0);
	});
	test('kstwo: n = 1 is D = max(U, 1 - U): P(D >= x) = 2 (1 - x) on [1/2, 1]', () => {
		for (const x of [0.55, 0.7, 0.9]) expect(kolmogorovSmirnovSf(1, x)).toBeCloseTo(2 * (1 - x), 14);
		expect(kolmogorovSmirnovSf(1, 0.4)).toBe(1);
	});
	test('kstwo: for x >= 1/2, P(D_n >= x) = 2 P(D_n+ >= x) exactly; Durbin matrix agrees', () => {
		// For n = 5, x = 0.5: 2 * 0.056 = 0.112 (hand computation above).
		expect(kolmogorovSmirnovSf(5, 0.5)).toBeCloseTo(0.112, 13);
		for (const n of [5, 12, 20]) {
			for (const x of [0.5, 0.6, 0.75]) {
				const durbinSf = 1 - kolmogorovMethods.durbinCdf(n, x);
				expect(Math.abs(durbinSf - 2 * smirnovSf(n, x))).toBeLessThan(1e-12);
			}
		}
	});
	test('kstwo: Ruben-Gambino lower end P(D_n <= x) = n!/n^n (2nx - 1)^n for 1/2n < x <= 1/n', () => {
		// n = 3, x = 0.3: 3!/27 * (1.8 - 1)^3 = (6/27) * 0.512 = 0.11377...
		expect(kolmogorovSmirnovCdf(3, 0.3)).toBeCloseTo((6 / 27) * 0.512, 14);
		// Durbin's matrix gives the same value (independent exact method).
		expect(kolmogorovMethods.durbinCdf(3, 0.3)).toBeCloseTo((6 / 27) * 0.512, 13);
	});
	test('Pelz-Good agrees with the exact Durbin matrix to O(n^-2)', () => {
		for (const [n, tol] of [
			[200, 5e-6],
			[1000, 2e-7],
			[5000, 1e-8]
		] as const) {
			for (const z of [0.5, 0.8, 1.0, 1.3]) {
				const x = z / Math.sqrt(n);
				const diff = kolmogorovMethods.pelzGoodCdf(n, x) - kolmogorovMethods.durbinCdf(n, x);
				expect(Math.abs(diff)).toBeLessThan(tol);
			}
		}
	});
	test('large n approaches the Kolmogorov limit 2 sum (-1)^(k-1) exp(-2 k^2 z^2)', () => {
		const n = 1_000_000;
		for (const z of [0.6, 1.0, 1.36, 2.0]) {
			let limit = 0;
			for (let k = 1; k < 100; k++) limit += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * z * z);
			// Finite-n correction is O(1/sqrt(n)) = 1e-3 relative at most.
			expect(Math.abs(kolmogorovSmirnovSf(n, z / Math.sqrt(n)) - limit)).toBeLessThan(2e-3 * limit + 1e-12);
		}
	});
	test('cdf + sf = 1', () => {
		for (const [n, x] of [
			[10, 0.2],
			[500, 0.05],
			[20000, 0.01]
		] as const) {
			expect(Math.abs(kolmogorovSmirnovCdf(n, x) + kolmogorovSmirnovSf(n, x) - 1)).toBeLessThan(1e-15);
		}
	});
});
