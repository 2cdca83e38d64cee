import { describe, expect, test } from 'vitest';
import {
	binomialPmf,
	chiSquareCdf,
	chiSquareSf,
	erf,
	erfc,
	hypergeometricPmf,
	logFactorial,
	logGamma,
	normalCdf,
	normalSf,
	regularizedGammaP,
	regularizedGammaQ
} from '../../../src/lib/core/stats';

/** |a - e| <= tol * max(|e|, floor): relative, absolute below `floor`. */
function expectRel(actual: number, expected: number, tol: number, floor = 0): void {
	expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(Math.abs(expected), floor));
}

/**
 * exp(-x) is only defined to ~x ulps by its argument: a result computed through
 * ln-space carries a relative error of order x * 2^-52, so large arguments get
 * a proportionally larger tolerance.
 */
function expTol(x: number): number {
	return 1e-14 + 4 * Number.EPSILON * x;
}

/** Exact C(n, k) as a BigInt. */
function binomBig(n: number, k: number): bigint {
	if (k < 0 || k > n) return 0n;
	let r = 1n;
	for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
	return r;
}

describe('log-gamma and log-factorial', () => {
	test('Gamma(n) = (n-1)! for integers, including across the Stirling switch at 15', () => {
		let fact = 1;
		for (let n = 1; n <= 25; n++) {
			expectRel(logGamma(n + 1), Math.log(fact * n), 1e-14, 1);
			fact *= n;
			expectRel(logFactorial(n), Math.log(fact), 1e-14, 1);
		}
	});
	test('Gamma(1/2) = sqrt(pi), Gamma(3/2) = sqrt(pi)/2', () => {
		expectRel(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
		expectRel(logGamma(1.5), Math.log(Math.sqrt(Math.PI) / 2), 1e-13);
	});
	test('recurrence ln Gamma(x + 1) = ln Gamma(x) + ln x at non-integers', () => {
		for (const x of [0.1, 2.7, 14.3, 14.99, 15.5, 123.456, 1e5 + 0.5]) {
			expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(1e-12 * Math.max(1, logGamma(x + 1)));
		}
	});
	test('edge cases', () => {
		expect(logGamma(0)).toBe(Infinity);
		expect(logGamma(-1)).toBeNaN();
		expect(logFactorial(0)).toBe(0);
		expect(logFactorial(1.5)).toBeNaN();
	});
});

describe('regularized incomplete gamma', () => {
	test('Q(1, x) = exp(-x)', () => {
		for (const x of [1e-6, 0.3, 1, 2, 5, 30, 300]) expectRel(regularizedGammaQ(1, x), Math.exp(-x), expTol(x));
	});
	test('Q(n, x) = exp(-x) sum_{k<n} x^k / k! for integer n (Poisson tail)', () => {
		for (const n of [2, 3, 7, 20]) {
			for (const x of [0.5, 3, 10, 25, 60]) {
				let term = 1;
				let sum = 1;
				for (let k = 1; k < n; k++) {
					term *= x / k;
					sum += term;
				}
				expectRel(regularizedGammaQ(n, x), Math.exp(-x) * sum, 1e-13 + expTol(x));
			}
		}
	});
	test('P + Q = 1 on both sides of the series / continued-fraction switch', () => {
		for (const a of [0.5, 1.5, 10, 100, 2500]) {
			for (const f of [0.2, 0.9, 1.0, 1.1, 3]) {
				const x = a * f;
				expect(Math.abs(regularizedGammaP(a, x) + regularizedGammaQ(a, x) - 1)).toBeLessThan(1e-13);
			}
		}
	});
	test('invalid arguments give NaN, boundaries are exact', () => {
		expect(regularizedGammaP(0, 1)).toBeNaN();
		expect(regularizedGammaQ(1, -1)).toBeNaN();
		expect(regularizedGammaP(2, 0)).toBe(0);
		expect(regularizedGammaQ(2, 0)).toBe(1);
		expect(regularizedGammaQ(2, Infinity)).toBe(0);
	});
});

describe('chi-square', () => {
	test('df = 2: sf(x) = exp(-x/2)', () => {
		for (const x of [0.1, 1, 5.991464547107979, 50, 1000]) expectRel(chiSquareSf(x, 2), Math.exp(-x / 2), expTol(x / 2));
		// 5.991464547107979 is the tabulated 95% critical value for df = 2: exp(-2.9957...) = 0.05.
		expectRel(chiSquareSf(5.991464547107979, 2), 0.05, 1e-13);
	});
	test('df = 4: sf(x) = exp(-x/2) (1 + x/2)', () => {
		for (const x of [0.5, 4, 9.487729036781154, 80]) expectRel(chiSquareSf(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-13 + expTol(x / 2));
	});
	test('df = 1: sf(z^2) = 2 P(Z > z), tabulated 3.841458820694124 -> 0.05', () => {
		for (const z of [0.5, 1.96, 4, 11]) expectRel(chiSquareSf(z * z, 1), 2 * normalSf(z), 1e-13);
		expectRel(chiSquareSf(3.841458820694124, 1), 0.05, 1e-13);
	});
	test('cdf + sf = 1 and edge values', () => {
		expect(Math.abs(chiSquareCdf(7, 3) + chiSquareSf(7, 3) - 1)).toBeLessThan(1e-15);
		expect(chiSquareSf(0, 3)).toBe(1);
		expect(chiSquareSf(-1, 3)).toBe(1);
		expect(chiSquareSf(1, 0)).toBeNaN();
	});
});

describe('normal and error function', () => {
	test('textbook values', () => {
		expect(normalCdf(0)).toBe(0.5);
		// z_0.975 = 1.959963984540054, z_0.95 = 1.6448536269514722 (standard normal quantiles).
		expectRel(normalCdf(1.959963984540054), 0.975, 1e-15);
		expectRel(normalSf(1.6448536269514722), 0.05, 2e-14);
		// erf(1) = 0.8427007929497149 (Abramowitz & Stegun table 7.1).
		expectRel(erf(1), 0.8427007929497149, 1e-14);
		expectRel(erfc(1), 1 - 0.8427007929497149, 1e-14);
		expect(erf(-1)).toBe(-erf(1));
		expectRel(erfc(-1), 1 + 0.8427007929497149, 1e-14);
	});
	test('deep upper tail keeps relative accuracy (asymptotic Mills-ratio series)', () => {
		// P(Z > z) = phi(z) / z * (1 - 1/z^2 + 3/z^4 - 15/z^6 + 105/z^8 - ...); after the
		// 1/z^12 term the remainder is below 135135 / z^14 ~ 8e-14 at z = 20.
		for (const z of [20, 30, 37]) {
			const phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
			const z2 = z * z;
			const series = 1 - 1 / z2 + 3 / z2 ** 2 - 15 / z2 ** 3 + 105 / z2 ** 4 - 945 / z2 ** 5 + 10395 / z2 ** 6;
			expectRel(normalSf(z), (phi / z) * series, 1e-13 + expTol((z * z) / 2));
			expect(normalCdf(-z)).toBe(normalSf(z));
		}
	});
	test('symmetry', () => {
		for (const z of [0.1, 1, 3]) expect(Math.abs(normalCdf(z) + normalCdf(-z) - 1)).toBeLessThan(1e-15);
	});
});

describe('discrete distributions', () => {
	test('binomial pmf equals exact C(n,k) p^k q^(n-k)', () => {
		for (const [n, p] of [
			[10, 0.3],
			[40, 0.5],
			[60, 0.01]
		] as const) {
			for (let k = 0; k <= n; k++) {
				const exact = Number(binomBig(n, k)) * p ** k * (1 - p) ** (n - k);
				if (exact > 1e-290) expectRel(binomialPmf(k, n, p), exact, 1e-12);
			}
		}
		expect(binomialPmf(0, 5, 0)).toBe(1);
		expect(binomialPmf(5, 5, 1)).toBe(1);
		expect(binomialPmf(6, 5, 0.5)).toBe(0);
	});
	test('hypergeometric pmf equals exact C(K,x) C(N-K,n-x) / C(N,n) and sums to 1', () => {
		for (const [K, F, n] of [
			[4, 4, 4],
			[20, 30, 15],
			[7, 100, 12]
		] as const) {
			let total = 0;
			for (let x = 0; x <= n; x++) {
				const num = binomBig(K, x) * binomBig(F, n - x);
				const den = binomBig(K + F, n);
				const exact = Number((num * 10n ** 30n) / den) / 1e30;
				const got = hypergeometricPmf(x, K, F, n);
				total += got;
				if (exact > 1e-25) expectRel(got, exact, 1e-12);
				else expect(got).toBeLessThan(1e-24);
			}
			expect(Math.abs(total - 1)).toBeLessThan(1e-13);
		}
		// Tea tasting: C(4,3) C(4,1) / C(8,4) = 16 / 70.
		expectRel(hypergeometricPmf(3, 4, 4, 4), 16 / 70, 1e-14);
	});
});
