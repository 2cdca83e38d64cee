import { runSelection, selectSmallest, selectSmallestPairs, type KeySink } from './select-smallest';
import { CANDIDATE_KEY_LIMIT, type PruneCandidates } from './prune-candidates';
import type { ProbMatrix } from './shape';

/** Key range of prune_by_noise_rate, p[i] - p[j], for probabilities. */
const MARGIN_KEYS = { lo: -1, hi: 1 };
/** Key range of prune_by_class, p[i]. */
const PROBABILITY_KEYS = { lo: 0, hi: 1 };

/**
 * prune_by_noise_rate (paper Sec. 3.2 "Cl: prune by noise rate"): for every off-diagonal cell
 * (given i, true j) with perCell[i*K+j] = c > 0, flag the c examples labelled i with the
 * largest margin p[j] - p[i] (equal margins: earlier rows first). An example may be chosen
 * by several cells. Sets mask[row] = 1.
 *
 * Selection is by the key p[i] - p[j] (smallest = largest margin), one group per cell.
 * With `candidates` from the counting pass, the keys <= CANDIDATE_KEY_LIMIT come from that
 * list; only a cell needing more keys than listed reads the full matrix.
 */
export function pruneByNoiseRate(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	perCell: Float64Array,
	candidates: PruneCandidates | null,
	mask: Uint8Array
): void {
	let remaining = perCell;
	if (candidates) {
		// bins over the keys' actual span: with many classes they crowd just below zero
		const range = { lo: Math.max(candidates.lowestKey, MARGIN_KEYS.lo), hi: CANDIDATE_KEY_LIMIT };
		const taken = selectSmallestPairs(perCell, range, candidates.pairs, mask);
		remaining = perCell.map((c, g) => ((taken[g] as number) < c ? c : 0));
		if (remaining.every((c) => c === 0)) return;
	}
	const cells = activeCells(remaining, k);
	const scan = (sink: KeySink) => scanCellKeys(predProbs, labels, k, cells, sink);
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

/** The full-matrix KeyScan of `pruneByNoiseRate`: (cell, p[i] - p[j], row) for every active cell. */
function scanCellKeys(predProbs: ProbMatrix, labels: Int32Array, k: number, cells: ActiveCells, sink: KeySink): void {
	const { start, j: activeJ } = cells;
	for (let r = 0, off = 0; r < labels.length; r++, off += k) {
		const i = labels[r] as number;
		const self = predProbs[off + i] as number;
		for (let c = start[i] as number; c < (start[i + 1] as number); c++) {
			const j = activeJ[c] as number;
			sink.add(i * k + j, self - (predProbs[off + j] as number), r);
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
	runSelection(
		perClass,
		PROBABILITY_KEYS,
		mask,
		(sink) => countSelfKeys(sink, labels, predProbs, k),
		(sink) => selectSelfKeys(sink, labels, predProbs, k)
	);
}

// (each long loop in a function of its own: see `countRows` in confident-joint.ts)
function countSelfKeys(sink: KeySink, labels: Int32Array, predProbs: ProbMatrix, k: number): void {
	const n = labels.length;
	for (let r = 0, off = 0; r < n; r++, off += k) {
		const i = labels[r] as number;
		sink.count(i, predProbs[off + i] as number);
	}
}

function selectSelfKeys(sink: KeySink, labels: Int32Array, predProbs: ProbMatrix, k: number): void {
	const n = labels.length;
	for (let r = 0, off = 0; r < n; r++, off += k) {
		const i = labels[r] as number;
		sink.select(i, predProbs[off + i] as number, r);
	}
}
