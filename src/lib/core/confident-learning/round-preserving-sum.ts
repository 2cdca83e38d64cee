/**
 * Integer rounding that preserves totals (cleanlab's round_preserving_sum /
 * round_preserving_row_totals), with numpy's rounding and the golden vectors' tie rules.
 */

/** numpy.round: nearest integer, halves to even (0.5 -> 0, 1.5 -> 2, 2.5 -> 2). */
export function roundHalfEven(x: number): number {
	const r = Math.round(x); // halves go up
	return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Round `values[offset .. offset+length)` into `out` (same positions) so the integers sum to
 * the rounded sum of the floats. Each value is rounded half-to-even; while the totals differ,
 * |difference| entries (at most `length`) move by one: up for the largest residuals
 * (value - rounded; a stable ascending sort, reversed, so among equal residuals the later
 * entry goes first), down for the smallest (stable ascending: earlier entry first).
 * `scratch` must hold `length` ints; no other allocation.
 */
export function roundPreservingSum(
	values: Float64Array,
	offset: number,
	length: number,
	out: Float64Array,
	scratch: Int32Array
): void {
	let floatSum = 0;
	let intSum = 0;
	for (let i = offset; i < offset + length; i++) {
		const v = values[i] as number;
		const r = roundHalfEven(v);
		out[i] = r;
		floatSum += v;
		intSum += r;
	}
	const target = roundHalfEven(floatSum);
	while (intSum !== target) {
		const up = target > intSum;
		const changes = Math.min(Math.abs(target - intSum), length);
		sortByResidual(values, out, offset, length, scratch);
		for (let c = 0; c < changes; c++) {
			const pos = up ? (scratch[length - 1 - c] as number) : (scratch[c] as number);
			out[offset + pos] = (out[offset + pos] as number) + (up ? 1 : -1);
			intSum += up ? 1 : -1;
		}
	}
}

/** Stable ascending order of residuals values[i] - out[i] (positions relative to offset). */
function sortByResidual(values: Float64Array, out: Float64Array, offset: number, length: number, order: Int32Array) {
	for (let i = 0; i < length; i++) order[i] = i;
	const residual = (i: number) => (values[offset + i] as number) - (out[offset + i] as number);
	// insertion sort: K is small and it is stable
	for (let i = 1; i < length; i++) {
		const item = order[i] as number;
		const key = residual(item);
		let j = i - 1;
		while (j >= 0 && residual(order[j] as number) > key) {
			order[j + 1] = order[j] as number;
			j--;
		}
		order[j + 1] = item;
	}
}

/** Apply `roundPreservingSum` to every row of a K x K matrix; returns a new matrix. */
export function roundPreservingRowTotals(matrix: Float64Array, k: number): Float64Array {
	const out = new Float64Array(k * k);
	const scratch = new Int32Array(k);
	for (let i = 0; i < k; i++) roundPreservingSum(matrix, i * k, k, out, scratch);
	return out;
}
