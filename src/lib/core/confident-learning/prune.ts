import { selectSmallest, type KeySink } from './select-smallest';
import { SIDE_LIMIT, type SideRows } from './prune-side-rows';
import type { ProbMatrix } from './shape';

/** Key range of prune_by_noise_rate, p[i] - p[j], for probabilities. */
const MARGIN_KEYS = { lo: -1, hi: 1 };
/** The part of it that side rows hold. */
const SIDE_KEYS = { lo: -1, hi: SIDE_LIMIT };
/** Key range of prune_by_class, p[i]. */
const PROBABILITY_KEYS = { lo: 0, hi: 1 };

/**
 * prune_by_noise_rate (paper Sec. 3.2 "Cl: prune by noise rate"): for every off-diagonal cell
 * (given i, true j) with perCell[i*K+j] = c > 0, flag the c examples labelled i with the
 * largest margin p[j] - p[i] (equal margins: earlier rows first). An example may be chosen
 * by several cells. Sets mask[row] = 1.
 *
 * Selection is by the key p[i] - p[j] (smallest = largest margin), one group per cell. With
 * `side` (rows copied by `countConfidentJoint`) the keys <= SIDE_LIMIT are read from that
 * contiguous copy; only a cell with fewer such keys than it needs reads the full matrix.
 */
export function pruneByNoiseRate(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	perCell: Float64Array,
	side: SideRows | null,
	mask: Uint8Array
): void {
	let remaining = perCell;
	if (side) {
		const cells = activeCells(perCell, k);
		const scan = (sink: KeySink) =>
			scanCellKeys(side.values, side.rows, side.count, labels, k, cells, SIDE_LIMIT, sink);
		const taken = selectSmallest(perCell, SIDE_KEYS, scan, mask);
		remaining = perCell.map((c, g) => ((taken[g] as number) < c ? c : 0));
		if (remaining.every((c) => c === 0)) return;
	}
	const cells = activeCells(remaining, k);
	const scan = (sink: KeySink) =>
		scanCellKeys(predProbs, null, labels.length, labels, k, cells, Infinity, sink);
	selectSmallest(remaining, MARGIN_KEYS, scan, mask);
}

/** Active true classes j of each given class i: j = cells.j[cells.start[i] .. cells.start[i+1]). */
interface ActiveCells {
	start: Int32Array;
	j: Int32Array;
}

function activeCells(perCell: Float64Array, k: number): ActiveCells {
	const start = new Int32Array(k + 1);
	const j = new Int32Array(k * k);
	let a = 0;
	for (let i = 0; i < k; i++) {
		start[i] = a;
		for (let c = 0; c < k; c++) if (c !== i && (perCell[i * k + c] as number) > 0) j[a++] = c;
	}
	start[k] = a;
	return { start, j };
}

/**
 * The KeyScan of `pruneByNoiseRate` over the first `count` rows of `values` (row-major,
 * K columns): the full matrix (`rows` null, position t is row t) or side rows (`rows[t]` is
 * the source row). Emits (cell, p[i] - p[j], row) for every active cell with key <= maxKey.
 */
function scanCellKeys(
	values: ProbMatrix,
	rows: Int32Array | null,
	count: number,
	labels: Int32Array,
	k: number,
	cells: ActiveCells,
	maxKey: number,
	sink: KeySink
): void {
	const { start, j: activeJ } = cells;
	for (let t = 0, off = 0; t < count; t++, off += k) {
		const r = rows ? (rows[t] as number) : t;
		const i = labels[r] as number;
		const end = start[i + 1] as number;
		let c = start[i] as number;
		if (c === end) continue;
		const self = values[off + i] as number;
		for (; c < end; c++) {
			const j = activeJ[c] as number;
			const key = self - (values[off + j] as number);
			if (key <= maxKey) sink.add(i * k + j, key, r);
		}
	}
}

/**
 * prune_by_class (paper Sec. 3.2 "Cl: prune by class"): for each given class i flag the
 * perClass[i] examples labelled i with the lowest self-confidence p[i] (equal values:
 * earlier rows first). Sets mask[row] = 1. Two passes reading p[label] per row.
 */
export function pruneByClass(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	perClass: Float64Array,
	mask: Uint8Array
): void {
	const scan = (sink: KeySink) => {
		for (let r = 0, off = 0; r < labels.length; r++, off += k) {
			const i = labels[r] as number;
			sink.add(i, predProbs[off + i] as number, r);
		}
	};
	selectSmallest(perClass, PROBABILITY_KEYS, scan, mask);
}
