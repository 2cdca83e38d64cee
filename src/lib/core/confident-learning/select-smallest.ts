/**
 * Exact per-group selection of the `capacity[g]` smallest (key, row) pairs, ties broken by
 * ascending row: the first `capacity` entries of a stable ascending argsort of each group's
 * keys, in two scans and O(groups x bins + boundary) memory, without sorting.
 *
 * 1. Histogram: every pair's key falls into one of B equal-width bins over [lo, hi] (keys
 *    outside are clamped into the end bins, which keeps the bin a non-decreasing function
 *    of the key).
 * 2. Per group, the cut bin is the one where the running count reaches the capacity.
 * 3. Second scan: pairs below the cut bin are selected outright (their keys are strictly
 *    smaller than any key in the cut bin); pairs in the cut bin are collected, and a
 *    quickselect by (key, row) picks the remainder.
 */

/**
 * Budget for all histograms together, in bins (256k int32 counters, 1 MB, cache-resident);
 * each group gets between MIN_BINS and MAX_BINS. Too few bins per group only costs time:
 * the cut bin holds more pairs for the final quickselect.
 */
const TOTAL_BINS = 1 << 18;
const MIN_BINS = 64;
const MAX_BINS = 1024;

/** Receives the pairs a scan emits. */
export class KeySink {
	/** 0: histogram pass, 1: selection pass */
	private phase = 0;
	private readonly slot: Int32Array;
	private readonly hist: Int32Array;
	private readonly cut: Int32Array;
	private readonly lo: number;
	private readonly scale: number;
	private readonly lastBin: number;
	private mark: Uint8Array = new Uint8Array(0);
	private boundary = new PairList();

	constructor(
		slot: Int32Array,
		readonly bins: number,
		lo: number,
		hi: number
	) {
		this.slot = slot;
		const slots = slot.reduce((m, s) => Math.max(m, s + 1), 0);
		this.hist = new Int32Array(slots * bins);
		this.cut = new Int32Array(slot.length);
		this.lo = lo;
		this.scale = bins / (hi - lo);
		this.lastBin = bins - 1;
	}

	/** Report one (group, key, row) pair (histogram or selection, by phase). */
	add(group: number, key: number, row: number): void {
		if (this.phase === 0) this.count(group, key);
		else this.select(group, key, row);
	}

	/** Histogram pass: count one pair. */
	count(group: number, key: number): void {
		const s = this.slot[group] as number;
		if (s < 0) return;
		const h = s * this.bins + this.bin(key);
		this.hist[h] = (this.hist[h] as number) + 1;
	}

	/** Selection pass: mark the pair's row if it is below its group's cut, or keep it for `finish`. */
	select(group: number, key: number, row: number): void {
		const cut = this.cut[group] as number;
		if (cut < 0) return;
		const bin = this.bin(key);
		if (bin < cut) this.mark[row] = 1;
		else if (bin === cut) this.boundary.add(group, key, row);
	}

	/** The bin of a key: keys outside [lo, hi] clamp to the end bins, NaN to bin 0. */
	private bin(key: number): number {
		// (ternaries, not Math.min/max: predictable branches for in-range keys)
		const x = (key - this.lo) * this.scale;
		return x >= this.lastBin ? this.lastBin : x >= 0 ? x | 0 : 0;
	}

	/**
	 * After the histogram pass: fix each group's cut bin and how many boundary pairs it
	 * still needs; returns the number each group will select.
	 */
	startSelection(capacities: Float64Array, mark: Uint8Array): { taken: Float64Array; need: Float64Array } {
		const taken = new Float64Array(capacities.length);
		const need = new Float64Array(capacities.length);
		for (let g = 0; g < capacities.length; g++) {
			const s = this.slot[g] as number;
			if (s < 0) {
				this.cut[g] = -1;
				continue;
			}
			const cap = capacities[g] as number;
			// the first bin where the running count reaches cap (bins if never), and the count before it
			const start = s * this.bins;
			let below = 0;
			let b = 0;
			for (; b < this.bins; b++) {
				const h = this.hist[start + b] as number;
				if (below + h >= cap) break;
				below += h;
			}
			this.cut[g] = b; // b === bins: the group has at most `cap` pairs, all below the "cut"
			taken[g] = b === this.bins ? below : cap;
			need[g] = b === this.bins ? 0 : cap - below;
		}
		this.phase = 1;
		this.mark = mark;
		return { taken, need };
	}

	/** After the selection pass: pick each group's remaining `need` pairs from its cut bin. */
	finish(need: Float64Array): void {
		const groups = need.length;
		const start = this.boundary.groupBy(groups);
		const { key, row } = this.boundary;
		for (let g = 0; g < groups; g++) {
			const lo = start[g] as number;
			const count = (start[g + 1] as number) - lo;
			const take = Math.min(need[g] as number, count);
			if (take === 0) continue;
			if (count > take) selectNth(key, row, lo, lo + count - 1, lo + take - 1);
			for (let i = lo; i < lo + take; i++) this.mark[row[i] as number] = 1;
		}
	}
}

/** Calls `sink.add(group, key, row)` for every pair (any order). */
export type KeyScan = (sink: KeySink) => void;

/**
 * Set mark[row] = 1 for the rows holding the capacity[g] smallest keys of each group g
 * (ties: lower rows). Keys are expected mostly within [lo, hi] (others still work, in the
 * end bins). Runs `scan` twice. Returns how many pairs each group selected, which is less
 * than its capacity only when the scan emitted fewer pairs for it.
 */
export function selectSmallest(
	capacities: ArrayLike<number>,
	range: { lo: number; hi: number },
	scan: KeyScan,
	mark: Uint8Array
): Float64Array {
	return runSelection(capacities, range, mark, scan, scan);
}

/**
 * `selectSmallest` over the pairs of a list, read directly (no scan callback, so both loops
 * stay monomorphic and tight).
 */
export function selectSmallestPairs(
	capacities: ArrayLike<number>,
	range: { lo: number; hi: number },
	pairs: PairList,
	mark: Uint8Array
): Float64Array {
	return runSelection(
		capacities,
		range,
		mark,
		(sink) => countPairs(sink, pairs),
		(sink) => selectPairs(sink, pairs)
	);
}

/**
 * The two passes of a selection, for callers with loops of their own: `count` calls
 * `sink.count` for every pair, `select` calls `sink.select` for the same pairs (each is
 * called once, so the per-pair loops stay inside them). Marks the selected rows in `mark`;
 * returns how many pairs each group selected.
 */
export function runSelection(
	capacities: ArrayLike<number>,
	range: { lo: number; hi: number },
	mark: Uint8Array,
	count: (sink: KeySink) => void,
	select: (sink: KeySink) => void
): Float64Array {
	const { caps, sink } = keySink(capacities, range);
	if (!sink) return new Float64Array(caps.length);
	count(sink);
	const { taken, need } = sink.startSelection(caps, mark);
	select(sink);
	sink.finish(need);
	return taken;
}

// (each long loop in a function of its own: see `countRows` in confident-joint.ts)
function countPairs(sink: KeySink, pairs: PairList): void {
	const { group, key, length } = pairs;
	for (let p = 0; p < length; p++) sink.count(group[p] as number, key[p] as number);
}

function selectPairs(sink: KeySink, pairs: PairList): void {
	const { group, key, row, length } = pairs;
	for (let p = 0; p < length; p++) sink.select(group[p] as number, key[p] as number, row[p] as number);
}

/** Whole-number capacities, and a sink sized for the groups that take any (null if none does). */
function keySink(
	capacities: ArrayLike<number>,
	range: { lo: number; hi: number }
): { caps: Float64Array; sink: KeySink | null } {
	const caps = Float64Array.from(capacities, (c) => Math.max(0, Math.floor(c)));
	const slot = new Int32Array(caps.length).fill(-1);
	let slots = 0;
	for (let g = 0; g < caps.length; g++) if ((caps[g] as number) > 0) slot[g] = slots++;
	if (slots === 0) return { caps, sink: null };
	const bins = Math.min(MAX_BINS, Math.max(MIN_BINS, Math.floor(TOTAL_BINS / slots)));
	return { caps, sink: new KeySink(slot, bins, range.lo, range.hi) };
}

/** Growable list of (group, key, row) triples. */
export class PairList {
	group: Int32Array;
	key: Float64Array;
	row: Int32Array;
	length = 0;

	constructor(capacityHint = 256) {
		const size = Math.max(16, Math.ceil(capacityHint));
		this.group = new Int32Array(size);
		this.key = new Float64Array(size);
		this.row = new Int32Array(size);
	}

	add(group: number, key: number, row: number): void {
		if (this.length === this.row.length) this.grow();
		this.group[this.length] = group;
		this.key[this.length] = key;
		this.row[this.length] = row;
		this.length++;
	}

	private grow(): void {
		const size = this.row.length * 2;
		const group = new Int32Array(size);
		const key = new Float64Array(size);
		const row = new Int32Array(size);
		group.set(this.group);
		key.set(this.key);
		row.set(this.row);
		this.group = group;
		this.key = key;
		this.row = row;
	}

	/**
	 * Reorder keys and rows into contiguous runs per group (counting sort, once, at the end);
	 * returns the run starts, length G + 1.
	 */
	groupBy(groups: number): Int32Array {
		const start = new Int32Array(groups + 1);
		const key = new Float64Array(this.length);
		const row = new Int32Array(this.length);
		countingSort(this.group, this.key, this.row, this.length, start, key, row);
		this.key = key;
		this.row = row;
		return start;
	}
}

/**
 * Stable counting sort of `length` (group, key, row) triples by group into key/row; fills
 * start (length G + 1) with the run starts. (Its own function: see `countRows`.)
 */
function countingSort(
	group: Int32Array,
	keyIn: Float64Array,
	rowIn: Int32Array,
	length: number,
	start: Int32Array,
	key: Float64Array,
	row: Int32Array
): void {
	const groups = start.length - 1;
	for (let i = 0; i < length; i++) {
		const g = (group[i] as number) + 1;
		start[g] = (start[g] as number) + 1;
	}
	for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
	const fill = start.slice(0, groups);
	for (let i = 0; i < length; i++) {
		const g = group[i] as number;
		const at = fill[g] as number;
		fill[g] = at + 1;
		key[at] = keyIn[i] as number;
		row[at] = rowIn[i] as number;
	}
}

/** (ka, ra) sorts before (kb, rb): smaller key, or equal key and earlier row. */
function before(ka: number, ra: number, kb: number, rb: number): boolean {
	return ka < kb || (ka === kb && ra < rb);
}

/**
 * Quickselect (Hoare partition, median-of-three pivot) on parallel arrays over positions
 * lo..hi inclusive: afterwards position nth holds the entry a full sort by (key, row) would
 * put there, no later-sorting entry before it and no earlier-sorting one after it.
 */
export function selectNth(keys: Float64Array, rows: Int32Array, lo: number, hi: number, nth: number): void {
	const swap = (a: number, b: number) => {
		const k = keys[a] as number;
		keys[a] = keys[b] as number;
		keys[b] = k;
		const r = rows[a] as number;
		rows[a] = rows[b] as number;
		rows[b] = r;
	};
	const lessAt = (a: number, b: number) =>
		before(keys[a] as number, rows[a] as number, keys[b] as number, rows[b] as number);
	while (hi > lo) {
		const mid = (lo + hi) >> 1;
		if (lessAt(mid, lo)) swap(mid, lo);
		if (lessAt(hi, lo)) swap(hi, lo);
		if (lessAt(hi, mid)) swap(hi, mid);
		const pk = keys[mid] as number;
		const pr = rows[mid] as number;
		let i = lo;
		let j = hi;
		while (i <= j) {
			while (before(keys[i] as number, rows[i] as number, pk, pr)) i++;
			while (before(pk, pr, keys[j] as number, rows[j] as number)) j--;
			if (i <= j) {
				swap(i, j);
				i++;
				j--;
			}
		}
		if (nth <= j) hi = j;
		else if (nth >= i) lo = i;
		else return;
	}
}
