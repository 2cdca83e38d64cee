/**
 * Two-sample z-test for the difference of two proportions with the pooled
 * standard error (the test Evidently uses for drift of binary categorical columns):
 *   p1 = x1 / n1, p2 = x2 / n2, P = (x1 + x2) / (n1 + n2),
 *   z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)),  p-value = 2 P(Z > |z|).
 * Evidently computes 2 (1 - Phi(|z|)), which loses precision below ~1e-16; we use the
 * normal upper tail directly (identical otherwise).
 */
import { normalSf } from './distributions';
import { assertNonNegative } from './numeric-utils';

export interface TwoProportionZResult {
	/** z statistic (positive when the first proportion is larger). */
	statistic: number;
	/** Two-sided p-value. */
	pValue: number;
	/** The two proportions. */
	p1: number;
	p2: number;
}

/**
 * z-test of x1/n1 against x2/n2. When both samples contain only successes or only
 * failures (pooled P is 0 or 1) there is no evidence of a difference: z = 0,
 * p = 1 (Evidently returns p = 1 when both samples hold the same single value).
 * An empty sample gives NaN.
 */
export function twoProportionZTest(
	x1: number,
	n1: number,
	x2: number,
	n2: number
): TwoProportionZResult {
	assertNonNegative(x1, 'x1');
	assertNonNegative(x2, 'x2');
	assertNonNegative(n1, 'n1');
	assertNonNegative(n2, 'n2');
	if (x1 > n1 || x2 > n2) throw new RangeError('twoProportionZTest: successes exceed trials');
	if (n1 === 0 || n2 === 0) return { statistic: NaN, pValue: NaN, p1: x1 / n1, p2: x2 / n2 };
	const p1 = x1 / n1;
	const p2 = x2 / n2;
	const pooled = (x1 + x2) / (n1 + n2);
	if (pooled === 0 || pooled === 1) return { statistic: 0, pValue: 1, p1, p2 };
	const statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
	return { statistic, pValue: Math.min(1, 2 * normalSf(Math.abs(statistic))), p1, p2 };
}
