/**
 * Fine equal-width histograms of a sample: one pass over a typed array, no
 * sorting, noting whether every bin holds a single value. They feed
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
	total: number;
	/** Every non-empty bin holds a single distinct value. */
	singleValued: boolean;
	/** When singleValued, the value of each non-empty bin (0 for an empty one); else null. */
	binValues: Float64Array | null;
	/**
	 * The bin of each value, in the order of the values (`bins`, one past the
	 * last bin, for NaN), so that later passes over the same values need not
	 * bin them again.
	 */
	binOfValue: Uint16Array | Uint32Array;
	/** Sum of (v - deviationsFrom)^2 over the values, when `deviationsFrom` was given; else null. */
	squaredDeviations: number | null;
}

/** The bin of x = (v - lo) * scale: x clamped to [0, last], truncated (x >= 0, so floor). NaN (0 * Infinity) is bin 0. */
function binAt(x: number, last: number): number {
	return x >= last ? last : x > 0 ? x | 0 : 0;
}

/** Bins per unit of value of a grid (0 when lo = hi: everything in bin 0). */
function scaleOf(grid: BinGrid): number {
	return grid.hi > grid.lo ? grid.bins / (grid.hi - grid.lo) : 0;
}

/** The bin function of a grid (monotone non-decreasing in v; values below lo in bin 0, above hi in the last). */
export function binOf(grid: BinGrid): (v: number) => number {
	const scale = scaleOf(grid);
	const last = grid.bins - 1;
	const lo = grid.lo;
	return (v) => binAt((v - lo) * scale, last);
}

/** Values looked at, per bin, for a cheap proof that some bin holds two values. */
const WITNESS_VALUES_PER_BIN = 4;

/**
 * Whether the first few values already put two different values in one bin
 * (a proof that the histogram is not single-valued, so the full pass need not
 * check every value). False means "not proven", not "single-valued".
 */
function multiValuedWitness(values: Float64Array, grid: BinGrid): boolean {
	const first = new Float64Array(grid.bins);
	const seen = new Uint8Array(grid.bins);
	const scale = scaleOf(grid);
	const last = grid.bins - 1;
	const end = Math.min(values.length, WITNESS_VALUES_PER_BIN * grid.bins);
	for (let i = 0; i < end; i++) {
		const v = values[i]!;
		if (v !== v) continue;
		const b = binAt((v - grid.lo) * scale, last);
		if (!seen[b]) {
			seen[b] = 1;
			first[b] = v;
		} else if (first[b] !== v) return true;
	}
	return false;
}

/** Squared deviations are summed in blocks of this many values, then the blocks' sums added. */
const SQUARES_BLOCK = 1024;

/**
 * Histogram of the values (NaN skipped; the rest finite and within [lo, hi])
 * on the grid, in one pass, recording each value's bin. Whether each bin holds
 * a single value is checked along the way, unless a look at the first values
 * already shows it does not (continuous data). With `deviationsFrom` (the
 * mean, from an earlier pass), the same pass sums the squared deviations from
 * it, for a standard deviation: sqrt(squaredDeviations / total). `scratch`
 * (at least as long as the values) holds the values' bins instead of a new
 * array, when the grid has fewer than 65,535 bins: the histogram's
 * `binOfValue` is then a view on it, valid until the scratch is used again.
 */
export function fineHistogram(values: Float64Array, grid: BinGrid, options: { deviationsFrom?: number; scratch?: Uint16Array } = {}): FineHistogram {
	const { deviationsFrom, scratch } = options;
	const counts = new Float64Array(grid.bins);
	const binOfValue =
		grid.bins >= 0xffff ? new Uint32Array(values.length) : scratch && scratch.length >= values.length ? scratch.subarray(0, values.length) : new Uint16Array(values.length);
	const scale = scaleOf(grid);
	const last = grid.bins - 1;
	const noBin = grid.bins;
	const lo = grid.lo;
	const mean = deviationsFrom ?? 0;
	let n = 0;
	let squares = 0;
	let multi = multiValuedWitness(values, grid);
	const first = multi ? null : new Float64Array(grid.bins);
	for (let start = 0; start < values.length; start += SQUARES_BLOCK) {
		const end = Math.min(start + SQUARES_BLOCK, values.length);
		let block = 0;
		for (let i = start; i < end; i++) {
			const v = values[i]!;
			if (v !== v) {
				binOfValue[i] = noBin;
				continue;
			}
			const b = binAt((v - lo) * scale, last);
			binOfValue[i] = b;
			if (first) {
				if (counts[b] === 0) first[b] = v;
				else if (first[b] !== v) multi = true;
			}
			counts[b]!++;
			const d = v - mean;
			block += d * d;
			n++;
		}
		squares += block;
	}
	return {
		...grid,
		counts,
		total: n,
		singleValued: !multi,
		binValues: multi ? null : first,
		binOfValue,
		squaredDeviations: deviationsFrom === undefined ? null : squares
	};
}

/** The value counts of a single-valued histogram. */
export function histogramValueCounts(h: FineHistogram): ValueCounts {
	if (!h.singleValued || !h.binValues) throw new RangeError('histogramValueCounts: bins hold several values');
	const values: number[] = [];
	const counts: number[] = [];
	for (let b = 0; b < h.bins; b++) {
		if (h.counts[b]! > 0) {
			values.push(h.binValues[b]!);
			counts.push(h.counts[b]!);
		}
	}
	return valueCounts(values, counts);
}

/**
 * The values lying in some bins of a histogram, per bin, ascending: one pass
 * over the values' recorded bins, and only these few values sorted.
 */
function valuesInBins(values: Float64Array, h: FineHistogram, bins: Iterable<number>): Map<number, number[]> {
	// one slot per bin, and one past the last for NaN (never asked for)
	const slot = new Int32Array(h.bins + 1).fill(-1);
	const lists: number[][] = [];
	const out = new Map<number, number[]>();
	for (const b of bins) {
		if (slot[b] !== -1) continue;
		slot[b] = lists.length;
		const list: number[] = [];
		lists.push(list);
		out.set(b, list);
	}
	const binOfValue = h.binOfValue;
	for (let i = 0; i < values.length; i++) {
		const k = slot[binOfValue[i]!]!;
		if (k >= 0) lists[k]!.push(values[i]!);
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
