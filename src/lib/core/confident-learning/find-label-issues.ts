import { calibrateConfidentJoint } from './calibrate';
import { countConfidentJoint } from './confident-joint';
import { getLabelQualityScores, type LabelQualityMethod } from './label-quality-scores';
import { pruneByClass, pruneByNoiseRate } from './prune';
import { givenLabelNearMax } from './near-max';
import { PruneCandidates } from './prune-candidates';
import { computePruneCounts } from './prune-counts';
import { orderLabelIssues } from './rank';
import { selectSmallest, type KeySink } from './select-smallest';
import { ConfidentLearningInputError, countLabels, resolveDims, rowArgmax, type ProbMatrix } from './shape';
import { classStats } from './thresholds';
import { LABEL_ISSUE_DEFAULTS, LABEL_ISSUE_SCHEMA, type FilterBy } from '../options/label-issues';
import { optionProblem } from '../options/schema';

export { FILTER_BY_METHODS, type FilterBy } from '../options/label-issues';

/** Label quality scores lie in [0, 1]. */
const SCORE_RANGE = { lo: 0, hi: 1 };

/** Initial room for prune candidate pairs, as a fraction of N (the list grows if needed). */
const PAIRS_HINT = 1 / 2;

/**
 * Candidate lists reused from call to call: they are scratch (nothing returned refers to
 * them), and a fresh multi-megabyte list per call cost more than filling it. Retains about
 * 16 bytes per candidate pair of a recent input; lists with room for more than N x K / 2
 * pairs (twice the bytes of a float32 N x K input) are dropped rather than reused.
 */
let scratchCandidates: PruneCandidates | null = null;

function candidateScratch(n: number, k: number): PruneCandidates {
	const room = scratchCandidates?.pairs.row.length ?? 0;
	if (!scratchCandidates || room > (n * k) / 2 + 4096) scratchCandidates = new PruneCandidates(PAIRS_HINT * n);
	else scratchCandidates.clear();
	return scratchCandidates;
}

export interface FindLabelIssuesOptions {
	/** how issues are chosen (default 'prune_by_noise_rate', as cleanlab) */
	filterBy?: FilterBy;
	/** keep only this fraction of the estimated issues per cell/class, in (0, 1] (default 1) */
	fracNoise?: number;
	/** never prune a class down below this many examples (default 1) */
	minExamplesPerClass?: number;
	/** order `indices` by this label quality score, most likely mislabelled first */
	returnIndicesRankedBy?: LabelQualityMethod;
	/** number of classes; inferred from predProbs.length / N if omitted */
	k?: number;
}

export interface LabelIssues {
	/** length N: 1 where the example is flagged as a likely label issue */
	mask: Uint8Array;
	/** flagged rows, ascending, or ranked when `returnIndicesRankedBy` is set */
	indices: Int32Array;
}

/**
 * cleanlab's `find_label_issues(labels, pred_probs, ...)` for single-label data.
 * Inputs are not copied; call `validatePredProbs` first on untrusted probabilities.
 *
 * Passes over predProbs for the default filter: thresholds (one value per row) and the
 * counting pass, which also lists the pruning candidates and decides the near-max rule
 * (see `PruneCandidates`); selection and the final check then work on those lists only.
 */
export function findLabelIssues(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: FindLabelIssuesOptions = {}
): LabelIssues {
	const { n, k } = resolveDims(labels, predProbs, options.k);
	const filterBy = options.filterBy ?? LABEL_ISSUE_DEFAULTS.filterBy;
	const fracNoise = options.fracNoise ?? LABEL_ISSUE_DEFAULTS.fracNoise;
	const minExamples = options.minExamplesPerClass ?? LABEL_ISSUE_DEFAULTS.minExamplesPerClass;
	checkOptions(filterBy, fracNoise, minExamples);
	const low = filterBy === 'low_normalized_margin' || filterBy === 'low_self_confidence';
	const byNoiseRate = filterBy === 'prune_by_noise_rate' || filterBy === 'both';
	const candidates = byNoiseRate ? candidateScratch(n, k) : null;
	const flagged = new Uint8Array(n);

	if (filterBy === 'predicted_neq_given') {
		countLabels(labels, k); // range check
		flagPredictedNeqGiven(labels, predProbs, k, flagged);
	} else {
		const { thresholds, labelCounts } = classStats(labels, predProbs, k);
		const counts = countConfidentJoint(labels, predProbs, k, thresholds, {
			collectOffDiagonalRows: filterBy === 'confident_learning',
			countOffDiagonalIssues: low,
			pruneCandidates: candidates ?? undefined
		});
		if (filterBy === 'confident_learning') {
			for (const r of counts.offDiagonalRows as Int32Array) flagged[r] = 1;
		} else if (low) {
			const method = filterBy === 'low_normalized_margin' ? 'normalized_margin' : 'self_confidence';
			flagLowestScores(labels, predProbs, k, method, counts.numOffDiagonalIssues, flagged);
		} else {
			const calibrated = calibrateConfidentJoint(counts.joint, labelCounts, k);
			const prune = computePruneCounts(calibrated, labelCounts, k, minExamples, fracNoise);
			if (filterBy === 'prune_by_class') pruneByClass(labels, predProbs, k, prune.perClass, flagged);
			else pruneByNoiseRate(labels, predProbs, k, prune.perCell, candidates, flagged);
			if (filterBy === 'both') {
				const byClass = new Uint8Array(n);
				pruneByClass(labels, predProbs, k, prune.perClass, byClass);
				// only the rows the near-max check keeps can end up flagged: intersect those
				intersectAt(candidates as PruneCandidates, flagged, byClass);
			}
		}
	}
	// cleanlab un-flags examples whose given label is (nearly) the prediction, except for low_*
	const { mask, indices } = low
		? { mask: flagged, indices: maskToIndices(flagged) }
		: candidates
			? keepFlaggedCandidates(candidates, flagged)
			: keepFlaggedNotNearMax(labels, predProbs, k, flagged);
	return {
		mask,
		indices: options.returnIndicesRankedBy
			? orderLabelIssues(indices, labels, predProbs, k, options.returnIndicesRankedBy)
			: indices
	};
}

/** The options' problems as declared in core/options/label-issues.ts, the first one thrown. */
function checkOptions(filterBy: FilterBy, fracNoise: number, minExamples: number): void {
	const given = { filterBy, fracNoise, minExamplesPerClass: minExamples } as const;
	for (const name of ['filterBy', 'fracNoise', 'minExamplesPerClass'] as const) {
		const problem = optionProblem(name, LABEL_ISSUE_SCHEMA[name], given[name]);
		if (problem) throw new ConfidentLearningInputError(problem);
	}
}

/** predicted_neq_given: flag rows whose argmax (first on ties) differs from the given label. */
function flagPredictedNeqGiven(labels: Int32Array, predProbs: ProbMatrix, k: number, mask: Uint8Array): void {
	for (let r = 0, off = 0; r < labels.length; r++, off += k) {
		if (rowArgmax(predProbs, off, k) !== labels[r]) mask[r] = 1;
	}
}

/** low_*: flag the `count` rows with the lowest score (equal scores: earlier rows first). */
function flagLowestScores(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	method: LabelQualityMethod,
	count: number,
	mask: Uint8Array
): void {
	const scores = getLabelQualityScores(labels, predProbs, { method, k });
	const scan = (sink: KeySink) => {
		for (let r = 0; r < scores.length; r++) sink.add(0, scores[r] as number, r);
	};
	selectSmallest([count], SCORE_RANGE, scan, mask);
}

/** Flagged rows except those where `givenLabelNearMax` holds; reads only flagged rows. */
function keepFlaggedNotNearMax(labels: Int32Array, predProbs: ProbMatrix, k: number, flagged: Uint8Array): LabelIssues {
	for (let r = 0; r < flagged.length; r++) {
		if (flagged[r] && givenLabelNearMax(predProbs, r * k, k, labels[r] as number)) flagged[r] = 0;
	}
	return { mask: flagged, indices: maskToIndices(flagged) };
}

/** flagged[r] &= other[r] for the rows the near-max check kept. */
function intersectAt(candidates: PruneCandidates, flagged: Uint8Array, other: Uint8Array): void {
	const { keptRows, keptLength } = candidates;
	for (let i = 0; i < keptLength; i++) {
		const r = keptRows[i] as number;
		flagged[r] = (flagged[r] as number) & (other[r] as number);
	}
}

/**
 * Same as `keepFlaggedNotNearMax`, from the near-max decisions of the counting pass: only
 * the (ascending) rows it kept can stay flagged, so only they are read. The returned mask
 * is fresh; `flagged` is scratch.
 */
function keepFlaggedCandidates(candidates: PruneCandidates, flagged: Uint8Array): LabelIssues {
	const mask = new Uint8Array(flagged.length);
	const indices = new Int32Array(candidates.keptLength);
	const count = keepFlagged(candidates.keptRows, candidates.keptLength, flagged, mask, indices);
	return { mask, indices: indices.slice(0, count) };
}

/** The loop of `keepFlaggedCandidates` (its own function: see `countRows`); returns the count. */
function keepFlagged(rows: Int32Array, length: number, flagged: Uint8Array, mask: Uint8Array, out: Int32Array): number {
	let count = 0;
	for (let i = 0; i < length; i++) {
		const r = rows[i] as number;
		if (flagged[r] === 1) {
			mask[r] = 1;
			out[count++] = r;
		}
	}
	return count;
}

/** Ascending rows where mask is set; skips zero 4-byte words (mask must start 4-aligned). */
export function maskToIndices(mask: Uint8Array): Int32Array {
	const aligned = mask.byteOffset % 4 === 0;
	const words = aligned ? mask.length >> 2 : 0;
	const w32 = aligned ? new Uint32Array(mask.buffer, mask.byteOffset, words) : new Uint32Array(0);
	let out = new Int32Array(1024);
	let count = 0;
	const push = (r: number) => {
		if (count === out.length) {
			const bigger = new Int32Array(out.length * 2);
			bigger.set(out);
			out = bigger;
		}
		out[count++] = r;
	};
	for (let w = 0; w < words; w++) {
		if (w32[w] === 0) continue;
		for (let r = w << 2; r < (w << 2) + 4; r++) if (mask[r]) push(r);
	}
	for (let r = words << 2; r < mask.length; r++) if (mask[r]) push(r);
	return out.slice(0, count);
}
