import { calibrateConfidentJoint } from './calibrate';
import { NEAR_MAX_TOLERANCE, outranksLifted } from './near-max';
import type { PruneCandidates } from './prune-candidates';
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
	/** if given, receives prune_by_noise_rate's candidate pairs and near-max decisions */
	pruneCandidates?: PruneCandidates;
}

/**
 * The counting pass of confident learning (paper Eq. 1). One pass over predProbs:
 * each row's confident class (the rule of `confidentClass`) increments C[label][class];
 * rows confident for no class are skipped. Cost O(N K), allocation O(K^2) (+ the lists).
 * For K <= 31 the per-class comparisons are collected branch-free in bitmasks; the argmax
 * is only computed for the rare rows with several confident classes.
 */
export function countConfidentJoint(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	thresholds: Float64Array,
	options: CountOptions = {}
): ConfidentCounts {
	// one extra cell at index K*K absorbs rows confident for no class, so counting never branches
	const counts = new Float64Array(k * k + 1);
	const none = k * k;
	const shifted = shiftedThresholds(thresholds);
	const candidates = options.pruneCandidates ?? null;
	const countIssues = options.countOffDiagonalIssues === true;
	const needOffDiagonal = countIssues || options.collectOffDiagonalRows === true;
	const useMasks = k <= MASK_MAX_CLASSES;
	let rows: Int32Array | null = options.collectOffDiagonalRows ? new Int32Array(64) : null;
	let nRows = 0;
	let numOffDiagonalIssues = 0;
	for (let r = 0, off = 0; r < labels.length; r++, off += k) {
		const l = labels[r] as number;
		let c: number;
		if (useMasks) {
			const self = predProbs[off + l] as number;
			let confident = 0; // bit j: p[j] >= t_j - slack
			let atLeastSelf = 0; // bit j: p[j] >= p[label]
			for (let j = 0; j < k; j++) {
				const v = predProbs[off + j] as number;
				confident |= +(v >= (shifted[j] as number)) << j;
				atLeastSelf |= +(v >= self) << j;
			}
			const single = (confident & (confident - 1)) === 0;
			c = single ? 31 - Math.clz32(confident) : rowArgmax(predProbs, off, k); // -1 when none
			const rivals = atLeastSelf & ~(1 << l);
			if (candidates && rivals !== 0) addCandidates(candidates, predProbs, off, k, r, l, rivals);
		} else {
			c = confidentClass(predProbs, off, k, shifted);
			if (candidates) addCandidatesWide(candidates, predProbs, off, k, r, l);
		}
		const cell = c < 0 ? none : l * k + c;
		counts[cell] = (counts[cell] as number) + 1;
		if (!needOffDiagonal || c < 0 || c === l) continue;
		if (countIssues && rowArgmax(predProbs, off, k) !== l) numOffDiagonalIssues++;
		if (rows) {
			if (nRows === rows.length) rows = growInt32(rows);
			rows[nRows++] = r;
		}
	}
	const joint = counts.slice(0, k * k);
	for (let i = 0; i < k; i++) joint[i * k + i] = Math.max(joint[i * k + i] as number, 1);
	return rows ? { joint, numOffDiagonalIssues, offDiagonalRows: rows.slice(0, nRows) } : { joint, numOffDiagonalIssues };
}

/**
 * Row r (label l) has rivals: the classes j != l, as bits, with p[j] >= p[l]. Lists their
 * (cell, p[l] - p[j], r) and records whether the near-max rule keeps the row.
 */
function addCandidates(
	candidates: PruneCandidates,
	predProbs: ProbMatrix,
	off: number,
	k: number,
	r: number,
	l: number,
	rivals: number
): void {
	const self = predProbs[off + l] as number;
	const lifted = self + NEAR_MAX_TOLERANCE;
	let keep = false; // only a rival can outrank the lifted label
	for (let bits = rivals; bits !== 0; bits &= bits - 1) {
		const j = 31 - Math.clz32(bits & -bits);
		const v = predProbs[off + j] as number;
		candidates.pairs.add(l * k + j, self - v, r);
		keep ||= outranksLifted(v, j, lifted, l);
	}
	candidates.keep[r] = keep ? 1 : 0;
}

/** `addCandidates` for K > 31: finds the rivals by scanning the row. */
function addCandidatesWide(candidates: PruneCandidates, predProbs: ProbMatrix, off: number, k: number, r: number, l: number): void {
	const self = predProbs[off + l] as number;
	const lifted = self + NEAR_MAX_TOLERANCE;
	let keep = false;
	for (let j = 0; j < k; j++) {
		const v = predProbs[off + j] as number;
		if (j !== l && v >= self) {
			candidates.pairs.add(l * k + j, self - v, r);
			keep ||= outranksLifted(v, j, lifted, l);
		}
	}
	candidates.keep[r] = keep ? 1 : 0;
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
