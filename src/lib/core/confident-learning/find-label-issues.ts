import { calibrateConfidentJoint } from './calibrate';
import { countConfidentJoint } from './confident-joint';
import { getLabelQualityScores, type LabelQualityMethod } from './label-quality-scores';
import { pruneByClass, pruneByNoiseRate } from './prune';
import { SideRows } from './prune-side-rows';
import { computePruneCounts } from './prune-counts';
import { orderLabelIssues } from './rank';
import { selectSmallest, type KeySink } from './select-smallest';
import { ConfidentLearningInputError, countLabels, resolveDims, rowArgmax, type ProbMatrix } from './shape';
import { classStats } from './thresholds';

export type FilterBy =
	| 'prune_by_noise_rate'
	| 'prune_by_class'
	| 'both'
	| 'confident_learning'
	| 'predicted_neq_given'
	| 'low_normalized_margin'
	| 'low_self_confidence';

export const FILTER_BY_METHODS: readonly FilterBy[] = [
	'prune_by_noise_rate',
	'prune_by_class',
	'both',
	'confident_learning',
	'predicted_neq_given',
	'low_normalized_margin',
	'low_self_confidence'
];

/**
 * A flagged example stays flagged only if its given label is clearly not the prediction:
 * cleanlab un-flags rows whose p[given] + 1e-6 would be the (first) argmax, so float noise
 * between near-equal probabilities cannot make an issue.
 */
export const NEAR_MAX_TOLERANCE = 1e-6;

/** Label quality scores lie in [0, 1]. */
const SCORE_RANGE = { lo: 0, hi: 1 };

/** Initial room for side rows, as a fraction of N (it grows if needed). */
const SIDE_ROWS_HINT = 1 / 8;

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
 * Passes over predProbs for the default filter: thresholds (one value per row), the counting
 * pass (which also copies the rows whose label is not their strict maximum), then work on
 * that copy only: the pruning selection and the final near-max check.
 */
export function findLabelIssues(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: FindLabelIssuesOptions = {}
): LabelIssues {
	const { n, k } = resolveDims(labels, predProbs, options.k);
	const filterBy = options.filterBy ?? 'prune_by_noise_rate';
	const fracNoise = options.fracNoise ?? 1;
	const minExamples = options.minExamplesPerClass ?? 1;
	checkOptions(filterBy, fracNoise, minExamples);
	const low = filterBy === 'low_normalized_margin' || filterBy === 'low_self_confidence';
	const side = filterBy === 'prune_by_noise_rate' || filterBy === 'both' ? new SideRows(k, predProbs, SIDE_ROWS_HINT * n) : null;
	const flagged = new Uint8Array(n);

	if (filterBy === 'predicted_neq_given') {
		countLabels(labels, k); // range check
		flagPredictedNeqGiven(labels, predProbs, k, flagged);
	} else {
		const { thresholds, labelCounts } = classStats(labels, predProbs, k);
		const counts = countConfidentJoint(labels, predProbs, k, thresholds, {
			collectOffDiagonalRows: filterBy === 'confident_learning',
			countOffDiagonalIssues: low,
			pruneSideRows: side ?? undefined
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
			else pruneByNoiseRate(labels, predProbs, k, prune.perCell, side, flagged);
			if (filterBy === 'both') {
				const byClass = new Uint8Array(n);
				pruneByClass(labels, predProbs, k, prune.perClass, byClass);
				for (let r = 0; r < n; r++) flagged[r] = (flagged[r] as number) & (byClass[r] as number);
			}
		}
	}
	// cleanlab un-flags examples whose given label is (nearly) the prediction, except for low_*
	const { mask, indices } = low
		? { mask: flagged, indices: maskToIndices(flagged) }
		: side
			? keepFlaggedSideRows(labels, k, side, flagged)
			: keepFlaggedNotNearMax(labels, predProbs, k, flagged);
	return {
		mask,
		indices: options.returnIndicesRankedBy
			? orderLabelIssues(indices, labels, predProbs, k, options.returnIndicesRankedBy)
			: indices
	};
}

function checkOptions(filterBy: FilterBy, fracNoise: number, minExamples: number): void {
	if (!FILTER_BY_METHODS.includes(filterBy)) {
		throw new ConfidentLearningInputError(`Unknown filterBy '${filterBy}'; use one of ${FILTER_BY_METHODS.join(', ')}.`);
	}
	if (!(fracNoise > 0 && fracNoise <= 1)) {
		throw new ConfidentLearningInputError(`fracNoise must be in (0, 1], got ${fracNoise}.`);
	}
	if (!Number.isInteger(minExamples) || minExamples < 0) {
		throw new ConfidentLearningInputError(`minExamplesPerClass must be a non-negative integer, got ${minExamples}.`);
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

/**
 * True when the given label would be the first argmax of the row after adding
 * NEAR_MAX_TOLERANCE to its probability.
 */
export function givenLabelNearMax(predProbs: ProbMatrix, offset: number, k: number, label: number): boolean {
	const lifted = (predProbs[offset + label] as number) + NEAR_MAX_TOLERANCE;
	for (let j = 0; j < k; j++) {
		const v = predProbs[offset + j] as number;
		if (j < label ? v >= lifted : j > label && v > lifted) return false;
	}
	return true;
}

/** Flagged rows except those where `givenLabelNearMax` holds; reads only flagged rows. */
function keepFlaggedNotNearMax(labels: Int32Array, predProbs: ProbMatrix, k: number, flagged: Uint8Array): LabelIssues {
	for (let r = 0; r < flagged.length; r++) {
		if (flagged[r] && givenLabelNearMax(predProbs, r * k, k, labels[r] as number)) flagged[r] = 0;
	}
	return { mask: flagged, indices: maskToIndices(flagged) };
}

/**
 * Same as `keepFlaggedNotNearMax`, reading the side copy: a row that is not a side row has
 * its label as strict maximum, so it is near-max and dropped; side rows are checked on
 * their copied values, in ascending row order, which yields the indices directly.
 */
function keepFlaggedSideRows(labels: Int32Array, k: number, side: SideRows, flagged: Uint8Array): LabelIssues {
	const mask = new Uint8Array(flagged.length);
	const indices = new Int32Array(side.count);
	let m = 0;
	for (let t = 0; t < side.count; t++) {
		const r = side.rows[t] as number;
		if (flagged[r] && !givenLabelNearMax(side.values, t * k, k, labels[r] as number)) {
			mask[r] = 1;
			indices[m++] = r;
		}
	}
	return { mask, indices: indices.slice(0, m) };
}

/** Ascending rows where mask is set. */
export function maskToIndices(mask: Uint8Array): Int32Array {
	let count = 0;
	for (let r = 0; r < mask.length; r++) count += mask[r] as number;
	const out = new Int32Array(count);
	for (let r = 0, c = 0; r < mask.length; r++) if (mask[r]) out[c++] = r;
	return out;
}
