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
 */
export function calibrateConfidentJoint(joint: Float64Array, labelCounts: Float64Array, k: number): Float64Array {
	const scaled = new Float64Array(k * k);
	let total = 0;
	let n = 0;
	for (let i = 0; i < k; i++) {
		let rowSum = 0;
		for (let j = 0; j < k; j++) rowSum += joint[i * k + j] as number;
		const divisor = Math.max(rowSum, TINY_VALUE);
		for (let j = 0; j < k; j++) {
			const v = ((joint[i * k + j] as number) / divisor) * (labelCounts[i] as number);
			scaled[i * k + j] = v;
			total += v;
		}
		n += labelCounts[i] as number;
	}
	const divisor = Math.max(total, TINY_VALUE);
	for (let c = 0; c < k * k; c++) scaled[c] = ((scaled[c] as number) / divisor) * n;
	return roundPreservingRowTotals(scaled, k);
}
