/**
 * Fine equal-width histograms of a sample, with each bin's smallest and
 * largest value: one pass over a typed array, no sorting. They feed
 * binned-wasserstein.ts for continuous columns, and are the exact value counts
 * of a column with few distinct values (every non-empty bin holds one value).
 * Values at the sample's ranks (quantiles) are found exactly from the values of
 * the few bins that hold those ranks.
 */
import { binsOfRanks } from './binned-wasserstein';
import { valueCounts, type ValueCounts } from './value-counts';

/** Equal-width bins over [lo, hi]: bin(v) = min(floor((v - lo) * bins / (hi - lo)), bins - 1); all in bin 0 when lo = hi. */
export interface BinGrid {
	lo: number;
	hi: number;
	bins: number;
}

export interface FineHistogram extends BinGrid {
	/** Values per bin. */
	counts: Float64Array;
	/** Smallest / largest value per bin (0 for an empty bin). */
	min: Float64Array;
	max: Float64Array;
	total: number;
	/** Every non-empty bin holds a single distinct value. */
	singleValued: boolean;
}

/** The bin function of a grid (monotone non-decreasing in v). */
export function binOf(grid: BinGrid): (v: number) => number {
	const scale = grid.hi > grid.lo ? grid.bins / (grid.hi - grid.lo) : 0;
	const last = grid.bins - 1;
	const lo = grid.lo;
	return (v) => Math.min(Math.floor((v - lo) * scale), last);
}

/** Histogram of the values (NaN skipped; the rest finite and within [lo, hi]) on the grid. */
export function fineHistogram(values: Float64Array, grid: BinGrid): FineHistogram {
	const counts = new Float64Array(grid.bins);
	const min = new Float64Array(grid.bins).fill(Infinity);
	const max = new Float64Array(grid.bins).fill(-Infinity);
	const scale = grid.hi > grid.lo ? grid.bins / (grid.hi - grid.lo) : 0;
	const last = grid.bins - 1;
	let n = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (v !== v) continue;
		n++;
		const b = Math.min(Math.floor((v - grid.lo) * scale), last);
		counts[b]!++;
		if (v < min[b]!) min[b] = v;
		if (v > max[b]!) max[b] = v;
	}
	let singleValued = true;
	for (let b = 0; b < grid.bins; b++) {
		if (counts[b] === 0) {
			min[b] = 0;
			max[b] = 0;
		} else if (min[b] !== max[b]) singleValued = false;
	}
	return { ...grid, counts, min, max, total: n, singleValued };
}

/** The value counts of a single-valued histogram. */
export function histogramValueCounts(h: FineHistogram): ValueCounts {
	if (!h.singleValued) throw new RangeError('histogramValueCounts: bins hold several values');
	const values: number[] = [];
	const counts: number[] = [];
	for (let b = 0; b < h.bins; b++) {
		if (h.counts[b]! > 0) {
			values.push(h.min[b]!);
			counts.push(h.counts[b]!);
		}
	}
	return valueCounts(values, counts);
}

/**
 * The values (NaN skipped) lying in some bins of the grid, per bin, ascending:
 * one pass with a lookup table, and only these few values sorted.
 */
export function valuesInBins(values: Float64Array, grid: BinGrid, bins: Iterable<number>): Map<number, number[]> {
	const slot = new Int32Array(grid.bins).fill(-1);
	const lists: number[][] = [];
	const out = new Map<number, number[]>();
	for (const b of bins) {
		if (slot[b] !== -1) continue;
		slot[b] = lists.length;
		const list: number[] = [];
		lists.push(list);
		out.set(b, list);
	}
	const scale = grid.hi > grid.lo ? grid.bins / (grid.hi - grid.lo) : 0;
	const last = grid.bins - 1;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (v !== v) continue;
		const k = slot[Math.min(Math.floor((v - grid.lo) * scale), last)]!;
		if (k >= 0) lists[k]!.push(v);
	}
	for (const list of lists) list.sort((a, b) => a - b);
	return out;
}

/**
 * The values at 0-based ranks of the sample (NaN skipped, as if sorted
 * ascending), from its histogram and the values of the bins holding them.
 * Also returns those bins' values (for {@link countsBelowEdges}).
 */
export function valuesAtRanks(values: Float64Array, h: FineHistogram, ranks: readonly number[]): { values: number[]; inBins: Map<number, number[]> } {
	const where = binsOfRanks(h.counts, ranks);
	const inBins = valuesInBins(values, h, where.map((w) => w.bin));
	return { values: where.map((w) => inBins.get(w.bin)![w.offset]!), inBins };
}

/**
 * How many values are < each edge, from the histogram: the counts of the bins
 * below the edge's bin, plus the values of the edge's bin below it (taken
 * from `known` when given, else collected in one pass). Exact: bins are
 * monotone in the value.
 */
export function countsBelowEdges(values: Float64Array, h: FineHistogram, edges: readonly number[], known?: Map<number, number[]>): number[] {
	const bin = binOf(h);
	const edgeBins = edges.map(bin);
	const missing = edgeBins.filter((b) => h.counts[b]! > 0 && !known?.has(b));
	const fetched = missing.length ? valuesInBins(values, h, missing) : new Map<number, number[]>();
	const cum = new Float64Array(h.bins + 1);
	for (let b = 0; b < h.bins; b++) cum[b + 1] = cum[b]! + h.counts[b]!;
	return edges.map((e, k) => {
		const b = edgeBins[k]!;
		const list = known?.get(b) ?? fetched.get(b) ?? [];
		let below = 0;
		while (below < list.length && list[below]! < e) below++;
		return cum[b]! + below;
	});
}
