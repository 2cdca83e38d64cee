/**
 * Integer rounding that preserves totals (cleanlab's round_preserving_sum /
 * round_preserving_row_totals), with numpy's rounding, summation and sort order.
 */
import { numpyQuicksortArgsort, pairwiseSum } from './numpy-compat';

/** numpy.round: nearest integer, halves to even (0.5 -> 0, 1.5 -> 2, 2.5 -> 2). */
export function roundHalfEven(x: number): number {
	const r = Math.round(x); // halves go up
	return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Round `values[offset .. offset+length)` into `out` (same positions) so the integers sum to
 * the rounded sum of the floats, step by step as cleanlab does it:
 *  1. each value rounded half-to-even (`np.round`);
 *  2. target = the float sum as `np.sum` adds it (numpy's pairwise order, `pairwiseSum`),
 *     rounded half-to-even;
 *  3. while the integers' total differs, |difference| entries (at most `length`) move by one,
 *     chosen by `np.argsort(values - ints)` (numpy's default introsort, `numpyQuicksortArgsort`):
 *     up for the last entries of that order (largest residuals, the order reversed), down for
 *     the first (smallest residuals). Ties between equal residuals fall as numpy's introsort
 *     leaves them: for up to 16 entries it is an insertion sort, so equal residuals keep
 *     position order (down: the earlier entry moves first; up: the later one).
 * `scratch` is accepted for compatibility and not needed; only the adjustment step allocates
 * (two arrays of `length`).
 */
export function roundPreservingSum(
	values: Float64Array,
	offset: number,
	length: number,
	out: Float64Array,
	_scratch?: Int32Array
): void {
	let intSum = 0;
	for (let i = offset; i < offset + length; i++) {
		const r = roundHalfEven(values[i] as number);
		out[i] = r;
		intSum += r;
	}
	const target = roundHalfEven(pairwiseSum(values, offset, length));
	if (intSum === target) return;
	const residuals = new Float64Array(length);
	while (intSum !== target) {
		const up = target > intSum;
		const changes = Math.min(Math.abs(target - intSum), length);
		for (let i = 0; i < length; i++) residuals[i] = (values[offset + i] as number) - (out[offset + i] as number);
		const order = numpyQuicksortArgsort(residuals);
		for (let c = 0; c < changes; c++) {
			const pos = up ? (order[length - 1 - c] as number) : (order[c] as number);
			out[offset + pos] = (out[offset + pos] as number) + (up ? 1 : -1);
			intSum += up ? 1 : -1;
		}
	}
}

/** Apply `roundPreservingSum` to every row of a K x K matrix; returns a new matrix. */
export function roundPreservingRowTotals(matrix: Float64Array, k: number): Float64Array {
	const out = new Float64Array(k * k);
	for (let i = 0; i < k; i++) roundPreservingSum(matrix, i * k, k, out);
	return out;
}
