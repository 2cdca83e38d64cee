/**
 * Confident learning (Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty
 * in Dataset Labels", JAIR 2021) in plain TypeScript, matching cleanlab 2.9 defaults on the
 * golden vectors in test/fixtures/golden/cleanlab. One stage per file:
 *
 *   thresholds -> confident-joint (counting pass) -> calibrate (+ round-preserving-sum)
 *   -> noise-matrices (joint, py, noise / inverse noise) -> prune-counts -> prune
 *   -> find-label-issues (all filterBy methods) -> rank (label-quality-scores)
 *
 * plus num-label-issues, health, overlapping-classes, class-summary, suggested-labels and
 * validate. Inputs: `labels` Int32Array (N), `predProbs` N x K row-major Float32Array or
 * Float64Array (never copied); arithmetic is float64.
 */
export type { ProbMatrix, SquareMatrix, Dims } from './shape';
export { ConfidentLearningInputError, toRows } from './shape';
export { computeThresholds, THRESHOLD_SLACK } from './thresholds';
export { computeConfidentJoint, type ConfidentJointOptions } from './confident-joint';
export { calibrateConfidentJoint } from './calibrate';
export { roundPreservingSum, roundPreservingRowTotals, roundHalfEven } from './round-preserving-sum';
export { estimateJoint, estimatePyAndNoiseMatrices, normalizeTotal, pyAndNoiseFromCalibrated, type PyAndNoiseMatrices } from './noise-matrices';
export {
	findLabelIssues,
	FILTER_BY_METHODS,
	type FilterBy,
	type FindLabelIssuesOptions,
	type LabelIssues
} from './find-label-issues';
export {
	getLabelQualityScores,
	LABEL_QUALITY_METHODS,
	type LabelQualityMethod
} from './label-quality-scores';
export { orderLabelIssues } from './rank';
export { numLabelIssues, type NumLabelIssuesMethod } from './num-label-issues';
export { overallLabelHealthScore } from './health';
export { findOverlappingClasses, type OverlappingClassPair } from './overlapping-classes';
export { classSummary, type ClassSummaryRow } from './class-summary';
export { suggestedLabels, type SuggestedLabels } from './suggested-labels';
export {
	validatePredProbs,
	softmaxRows,
	clipAndNormalizeRows,
	type ValidatedPredProbs
} from './validate';
