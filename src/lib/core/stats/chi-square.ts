/**
 * Pearson chi-square tests, equal to scipy 1.10:
 * - `chiSquareIndependence`: `stats.chi2_contingency(table, correction=...)`
 *   (expected = row total * column total / grand total, dof = (r-1)(c-1),
 *   Yates' continuity correction only when dof = 1 and `correction` is true);
 * - `chiSquareGoodnessOfFit`: `stats.chisquare(observed, expected)`.
 *
 * Documented choices where scipy raises:
 * - a table with a zero row or column total (some expected count is 0) returns
 *   NaN statistic and p-value instead of throwing: it is a property of the data,
 *   not a programming error, and callers can show "not testable";
 * - malformed input (ragged rows, negative or non-finite counts, mismatched
 *   lengths, sums that differ) throws a RangeError.
 */
import { chiSquareSf } from './distributions';
import { assertNonNegative } from './numeric-utils';

export interface ChiSquareIndependenceResult {
	/** Pearson statistic sum (O - E)^2 / E (after Yates' correction if applied). */
	statistic: number;
	/** Upper-tail chi-square p-value with `dof` degrees of freedom. */
	pValue: number;
	/** (rows - 1) * (columns - 1). */
	dof: number;
	/** Expected counts under independence, same shape as the table. */
	expected: number[][];
}

export interface ChiSquareIndependenceOptions {
	/**
	 * Yates' continuity correction for 2x2 tables (dof = 1). Default false, unlike
	 * scipy's default True: the golden vectors and the drift / disparity tests use
	 * the uncorrected statistic.
	 */
	correction?: boolean;
}

/** Chi-square test of independence of the rows and columns of a contingency table of counts. */
export function chiSquareIndependence(
	table: readonly (readonly number[])[],
	options: ChiSquareIndependenceOptions = {}
): ChiSquareIndependenceResult {
	const rows = table.length;
	const cols = rows > 0 ? (table[0] as readonly number[]).length : 0;
	if (rows === 0 || cols === 0) throw new RangeError('chiSquareIndependence: empty table');
	const rowTotals = new Float64Array(rows);
	const colTotals = new Float64Array(cols);
	for (let i = 0; i < rows; i++) {
		const row = table[i] as readonly number[];
		if (row.length !== cols) throw new RangeError('chiSquareIndependence: ragged table');
		for (let j = 0; j < cols; j++) {
			const v = row[j] as number;
			assertNonNegative(v, `table[${i}][${j}]`);
			rowTotals[i] = (rowTotals[i] as number) + v;
			colTotals[j] = (colTotals[j] as number) + v;
		}
	}
	let total = 0;
	for (let i = 0; i < rows; i++) total += rowTotals[i] as number;
	const expected: number[][] = [];
	let zeroExpected = false;
	for (let i = 0; i < rows; i++) {
		const e: number[] = [];
		for (let j = 0; j < cols; j++) {
			const v = ((rowTotals[i] as number) * (colTotals[j] as number)) / total;
			if (!(v > 0)) zeroExpected = true;
			e.push(v);
		}
		expected.push(e);
	}
	const dof = (rows - 1) * (cols - 1);
	if (zeroExpected) return { statistic: NaN, pValue: NaN, dof, expected };
	if (dof === 0) return { statistic: 0, pValue: 1, dof, expected };
	const yates = dof === 1 && options.correction === true;
	let statistic = 0;
	for (let i = 0; i < rows; i++) {
		for (let j = 0; j < cols; j++) {
			let o = (table[i] as readonly number[])[j] as number;
			const e = (expected[i] as number[])[j] as number;
			if (yates) {
				// Move O toward E by 0.5, but never past E (scipy gh-13875).
				const diff = e - o;
				o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
			}
			statistic += ((o - e) * (o - e)) / e;
		}
	}
	return { statistic, pValue: chiSquareSf(statistic, dof), dof, expected };
}

export interface ChiSquareGoodnessOfFitResult {
	statistic: number;
	pValue: number;
	/** Number of categories - 1 - ddof. */
	dof: number;
}

/**
 * scipy `chisquare` requires the observed and expected totals to agree to this
 * relative tolerance (scipy 1.10 uses 1e-8).
 */
export const GOF_SUM_RTOL = 1e-8;

/**
 * Pearson goodness-of-fit test of observed counts against expected counts
 * (scipy `stats.chisquare(observed, expected, ddof)`). When `expected` is omitted
 * all categories are equally likely. The two totals must agree (relative 1e-8);
 * use `expectedCountsFromShares` (goodness-of-fit.ts) to turn shares into counts.
 * A category with expected 0 and observed > 0 gives statistic Infinity, p-value 0;
 * with expected 0 and observed 0 the 0/0 term is NaN, like scipy.
 */
export function chiSquareGoodnessOfFit(
	observed: ArrayLike<number>,
	expected?: ArrayLike<number>,
	ddof = 0
): ChiSquareGoodnessOfFitResult {
	const k = observed.length;
	if (k === 0) throw new RangeError('chiSquareGoodnessOfFit: no categories');
	let observedTotal = 0;
	for (let i = 0; i < k; i++) {
		assertNonNegative(observed[i] as number, `observed[${i}]`);
		observedTotal += observed[i] as number;
	}
	let exp: ArrayLike<number>;
	if (expected === undefined) {
		exp = new Float64Array(k).fill(observedTotal / k);
	} else {
		if (expected.length !== k) throw new RangeError('chiSquareGoodnessOfFit: length mismatch');
		let expectedTotal = 0;
		for (let i = 0; i < k; i++) {
			assertNonNegative(expected[i] as number, `expected[${i}]`);
			expectedTotal += expected[i] as number;
		}
		const relDiff = Math.abs(observedTotal - expectedTotal) / Math.min(observedTotal, expectedTotal);
		if (relDiff > GOF_SUM_RTOL) {
			throw new RangeError(
				`chiSquareGoodnessOfFit: observed total ${observedTotal} and expected total ${expectedTotal} differ`
			);
		}
		exp = expected;
	}
	let statistic = 0;
	for (let i = 0; i < k; i++) {
		const o = observed[i] as number;
		const e = exp[i] as number;
		statistic += ((o - e) * (o - e)) / e;
	}
	const dof = k - 1 - ddof;
	return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
