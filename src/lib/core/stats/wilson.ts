/**
 * Wilson score interval for a binomial proportion (E. B. Wilson 1927):
 *   center = (p + z^2 / 2n) / (1 + z^2 / n)
 *   half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)
 * with p = successes / n. Matches statsmodels `proportion_confint(method='wilson')`.
 */
import { assertNonNegative } from './numeric-utils';

/** Standard normal 97.5% quantile, for 95% two-sided intervals (scipy norm.ppf(0.975)). */
export const Z_95 = 1.959963984540054;

export interface Interval {
	lo: number;
	hi: number;
}

/**
 * Wilson score interval. `n = 0` returns {lo: NaN, hi: NaN} (no data, no interval).
 * The bounds are clamped to [0, 1] and are exactly 0 when successes = 0 and exactly 1
 * when successes = n (the formula gives those values up to rounding).
 * Throws RangeError for negative / non-finite counts or successes > n.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval {
	assertNonNegative(successes, 'successes');
	assertNonNegative(n, 'n');
	if (successes > n) throw new RangeError(`successes (${successes}) > n (${n})`);
	if (n === 0) return { lo: NaN, hi: NaN };
	const p = successes / n;
	const z2 = z * z;
	const denom = 1 + z2 / n;
	const center = (p + z2 / (2 * n)) / denom;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
	const lo = successes === 0 ? 0 : Math.max(0, center - half);
	const hi = successes === n ? 1 : Math.min(1, center + half);
	return { lo, hi };
}
