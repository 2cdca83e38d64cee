import { describe, expect, test } from 'vitest';
import { Lbfgs } from '../../../src/lib/core/models/lbfgs';
import { csrFromDense } from '../../../src/lib/core/models/csr';
import { fitLogistic, logisticObjective, predictProba, weightVectors } from '../../../src/lib/core/models/logistic';
import { seededRandom } from '../../../src/lib/core/models/folds';

/** A random dense problem with some exact zeros (so the sparse path is exercised). */
function problem(n: number, d: number, classes: number, seed: number) {
	const rand = seededRandom(seed);
	const dense = Float64Array.from({ length: n * d }, () => (rand() < 0.3 ? 0 : rand() * 4 - 2));
	const y = Int32Array.from({ length: n }, (_, i) => {
		let s = 0;
		for (let j = 0; j < d; j++) s += dense[i * d + j]! * (j + 1);
		return Math.abs(Math.floor(s + rand() * 3)) % classes;
	});
	return { X: csrFromDense(dense, n, d), dense, y };
}

describe('L-BFGS', () => {
	test('minimises the Rosenbrock function to (1, 1)', () => {
		const fn = (x: Float64Array, g: Float64Array) => {
			const [a, b] = [x[0]!, x[1]!];
			g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
			g[1] = 200 * (b - a * a);
			return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
		};
		const opt = new Lbfgs(fn, Float64Array.of(-1.2, 1), { gtol: 1e-10, maxIter: 1000 });
		while (opt.step() === 'running');
		expect(opt.status).toBe('converged');
		expect(opt.x[0]).toBeCloseTo(1, 8);
		expect(opt.x[1]).toBeCloseTo(1, 8);
	});
});

describe.each([2, 4])('logistic regression with %i classes', (classes) => {
	const { X, y } = problem(120, 5, classes, 7 + classes);
	const m = weightVectors(classes);

	test('the gradient equals finite differences of the objective', () => {
		const f = logisticObjective(X, y, classes, 0.7);
		const rand = seededRandom(3);
		const w = Float64Array.from({ length: (X.cols + 1) * m }, () => rand() - 0.5);
		const g = new Float64Array(w.length);
		f(w, g);
		const scratch = new Float64Array(w.length);
		for (let j = 0; j < w.length; j++) {
			const h = 1e-6;
			const wp = Float64Array.from(w);
			wp[j]! += h;
			const wm = Float64Array.from(w);
			wm[j]! -= h;
			expect(g[j]).toBeCloseTo((f(wp, scratch) - f(wm, scratch)) / (2 * h), 7);
		}
	});

	test('the fit is a stationary point of 0.5 ||W||^2 + C sum(loss), the intercepts unpenalised', () => {
		const C = 0.5;
		const fit = fitLogistic(X, y, classes, { C, tol: 1e-11, maxIter: 10_000 });
		expect(fit.status).toBe('converged');
		// Recompute the sklearn-scale gradient independently from the probabilities.
		const P = predictProba(fit, X);
		const gW = new Float64Array(X.cols * m);
		const gb = new Float64Array(m);
		for (let i = 0; i < X.rows; i++) {
			for (let k = 0; k < m; k++) {
				const r = classes === 2 ? P[i * 2 + 1]! - (y[i] === 1 ? 1 : 0) : P[i * classes + k]! - (y[i] === k ? 1 : 0);
				gb[k]! += C * r;
				for (let p = X.indptr[i]!; p < X.indptr[i + 1]!; p++) gW[X.indices[p]! * m + k]! += C * X.values[p]! * r;
			}
		}
		for (let j = 0; j < X.cols * m; j++) expect(Math.abs(gW[j]! + fit.params[j]!)).toBeLessThan(1e-7);
		for (let k = 0; k < m; k++) expect(Math.abs(gb[k]!)).toBeLessThan(1e-7);
		if (classes > 2) {
			// At the L2 optimum each feature's weights sum to zero over the classes.
			for (let j = 0; j < X.cols; j++) {
				let s = 0;
				for (let k = 0; k < m; k++) s += fit.params[j * m + k]!;
				expect(Math.abs(s)).toBeLessThan(1e-8);
			}
		}
	});

	test('probabilities are rows summing to 1', () => {
		const fit = fitLogistic(X, y, classes, { C: 1, tol: 1e-9, maxIter: 10_000 });
		const P = predictProba(fit, X);
		for (let i = 0; i < X.rows; i++) {
			let s = 0;
			for (let k = 0; k < classes; k++) s += P[i * classes + k]!;
			expect(s).toBeCloseTo(1, 12);
		}
	});
});

test('with no informative feature the model predicts the class frequencies (intercepts are not penalised)', () => {
	const n = 50;
	const X = csrFromDense(new Float64Array(n * 2), n, 2);
	const y3 = Int32Array.from({ length: n }, (_, i) => (i < 10 ? 0 : i < 35 ? 1 : 2));
	const p3 = predictProba(fitLogistic(X, y3, 3, { C: 1, tol: 1e-12, maxIter: 1000 }), X);
	expect(p3[0]).toBeCloseTo(10 / n, 9);
	expect(p3[1]).toBeCloseTo(25 / n, 9);
	expect(p3[2]).toBeCloseTo(15 / n, 9);
	const y2 = Int32Array.from({ length: n }, (_, i) => (i < 13 ? 1 : 0));
	const p2 = predictProba(fitLogistic(X, y2, 2, { C: 1, tol: 1e-12, maxIter: 1000 }), X);
	expect(p2[1]).toBeCloseTo(13 / n, 9);
});

test('a smaller C shrinks the weights', () => {
	const { X, y } = problem(100, 4, 2, 11);
	const norm = (C: number) => {
		const w = fitLogistic(X, y, 2, { C, tol: 1e-10, maxIter: 10_000 }).params.subarray(0, 4);
		return Math.hypot(...w);
	};
	expect(norm(0.01)).toBeLessThan(norm(1));
});
