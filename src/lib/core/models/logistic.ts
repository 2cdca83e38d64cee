/**
 * L2-penalised logistic regression, the model scikit-learn documents for
 * `LogisticRegression(penalty='l2', C, fit_intercept=True)`:
 *
 *   minimise  0.5 * ||W||^2  +  C * sum_i loss_i        (intercepts not penalised)
 *
 * - two classes: one weight vector w and intercept b; loss_i = log(1 + exp(z_i)) - y_i z_i with
 *   z_i = x_i.w + b and y_i in {0, 1} (class 1 is the second class);
 * - three or more classes: the multinomial (softmax) loss with one weight vector and intercept per
 *   class, loss_i = log(sum_k exp(z_ik)) - z_i,y_i.
 *
 * The objective is strictly convex in W, so the optimum's probabilities are unique (the multinomial
 * intercepts only up to a common shift, which leaves probabilities unchanged). We minimise the same
 * objective divided by C * n (same optimum, gradient on a per-sample scale) with L-BFGS until the
 * largest gradient component is below `tol`.
 *
 * Parameters are one Float64Array: W as d x m (feature-major, m = 1 or K weight vectors), then the
 * m intercepts. Loss and gradient are computed in one pass over the CSR rows, with no allocation.
 */
import type { CsrMatrix } from './csr';
import { Lbfgs, type LbfgsStatus } from './lbfgs';

export interface LogisticFit {
	/** Classes modelled (>= 2); probabilities come out in this order. */
	classes: number;
	/** Number of features d. */
	features: number;
	/** W (d x m, m = 1 for two classes else `classes`) then m intercepts. */
	params: Float64Array;
	iterations: number;
	evaluations: number;
	status: LbfgsStatus;
	/** Objective at the optimum, per sample: (0.5 ||W||^2 / C + sum loss) / n. */
	objective: number;
	gradNorm: number;
}

export interface LogisticOptions {
	C: number;
	/** Stop when the largest component of the per-sample gradient is at most this. */
	tol: number;
	maxIter: number;
}

/** Number of weight vectors for `classes` classes: one for a binary problem. */
export function weightVectors(classes: number): number {
	return classes === 2 ? 1 : classes;
}

/** log(1 + exp(z)) without overflow. */
function softplus(z: number): number {
	return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** The per-sample objective and its gradient (see module comment). `y` holds class indices 0..K-1. */
export function logisticObjective(X: CsrMatrix, y: Int32Array, classes: number, C: number): (w: Float64Array, g: Float64Array) => number {
	const { rows: n, cols: d, indptr, indices, values } = X;
	const m = weightVectors(classes);
	const bias = d * m;
	const z = new Float64Array(m);
	const scale = 1 / n;
	const penalty = 1 / C;
	if (m === 1) {
		return (w, g) => {
			g.fill(0);
			let f = 0;
			let gb = 0;
			const b = w[bias]!;
			for (let i = 0; i < n; i++) {
				const p0 = indptr[i]!;
				const p1 = indptr[i + 1]!;
				let zi = b;
				for (let p = p0; p < p1; p++) zi += values[p]! * w[indices[p]!]!;
				const yi = y[i]!;
				f += softplus(zi) - yi * zi;
				const r = 1 / (1 + Math.exp(-zi)) - yi;
				gb += r;
				for (let p = p0; p < p1; p++) g[indices[p]!]! += values[p]! * r;
			}
			let reg = 0;
			for (let j = 0; j < d; j++) {
				const wj = w[j]!;
				reg += wj * wj;
				g[j] = (g[j]! + penalty * wj) * scale;
			}
			g[bias] = gb * scale;
			return (f + 0.5 * penalty * reg) * scale;
		};
	}
	return (w, g) => {
		g.fill(0);
		let f = 0;
		for (let i = 0; i < n; i++) {
			const p0 = indptr[i]!;
			const p1 = indptr[i + 1]!;
			for (let k = 0; k < m; k++) z[k] = w[bias + k]!;
			for (let p = p0; p < p1; p++) {
				const v = values[p]!;
				const base = indices[p]! * m;
				for (let k = 0; k < m; k++) z[k]! += v * w[base + k]!;
			}
			let max = z[0]!;
			for (let k = 1; k < m; k++) if (z[k]! > max) max = z[k]!;
			let sum = 0;
			for (let k = 0; k < m; k++) {
				const e = Math.exp(z[k]! - max);
				z[k] = e;
				sum += e;
			}
			const yi = y[i]!;
			// loss = logsumexp(z) - z_y = log(sum) - log(e_y) with e_y = exp(z_y - max)
			f += Math.log(sum) - Math.log(z[yi]!);
			const inv = 1 / sum;
			for (let k = 0; k < m; k++) z[k] = z[k]! * inv; // probabilities
			z[yi]! -= 1; // residuals p - onehot(y)
			for (let k = 0; k < m; k++) g[bias + k]! += z[k]!;
			for (let p = p0; p < p1; p++) {
				const v = values[p]!;
				const base = indices[p]! * m;
				for (let k = 0; k < m; k++) g[base + k]! += v * z[k]!;
			}
		}
		let reg = 0;
		for (let j = 0; j < bias; j++) {
			const wj = w[j]!;
			reg += wj * wj;
			g[j] = (g[j]! + penalty * wj) * scale;
		}
		for (let k = 0; k < m; k++) g[bias + k]! *= scale;
		return (f + 0.5 * penalty * reg) * scale;
	};
}

/**
 * A stepwise fit: `step()` runs one L-BFGS iteration; `done` tells when to stop. Start from `x0`
 * (a warm start, e.g. the previous fold's weights) or zeros.
 */
export class LogisticFitter {
	readonly classes: number;
	readonly features: number;
	private readonly opt: Lbfgs;

	constructor(X: CsrMatrix, y: Int32Array, classes: number, options: LogisticOptions, x0?: Float64Array) {
		if (classes < 2) throw new Error('A logistic regression needs at least two classes.');
		if (!(options.C > 0)) throw new Error(`C must be a positive number, got ${options.C}.`);
		if (X.rows !== y.length) throw new Error(`The design matrix has ${X.rows} rows but there are ${y.length} labels.`);
		this.classes = classes;
		this.features = X.cols;
		const size = (X.cols + 1) * weightVectors(classes);
		if (x0 && x0.length !== size) throw new Error(`Warm start has ${x0.length} parameters, expected ${size}.`);
		this.opt = new Lbfgs(logisticObjective(X, y, classes, options.C), x0 ?? new Float64Array(size), { gtol: options.tol, maxIter: options.maxIter });
	}

	get done(): boolean {
		return this.opt.status !== 'running';
	}
	get iterations(): number {
		return this.opt.iterations;
	}
	get objective(): number {
		return this.opt.f;
	}
	gradNorm(): number {
		return this.opt.gradNorm();
	}

	step(): void {
		this.opt.step();
	}

	result(): LogisticFit {
		return {
			classes: this.classes,
			features: this.features,
			params: Float64Array.from(this.opt.x),
			iterations: this.opt.iterations,
			evaluations: this.opt.evaluations,
			status: this.opt.status,
			objective: this.opt.f,
			gradNorm: this.opt.gradNorm()
		};
	}
}

/** Fit to convergence in one call (tests, the CLI). */
export function fitLogistic(X: CsrMatrix, y: Int32Array, classes: number, options: LogisticOptions, x0?: Float64Array): LogisticFit {
	const fitter = new LogisticFitter(X, y, classes, options, x0);
	while (!fitter.done) fitter.step();
	return fitter.result();
}

/** Predicted probabilities (rows x classes, row-major) written into `out` at row offsets given by `at` (default 0..rows-1). */
export function predictProba(fit: LogisticFit, X: CsrMatrix, out: Float64Array = new Float64Array(X.rows * fit.classes), rowStride = fit.classes, at?: Int32Array, columnOf?: Int32Array): Float64Array {
	const { params: w, classes } = fit;
	const m = weightVectors(classes);
	const bias = fit.features * m;
	if (X.cols !== fit.features) throw new Error(`The matrix has ${X.cols} features but the model was fitted on ${fit.features}.`);
	const { indptr, indices, values } = X;
	const z = new Float64Array(m);
	const col = (k: number) => (columnOf ? columnOf[k]! : k);
	for (let i = 0; i < X.rows; i++) {
		const o = (at ? at[i]! : i) * rowStride;
		for (let k = 0; k < m; k++) z[k] = w[bias + k]!;
		for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
			const v = values[p]!;
			const base = indices[p]! * m;
			for (let k = 0; k < m; k++) z[k]! += v * w[base + k]!;
		}
		if (m === 1) {
			const p1 = 1 / (1 + Math.exp(-z[0]!));
			out[o + col(0)] = 1 - p1;
			out[o + col(1)] = p1;
			continue;
		}
		let max = z[0]!;
		for (let k = 1; k < m; k++) if (z[k]! > max) max = z[k]!;
		let sum = 0;
		for (let k = 0; k < m; k++) sum += z[k] = Math.exp(z[k]! - max);
		for (let k = 0; k < m; k++) out[o + col(k)] = z[k]! / sum;
	}
	return out;
}
