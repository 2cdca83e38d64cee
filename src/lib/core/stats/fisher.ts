/**
 * Fisher's exact test for a 2x2 table [[a, b], [c, d]] (scipy `stats.fisher_exact`).
 *
 * Conditioning on the margins, a ~ Hypergeometric(draws = a + c, marked = a + b,
 * unmarked = c + d). The two-sided p-value is the total probability of all tables
 * (with the same margins) whose probability is <= the observed table's probability,
 * with a relative tolerance of 1e-7 so that tables that are equally likely in exact
 * arithmetic are not lost to rounding (the rule of R's `fisher.test`; scipy uses the
 * same "<= p_obs * (1 + eps)" rule with a smaller eps, the results agree unless two
 * table probabilities differ by less than one part in 1e7).
 */
import { hypergeometricPmf } from './discrete';
import { assertCount } from './numeric-utils';

/** Relative tolerance for "as or less likely than the observed table" (R fisher.test: 1 + 1e-7). */
export const FISHER_RELATIVE_TOLERANCE = 1e-7;

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface FisherResult {
	/** Sample odds ratio a d / (b c): Infinity when b c = 0, NaN when a row or column total is 0. */
	oddsRatio: number;
	/** p-value for the chosen alternative (1 when a row or column total is 0). */
	pValue: number;
}

/** 2x2 table of non-negative integer counts. */
export type Table2x2 = readonly [readonly [number, number], readonly [number, number]];

/**
 * Fisher's exact test. `alternative` 'less' / 'greater' test odds ratio < 1 / > 1
 * (P(X <= a) / P(X >= a)), like scipy.
 */
export function fisherExact(
	table: Table2x2 | readonly (readonly number[])[],
	alternative: Alternative = 'two-sided'
): FisherResult {
	if (table.length !== 2 || table[0]?.length !== 2 || table[1]?.length !== 2) {
		throw new RangeError('fisherExact: table must be 2x2');
	}
	const a = table[0][0] as number;
	const b = table[0][1] as number;
	const c = table[1][0] as number;
	const d = table[1][1] as number;
	assertCount(a, 'a');
	assertCount(b, 'b');
	assertCount(c, 'c');
	assertCount(d, 'd');
	if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) {
		// No information about association: scipy returns (nan, 1.0).
		return { oddsRatio: NaN, pValue: 1 };
	}
	const oddsRatio = b > 0 && c > 0 ? (a * d) / (b * c) : Infinity;
	const marked = a + b;
	const unmarked = c + d;
	const draws = a + c;
	const lo = Math.max(0, draws - unmarked);
	const hi = Math.min(draws, marked);
	const pmf = (x: number) => hypergeometricPmf(x, marked, unmarked, draws);
	let p = 0;
	if (alternative === 'less') {
		for (let x = lo; x <= a; x++) p += pmf(x);
	} else if (alternative === 'greater') {
		for (let x = a; x <= hi; x++) p += pmf(x);
	} else {
		// Every table at most as likely as the observed one, summed directly (never 1 - ...),
		// so small p-values keep their relative precision. O(support) pmf evaluations.
		const threshold = pmf(a) * (1 + FISHER_RELATIVE_TOLERANCE);
		for (let x = lo; x <= hi; x++) {
			const px = pmf(x);
			if (px <= threshold) p += px;
		}
	}
	return { oddsRatio, pValue: Math.min(1, p) };
}
