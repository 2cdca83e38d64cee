import { calibrateConfidentJoint } from '../../../core/confident-learning/calibrate';
import { normalizeTotal, pyAndNoiseFromCalibrated } from '../../../core/confident-learning/noise-matrices';
import { offDiagonalSum } from '../../../core/confident-learning/num-label-issues';
import { computePruneCounts } from '../../../core/confident-learning/prune-counts';
import { THRESHOLD_LOWER_BOUND } from '../../../core/confident-learning/thresholds';
import type { SqlPruneCounts } from './confident-learning';

/**
 * The report pieces of confident learning from the small results of the portable passes
 * (src/lib/data/sql/portable/confident-learning.ts), with the core's arithmetic: the same
 * thresholds, joint, calibrated joint, prune counts, issue counts and health score as a direct
 * run over the rows. Rows come back from any engine as plain objects; numbers may be bigint.
 */
type Num = number | bigint | string | null | undefined;
export type AggregateRow = Record<string, unknown>;

function num(v: unknown, what: string): number {
	const x = typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : (v as Num);
	if (typeof x !== 'number' || Number.isNaN(x)) throw new Error(`Pass result: ${what} is ${String(v)}, expected a number.`);
	return x;
}

function classIndex(v: unknown, k: number, what: string): number {
	const i = num(v, what);
	if (!Number.isInteger(i) || i < 0 || i >= k) {
		throw new Error(`The label column holds ${String(v)} (${what}), outside the class indices 0..${k - 1}; map labels to 0..${k - 1} first.`);
	}
	return i;
}

export interface ClassStatsResult {
	/** t_k = max(mean p[k] over rows given k, 2e-6); NaN for a class nobody is given */
	thresholds: Float64Array;
	/** rows given each class */
	labelCounts: Float64Array;
	/** labelled rows */
	n: number;
}

/** Pass 1 rows (`given_label, n, self_sum`) -> thresholds and label counts. */
export function classStatsFromRows(rows: readonly AggregateRow[], k: number): ClassStatsResult {
	const sums = new Float64Array(k);
	const labelCounts = new Float64Array(k);
	for (const r of rows) {
		const i = classIndex(r.given_label, k, 'given_label of pass 1');
		labelCounts[i] = num(r.n, 'n of pass 1');
		sums[i] = num(r.self_sum, 'self_sum of pass 1');
	}
	const thresholds = new Float64Array(k);
	for (let j = 0; j < k; j++) thresholds[j] = Math.max((sums[j] as number) / (labelCounts[j] as number), THRESHOLD_LOWER_BOUND);
	return { thresholds, labelCounts, n: labelCounts.reduce((a, b) => a + b, 0) };
}

export interface JointResult {
	/** K x K confident joint, [given][confident class] */
	joint: Float64Array;
	/** num_label_issues 'off_diagonal': off-diagonal rows the near-max rule keeps */
	numOffDiagonalIssues: number;
}

/** Pass 2 rows (`given_label, confident_class, n, num_issues`) -> the confident joint. */
export function jointFromRows(rows: readonly AggregateRow[], k: number): JointResult {
	const joint = new Float64Array(k * k);
	let numOffDiagonalIssues = 0;
	for (const r of rows) {
		const i = classIndex(r.given_label, k, 'given_label of pass 2');
		const j = classIndex(r.confident_class, k, 'confident_class of pass 2');
		joint[i * k + j] = num(r.n, 'n of pass 2');
		if (i !== j) numOffDiagonalIssues += num(r.num_issues, 'num_issues of pass 2');
	}
	return { joint, numOffDiagonalIssues };
}

/** Prune counts for pass 3 (prune_by_noise_rate, both) from the joint, as the core computes them. */
export function pruneCountsFromJoint(
	joint: Float64Array,
	labelCounts: Float64Array,
	k: number,
	options: { minExamplesPerClass?: number; fracNoise?: number } = {}
): SqlPruneCounts {
	const calibrated = calibrateConfidentJoint(joint, labelCounts, k);
	return computePruneCounts(calibrated, labelCounts, k, options.minExamplesPerClass ?? 1, options.fracNoise ?? 1);
}

export interface RankedIssue {
	row: number;
	givenLabel: number;
	predicted: number;
	/** -1 when the row is confident for no class */
	confidentClass: number;
	score: number;
}

/** Pass 3 rows -> the issues in rank order (checks issue_rank runs 1, 2, ...). */
export function rankedIssuesFromRows(rows: readonly AggregateRow[], k: number): RankedIssue[] {
	return rows.map((r, i) => {
		if (num(r.issue_rank, 'issue_rank of pass 3') !== i + 1) throw new Error(`Pass 3 rows are out of order at row ${i + 1}; keep its ORDER BY.`);
		const cc = num(r.confident_class, 'confident_class of pass 3');
		return {
			row: num(r.row_id, 'row_id of pass 3'),
			givenLabel: classIndex(r.given_label, k, 'given_label of pass 3'),
			predicted: classIndex(r.predicted, k, 'predicted of pass 3'),
			confidentClass: cc < 0 ? -1 : classIndex(cc, k, 'confident_class of pass 3'),
			score: num(r.score, 'score of pass 3')
		};
	});
}

export interface LabelIssuesFromAggregates {
	k: number;
	n: number;
	thresholds: Float64Array;
	labelCounts: Float64Array;
	joint: Float64Array;
	calibratedJoint: Float64Array;
	/** num_label_issues: 'off_diagonal' and 'off_diagonal_calibrated' */
	numLabelIssues: { offDiagonal: number; offDiagonalCalibrated: number };
	/** overall_label_health_score = 1 - offDiagonal / n */
	healthScore: number;
	/** cleanlab's estimate_joint: the calibrated joint over its total */
	estimatedJoint: Float64Array;
	/** P(true label), and the noise and inverse noise matrices, as a direct run gives them */
	py: Float64Array;
	noiseMatrix: Float64Array;
	inverseNoiseMatrix: Float64Array;
	/** flagged rows, most likely mislabelled first */
	issues: RankedIssue[];
}

/** Everything above from the three passes' rows. */
export function labelIssuesFromAggregates(
	k: number,
	pass1: readonly AggregateRow[],
	pass2: readonly AggregateRow[],
	pass3: readonly AggregateRow[]
): LabelIssuesFromAggregates {
	const { thresholds, labelCounts, n } = classStatsFromRows(pass1, k);
	const { joint, numOffDiagonalIssues } = jointFromRows(pass2, k);
	const calibratedJoint = calibrateConfidentJoint(joint, labelCounts, k);
	const noise = pyAndNoiseFromCalibrated(calibratedJoint, labelCounts, n, k);
	return {
		k,
		n,
		thresholds,
		labelCounts,
		joint,
		calibratedJoint,
		numLabelIssues: { offDiagonal: numOffDiagonalIssues, offDiagonalCalibrated: offDiagonalSum(calibratedJoint, k) },
		healthScore: n === 0 ? 1 : 1 - numOffDiagonalIssues / n,
		estimatedJoint: normalizeTotal(calibratedJoint),
		py: noise.py,
		noiseMatrix: noise.noiseMatrix.data,
		inverseNoiseMatrix: noise.inverseNoiseMatrix.data,
		issues: rankedIssuesFromRows(pass3, k)
	};
}
