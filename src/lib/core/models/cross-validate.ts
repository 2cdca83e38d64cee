/**
 * Plumb's baseline: K-fold cross-validated probabilities of an L2 logistic regression (see
 * logistic.ts) on prepared features (see features.ts), for every row: each row's probabilities
 * come from the model fitted on the other folds' labeled rows, with the preparation fitted on
 * those rows too. Rows without a label are never trained on but get probabilities like the rest.
 *
 * A class absent from a training fold gets probability 0 in that fold (as scikit-learn's
 * `cross_val_predict` fills it); a fold with two classes present is a binary fit.
 *
 * Runs stepwise: `onProgress` hears every iteration, `shouldStop()` is checked between iterations
 * (cancel throws {@link BaselineCancelled}), and `pause()` (when given) is awaited every ~50 ms
 * so a worker can take messages (a cancel) while it runs.
 */
import { columnRows, fitPreparation, type FeatureColumn } from './features';
import { foldAssignment, foldRows } from './folds';
import { LogisticFitter, predictProba, weightVectors, type LogisticFit } from './logistic';
import { scoreRows, scoresByClass, type Scores } from './metrics';

export interface BaselineOptions {
	/** K, the number of folds (default 5). */
	folds: number;
	/** Inverse regularisation strength, as scikit-learn's C (default 1). */
	C: number;
	/** Deal rows to folds by a seeded shuffle instead of i mod K (default false). */
	shuffle: boolean;
	/** Seed of the shuffle (default 0). */
	seed: number;
	/** Convergence: the largest per-sample gradient component at most this (default 1e-9). */
	tol: number;
	/** Most L-BFGS iterations per fold (default 20,000). */
	maxIter: number;
}

export const BASELINE_DEFAULTS: Readonly<BaselineOptions> = Object.freeze({ folds: 5, C: 1, shuffle: false, seed: 0, tol: 1e-9, maxIter: 20_000 });

/** Defaults filled in and every option checked; throws one line naming the option. */
export function baselineOptions(partial: Partial<BaselineOptions> = {}): BaselineOptions {
	const o = { ...BASELINE_DEFAULTS, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) } as BaselineOptions;
	if (!Number.isInteger(o.folds) || o.folds < 2 || o.folds > 100) throw new RangeError(`folds must be an integer from 2 to 100, got ${o.folds}.`);
	if (!(o.C > 0) || !Number.isFinite(o.C)) throw new RangeError(`C must be a positive number, got ${o.C}.`);
	if (!Number.isInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${o.seed}.`);
	if (!(o.tol > 0)) throw new RangeError(`tol must be positive, got ${o.tol}.`);
	if (!Number.isInteger(o.maxIter) || o.maxIter < 1) throw new RangeError(`maxIter must be a positive integer, got ${o.maxIter}.`);
	return o;
}

export interface BaselineProgress {
	/** 0-based fold being fitted; equals `folds` when all are done. */
	fold: number;
	folds: number;
	iteration: number;
	objective: number;
	gradNorm: number;
}

export interface BaselineHooks {
	onProgress?: (p: BaselineProgress) => void;
	shouldStop?: () => boolean;
	pause?: () => Promise<void>;
}

export class BaselineCancelled extends Error {
	name = 'BaselineCancelled';
	constructor() {
		super('The baseline was cancelled.');
	}
}

export interface FoldResult extends Scores {
	fold: number;
	trainRows: number;
	testRows: number;
	iterations: number;
	/** Objective and gradient evaluations (the work: each is one pass over the training rows). */
	evaluations: number;
	/** 'converged' unless the fit hit maxIter or could not improve further. */
	status: LogisticFit['status'];
	gradNorm: number;
}

export interface BaselineResult {
	/** n x classes row-major, out-of-fold. */
	probs: Float64Array;
	n: number;
	classes: number;
	/** Fold of each row. */
	fold: Int32Array;
	folds: FoldResult[];
	overall: Scores;
	perClass: Scores[];
	/** Prepared feature names of the first fold (one-hot levels spelled out). */
	features: string[];
	options: BaselineOptions;
	/** Milliseconds. */
	elapsed: number;
}

const PAUSE_EVERY_MS = 50;

/** Cross-validated probabilities; `labels` are class indices 0..classes-1, negative for missing. */
export async function crossValidate(columns: readonly FeatureColumn[], labels: Int32Array, classes: number, partial: Partial<BaselineOptions> = {}, hooks: BaselineHooks = {}): Promise<BaselineResult> {
	const options = baselineOptions(partial);
	const start = performance.now();
	const n = columnRows(columns);
	if (labels.length !== n) throw new Error(`There are ${labels.length} labels but the features have ${n} rows.`);
	if (!Number.isInteger(classes) || classes < 2) throw new Error(`The label needs at least two classes, got ${classes}.`);
	for (let i = 0; i < n; i++) if (labels[i]! >= classes) throw new Error(`Row ${i}: label index ${labels[i]} is outside 0..${classes - 1}.`);
	const fold = foldAssignment(n, options.folds, options.shuffle, options.seed);
	const probs = new Float64Array(n * classes);
	const folds: FoldResult[] = [];
	let features: string[] = [];
	let warm: { names: string[]; params: Float64Array; present: string } | null = null;
	let lastPause = performance.now();
	for (let f = 0; f < options.folds; f++) {
		const { train, test } = foldRows(fold, f, labels);
		// Classes present in the training fold, and each global class's local index.
		const local = new Int32Array(classes).fill(-1);
		for (let r = 0; r < train.length; r++) local[labels[train[r]!]!] = 0;
		const present: number[] = [];
		for (let c = 0; c < classes; c++) if (local[c] === 0) local[c] = present.push(c) - 1;
		if (present.length < 2) throw new Error(`Fold ${f + 1} of ${options.folds}: the other folds hold labeled rows of ${present.length} class only; cross-validation needs at least two. Use fewer folds or more labeled rows.`);
		const prep = fitPreparation(columns, train);
		if (f === 0) features = prep.names;
		const X = prep.transform(train);
		const y = new Int32Array(train.length);
		for (let r = 0; r < train.length; r++) y[r] = local[labels[train[r]!]!]!;
		const key = present.join(',');
		const x0: Float64Array | undefined = warm && warm.present === key ? warmStart(warm, prep.names, weightVectors(present.length)) : undefined;
		const fitter: LogisticFitter = new LogisticFitter(X, y, present.length, options, x0);
		while (!fitter.done) {
			if (hooks.shouldStop?.()) throw new BaselineCancelled();
			fitter.step();
			hooks.onProgress?.({ fold: f, folds: options.folds, iteration: fitter.iterations, objective: fitter.objective, gradNorm: fitter.gradNorm() });
			if (hooks.pause && performance.now() - lastPause > PAUSE_EVERY_MS) {
				await hooks.pause();
				lastPause = performance.now();
			}
		}
		const fit: LogisticFit = fitter.result();
		warm = { names: prep.names, params: fit.params, present: key };
		predictProba(fit, prep.transform(test), probs, classes, test, Int32Array.from(present));
		const inFold = (i: number) => fold[i] === f;
		folds.push({ fold: f, trainRows: train.length, testRows: test.length, iterations: fit.iterations, evaluations: fit.evaluations, status: fit.status, gradNorm: fit.gradNorm, ...scoreRows(probs, classes, labels, inFold) });
	}
	hooks.onProgress?.({ fold: options.folds, folds: options.folds, iteration: 0, objective: NaN, gradNorm: NaN });
	return {
		probs,
		n,
		classes,
		fold,
		folds,
		overall: scoreRows(probs, classes, labels, () => true),
		perClass: scoresByClass(probs, classes, labels),
		features,
		options,
		elapsed: performance.now() - start
	};
}

/** The previous fold's weights mapped onto this fold's features by name (new features start at 0). */
function warmStart(prev: { names: string[]; params: Float64Array }, names: string[], m: number): Float64Array {
	const index = new Map(prev.names.map((name, j) => [name, j]));
	const x0 = new Float64Array((names.length + 1) * m);
	names.forEach((name, j) => {
		const pj = index.get(name);
		if (pj !== undefined) x0.set(prev.params.subarray(pj * m, pj * m + m), j * m);
	});
	x0.set(prev.params.subarray(prev.names.length * m), names.length * m);
	return x0;
}
