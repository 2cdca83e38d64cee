/**
 * Chart histograms of a drift comparison: equal-width bins over the pooled
 * range for numeric columns (from sorted values, value counts or fine bins),
 * the most frequent categories for categorical ones.
 */
import { countBelowFromCounts, type BinGrid, type ValueCounts } from '../stats/index';
import { countBelow } from './sorted-runs';
import { DRIFT_HISTOGRAM_BINS, DRIFT_TOP_CATEGORIES, type DriftHistogram, type DriftHistogramSide } from './types';

const side = (counts: number[], total: number): DriftHistogramSide => ({ counts, shares: counts.map((c) => (total > 0 ? c / total : 0)) });

/** Chart edges: `bins` equal-width bins over [lo, hi] (the last edge exactly hi; lo = hi = 0 when empty). */
function histogramEdges(lo: number, hi: number, bins: number): number[] {
	if (!(lo <= hi)) lo = hi = 0;
	return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
}

/** Counts per chart bin from a "values < x" function (the last bin closed). */
function histogramCounts(edges: readonly number[], below: (x: number) => number, total: number): number[] {
	const out: number[] = [];
	let before = 0;
	for (let b = 0; b < edges.length - 1; b++) {
		const upto = b === edges.length - 2 ? total : below(edges[b + 1]!);
		out.push(upto - before);
		before = upto;
	}
	return out;
}

/** Equal-width histogram of two ascending arrays over their pooled finite range. */
export function numericHistogram(ref: Float64Array, cur: Float64Array, bins = DRIFT_HISTOGRAM_BINS): DriftHistogram {
	let lo = Infinity;
	let hi = -Infinity;
	for (const s of [ref, cur]) {
		let i = 0;
		while (i < s.length && !Number.isFinite(s[i]!)) i++;
		let j = s.length - 1;
		while (j >= 0 && !Number.isFinite(s[j]!)) j--;
		if (i <= j) {
			lo = Math.min(lo, s[i]!);
			hi = Math.max(hi, s[j]!);
		}
	}
	const edges = histogramEdges(lo, hi, bins);
	const counts = (s: Float64Array) => histogramCounts(edges, (x) => countBelow(s, x), s.length);
	return { kind: 'numeric', edges, reference: side(counts(ref), ref.length), current: side(counts(cur), cur.length) };
}

/** {@link numericHistogram} of two samples given as value counts (finite values). */
export function numericHistogramFromCounts(ref: ValueCounts, cur: ValueCounts, bins: number): DriftHistogram {
	const lo = Math.min(ref.values[0]!, cur.values[0]!);
	const hi = Math.max(ref.values[ref.values.length - 1]!, cur.values[cur.values.length - 1]!);
	const edges = histogramEdges(lo, hi, bins);
	const counts = (s: ValueCounts) => histogramCounts(edges, (x) => countBelowFromCounts(s, x), s.total);
	return { kind: 'numeric', edges, reference: side(counts(ref), ref.total), current: side(counts(cur), cur.total) };
}

/**
 * Chart histogram from fine bins: `fine.length / bins` consecutive fine bins
 * per chart bin (a value within rounding of a chart edge may land on either
 * side of it, unlike the sorted path).
 */
export function numericHistogramFromBins(ref: Float64Array, cur: Float64Array, range: BinGrid, bins: number): DriftHistogram {
	const edges = histogramEdges(range.lo, range.hi, bins);
	const per = range.bins / bins;
	const counts = (fine: Float64Array) => Array.from({ length: bins }, (_, b) => fine.subarray(b * per, (b + 1) * per).reduce((a, c) => a + c, 0));
	const total = (fine: Float64Array) => fine.reduce((a, c) => a + c, 0);
	return { kind: 'numeric', edges, reference: side(counts(ref), total(ref)), current: side(counts(cur), total(cur)) };
}

/**
 * Histogram of two count maps: the `top` most frequent categories over both
 * sides (ties by name), the rest summed into a last "other (N more)" entry;
 * `numericOrder` lists numeric categories in ascending value order instead.
 */
export function categoricalHistogram(
	ref: ReadonlyMap<string, number>,
	cur: ReadonlyMap<string, number>,
	top = DRIFT_TOP_CATEGORIES,
	numericOrder = false
): DriftHistogram {
	const all = [...new Set([...ref.keys(), ...cur.keys()])];
	const pooled = (k: string) => (ref.get(k) ?? 0) + (cur.get(k) ?? 0);
	all.sort((a, b) => pooled(b) - pooled(a) || (a < b ? -1 : a > b ? 1 : 0));
	const shown = all.slice(0, top);
	if (numericOrder) shown.sort((a, b) => Number(a) - Number(b));
	const rest = all.slice(top);
	const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
	const counts = (m: ReadonlyMap<string, number>) => {
		const c = shown.map((k) => m.get(k) ?? 0);
		if (rest.length) c.push(rest.reduce((s, k) => s + (m.get(k) ?? 0), 0));
		return c;
	};
	return {
		kind: 'categorical',
		categories: rest.length ? [...shown, `other (${rest.length} more)`] : shown,
		other: rest.length,
		reference: side(counts(ref), total(ref)),
		current: side(counts(cur), total(cur))
	};
}
