import { pairwiseSum } from './numpy-compat';
import { roundPreservingRowTotals } from './round-preserving-sum';

/**
 * Lower bound for divisors of row, column and matrix totals: an all-zero row or column
 * then divides into zeros instead of NaN (the same guard cleanlab applies).
 */
export const TINY_VALUE = 1e-16;

/**
 * Calibrate a confident joint (paper Eq. 2): scale row i to the number of examples given
 * label i, rescale the whole matrix to total N, then round each row to integers preserving
 * its total (`roundPreservingRowTotals`). Input and output K x K row-major [given][true].
 *
 * The arithmetic is cleanlab's, operation for operation, because which of several exact
 * halves (x.5) in a row round down depends on the last bit of every cell:
 *  - row rescaling: (C[i][j] / rowSum_i) * count_i, rowSum_i as numpy adds a row (pairwise;
 *    exact anyway for integer counts);
 *  - matrix total: `np.sum` of the K x K matrix, i.e. numpy's pairwise summation over the
 *    K*K cells in row-major order (`pairwiseSum`), NOT a left-to-right sum: the two can differ
 *    in the last bit (20news: 7532 exactly vs 7532.000000000001), which turns exact halves
 *    into x.4999... and changes the rounding;
 *  - then (cell / total) * N, and `roundPreservingRowTotals`.
 */
export function calibrateConfidentJoint(joint: Float64Array, labelCounts: Float64Array, k: number): Float64Array {
	const scaled = new Float64Array(k * k);
	let n = 0;
	for (let i = 0; i < k; i++) {
		const divisor = Math.max(pairwiseSum(joint, i * k, k), TINY_VALUE); // `sum(axis=1)`
		for (let j = 0; j < k; j++) {
			const v = ((joint[i * k + j] as number) / divisor) * (labelCounts[i] as number);
			scaled[i * k + j] = v;
		}
		n += labelCounts[i] as number;
	}
	const divisor = Math.max(pairwiseSum(scaled, 0, k * k), TINY_VALUE);
	for (let c = 0; c < k * k; c++) scaled[c] = ((scaled[c] as number) / divisor) * n;
	return roundPreservingRowTotals(scaled, k);
}
