import { numLabelIssues } from './num-label-issues';
import { resolveDims, type ProbMatrix } from './shape';

/**
 * cleanlab's `overall_label_health_score`: 1 - (estimated label issues / N), using
 * `numLabelIssues` with 'off_diagonal'. 1 means no issues found.
 */
export function overallLabelHealthScore(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: { k?: number } = {}
): number {
	const { n, k } = resolveDims(labels, predProbs, options.k);
	if (n === 0) return 1;
	return 1 - numLabelIssues(labels, predProbs, { k }) / n;
}
