import { writeFile } from 'node:fs/promises';
import { NodeDuckDB } from '../lib/data/db/duckdb-node';
import { AuditSession } from '../lib/data/session';
import { encodeNpy } from '../lib/data/load/npy';
import { suggestRoles } from '../lib/data/roles';
import { suggestBaselineFeatures, trainBaseline, type BaselineRun } from '../lib/data/baseline/run';
import { BASELINE_DEFAULTS } from '../lib/core/models/cross-validate';
import { num, str, UsageError, type Args } from './args';
import { readSources } from './sources';
import { textTable } from './format';

export const BASELINE_HELP = `plumb baseline: cross-validated predicted probabilities from a logistic regression, for
datasets that have labels but no model yet (then: plumb label-issues --pred-probs OUT.npy)

Usage: plumb baseline FILE... --label COL [--features COLS] [--folds K] [--C C] [--seed N]
                      --out probs.npy|probs.csv [--json]
  --features A,B   feature columns (default: every usable column except the label, the id,
                   probability/prediction/score columns, protected attributes and identifiers;
                   "pixels" for images loaded from an IDX or .npy file)
  --folds K        number of folds (default ${BASELINE_DEFAULTS.folds}); row i is in fold i mod K, as
                   scikit-learn's PredefinedSplit(test_fold=numpy.arange(n) % K)
  --C C            inverse L2 strength, as scikit-learn's LogisticRegression (default ${BASELINE_DEFAULTS.C})
  --seed N         deal rows to folds by a shuffle seeded with N instead of i mod K
  --out F          the n x K out-of-fold probabilities: .npy (float64) or .csv (one p_<class> column each)
  --json           per-fold accuracy and log loss, overall and per class, the features used

The model is scikit-learn's LogisticRegression(C) (lbfgs; binary loss for two classes, multinomial
for more; intercept not penalised) fitted to a gradient norm of 1e-9, on numeric columns imputed
with the training fold's mean and standardised, text columns one-hot encoded, pixels / 255.
`;

/** Open the files in a native-DuckDB session (what main.ts's openSession does). */
async function openFiles(paths: string[]): Promise<AuditSession> {
	if (paths.length === 0) throw new UsageError('Give the data file(s): plumb baseline FILE --label COL --out probs.npy');
	const s = new AuditSession(await NodeDuckDB.open());
	await s.load(await readSources(paths));
	return s;
}

/** The feature columns: from --features, else suggested from the roles. */
export function baselineFeatures(s: AuditSession, label: string, features: string | undefined): string[] {
	if (features) return features.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
	const infos = (s.summary?.overview.columns ?? []).map((c) => ({ name: c.name, type: c.type, distinct: c.distinct, nulls: c.nulls, rows: s.summary!.overview.rows }));
	const roles = { ...suggestRoles(infos).roles, label };
	return suggestBaselineFeatures(infos, roles, (s.summary?.identifiers ?? []).map((i) => i.column), s.images !== null);
}

/** The run as JSON: per-fold and overall scores, per class, the features and settings. */
export function baselineJson(r: BaselineRun) {
	const scores = (s: { n: number; accuracy: number; logLoss: number }) => ({ n: s.n, accuracy: s.accuracy, log_loss: s.logLoss });
	return {
		label: r.label,
		classes: r.classNames,
		features: r.featureColumns,
		encoded_features: r.features.length,
		settings: { model: 'LogisticRegression', penalty: 'l2', C: r.options.C, folds: r.options.folds, fold_of_row: r.options.shuffle ? `shuffled, seed ${r.options.seed}` : 'i mod K', tol: r.options.tol },
		folds: r.folds.map((f) => ({ fold: f.fold, train_rows: f.trainRows, test_rows: f.testRows, ...scores(f), iterations: f.iterations, status: f.status })),
		overall: scores(r.overall),
		per_class: r.perClass.map((c, k) => ({ class: r.classNames[k], ...scores(c) })),
		seconds: r.elapsed / 1000
	};
}

function formatBaseline(r: BaselineRun, target: string): string {
	const f4 = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(4));
	const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(2)}%`);
	return [
		`Baseline: logistic regression (C=${r.options.C}), ${r.options.folds}-fold cross-validation, ${r.n.toLocaleString('en-US')} rows, ${r.classNames.length} classes`,
		`features: ${r.featureColumns.join(', ')} (${r.features.length} after encoding)`,
		'',
		textTable(
			['fold', 'train', 'test', 'accuracy', 'log loss', 'iterations'],
			[...r.folds.map((f) => [String(f.fold), String(f.trainRows), String(f.testRows), pct(f.accuracy), f4(f.logLoss), `${f.iterations}${f.status === 'converged' ? '' : ` (${f.status})`}`]), ['all', '', String(r.overall.n), pct(r.overall.accuracy), f4(r.overall.logLoss), '']]
		),
		'',
		`wrote ${target} (${r.n} x ${r.classes} out-of-fold probabilities, ${(r.elapsed / 1000).toFixed(1)} s)`
	].join('\n');
}

/** The probabilities as CSV: one p_<class> column per class. */
function probsCsv(r: BaselineRun): Uint8Array {
	const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
	const lines = [r.classNames.map((c) => quote(`p_${c}`)).join(',')];
	for (let i = 0; i < r.n; i++) lines.push(Array.from(r.probs.subarray(i * r.classes, (i + 1) * r.classes), (p) => String(p)).join(','));
	return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** `plumb baseline` */
export async function baselineCommand(args: Args, out: (s: string) => void, open: (files: string[]) => Promise<AuditSession> = openFiles): Promise<number> {
	const label = str(args, 'label');
	if (!label) throw new UsageError('Name the label column with --label COL.');
	const target = str(args, 'out');
	if (!target) throw new UsageError('Name the output file with --out probs.npy (or .csv).');
	if (!/\.(npy|csv)$/i.test(target)) throw new UsageError('--out must end in .npy or .csv.');
	const seed = num(args, 'seed');
	let options;
	try {
		options = { folds: num(args, 'folds'), C: num(args, 'C'), shuffle: seed !== undefined, seed };
		if (seed !== undefined && !Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}.`);
		if (options.folds !== undefined && !Number.isInteger(options.folds)) throw new RangeError(`folds must be an integer from 2 to 100, got ${options.folds}.`);
	} catch (e) {
		throw new UsageError(`--${(e as Error).message}`);
	}
	const s = await open(args.positional);
	try {
		const features = baselineFeatures(s, label, str(args, 'features'));
		if (features.length === 0) throw new UsageError('No usable feature column: name some with --features A,B.');
		let run: BaselineRun;
		try {
			run = await trainBaseline(s, { label, features, options }, {});
		} catch (e) {
			if (e instanceof RangeError) throw new UsageError(`--${e.message}`);
			throw e;
		}
		await writeFile(target, /\.csv$/i.test(target) ? probsCsv(run) : encodeNpy(run.probs, [run.n, run.classes], '<f8'));
		out(args.options.has('json') ? JSON.stringify(baselineJson(run), null, 1) : formatBaseline(run, target));
		return 0;
	} finally {
		s.close();
	}
}
