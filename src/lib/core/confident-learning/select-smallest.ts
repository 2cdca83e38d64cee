/**
 * Exact per-group selection of the `capacity[g]` smallest (key, row) pairs, ties broken by
 * ascending row: the first `capacity` entries of a stable ascending argsort of each group's
 * keys, without sorting and without holding all N keys.
 *
 * 1. Sample every s-th row (s ~ N / SAMPLE_ROWS) and take, per group, a key a little beyond
 *    the expected position of the capacity-th smallest as an inclusive bound.
 * 2. One scan collects the pairs with key <= bound. If a group got at least `capacity` of
 *    them, its answer is among them (every uncollected key is larger); a group that got too
 *    few (rare: an unlucky sample) is rescanned without a bound.
 * 3. A quickselect per group keeps the `capacity` smallest.
 * Cost: about one scan plus 1/s of one, O(candidates) memory.
 */

/** Rows sampled to place the bounds: enough for usable estimates of small quantiles, cheap to scan. */
const SAMPLE_ROWS = 8192;

/** Receives candidate pairs from a scan. */
export class Candidates {
	group: Int32Array;
	key: Float64Array;
	row: Int32Array;
	length = 0;

	constructor(capacityHint = 1024) {
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
	 * Reorder keys and rows into contiguous runs per group (counting sort, once, after the
	 * scan); returns the run starts, length G + 1.
	 */
	groupBy(groups: number): Int32Array {
		const start = new Int32Array(groups + 1);
		for (let i = 0; i < this.length; i++) {
			const g = (this.group[i] as number) + 1;
			start[g] = (start[g] as number) + 1;
		}
		for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
		const fill = start.slice(0, groups);
		const key = new Float64Array(this.length);
		const row = new Int32Array(this.length);
		for (let i = 0; i < this.length; i++) {
			const g = this.group[i] as number;
			const at = fill[g] as number;
			fill[g] = at + 1;
			key[at] = this.key[i] as number;
			row[at] = this.row[i] as number;
		}
		this.key = key;
		this.row = row;
		return start;
	}
}

/**
 * Visits rows from, from + step, ... and calls `sink.add(g, key, row)` for every pair whose
 * key <= bounds[g] (bounds may be +Infinity: all pairs; -Infinity: none of that group).
 */
export type KeyScan = (bounds: Float64Array, from: number, step: number, sink: Candidates) => void;

/**
 * Set mark[row] = 1 for the rows holding the capacity[g] smallest keys of each group g
 * (ties: lower rows). `sampleSpace` is the number of positions the scan steps through.
 */
export function selectSmallest(
	capacities: ArrayLike<number>,
	sampleSpace: number,
	scan: KeyScan,
	mark: Uint8Array
): void {
	const groups = capacities.length;
	const caps = Float64Array.from(capacities, (c) => Math.max(0, Math.floor(c)));
	const bounds = caps.map((c) => (c > 0 ? Infinity : -Infinity));
	if (bounds.every((b) => b === -Infinity)) return;

	const stride = Math.max(1, Math.floor(sampleSpace / SAMPLE_ROWS));
	const total = caps.reduce((a, b) => a + b, 0);
	const expected = stride > 1 ? placeBounds(caps, bounds, stride, scan) : total;

	let found = new Candidates(Math.min(expected * 1.5 + 1024, 2 * total + 1024));
	scan(bounds, 0, 1, found);
	let start = found.groupBy(groups);
	const short = caps.map((c, g) => (counted(start, g) < c && bounds[g] !== Infinity ? 1 : 0));
	if (short.some((s) => s === 1)) {
		// the sample misled these groups: collect them in full, keep the others as they were
		for (let g = 0; g < groups; g++) if (short[g]) bounds[g] = Infinity;
		found = new Candidates();
		scan(bounds, 0, 1, found);
		start = found.groupBy(groups);
	}

	for (let g = 0; g < groups; g++) {
		const lo = start[g] as number;
		const count = counted(start, g);
		const take = Math.min(count, caps[g] as number);
		if (take === 0) continue;
		if (count > take) selectNth(found.key, found.row, lo, lo + count - 1, lo + take - 1);
		for (let i = lo; i < lo + take; i++) mark[found.row[i] as number] = 1;
	}
}

function counted(start: Int32Array, g: number): number {
	return (start[g + 1] as number) - (start[g] as number);
}

/**
 * From every `stride`-th row, set each active group's bound to the sampled key at rank
 * ~ capacity / stride plus a safety margin of a few standard deviations; groups whose
 * sample is too small keep +Infinity (collect everything). Returns the number of pairs the
 * full scan is expected to collect.
 */
function placeBounds(caps: Float64Array, bounds: Float64Array, stride: number, scan: KeyScan): number {
	const sample = new Candidates(1024);
	scan(bounds, 0, stride, sample);
	const start = sample.groupBy(caps.length);
	let expectedPairs = 0;
	for (let g = 0; g < caps.length; g++) {
		if (bounds[g] === -Infinity) continue;
		const expected = (caps[g] as number) / stride;
		const rank = Math.ceil(expected + 3 * Math.sqrt(expected) + 4);
		const count = counted(start, g);
		expectedPairs += Math.min(rank, count) * stride;
		if (rank > count) continue;
		const lo = start[g] as number;
		selectNth(sample.key, sample.row, lo, lo + count - 1, lo + rank - 1);
		bounds[g] = sample.key[lo + rank - 1] as number;
	}
	return expectedPairs;
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
