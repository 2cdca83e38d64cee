/**
 * Limited-memory BFGS (Nocedal, "Updating quasi-Newton matrices with limited storage", Math. Comp. 1980;
 * Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.4 for the two-loop recursion and
 * Algorithms 3.5/3.6 for the strong-Wolfe line search) for smooth unconstrained minimisation.
 *
 * Stepwise: {@link Lbfgs.step} does one iteration, so a caller can report progress and check for
 * cancellation between iterations (and yield to the event loop in a worker). Every vector is a
 * Float64Array allocated once in the constructor; an iteration allocates nothing.
 *
 * Convergence is on the gradient: max |g_i| <= gtol (the infinity norm, as L-BFGS-B's pgtol).
 */

/** f(x), writing the gradient into `g`. */
export type ObjectiveFn = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
	/** Stop when max |g_i| <= gtol. */
	gtol: number;
	/** Most iterations. */
	maxIter: number;
	/** Correction pairs kept (default 10, as scipy's L-BFGS-B). */
	memory?: number;
}

export type LbfgsStatus = 'running' | 'converged' | 'max-iterations' | 'stalled';

/** Wolfe constants: sufficient decrease and curvature (the usual quasi-Newton choices). */
const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_SEARCH = 40;
/**
 * Near the optimum f changes by less than its rounding error, so the sufficient-decrease test
 * cannot tell a good step; then a step is accepted on the approximate Wolfe conditions of Hager &
 * Zhang (SIAM J. Optim. 2005): f within this relative rounding of f(0) and
 * (2 C1 - 1) f'(0) >= f'(t) (the slope has flattened).
 */
const F_ROUNDING = 1e-13;

function dot(a: Float64Array, b: Float64Array): number {
	let s = 0;
	for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
	return s;
}

function maxAbs(a: Float64Array): number {
	let m = 0;
	for (let i = 0; i < a.length; i++) {
		const v = Math.abs(a[i]!);
		if (v > m) m = v;
	}
	return m;
}

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db), or the bisection when it is not in between. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
	const d1 = da + db - (3 * (fa - fb)) / (a - b);
	const disc = d1 * d1 - da * db;
	const lo = Math.min(a, b);
	const hi = Math.max(a, b);
	if (disc >= 0) {
		const d2 = Math.sign(b - a) * Math.sqrt(disc);
		const t = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
		// keep away from the ends so the bracket shrinks
		const margin = 0.1 * (hi - lo);
		if (Number.isFinite(t) && t > lo + margin && t < hi - margin) return t;
	}
	return (a + b) / 2;
}

export class Lbfgs {
	readonly n: number;
	/** Current point, its value and gradient. */
	readonly x: Float64Array;
	readonly g: Float64Array;
	f: number;
	iterations = 0;
	evaluations = 1;
	status: LbfgsStatus = 'running';
	private readonly m: number;
	private readonly s: Float64Array[];
	private readonly y: Float64Array[];
	private readonly rho: Float64Array;
	private readonly alpha: Float64Array;
	private stored = 0;
	private newest = -1;
	private readonly d: Float64Array;
	private readonly xTrial: Float64Array;
	private readonly gTrial: Float64Array;

	constructor(
		private readonly fn: ObjectiveFn,
		x0: Float64Array,
		private readonly options: LbfgsOptions
	) {
		this.n = x0.length;
		this.m = options.memory ?? 10;
		this.x = Float64Array.from(x0);
		this.g = new Float64Array(this.n);
		this.s = Array.from({ length: this.m }, () => new Float64Array(this.n));
		this.y = Array.from({ length: this.m }, () => new Float64Array(this.n));
		this.rho = new Float64Array(this.m);
		this.alpha = new Float64Array(this.m);
		this.d = new Float64Array(this.n);
		this.xTrial = new Float64Array(this.n);
		this.gTrial = new Float64Array(this.n);
		this.f = fn(this.x, this.g);
		if (!Number.isFinite(this.f)) throw new Error('L-BFGS: the objective is not finite at the starting point.');
		if (this.gradNorm() <= options.gtol) this.status = 'converged';
	}

	/** max |g_i| at the current point. */
	gradNorm(): number {
		return maxAbs(this.g);
	}

	/** d = -H g by the two-loop recursion (H0 = gamma I with gamma = s'y / y'y of the newest pair). */
	private direction(): void {
		const { d, g, s, y, rho, alpha, m } = this;
		for (let i = 0; i < this.n; i++) d[i] = -g[i]!;
		if (this.stored === 0) {
			const scale = 1 / Math.max(maxAbs(d), 1e-300);
			for (let i = 0; i < this.n; i++) d[i]! *= Math.min(1, scale);
			return;
		}
		let k = this.newest;
		for (let j = 0; j < this.stored; j++) {
			const a = rho[k]! * dot(s[k]!, d);
			alpha[k] = a;
			const yk = y[k]!;
			for (let i = 0; i < this.n; i++) d[i]! -= a * yk[i]!;
			k = (k - 1 + m) % m;
		}
		const yn = y[this.newest]!;
		const gamma = 1 / (rho[this.newest]! * dot(yn, yn));
		for (let i = 0; i < this.n; i++) d[i]! *= gamma;

		k = (this.newest - this.stored + 1 + m) % m;
		for (let j = 0; j < this.stored; j++) {
			const b = rho[k]! * dot(y[k]!, d);
			const a = alpha[k]! - b;
			const sk = s[k]!;
			for (let i = 0; i < this.n; i++) d[i]! += a * sk[i]!;
			k = (k + 1) % m;
		}
	}

	/** f and gradient at x + t d, into xTrial/gTrial; returns [f, directional derivative]. */
	private evalAt(t: number): [number, number] {
		const { x, d, xTrial, gTrial } = this;
		for (let i = 0; i < this.n; i++) xTrial[i] = x[i]! + t * d[i]!;
		const f = this.fn(xTrial, gTrial);
		this.evaluations++;
		return [f, dot(gTrial, d)];
	}

	/** Strong-Wolfe line search along d; leaves the accepted point in xTrial/gTrial. Returns [t, f] or null. */
	private lineSearch(d0: number): [number, number] | null {
		const f0 = this.f;
		let tPrev = 0;
		let fPrev = f0;
		let dPrev = d0;
		let t = 1;
		const fTol = F_ROUNDING * Math.abs(f0);
		for (let i = 0; i < MAX_LINE_SEARCH; i++) {
			const [ft, dt] = this.evalAt(t);
			if (Number.isFinite(ft) && ft <= f0 + fTol && dt <= (2 * C1 - 1) * d0 && dt >= C2 * d0) return [t, ft];
			if (!Number.isFinite(ft) || ft > f0 + C1 * t * d0 || (i > 0 && ft >= fPrev)) {
				if (!Number.isFinite(ft)) {
					t = tPrev + (t - tPrev) / 4;
					continue;
				}
				return this.zoom(tPrev, fPrev, dPrev, t, ft, dt, f0, d0);
			}
			if (Math.abs(dt) <= -C2 * d0) return [t, ft];
			if (dt >= 0) return this.zoom(t, ft, dt, tPrev, fPrev, dPrev, f0, d0);
			tPrev = t;
			fPrev = ft;
			dPrev = dt;
			t *= 2;
		}
		return null;
	}

	private zoom(lo: number, flo: number, dlo: number, hi: number, fhi: number, dhi: number, f0: number, d0: number): [number, number] | null {
		for (let i = 0; i < MAX_LINE_SEARCH; i++) {
			const t = cubicMin(lo, flo, dlo, hi, fhi, dhi);
			const [ft, dt] = this.evalAt(t);
			if (Number.isFinite(ft) && ft <= f0 + F_ROUNDING * Math.abs(f0) && dt <= (2 * C1 - 1) * d0 && dt >= C2 * d0) return [t, ft];
			if (!Number.isFinite(ft) || ft > f0 + C1 * t * d0 || ft >= flo) {
				hi = t;
				fhi = ft;
				dhi = dt;
			} else {
				if (Math.abs(dt) <= -C2 * d0) return [t, ft];
				if (dt * (hi - lo) >= 0) {
					hi = lo;
					fhi = flo;
					dhi = dlo;
				}
				lo = t;
				flo = ft;
				dlo = dt;
			}
			if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break;
		}
		// The bracket collapsed: accept the best point found if it decreased f.
		if (lo > 0 && flo < f0) {
			this.evalAt(lo);
			return [lo, flo];
		}
		return null;
	}

	/** One iteration. Returns the status after it. */
	step(): LbfgsStatus {
		if (this.status !== 'running') return this.status;
		if (this.iterations >= this.options.maxIter) return (this.status = 'max-iterations');
		this.direction();
		let d0 = dot(this.g, this.d);
		if (!(d0 < 0)) {
			// Not a descent direction (curvature information gone bad): restart from steepest descent.
			this.stored = 0;
			this.direction();
			d0 = dot(this.g, this.d);
			if (!(d0 < 0)) return (this.status = 'stalled');
		}
		const found = this.lineSearch(d0);
		if (!found) {
			if (this.stored > 0) {
				this.stored = 0; // forget the curvature pairs and try once more next step
				this.iterations++;
				return this.status;
			}
			return (this.status = 'stalled');
		}
		const [, fNew] = found;
		const next = (this.newest + 1) % this.m;
		const sk = this.s[next]!;
		const yk = this.y[next]!;
		for (let i = 0; i < this.n; i++) {
			sk[i] = this.xTrial[i]! - this.x[i]!;
			yk[i] = this.gTrial[i]! - this.g[i]!;
		}
		const sy = dot(sk, yk);
		this.x.set(this.xTrial);
		this.g.set(this.gTrial);
		this.f = fNew;
		this.iterations++;
		if (sy > 1e-300 * dot(yk, yk) && sy > 0) {
			this.rho[next] = 1 / sy;
			this.newest = next;
			this.stored = Math.min(this.stored + 1, this.m);
		}
		if (this.gradNorm() <= this.options.gtol) this.status = 'converged';
		return this.status;
	}
}
