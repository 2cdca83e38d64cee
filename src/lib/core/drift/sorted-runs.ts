/**
 * Counting on ascending, NaN-free arrays: values below a point, distinct
 * values of two samples together, and counts per value (runs of equal values).
 * Shared by the drift engine and core/stats/column-drift.ts.
 */

/** Number of values < x in an ascending array (lower bound). */
export function countBelow(sorted: Float64Array, x: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid]! < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Distinct values of two ascending arrays together, counting no further than `cap + 1` (default: all of them). */
export function distinctUpTo(a: Float64Array, b: Float64Array, cap = Infinity): number {
	let i = 0;
	let j = 0;
	let count = 0;
	let last = NaN;
	while ((i < a.length || j < b.length) && count <= cap) {
		const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
		if (count === 0 || v !== last) {
			count++;
			last = v;
		}
	}
	return count;
}

/** Counts per value of an ascending array, keys as `String(value)` (as columnDrift names numeric categories), in ascending order. */
export function runCounts(sorted: Float64Array): Map<string, number> {
	const out = new Map<string, number>();
	let i = 0;
	while (i < sorted.length) {
		const v = sorted[i]!;
		let j = i + 1;
		while (j < sorted.length && sorted[j] === v) j++;
		out.set(String(v), j - i);
		i = j;
	}
	return out;
}
