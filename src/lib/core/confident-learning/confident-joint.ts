import { calibrateConfidentJoint } from './calibrate';
import type { SideRows } from './prune-side-rows';
import { resolveDims, rowArgmax, type ProbMatrix, type SquareMatrix } from './shape';
import { classStats, confidentClass, shiftedThresholds } from './thresholds';

/** Widest K for the bitmask fast path (one bit per class in a 32-bit int). */
const MASK_MAX_CLASSES = 31;
/** Result of the counting pass behind the confident joint. */
export interface ConfidentCounts {
	/**
	 * K x K counts C[given i][true j] of examples labelled i whose confident class is j,
	 * diagonal raised to at least 1 (as cleanlab does, so no class looks entirely mislabelled).
	 */
	joint: Float64Array;
	/**
	 * Off-diagonal rows whose argmax is not the given label either: cleanlab's
	 * `num_label_issues(estimation_method='off_diagonal')`. (A row counted off the diagonal can
	 * still predict its given label when that class alone misses its threshold.) Only counted
	 * with `countOffDiagonalIssues`.
	 */
	numOffDiagonalIssues: number;
	/** Ascending rows counted off the diagonal (confident class != given label), if requested. */
	offDiagonalRows?: Int32Array;
}

export interface CountOptions {
	/** also list the rows counted off the diagonal (for filter_by='confident_learning') */
	collectOffDiagonalRows?: boolean;
	/** also count `numOffDiagonalIssues` (otherwise 0) */
	countOffDiagonalIssues?: boolean;
	/**
	 * if given, receives a copy of every row whose label is not its strict maximum (some other
	 * p[j] >= p[label]): the rows prune_by_noise_rate normally chooses from (see SideRows)
	 */
	pruneSideRows?: SideRows;
}

/**
 * The counting pass of confident learning (paper Eq. 1). One pass over predProbs:
 * each row's confident class (the rule of `confidentClass`) increments C[label][class];
 * rows confident for no class are skipped. Cost O(N K), allocation O(K^2) (+ the row list).
 * For K <= 31 the per-class comparisons are collected branch-free in a bitmask; the argmax
 * is only computed for the rare rows with several confident classes.
 */
export function countConfidentJoint(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	thresholds: Float64Array,
	options: CountOptions = {}
): ConfidentCounts {
	const n = labels.length;
	const joint = new Float64Array(k * k);
	const shifted = shiftedThresholds(thresholds);
	const side = options.pruneSideRows ?? null;
	const countIssues = options.countOffDiagonalIssues === true;
	let rows: Int32Array | null = options.collectOffDiagonalRows ? new Int32Array(64) : null;
	let nRows = 0;
	let numOffDiagonalIssues = 0;
	// blocks: a lean loop classifies rows into small scratch arrays, a second does the bookkeeping
	const classOf = new Int32Array(BLOCK_ROWS);
	const notMax = new Uint8Array(BLOCK_ROWS);
	for (let start = 0; start < n; start += BLOCK_ROWS) {
		const end = Math.min(start + BLOCK_ROWS, n);
		classifyRows(labels, predProbs, k, shifted, start, end, classOf, notMax);
		for (let r = start; r < end; r++) {
			const off = r * k;
			if (side && notMax[r - start]) side.push(r, predProbs, off);
			const c = classOf[r - start] as number;
			if (c < 0) continue;
			const l = labels[r] as number;
			joint[l * k + c] = (joint[l * k + c] as number) + 1;
			if (c === l) continue;
			if (countIssues && rowArgmax(predProbs, off, k) !== l) numOffDiagonalIssues++;
			if (rows) {
				if (nRows === rows.length) rows = growInt32(rows);
				rows[nRows++] = r;
			}
		}
	}
	for (let i = 0; i < k; i++) joint[i * k + i] = Math.max(joint[i * k + i] as number, 1);
	return rows ? { joint, numOffDiagonalIssues, offDiagonalRows: rows.slice(0, nRows) } : { joint, numOffDiagonalIssues };
}

/** Rows per block of `countConfidentJoint`: scratch stays in L1, the block's rows in L2. */
const BLOCK_ROWS = 2048;

/**
 * For rows start..end-1: classOf[r - start] = confident class (see `confidentClass`) or -1;
 * notMax[r - start] = 1 if some other entry is >= p[label] (the label is not the strict max).
 */
function classifyRows(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	shifted: Float64Array,
	start: number,
	end: number,
	classOf: Int32Array,
	notMax: Uint8Array
): void {
	if (k > MASK_MAX_CLASSES) {
		for (let r = start, off = start * k; r < end; r++, off += k) {
			const self = predProbs[off + (labels[r] as number)] as number;
			let atLeastSelf = 0;
			for (let j = 0; j < k; j++) atLeastSelf += +((predProbs[off + j] as number) >= self);
			classOf[r - start] = confidentClass(predProbs, off, k, shifted);
			notMax[r - start] = +(atLeastSelf > 1);
		}
		return;
	}
	for (let r = start, off = start * k; r < end; r++, off += k) {
		const self = predProbs[off + (labels[r] as number)] as number;
		let mask = 0;
		let atLeastSelf = 0; // entries >= p[label], the label's own included
		for (let j = 0; j < k; j++) {
			const v = predProbs[off + j] as number;
			mask |= +(v >= (shifted[j] as number)) << j;
			atLeastSelf += +(v >= self);
		}
		classOf[r - start] = mask === 0 ? -1 : (mask & (mask - 1)) === 0 ? 31 - Math.clz32(mask) : rowArgmax(predProbs, off, k);
		notMax[r - start] = +(atLeastSelf > 1);
	}
}

function growInt32(a: Int32Array): Int32Array {
	const b = new Int32Array(a.length * 2);
	b.set(a);
	return b;
}

export interface ConfidentJointOptions {
	/** number of classes; inferred from predProbs.length / N if omitted */
	k?: number;
	/** rescale rows to the given-label counts and round (default true, as cleanlab) */
	calibrate?: boolean;
	/** per-class thresholds; default `computeThresholds` */
	thresholds?: Float64Array;
}

/**
 * cleanlab's `compute_confident_joint`: K x K matrix C[given][true]; calibrated (default) so
 * row i sums to the number of examples labelled i and entries are integers.
 */
export function computeConfidentJoint(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: ConfidentJointOptions = {}
): SquareMatrix {
	const { k } = resolveDims(labels, predProbs, options.k);
	const stats = classStats(labels, predProbs, k);
	const { joint } = countConfidentJoint(labels, predProbs, k, options.thresholds ?? stats.thresholds);
	const data = options.calibrate === false ? joint : calibrateConfidentJoint(joint, stats.labelCounts, k);
	return { k, data };
}
