/**
 * Label issues with confident learning, cached by their inputs: asking again
 * with the same label, probabilities and options (from the page or before
 * slices) returns the kept result instead of running again.
 */
import { DATASET_TABLE } from '../dataset';
import { DEFAULT_LABEL_ISSUE_OPTIONS, runLabelIssues, type LabelIssueOptions, type LabelIssueReport } from '../label-issues';
import type { Roles } from '../roles/index';
import { loaded, typeOf, type SessionState } from './state';
import { refreshAuditView } from './view';

/**
 * Confident-learning runs kept: one, the run whose per-row results are in
 * ROW_RESULTS_TABLE (a run with other inputs rewrites that table).
 */
export const LABEL_CACHE_RESULTS = 1;

/** The inputs a run depends on besides the loaded dataset, as a cache key. */
export function labelIssuesKey(roles: Roles, labelType: string, options: Partial<LabelIssueOptions>): string {
	const o = { ...DEFAULT_LABEL_ISSUE_OPTIONS, ...options };
	return JSON.stringify([roles.label, roles.predProbs, roles.predProbsList, labelType, o.filterBy, o.rankBy, o.minExamplesPerClass, o.fracNoise, o.softmax]);
}

/** Find label issues with confident learning; keeps per-row results and refreshes the audit view. */
export async function labelIssues(s: SessionState, roles: Roles, options: Partial<LabelIssueOptions> = {}): Promise<LabelIssueReport> {
	loaded(s);
	const labelType = roles.label ? typeOf(s, roles.label) : 'VARCHAR';
	// per-row results of a dataset hold for that dataset only (probabilities and kept columns come with it)
	s.labelCache.validFor([s.summary, s.probs]);
	const { report, rows } = await s.labelCache.memo(labelIssuesKey(roles, labelType, options), () =>
		runLabelIssues(s.db, roles, labelType, s.probs, options, s.kept.get(DATASET_TABLE) ?? null)
	);
	s.rowResults = rows;
	s.labelReport = report;
	await refreshAuditView(s, roles);
	return report;
}

/** Whether confident learning can run with these roles (a label, and probabilities from columns or an .npy). */
export function canLearn(s: SessionState, roles: Roles): boolean {
	return !!roles.label && (!!roles.predProbs?.length || !!roles.predProbsList || !!s.probs);
}
