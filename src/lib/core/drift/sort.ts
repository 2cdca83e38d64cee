/**
 * Sorting a column of doubles in place (typed arrays), NaN (NULL) left out:
 * a bucket sort by value for long columns, the built-in sort for short ones.
 * Same result as `Float64Array.prototype.sort`, about twice as fast on a
 * million values.
 */

/** Below this many values a numeric column is sorted with the built-in typed-array sort. */
const BUCKET_SORT_MIN = 4096;
/** Buckets of bucketSort hold this many values on average; larger ones fall back to the built-in sort. */
const BUCKET_FILL = 4;
const INSERTION_SORT_MAX = 32;

/** Move the non-NaN values of `values` to its front, in order; returns how many there are. */
function compactNaN(values: Float64Array): number {
	let k = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (v === v) values[k++] = v;
	}
	return k;
}

/** Reusable work space for {@link sortedValues}, sized for the longest column. */
export interface SortScratch {
	values: Float64Array;
	buckets: Int32Array;
	starts: Int32Array;
}

export function scratchFor(n: number): SortScratch {
	return { values: new Float64Array(n), buckets: new Int32Array(n), starts: new Int32Array(Math.floor(n / BUCKET_FILL) + 2) };
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
	for (let i = lo + 1; i < hi; i++) {
		const x = a[i]!;
		let j = i - 1;
		while (j >= lo && a[j]! > x) {
			a[j + 1] = a[j]!;
			j--;
		}
		a[j + 1] = x;
	}
}

/** Sort a[lo, hi): insertion sort when short, nothing when all equal (integer data), else the built-in sort. */
function sortBucket(a: Float64Array, lo: number, hi: number): void {
	if (hi - lo <= INSERTION_SORT_MAX) {
		insertionSort(a, lo, hi);
		return;
	}
	const first = a[lo]!;
	let i = lo + 1;
	while (i < hi && a[i] === first) i++;
	if (i < hi) a.subarray(lo, hi).sort();
}

/**
 * Sort the first `n` values (NaN-free) of `a` ascending, in place: a bucket
 * sort by value into n / 4 equal-width buckets, each finished by
 * {@link sortBucket}.
 */
function sortPrefix(a: Float64Array, n: number, scratch: SortScratch): void {
	if (n < BUCKET_SORT_MIN) {
		a.subarray(0, n).sort();
		return;
	}
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < n; i++) {
		const x = a[i]!;
		if (x < min) min = x;
		if (x > max) max = x;
	}
	const count = Math.floor(n / BUCKET_FILL);
	const scale = count / (max - min);
	if (!(max > min) || !Number.isFinite(scale) || !Number.isFinite(max - min)) {
		a.subarray(0, n).sort();
		return;
	}
	const { values: out, buckets, starts } = scratch;
	starts.fill(0, 0, count + 1);
	for (let i = 0; i < n; i++) {
		const b = Math.min(((a[i]! - min) * scale) | 0, count - 1);
		buckets[i] = b;
		starts[b + 1]!++;
	}
	for (let b = 0; b < count; b++) starts[b + 1]! += starts[b]!;
	for (let i = 0; i < n; i++) out[starts[buckets[i]!]!++] = a[i]!;
	// starts[b] is now the end of bucket b
	let lo = 0;
	for (let b = 0; b < count; b++) {
		const hi = starts[b]!;
		if (hi - lo > 1) sortBucket(out, lo, hi);
		lo = hi;
	}
	a.set(out.subarray(0, n));
}

/** The non-NaN values of `values` sorted ascending, as a view on `values` (which is reordered). */
export function sortedValues(values: Float64Array, scratch: SortScratch): Float64Array {
	const n = compactNaN(values);
	sortPrefix(values, n, scratch);
	return values.subarray(0, n);
}
