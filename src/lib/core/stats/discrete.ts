/**
 * Discrete probability mass functions: binomial and hypergeometric.
 *
 * Method: C. Loader (2000), "Fast and Accurate Computation of Binomial
 * Probabilities". The binomial mass is written as
 *   exp(delta(n) - delta(k) - delta(n-k) - bd0(k, np) - bd0(n-k, nq)) * sqrt(n / (2 pi k (n-k)))
 * with the Stirling error delta and the deviance term bd0, which keeps full
 * relative accuracy for any n (no large cancelling log-factorials). The
 * hypergeometric mass uses Loader's identity
 *   h(x; r, b, n) = b(x; r, p) b(n-x; b, p) / b(n; r+b, p),  p = n / (r + b).
 */
import { LN_2PI, devianceTerm, stirlingError } from './distributions';

/**
 * Binomial mass C(n, k) p^k q^(n-k) given the two means np and nq (so callers
 * can pass them without the rounding of q = 1 - p). Requires np + nq = n.
 */
export function binomialPmfFromMeans(k: number, n: number, np: number, nq: number): number {
	if (np <= 0) return k === 0 ? 1 : 0;
	if (nq <= 0) return k === n ? 1 : 0;
	if (k < 0 || k > n) return 0;
	const p = np / n;
	const q = nq / n;
	if (k === 0) {
		if (n === 0) return 1;
		// (1 - p)^n; the deviance form is more accurate when p is small.
		return Math.exp(p < 0.1 ? -devianceTerm(n, nq) - np : n * Math.log(q));
	}
	if (k === n) {
		return Math.exp(q < 0.1 ? -devianceTerm(n, np) - nq : n * Math.log(p));
	}
	const lc =
		stirlingError(n) -
		stirlingError(k) -
		stirlingError(n - k) -
		devianceTerm(k, np) -
		devianceTerm(n - k, nq);
	const lf = LN_2PI + Math.log(k) + Math.log1p(-k / n);
	return Math.exp(lc - 0.5 * lf);
}

/** Binomial probability mass P(X = k), X ~ Binomial(n, p), for integers 0 <= k <= n. */
export function binomialPmf(k: number, n: number, p: number): number {
	if (!(p >= 0 && p <= 1) || !Number.isInteger(n) || n < 0) return NaN;
	if (!Number.isInteger(k)) return 0;
	return binomialPmfFromMeans(k, n, n * p, n * (1 - p));
}

/**
 * Hypergeometric probability mass: drawing `draws` items without replacement
 * from `successes` marked and `failures` unmarked items, P(exactly `x` marked).
 * Equal to scipy `hypergeom.pmf(x, M = successes + failures, n = successes, N = draws)`.
 */
export function hypergeometricPmf(
	x: number,
	successes: number,
	failures: number,
	draws: number
): number {
	const total = successes + failures;
	if (draws < 0 || draws > total) return NaN;
	if (x < Math.max(0, draws - failures) || x > Math.min(draws, successes)) return 0;
	if (draws === 0 || draws === total) return 1;
	const np1 = (successes * draws) / total;
	const nq1 = (successes * (total - draws)) / total;
	const np2 = (failures * draws) / total;
	const nq2 = (failures * (total - draws)) / total;
	const p1 = binomialPmfFromMeans(x, successes, np1, nq1);
	const p2 = binomialPmfFromMeans(draws - x, failures, np2, nq2);
	const p3 = binomialPmfFromMeans(draws, total, draws, total - draws);
	return (p1 * p2) / p3;
}
