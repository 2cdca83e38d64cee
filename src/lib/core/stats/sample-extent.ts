/**
 * The range of a sample in one pass: what a fine histogram's grid needs (its
 * smallest and largest value) and what a standard deviation needs first (how
 * many values, their sum). Computed once per column where the values are kept
 * (kept-columns.ts), or just before the histogram.
 */

/** Count, sum, smallest and largest of the non-NaN values of a sample (lo = Infinity, hi = -Infinity when n = 0). */
export interface SampleExtent {
	n: number;
	/** Plain running sum: it only feeds a mean, whose error enters a variance to second order. */
	sum: number;
	lo: number;
	hi: number;
}

/** {@link SampleExtent} of a typed array, NaN skipped. */
export function sampleExtent(values: Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array): SampleExtent {
	let n = 0;
	let sum = 0;
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (v !== v) continue;
		n++;
		sum += v;
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	return { n, sum, lo, hi };
}
