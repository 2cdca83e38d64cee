/**
 * Two-sample Kolmogorov-Smirnov test, equal to scipy 1.10
 * `stats.ks_2samp(a, b)` with the defaults alternative='two-sided', method='auto'.
 *
 * - Statistic: D = max_x |F_a(x) - F_b(x)|, with both empirical CDFs evaluated
 *   (right-continuous, counting ties) at every data point of the merged sample.
 * - method 'auto': 'exact' when max(n1, n2) <= 10000, else 'asymp'.
 * - exact: D is snapped to the lattice h / lcm(n1, n2) with h = round(D lcm), and
 *   p = P(D >= h / lcm) under H0 (all C(n1+n2, n1) arrangements equally likely):
 *   * n1 = n2 = n: the reflection formula (Hodges 1958, eq. for Pr(D_nn >= h/n))
 *       p = 2 sum_{k>=1} (-1)^(k-1) C(2n, n - kh) / C(2n, n),
 *     evaluated as a nested product 2 R0 (1 - R1 (1 - R2 (1 - ...))) of the ratios
 *     R_k = C(2n, n-(k+1)h) / C(2n, n-kh) (no cancellation);
 *   * n1 != n2: the lattice-path "inside" method of Hodges (1958) in the form that
 *     propagates the probability of having left the band (T. Viehmann 2021,
 *     "Numerically more stable computation of the p-values for the two-sample
 *     Kolmogorov-Smirnov test", arXiv:2102.08037), O(n1 * band width).
 *   If the exact value is not a finite number in [0, 1], scipy falls back to 'asymp'; so do we.
 * - asymp: p = kstwo.sf(D, round_half_even(n1 n2 / (n1 + n2))) (see `kolmogorov.ts`).
 * - NaN in either sample gives NaN statistic and p-value (scipy's nan_policy='propagate').
 */
import { kolmogorovSmirnovSf } from './kolmogorov';
import { gcd, hasNaN, roundHalfEven, sortedCopy, type NumericArray } from './numeric-utils';

/** scipy 1.10 `ks_2samp`: method 'auto' is exact when max(n1, n2) <= MAX_AUTO_N. */
export const KS_MAX_EXACT_N = 10000;

export type KsMethod = 'exact' | 'asymp';

export interface KsResult {
	/** KS statistic D (snapped to the h / lcm lattice in exact mode, like scipy). */
	statistic: number;
	/** Two-sided p-value. */
	pValue: number;
	/** The method scipy would use and we used. */
	method: KsMethod;
}

/**
 * Two-sample KS test of `a` against `b` (scipy 1.10 `ks_2samp`, two-sided, method auto).
 * Inputs are not modified. Throws RangeError if a sample is empty (like scipy).
 */
export function ks2samp(a: NumericArray, b: NumericArray): KsResult {
	if (a.length === 0 || b.length === 0) {
		throw new RangeError('ks2samp: samples must not be empty');
	}
	if (hasNaN(a) || hasNaN(b)) {
		return { statistic: NaN, pValue: NaN, method: chooseMethod(a.length, b.length) };
	}
	return ks2sampSorted(sortedCopy(a), sortedCopy(b));
}

function chooseMethod(n1: number, n2: number): KsMethod {
	return Math.max(n1, n2) <= KS_MAX_EXACT_N ? 'exact' : 'asymp';
}

/**
 * KS statistic max |F_a - F_b| of two ascending, NaN-free samples, computed as
 * scipy does: the difference of the two CDF fractions at each distinct value.
 */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
	const n1 = a.length;
	const n2 = b.length;
	let i = 0;
	let j = 0;
	let maxDiff = 0;
	let minDiff = 0;
	while (i < n1 || j < n2) {
		const va = i < n1 ? (a[i] as number) : Infinity;
		const vb = j < n2 ? (b[j] as number) : Infinity;
		const v = va <= vb ? va : vb;
		// Advance past every copy of v in both samples (ties count in both CDFs).
		while (i < n1 && (a[i] as number) <= v) i++;
		while (j < n2 && (b[j] as number) <= v) j++;
		const diff = i / n1 - j / n2;
		if (diff > maxDiff) maxDiff = diff;
		if (diff < minDiff) minDiff = diff;
	}
	return Math.max(maxDiff, Math.min(-minDiff, 1));
}

/**
 * `ks2samp` for samples that are already sorted ascending and contain no NaN
 * (lets callers that need sorted data for several statistics sort only once).
 */
export function ks2sampSorted(a: Float64Array, b: Float64Array): KsResult {
	const n1 = a.length;
	const n2 = b.length;
	if (n1 === 0 || n2 === 0) throw new RangeError('ks2samp: samples must not be empty');
	const d = ksStatisticSorted(a, b);
	let method = chooseMethod(n1, n2);
	if (method === 'exact') {
		const g = gcd(n1, n2);
		const lcm = (n1 / g) * n2;
		const h = Math.round(d * lcm);
		const snapped = h / lcm;
		const p = h === 0 ? 1 : ksExactPValue(n1, n2, h);
		if (Number.isFinite(p) && p >= 0 && p <= 1) {
			return { statistic: snapped, pValue: p, method };
		}
		method = 'asymp';
		return { statistic: snapped, pValue: asymptoticPValue(n1, n2, snapped), method };
	}
	return { statistic: d, pValue: asymptoticPValue(n1, n2, d), method };
}

/** scipy's asymptotic two-sided p-value: kstwo.sf(d, round(n1 n2 / (n1 + n2))). */
function asymptoticPValue(n1: number, n2: number, d: number): number {
	const m = Math.max(n1, n2);
	const n = Math.min(n1, n2);
	const en = (m * n) / (m + n);
	const p = kolmogorovSmirnovSf(roundHalfEven(en), d);
	return Math.min(1, Math.max(0, p));
}

/**
 * Exact two-sided P(D >= h / lcm(n1, n2)) under H0 for integers 1 <= h.
 * May return a value slightly outside [0, 1] from rounding (caller falls back).
 */
export function ksExactPValue(n1: number, n2: number, h: number): number {
	if (n1 === n2) return probOutsideSquare(n1, h);
	return probOutsideBand(n1, n2, h);
}

/**
 * n1 = n2 = n, lattice distance h (D = h / n):
 * 2 sum_{k>=1} (-1)^(k-1) C(2n, n-kh) / C(2n, n) as 2 R0 (1 - R1 (1 - R2 (...))).
 */
function probOutsideSquare(n: number, h: number): number {
	// R_k = C(2n, n-(k+1)h) / C(2n, n-kh) = prod_{j<h} (n - kh - j) / (n + kh + j + 1);
	// R_k = 0 once n - (k+1)h < 0, so the innermost level is k = floor(n / h).
	let p = 0;
	for (let k = Math.floor(n / h); k >= 0; k--) {
		let ratio = 1;
		for (let j = 0; j < h; j++) ratio = (ratio * (n - k * h - j)) / (n + k * h + j + 1);
		p = ratio * (1 - p);
	}
	return 2 * p;
}

/**
 * n1 != n2: probability that a uniformly random lattice path from (0,0) to (m,n)
 * (m >= n, unit steps right or up) touches |x ng - y mg| >= h, where
 * mg = m / g, ng = n / g (i.e. |x/m - y/n| >= h / lcm).
 *
 * With A(x,y) the number of paths staying strictly inside, a(x,y) = A(x,y) / C(x+y, y)
 * satisfies a(x,y) = (x a(x-1,y) + y a(x,y-1)) / (x + y); the same recurrence holds for
 * b = 1 - a with b = 1 at points outside the band. Propagating b (the quantity we
 * want) avoids subtracting a number close to 1, so tiny p-values keep full relative
 * precision. Only the band of the current column is stored.
 */
function probOutsideBand(n1: number, n2: number, h: number): number {
	const m = Math.max(n1, n2);
	const n = Math.min(n1, n2);
	const g = gcd(m, n);
	const mg = m / g;
	const ng = n / g;
	// Column x: inside rows y satisfy (x ng - h) / mg < y < (x ng + h) / mg, 0 <= y <= n.
	const lowRow = (x: number) => Math.min(Math.max(Math.floor((x * ng - h) / mg) + 1, 0), n);
	const highRowExclusive = (x: number) => Math.min(Math.ceil((x * ng + h) / mg), n + 1);
	let prev = new Float64Array(n + 1);
	let next = new Float64Array(n + 1);
	// Column 0: b = 0 inside (path has not left yet), 1 outside.
	let prevLo = 0;
	let prevHi = highRowExclusive(0);
	for (let y = prevLo; y < prevHi; y++) prev[y] = 0;
	for (let x = 1; x <= m; x++) {
		const lo = lowRow(x);
		const hi = highRowExclusive(x);
		if (hi <= lo) return 1;
		// b(x, lo - 1) is outside (or y < 0 with weight 0): value 1.
		let below = 1;
		for (let y = lo; y < hi; y++) {
			const left = y >= prevLo && y < prevHi ? (prev[y] as number) : 1;
			const value = (x * left + y * below) / (x + y);
			next[y] = value;
			below = value;
		}
		const swap = prev;
		prev = next;
		next = swap;
		prevLo = lo;
		prevHi = hi;
	}
	return prev[n] as number;
}
