/**
 * Goodness of fit against expected shares (population benchmarks such as census
 * shares): converts shares to expected counts and runs Pearson's test.
 */
import { chiSquareGoodnessOfFit, type ChiSquareGoodnessOfFitResult } from './chi-square';
import { assertNonNegative } from './numeric-utils';

/**
 * Expected counts for `observed` under the given shares: shares are normalised to
 * sum to 1 and multiplied by the observed total (so the totals agree, as scipy
 * `chisquare` requires). Throws RangeError on length mismatch, negative shares or
 * shares that sum to 0.
 */
export function expectedCountsFromShares(
	observed: ArrayLike<number>,
	shares: ArrayLike<number>
): Float64Array {
	if (observed.length !== shares.length) {
		throw new RangeError('expectedCountsFromShares: length mismatch');
	}
	let shareTotal = 0;
	let observedTotal = 0;
	for (let i = 0; i < shares.length; i++) {
		assertNonNegative(shares[i] as number, `shares[${i}]`);
		shareTotal += shares[i] as number;
		observedTotal += observed[i] as number;
	}
	if (!(shareTotal > 0)) throw new RangeError('expectedCountsFromShares: shares sum to 0');
	const out = new Float64Array(shares.length);
	for (let i = 0; i < shares.length; i++) out[i] = ((shares[i] as number) / shareTotal) * observedTotal;
	return out;
}

/** Chi-square goodness of fit of observed counts against expected shares. */
export function chiSquareGoodnessOfFitShares(
	observed: ArrayLike<number>,
	shares: ArrayLike<number>
): ChiSquareGoodnessOfFitResult {
	return chiSquareGoodnessOfFit(observed, expectedCountsFromShares(observed, shares));
}
