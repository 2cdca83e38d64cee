/**
 * Outliers by the inter-quartile fences (Tukey): with Q1 and Q3 the 25% and
 * 75% quantiles by numpy's default rule (core/stats/quantile.ts), a value is
 * outlying at multiplier k when it is below Q1 - k (Q3 - Q1) or above
 * Q3 + k (Q3 - Q1); a value equal to a fence is not. The fences come from the
 * finite values; NaN (missing) is neither counted nor outlying; +-Infinity is
 * always outlying. Per row: how many columns are outlying at the first k.
 */
import { quantileSorted } from '../stats/quantile';

export interface Fences {
	q1: number;
	q3: number;
	low: number;
	high: number;
}

/** Q1, Q3 and the fences at multiplier k of an ascending, finite sample (NaN everywhere when empty). */
export function iqrFences(sorted: ArrayLike<number>, k: number): Fences {
	const q1 = quantileSorted(sorted, 0.25);
	const q3 = quantileSorted(sorted, 0.75);
	const iqr = q3 - q1;
	return { q1, q3, low: q1 - k * iqr, high: q3 + k * iqr };
}

/** The finite values of a column, sorted ascending (a new array). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
	let n = 0;
	for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
	const out = new Float64Array(n);
	let j = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (Number.isFinite(v)) out[j++] = v;
	}
	return out.sort();
}

/** Values below the low fence plus values above the high one, counted in the sorted finite sample. */
function countOutsideSorted(sorted: Float64Array, low: number, high: number): number {
	// first index with value >= low, and first with value > high
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid]! < low) lo = mid + 1;
		else hi = mid;
	}
	const below = lo;
	let a = below;
	let b = sorted.length;
	while (a < b) {
		const mid = (a + b) >>> 1;
		if (sorted[mid]! <= high) a = mid + 1;
		else b = mid;
	}
	return below + (sorted.length - a);
}

export interface ColumnOutliers {
	column: string;
	k: number;
	q1: number;
	q3: number;
	lowFence: number;
	highFence: number;
	/** Values outside the fences (finite ones beyond a fence, plus every +-Infinity). */
	count: number;
}

/**
 * Fences and counts of one column at each multiplier. `sorted` may be given
 * when the caller already has the sorted finite values; `outlying`, when
 * given, has 1 added for each row outlying at the first multiplier.
 */
export function columnOutliers(column: string, values: ArrayLike<number>, ks: readonly number[], sorted = sortedFinite(values), outlying?: Uint16Array): ColumnOutliers[] {
	let infinite = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (v === Infinity || v === -Infinity) infinite++;
	}
	const out = ks.map((k) => {
		const f = iqrFences(sorted, k);
		const count = sorted.length === 0 ? infinite : countOutsideSorted(sorted, f.low, f.high) + infinite;
		return { column, k, q1: f.q1, q3: f.q3, lowFence: f.low, highFence: f.high, count };
	});
	if (outlying && out.length > 0 && sorted.length > 0) {
		if (outlying.length !== values.length) throw new RangeError(`outlying has ${outlying.length} rows, the column ${values.length}.`);
		const { lowFence, highFence } = out[0]!;
		for (let i = 0; i < values.length; i++) {
			const v = values[i]!;
			if (v < lowFence || v > highFence) outlying[i] = outlying[i]! + 1;
		}
	}
	return out;
}

/** Rows by how many columns are outlying: `atLeast[j]` rows have j + 1 or more; `top` the most outlying rows (most columns first, then row order). */
export function outlyingRows(outlying: Uint16Array, top = 20): { atLeast: number[]; top: { row: number; columns: number }[] } {
	let max = 0;
	for (let i = 0; i < outlying.length; i++) if (outlying[i]! > max) max = outlying[i]!;
	const hist = new Array<number>(max + 1).fill(0);
	for (let i = 0; i < outlying.length; i++) hist[outlying[i]!]!++;
	const atLeast: number[] = [];
	let acc = 0;
	for (let j = max; j >= 1; j--) {
		acc += hist[j]!;
		atLeast[j - 1] = acc;
	}
	const best: { row: number; columns: number }[] = [];
	for (let j = max; j >= 1 && best.length < top; j--) {
		for (let i = 0; i < outlying.length && best.length < top; i++) if (outlying[i] === j) best.push({ row: i, columns: j });
	}
	return { atLeast, top: best };
}
