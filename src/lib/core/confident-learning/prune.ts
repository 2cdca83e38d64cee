import { selectSmallest, type Candidates } from './select-smallest';
import { SIDE_LIMIT, type SideRows } from './prune-side-rows';
import type { ProbMatrix } from './shape';

/**
 * prune_by_noise_rate (paper Sec. 3.2 "Cl: prune by noise rate"): for every off-diagonal cell
 * (given i, true j) with perCell[i*K+j] = c > 0, flag the c examples labelled i with the
 * largest margin p[j] - p[i] (equal margins: earlier rows first). An example may be chosen
 * by several cells. Sets mask[row] = 1.
 *
 * Selection is by the key p[i] - p[j] (smallest = largest margin), one group per cell. With
 * `side` (rows copied by `countConfidentJoint`), cells whose selection needs only keys
 * <= SIDE_LIMIT are served from that contiguous copy; the full matrix is read only for the
 * others (normally none).
 */
export function pruneByNoiseRate(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	perCell: Float64Array,
	side: SideRows | null,
	mask: Uint8Array
): void {
	const cells = activeCells(perCell, k);
	const sideBounds = new Float64Array(k * k);
	const fullBounds = new Float64Array(k * k);
	const scan = (bounds: Float64Array, from: number, step: number, sink: Candidates) => {
		const n = labels.length;
		if (!side) return scanCellKeys(predProbs, null, n, labels, k, cells, bounds, from, step, sink);
		if (step > 1) return scanCellKeys(side.values, side.rows, side.count, labels, k, cells, bounds, from, step, sink);
		// every pair with key <= SIDE_LIMIT is a side row's; larger bounds need the full matrix
		let needFull = false;
		for (let g = 0; g < k * k; g++) {
			const b = bounds[g] as number;
			const inSide = b <= SIDE_LIMIT;
			sideBounds[g] = inSide ? b : -Infinity;
			fullBounds[g] = inSide ? -Infinity : b;
			needFull ||= !inSide && b > -Infinity;
		}
		scanCellKeys(side.values, side.rows, side.count, labels, k, cells, sideBounds, 0, 1, sink);
		if (needFull) scanCellKeys(predProbs, null, n, labels, k, cells, fullBounds, 0, 1, sink);
	};
	const sampleSpace = side ? side.count : labels.length;
	selectSmallest(perCell, sampleSpace, scan, mask);
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
 * the source row). Emits
 * (cell, p[i] - p[j], row) for every active cell whose bound admits the key.
 */
function scanCellKeys(
	values: ProbMatrix,
	rows: Int32Array | null,
	count: number,
	labels: Int32Array,
	k: number,
	cells: ActiveCells,
	bounds: Float64Array,
	from: number,
	step: number,
	sink: Candidates
): void {
	const { start, j: activeJ } = cells;
	// classes with no admissible cell are skipped without reading their rows
	const open = new Uint8Array(k);
	for (let i = 0; i < k; i++) {
		for (let c = start[i] as number; c < (start[i + 1] as number); c++) {
			if ((bounds[i * k + (activeJ[c] as number)] as number) > -Infinity) open[i] = 1;
		}
	}
	for (let t = from; t < count; t += step) {
		const r = rows ? (rows[t] as number) : t;
		const i = labels[r] as number;
		if (!open[i]) continue;
		const off = t * k;
		const self = values[off + i] as number;
		const end = start[i + 1] as number;
		for (let c = start[i] as number; c < end; c++) {
			const j = activeJ[c] as number;
			const key = self - (values[off + j] as number);
			if (key <= (bounds[i * k + j] as number)) sink.add(i * k + j, key, r);
		}
	}
}

/**
 * prune_by_class (paper Sec. 3.2 "Cl: prune by class"): for each given class i flag the
 * perClass[i] examples labelled i with the lowest self-confidence p[i] (equal values:
 * earlier rows first). Sets mask[row] = 1.
 */
export function pruneByClass(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	perClass: Float64Array,
	mask: Uint8Array
): void {
	const scan = (bounds: Float64Array, from: number, step: number, sink: Candidates) => {
		for (let r = from; r < labels.length; r += step) {
			const i = labels[r] as number;
			const key = predProbs[r * k + i] as number;
			if (key <= (bounds[i] as number)) sink.add(i, key, r);
		}
	};
	selectSmallest(perClass, labels.length, scan, mask);
}
