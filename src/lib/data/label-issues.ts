import type { ClassSummaryRow, FilterBy, LabelQualityMethod, OverlappingClassPair } from '../core/confident-learning';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import type { DbAdapter } from './db/adapter';
import { DATASET_TABLE } from './dataset';
import { resolveClassNames, resolveLabels, resolveProbs } from './label-inputs';
import { computeLabelIssues } from './label-report';
import type { KeptTable } from './kept-columns';
import { ROW_RESULTS_TABLE } from './sql/audit-view';
import { LABEL_ISSUE_DEFAULTS, type LABEL_ISSUE_SCHEMA } from '../core/options/label-issues';
import type { OptionsOf } from '../core/options/schema';
import { DataError } from './load/errors';
import type { Roles } from './roles';
import { ident } from './sql/quote';

/** Options of a run, declared once in core/options/label-issues.ts (softmax only when asked). */
export type LabelIssueOptions = Omit<OptionsOf<typeof LABEL_ISSUE_SCHEMA>, 'softmax'> & { softmax?: boolean };

export const DEFAULT_LABEL_ISSUE_OPTIONS: LabelIssueOptions = LABEL_ISSUE_DEFAULTS;

/** What the page and the CLI show about label issues (no per-row arrays but the ranked issues). */
export interface LabelIssueReport {
	options: LabelIssueOptions;
	classNames: string[];
	/** Rows in the dataset, rows with a label (used), rows without (for active learning). */
	rows: number;
	labeled: number;
	unlabeled: number;
	probsSource: string;
	numIssues: number;
	healthScore: number;
	numLabelIssues: { off_diagonal: number; off_diagonal_calibrated: number };
	classSummary: (ClassSummaryRow & { className: string })[];
	confidentJoint: number[][];
	confidentJointCalibrated: number[][];
	joint: number[][];
	py: number[];
	noiseMatrix: number[][];
	inverseNoiseMatrix: number[][];
	overlapping: OverlappingClassPair[];
	/** Flagged dataset rows, most likely mislabelled first. */
	ranked: Int32Array;
	/** Per ranked issue: given class, suggested class, suggested probability, quality score. */
	given: Int32Array;
	suggested: Int32Array;
	suggestedProb: Float64Array;
	quality: Float64Array;
	/**
	 * Rows without a label, most uncertain first (active learning: what to label
	 * next), with the three usual measures: least confidence 1 - max p, margin
	 * p1 - p2 (small is uncertain) and entropy. Ranked by least confidence.
	 */
	toLabel: { rows: Int32Array; leastConfidence: Float64Array; margin: Float64Array; entropy: Float64Array };
	warnings: string[];
	/** Milliseconds: reading inputs from DuckDB, the confident-learning computation, writing results back. */
	timings: { inputs: number; compute: number; results: number };
}

/** Per-row results kept by the engine for later pages (flags, scores, predictions). */
export interface RowResults {
	/** Given class per row (-1 missing). */
	labels: Int32Array;
	/** Argmax class per row. */
	pred: Int32Array;
	issue: Uint8Array;
	/** Label quality per row (NaN when unlabeled). */
	quality: Float64Array;
	suggested: Int32Array;
}

/**
 * Confident learning on the loaded dataset: resolve labels and probabilities
 * from the roles, validate them, find label issues and everything cleanlab
 * reports, and write per-row results back to DuckDB (ROW_RESULTS_TABLE) so
 * slices can aggregate label-issue rates in SQL.
 */
export async function runLabelIssues(
	db: DbAdapter,
	roles: Roles,
	labelType: string,
	npyProbs: { data: Float32Array | Float64Array; n: number; k: number; source: string } | null,
	opts: Partial<LabelIssueOptions> = {},
	kept: KeptTable | null = null
): Promise<{ report: LabelIssueReport; rows: RowResults }> {
	const options = { ...DEFAULT_LABEL_ISSUE_OPTIONS, ...opts };
	const t0 = performance.now();
	if (!roles.label) throw new DataError('Choose the given-label column first (Column roles).', { file: DATASET_TABLE });
	const probs = await resolveProbs(db, roles, npyProbs, kept);
	if (!probs) throw new DataError('Confident learning needs predicted probabilities: choose probability columns, or load a probabilities .npy.', { file: DATASET_TABLE });
	const classNames = await resolveClassNames(db, roles.label, labelType, probs.k, probs.columns);
	const allLabels = await resolveLabels(db, roles.label, labelType, classNames);
	if (allLabels.length !== probs.n) {
		throw new DataError(`The probabilities have ${probs.n} rows but the dataset has ${allLabels.length}.`, { file: probs.source });
	}
	const t1 = performance.now();

	const { report, rows } = computeLabelIssues(allLabels, probs, classNames, roles.label, options);
	const t2 = performance.now();
	await writeRowResults(db, rows);
	const t3 = performance.now();
	report.timings = { inputs: t1 - t0, compute: t2 - t1, results: t3 - t2 };
	return { report, rows };
}

/** Replace ROW_RESULTS_TABLE with this run's per-row results (row order = dataset order). */
async function writeRowResults(db: DbAdapter, rows: RowResults) {
	await db.exec(`DROP TABLE IF EXISTS ${ident(ROW_RESULTS_TABLE)}`);
	const t = tableFromArrays({
		__pred_k: rows.pred,
		__issue: rows.issue,
		__quality: rows.quality,
		__suggested_k: rows.suggested
	});
	await db.createFromArrow(ROW_RESULTS_TABLE, tableToIPC(t, 'stream'));
}
