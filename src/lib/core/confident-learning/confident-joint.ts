import { calibrateConfidentJoint } from './calibrate';
import { givenLabelNearMax, NEAR_MAX_TOLERANCE, outranksLifted } from './near-max';
import { growInt32, type PruneCandidates } from './prune-candidates';
import { resolveDims, rowArgmax, type ProbMatrix, type SquareMatrix } from './shape';
import { classStats, shiftedThresholds } from './thresholds';

/** Classes per bitmask word (31 keeps the sign bit clear). */
const WORD = 31;

/** Result of the counting pass behind the confident joint. */
export interface ConfidentCounts {
	/**
	 * K x K counts C[given i][true j] of examples labelled i whose confident class is j,
	 * diagonal raised to at least 1 (as cleanlab does, so no class looks entirely mislabelled).
	 */
	joint: Float64Array;
	/**
	 * Off-diagonal rows whose given label is not (nearly) the prediction either: cleanlab's
	 * `num_label_issues(estimation_method='off_diagonal')`, which drops every row whose argmax
	 * after adding 1e-6 to p[given] is the given label (`givenLabelNearMax`), so a row whose
	 * given label ties for the largest probability is never counted, whichever class comes
	 * first. (A row counted off the diagonal can still predict its given label when that class
	 * alone misses its threshold.) Only counted with `countOffDiagonalIssues`.
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
 * The per-class comparisons are collected branch-free into bitmasks, 31 classes per word;
 * the argmax is only computed for the rare rows with several confident classes.
 */
export function countConfidentJoint(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	thresholds: Float64Array,
	options: CountOptions = {}
): ConfidentCounts {
	// one extra cell at index K*K absorbs rows confident for no class, so counting never branches
	const counts = new Int32Array(k * k + 1); // (integer increments: cheaper than float ones)
	const none = k * k;
	const shifted = shiftedThresholds(thresholds);
	const candidates = options.pruneCandidates ?? null;
	const countIssues = options.countOffDiagonalIssues === true;
	const needOffDiagonal = countIssues || options.collectOffDiagonalRows === true;
	let rows: Int32Array | null = options.collectOffDiagonalRows ? new Int32Array(64) : null;
	let nRows = 0;
	let numOffDiagonalIssues = 0;
	const narrow = k <= WORD;
	if (!needOffDiagonal) countRows(labels, predProbs, k, shifted, counts, candidates);
	else {
		// the same loop, also looking at the rows counted off the diagonal
		for (let r = 0, off = 0; r < labels.length; r++, off += k) {
			const l = labels[r] as number;
			const c = narrow
				? countNarrowRow(predProbs, off, k, r, l, shifted, candidates)
				: countWideRow(predProbs, off, k, r, l, shifted, candidates);
			const cell = c < 0 ? none : l * k + c;
			counts[cell] = (counts[cell] as number) + 1;
			if (c < 0 || c === l) continue;
			if (countIssues && !givenLabelNearMax(predProbs, off, k, l)) numOffDiagonalIssues++;
			if (rows) {
				if (nRows === rows.length) rows = growInt32(rows);
				rows[nRows++] = r;
			}
		}
	}
	const joint = Float64Array.from(counts.subarray(0, k * k));
	for (let i = 0; i < k; i++) joint[i * k + i] = Math.max(joint[i * k + i] as number, 1);
	return rows ? { joint, numOffDiagonalIssues, offDiagonalRows: rows.slice(0, nRows) } : { joint, numOffDiagonalIssues };
}

/**
 * The counting pass without the off-diagonal extras. A function of its own holding only the
 * loop, so that its optimised code is kept from call to call (code after a long loop, in
 * the same function, kept invalidating it).
 */
function countRows(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	shifted: Float64Array,
	counts: Int32Array,
	candidates: PruneCandidates | null
): void {
	if (k === 10) return countRows10(labels, predProbs, shifted, counts, candidates);
	const none = k * k;
	const narrow = k <= WORD;
	const n = labels.length;
	for (let r = 0, off = 0; r < n; r++, off += k) {
		const l = labels[r] as number;
		const c = narrow
			? countNarrowRow(predProbs, off, k, r, l, shifted, candidates)
			: countWideRow(predProbs, off, k, r, l, shifted, candidates);
		const cell = c < 0 ? none : l * k + c;
		counts[cell] = (counts[cell] as number) + 1;
	}
}

/**
 * `countRows` for K = 10 (MNIST, CIFAR-10 and many others): the comparisons of
 * `countNarrowRow` written out with the ten thresholds held in locals, which a loop over a
 * K known only at run time cannot do.
 */
function countRows10(labels: Int32Array, p: ProbMatrix, shifted: Float64Array, counts: Int32Array, candidates: PruneCandidates | null): void {
	const t0 = shifted[0] as number, t1 = shifted[1] as number, t2 = shifted[2] as number, t3 = shifted[3] as number, t4 = shifted[4] as number;
	const t5 = shifted[5] as number, t6 = shifted[6] as number, t7 = shifted[7] as number, t8 = shifted[8] as number, t9 = shifted[9] as number;
	const n = labels.length;
	for (let r = 0, off = 0; r < n; r++, off += 10) {
		const l = labels[r] as number;
		const self = p[off + l] as number;
		const a0 = p[off] as number, a1 = p[off + 1] as number, a2 = p[off + 2] as number, a3 = p[off + 3] as number, a4 = p[off + 4] as number;
		const a5 = p[off + 5] as number, a6 = p[off + 6] as number, a7 = p[off + 7] as number, a8 = p[off + 8] as number, a9 = p[off + 9] as number;
		const confident =
			+(a0 >= t0) | (+(a1 >= t1) << 1) | (+(a2 >= t2) << 2) | (+(a3 >= t3) << 3) | (+(a4 >= t4) << 4) |
			(+(a5 >= t5) << 5) | (+(a6 >= t6) << 6) | (+(a7 >= t7) << 7) | (+(a8 >= t8) << 8) | (+(a9 >= t9) << 9);
		const atLeastSelf =
			+(a0 >= self) | (+(a1 >= self) << 1) | (+(a2 >= self) << 2) | (+(a3 >= self) << 3) | (+(a4 >= self) << 4) |
			(+(a5 >= self) << 5) | (+(a6 >= self) << 6) | (+(a7 >= self) << 7) | (+(a8 >= self) << 8) | (+(a9 >= self) << 9);
		const c = settleNarrowRow(p, off, 10, r, l, confident, atLeastSelf, candidates);
		const cell = c < 0 ? 100 : l * 10 + c;
		counts[cell] = (counts[cell] as number) + 1;
	}
}

/**
 * One row of the counting pass for K <= 31 (the hot loop: one bitmask word, classes taken
 * four at a time so the bit positions within each group are constants): returns the row's
 * confident class (or -1) and records its prune candidates.
 */
function countNarrowRow(
	predProbs: ProbMatrix,
	off: number,
	k: number,
	r: number,
	l: number,
	shifted: Float64Array,
	candidates: PruneCandidates | null
): number {
	const self = predProbs[off + l] as number;
	let confident = 0; // bit j: p[j] >= t_j - slack
	let atLeastSelf = 0; // bit j: p[j] >= p[label]
	let j = 0;
	for (; j + 4 <= k; j += 4) {
		const a = predProbs[off + j] as number;
		const b = predProbs[off + j + 1] as number;
		const c = predProbs[off + j + 2] as number;
		const d = predProbs[off + j + 3] as number;
		confident |=
			(+(a >= (shifted[j] as number)) |
				(+(b >= (shifted[j + 1] as number)) << 1) |
				(+(c >= (shifted[j + 2] as number)) << 2) |
				(+(d >= (shifted[j + 3] as number)) << 3)) <<
			j;
		atLeastSelf |= (+(a >= self) | (+(b >= self) << 1) | (+(c >= self) << 2) | (+(d >= self) << 3)) << j;
	}
	for (; j < k; j++) {
		const v = predProbs[off + j] as number;
		confident |= +(v >= (shifted[j] as number)) << j;
		atLeastSelf |= +(v >= self) << j;
	}
	return settleNarrowRow(predProbs, off, k, r, l, confident, atLeastSelf, candidates);
}

/**
 * The end of a narrow row, from its two bitmasks (bit j: p[j] >= t_j - slack; p[j] >= p[label]):
 * records the row's prune candidates and returns its confident class (or -1).
 */
function settleNarrowRow(
	predProbs: ProbMatrix,
	off: number,
	k: number,
	r: number,
	l: number,
	confident: number,
	atLeastSelf: number,
	candidates: PruneCandidates | null
): number {
	const rivals = atLeastSelf & ~(1 << l);
	if (candidates && rivals !== 0 && addCandidates(candidates, predProbs, off, k, r, l, 0, rivals)) {
		candidates.keepRow(r);
	}
	// a single bit gives its class; no bit gives 31 - 32 = -1
	return (confident & (confident - 1)) === 0 ? 31 - Math.clz32(confident) : rowArgmax(predProbs, off, k);
}

/**
 * The narrow loop's work for K > 31, one 31-class bitmask word at a time: returns the row's
 * confident class (or -1) and records its prune candidates.
 */
function countWideRow(
	predProbs: ProbMatrix,
	off: number,
	k: number,
	r: number,
	l: number,
	shifted: Float64Array,
	candidates: PruneCandidates | null
): number {
	const self = predProbs[off + l] as number;
	let first = -1; // first confident class
	let several = false;
	let keep = 0;
	for (let base = 0; base < k; base += WORD) {
		const end = Math.min(base + WORD, k);
		let confident = 0;
		let atLeastSelf = 0;
		for (let j = base; j < end; j++) {
			const v = predProbs[off + j] as number;
			confident |= +(v >= (shifted[j] as number)) << (j - base);
			atLeastSelf |= +(v >= self) << (j - base);
		}
		if (confident !== 0) {
			several ||= first >= 0 || (confident & (confident - 1)) !== 0;
			if (first < 0) first = base + 31 - Math.clz32(confident & -confident);
		}
		const rivals = l >= base && l < end ? atLeastSelf & ~(1 << (l - base)) : atLeastSelf;
		if (candidates && rivals !== 0) keep |= addCandidates(candidates, predProbs, off, k, r, l, base, rivals);
	}
	if (candidates && keep) candidates.keepRow(r);
	return several ? rowArgmax(predProbs, off, k) : first;
}

/**
 * Row r (label l) has rivals: classes j != l with p[j] >= p[l], as bits j - base. Lists
 * their (cell, p[l] - p[j], r); returns 1 if one of them outranks the label lifted by
 * NEAR_MAX_TOLERANCE (only a rival can), else 0.
 */
function addCandidates(
	candidates: PruneCandidates,
	predProbs: ProbMatrix,
	off: number,
	k: number,
	r: number,
	l: number,
	base: number,
	rivals: number
): number {
	const self = predProbs[off + l] as number;
	const lifted = self + NEAR_MAX_TOLERANCE;
	let keep = 0;
	let lowest = candidates.lowestKey;
	for (let bits = rivals; bits !== 0; bits &= bits - 1) {
		const j = base + 31 - Math.clz32(bits & -bits);
		const v = predProbs[off + j] as number;
		const key = self - v;
		candidates.pairs.add(l * k + j, key, r);
		if (key < lowest) lowest = key;
		keep |= +outranksLifted(v, j, lifted, l);
	}
	candidates.lowestKey = lowest;
	return keep;
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
