import { labelIssuesFromAggregates, type AggregateRow } from '../lib/data/sql/portable/label-issues-from-aggregates';
import { num, str, UsageError, type Args } from './args';
import type { Out } from './output';
import { readAggregateRows } from './sql';

/** K x K row-major values as rows. */
function rows(m: Float64Array, k: number): number[][] {
	return Array.from({ length: k }, (_, i) => Array.from(m.subarray(i * k, i * k + k)));
}

/** K: --num-classes, else one more than the largest class index in the passes' results. */
function classCount(args: Args, pass1: readonly AggregateRow[], pass2: readonly AggregateRow[]): number {
	const given = num(args, 'num-classes');
	if (given !== undefined) {
		if (!Number.isInteger(given) || given < 2) throw new UsageError(`--num-classes must be a whole number of at least 2, got ${given}.`);
		return given;
	}
	let max = -1;
	for (const r of pass1) max = Math.max(max, Number(r.given_label));
	for (const r of pass2) max = Math.max(max, Number(r.given_label), Number(r.confident_class));
	if (!Number.isInteger(max) || max < 1) throw new UsageError('Cannot tell the number of classes from the results; give --num-classes K.');
	return max + 1;
}

/**
 * `plumb label-issues --class-stats PASS1 --joint PASS2 [--issues PASS3]`: the confident-learning
 * report from the results of `plumb sql label-issues`, run where the table lives: the same
 * joint, calibrated joint, noise matrices, issue counts and health score (and issue list) as
 * a direct run, under the same JSON names.
 */
export async function labelIssuesFromAggregatesCommand(args: Args, out: Out): Promise<number> {
	const [statsFile, jointFile, issuesFile] = [str(args, 'class-stats'), str(args, 'joint'), str(args, 'issues')];
	if (!statsFile || !jointFile) throw new UsageError('Give both results: --class-stats PASS1 and --joint PASS2 (from plumb sql label-issues).');
	if (args.positional.length || str(args, 'data') || str(args, 'labels') || str(args, 'pred-probs')) {
		throw new UsageError('--class-stats/--joint read the results of the portable queries; drop the data files.');
	}
	const pass1 = await readAggregateRows(statsFile);
	const pass2 = await readAggregateRows(jointFile);
	const pass3 = issuesFile ? await readAggregateRows(issuesFile) : [];
	const k = classCount(args, pass1, pass2);
	let r;
	try {
		r = labelIssuesFromAggregates(k, pass1, pass2, pass3);
	} catch (e) {
		throw new UsageError(`${(e as Error).message} (in ${statsFile}, ${jointFile}${issuesFile ? `, ${issuesFile}` : ''})`);
	}
	if (args.options.has('json')) {
		out(
			JSON.stringify({
				class_names: Array.from({ length: k }, (_, j) => String(j)),
				...(issuesFile ? { label_issues: r.issues.map((i) => i.row) } : {}),
				confident_joint: rows(r.joint, k),
				confident_joint_calibrated: rows(r.calibratedJoint, k),
				joint: rows(r.estimatedJoint, k),
				py: Array.from(r.py),
				noise_matrix: rows(r.noiseMatrix, k),
				inverse_noise_matrix: rows(r.inverseNoiseMatrix, k),
				num_label_issues: { off_diagonal: r.numLabelIssues.offDiagonal, off_diagonal_calibrated: r.numLabelIssues.offDiagonalCalibrated },
				overall_label_health_score: r.healthScore,
				thresholds: Array.from(r.thresholds),
				label_counts: Array.from(r.labelCounts)
			})
		);
		return 0;
	}
	const lines = [
		`${r.n.toLocaleString('en-US')} labeled rows, ${k} classes (from the portable queries' results)`,
		`overall label health score: ${r.healthScore.toFixed(4)}`,
		`estimated issues (off_diagonal / calibrated): ${r.numLabelIssues.offDiagonal} / ${r.numLabelIssues.offDiagonalCalibrated}`
	];
	if (issuesFile) lines.push(`${r.issues.length.toLocaleString('en-US')} flagged rows; most likely mislabelled first: ${r.issues.slice(0, 20).map((i) => i.row).join(', ')}`);
	out(lines.join('\n'));
	return 0;
}
