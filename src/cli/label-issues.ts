import { FILTER_BY_METHODS, LABEL_QUALITY_METHODS, type FilterBy, type LabelQualityMethod } from '../lib/core/confident-learning';
import type { LabelIssueReport } from '../lib/data/label-issues';
import type { Roles } from '../lib/data/roles';
import { num, str, UsageError, type Args } from './args';
import { textTable } from './format';
import { writeJson } from './json-out';
import { npyLabelIssues } from './npy-issues';
import type { Out } from './output';
import { baselineFeatures } from './baseline';
import { trainBaseline } from '../lib/data/baseline/run';

export const LABEL_ISSUES_HELP = `plumb label-issues: find likely label errors with confident learning (equal to cleanlab 2.9)

Inputs, either:
  --labels L.npy --pred-probs P.npy        given labels and out-of-sample predicted probabilities
  --data FILE --label COL --prob-columns PATTERN
                                           a table; PATTERN is a glob (p_*) or a comma list of columns
  --data FILE --label COL --pred-probs P.npy
  --data FILE --label COL --baseline [--features COLS] [--folds K] [--C C]
                                           no model yet: Plumb's cross-validated logistic regression
                                           first (plumb baseline --help), then confident learning
  --class-stats PASS1 --joint PASS2 [--issues PASS3] [--num-classes K]
                                           the results of plumb sql label-issues, run where the
                                           table lives: the same report without the rows
Options:
  --filter-by M      ${FILTER_BY_METHODS.join(' | ')} (default prune_by_noise_rate)
  --rank-by M        ${LABEL_QUALITY_METHODS.join(' | ')} (default self_confidence)
  --min-examples-per-class N   (default 1)
  --frac-noise F     in (0, 1] (default 1)
  --top N            issues listed in the text summary (default 20)
  --json             one JSON object with cleanlab's names as keys
  --out F.csv|F.parquet        write the flagged rows with given_label, suggested_label,
                               label_quality, is_label_issue (and the 0-based row); --all for every row
`;

/** The files to load and the roles, from the command line. */
export function labelIssueInputs(args: Args): { files: string[]; roles: (columns: string[]) => Roles } {
	const data = str(args, 'data');
	const labelsNpy = str(args, 'labels');
	const probsNpy = str(args, 'pred-probs');
	const files = [data, labelsNpy, probsNpy, ...args.positional].filter((f): f is string => !!f);
	if (files.length === 0) throw new UsageError('Give --labels L.npy --pred-probs P.npy, or --data FILE --label COL --prob-columns PATTERN.');
	const labelCol = str(args, 'label');
	const pattern = str(args, 'prob-columns');
	if (data && !labelCol && !labelsNpy) throw new UsageError('With --data, name the given-label column with --label COL.');
	if (data && !pattern && !probsNpy && !args.options.has('baseline')) throw new UsageError('With --data, name the probability columns with --prob-columns PATTERN (or give --pred-probs P.npy).');
	return {
		files,
		roles: (columns) => ({
			label: labelCol ?? 'label',
			predProbs: pattern ? matchColumns(pattern, columns) : undefined,
			protected: [],
			nuisance: []
		})
	};
}

/** Columns matching a glob (`*`, `?`) or a comma-separated list; integer suffixes in numeric order. */
export function matchColumns(pattern: string, columns: string[]): string[] {
	let out: string[];
	if (pattern.includes(',') || columns.includes(pattern)) {
		out = pattern.split(',').map((s) => s.trim());
		const missing = out.filter((c) => !columns.includes(c));
		if (missing.length) throw new UsageError(`No column named ${missing.map((m) => `"${m}"`).join(', ')}. Columns: ${columns.join(', ')}`);
		return out;
	}
	const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
	out = columns.filter((c) => re.test(c));
	if (out.length < 2) throw new UsageError(`--prob-columns ${pattern} matches ${out.length} column(s); confident learning needs one per class (at least 2).`);
	const suffix = (c: string) => /(\d+)$/.exec(c)?.[1];
	if (out.every((c) => suffix(c) !== undefined)) out.sort((a, b) => Number(suffix(a)) - Number(suffix(b)));
	return out;
}

export function labelIssueOptions(args: Args) {
	const filterBy = str(args, 'filter-by') ?? 'prune_by_noise_rate';
	if (!(FILTER_BY_METHODS as readonly string[]).includes(filterBy)) throw new UsageError(`--filter-by must be one of ${FILTER_BY_METHODS.join(', ')}.`);
	const rankBy = str(args, 'rank-by') ?? 'self_confidence';
	if (!(LABEL_QUALITY_METHODS as readonly string[]).includes(rankBy)) throw new UsageError(`--rank-by must be one of ${LABEL_QUALITY_METHODS.join(', ')}.`);
	const minExamplesPerClass = num(args, 'min-examples-per-class') ?? 1;
	const fracNoise = num(args, 'frac-noise') ?? 1;
	if (!(fracNoise > 0 && fracNoise <= 1)) throw new UsageError('--frac-noise must be in (0, 1].');
	return { filterBy: filterBy as FilterBy, rankBy: rankBy as LabelQualityMethod, minExamplesPerClass, fracNoise };
}

/** The report as one JSON object with cleanlab's names as keys (per-row lists as typed arrays, NaN for null: see writeJson). */
export function labelIssuesJson(r: LabelIssueReport, qualityPerRow: Float64Array): Record<string, unknown> {
	const numeric = r.classNames.every((c, j) => c === String(j));
	return {
		class_names: r.classNames,
		filter_by: r.options.filterBy,
		rank_by: r.options.rankBy,
		label_issues: r.ranked,
		label_quality_scores: qualityPerRow,
		suggested_labels: numeric ? r.suggested : Array.from(r.suggested, (k) => r.classNames[k]),
		suggested_label_probabilities: r.suggestedProb,
		confident_joint: r.confidentJoint,
		confident_joint_calibrated: r.confidentJointCalibrated,
		joint: r.joint,
		py: r.py,
		noise_matrix: r.noiseMatrix,
		inverse_noise_matrix: r.inverseNoiseMatrix,
		num_label_issues: r.numLabelIssues,
		overall_label_health_score: r.healthScore,
		overlapping_classes: r.overlapping.map((o) => ({
			'Class Index A': o.classA,
			'Class Index B': o.classB,
			'Num Overlapping Examples': o.numOverlapping,
			'Joint Probability': o.jointProbability
		})),
		warnings: r.warnings
	};
}

/** A readable summary with the top issues. */
export function formatLabelIssues(r: LabelIssueReport, top: number): string {
	const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
	const lines = [
		`${r.numIssues.toLocaleString('en-US')} likely label issues among ${r.labeled.toLocaleString('en-US')} labeled rows (${pct(r.numIssues / Math.max(r.labeled, 1))}); filter_by=${r.options.filterBy}`,
		`overall label health score: ${r.healthScore.toFixed(4)}`,
		`estimated issues (off_diagonal / calibrated): ${r.numLabelIssues.off_diagonal} / ${r.numLabelIssues.off_diagonal_calibrated}`,
		...r.warnings.map((w) => `warning: ${w}`),
		'',
		'Per class (worst first):',
		textTable(
			['class', 'given', 'est. issues', 'noise rate', 'label quality'],
			r.classSummary.map((c) => [c.className, String(c.givenCount), String(c.labelIssues), pct(c.labelNoise), c.labelQualityScore.toFixed(3)])
		),
		'',
		`Top ${Math.min(top, r.numIssues)} issues (ranked by ${r.options.rankBy}):`,
		textTable(
			['row', 'given', 'suggested', 'p(suggested)', 'quality'],
			Array.from(r.ranked.subarray(0, top), (row, i) => [
				String(row),
				r.classNames[r.given[i]!] ?? '',
				r.classNames[r.suggested[i]!] ?? '',
				r.suggestedProb[i]!.toFixed(3),
				r.quality[i]!.toFixed(4)
			])
		)
	];
	return lines.join('\n');
}

/** `plumb label-issues` */
export async function labelIssuesCommand(args: Args, out: Out): Promise<number> {
	if (str(args, 'class-stats') || str(args, 'joint')) return (await import('./label-issues-aggregates')).labelIssuesFromAggregatesCommand(args, out);
	const inputs = labelIssueInputs(args);
	const options = labelIssueOptions(args);
	const target = str(args, 'out');
	const format = target === undefined ? null : /\.parquet$/i.test(target) ? 'parquet' : /\.csv$/i.test(target) ? 'csv' : null;
	if (target !== undefined && !format) throw new UsageError('--out must end in .csv or .parquet.');
	const top = num(args, 'top') ?? 20;
	// A labels .npy and a probabilities .npy, nothing to write: no database needed.
	const direct = target === undefined ? npyLabelIssues(inputs.files, str(args, 'label') ?? 'label', options) : null;
	if (direct) return emit(args, out, direct.report, direct.rows.quality, top, undefined);
	// Native DuckDB and the session load only on this path.
	const [{ openDataset }, { checkLabelClasses, requireColumns }, { ensureRows, readProbColumns }, { copyExport }] = await Promise.all([
		import('./open'),
		import('../lib/data/native/prechecks'),
		import('../lib/data/native/open'),
		import('../lib/data/native/export')
	]);
	const d = await openDataset(inputs.files, args);
	const s = d.session;
	try {
		const roles = inputs.roles(s.columns.map((c) => c.name));
		// Checks before any pass over the data: the columns exist, the labels are the probabilities' classes.
		requireColumns(s, [roles.label, ...(roles.predProbs ?? [])]);
		if (args.options.has('baseline')) {
			if (!str(args, 'label')) throw new UsageError('--baseline needs the label column: --label COL.');
			if (d.plan) await ensureRows(s, d.plan, d.progress);
			d.progress('scan baseline', 'cross-validated logistic regression');
			const run = await trainBaseline(s, { label: roles.label!, features: baselineFeatures(s, roles.label!, str(args, 'features')), options: { folds: num(args, 'folds'), C: num(args, 'C') } });
			s.probs = { data: run.probs, n: run.n, k: run.classes, source: `Plumb baseline: logistic regression (C=${run.options.C}), ${run.options.folds}-fold cross-validated on ${run.featureColumns.join(', ')}` };
		}
		const k = roles.predProbs?.length ?? s.probs?.k;
		if (roles.label && k) await checkLabelClasses(s, roles.label, k, roles.predProbs ?? null, d.progress);
		if (d.plan) {
			await ensureRows(s, d.plan, d.progress);
			if (roles.predProbs) await readProbColumns(s, roles.predProbs, d.progress);
		}
		d.progress('scan confident learning');
		const report = await s.labelIssues(roles, options);
		if (target && format) {
			d.progress('scan write', target);
			await ensureRows(s, d.plan ?? { table: null, labels: null, probs: null }, d.progress);
			await copyExport(s, target, format, args.options.has('all') ? 'all' : 'flagged', roles);
		}
		d.progress.done();
		return await emit(args, out, report, s.rowResults!.quality, top, target);
	} finally {
		d.progress.done();
		s.close();
	}
}

async function emit(args: Args, out: Out, report: LabelIssueReport, quality: Float64Array, top: number, target: string | undefined): Promise<number> {
	if (args.options.has('json')) await writeJson(out, labelIssuesJson(report, quality));
	else out(formatLabelIssues(report, top) + (target ? `\n\nwrote ${target}` : ''));
	return 0;
}
