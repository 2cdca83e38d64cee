/**
 * Continuous distribution functions needed by the tests: log-gamma, the
 * regularized incomplete gamma functions P and Q, the chi-square survival
 * function, erf/erfc and the standard normal CDF/SF.
 *
 * Methods (all from the numerical-analysis literature, written from the
 * published definitions):
 * - log-gamma: Stirling's series with Bernoulli-number coefficients for x >= 15,
 *   upward recurrence Gamma(x) = Gamma(x + k) / (x (x+1) ... (x+k-1)) below.
 * - Stirling error and deviance term: C. Loader (2000), "Fast and accurate
 *   computation of binomial probabilities"; they give the Poisson-type prefactor
 *   x^a e^-x / Gamma(a + 1) without cancellation for large a.
 * - incomplete gamma: power series for P when x < a + 1, Legendre's continued
 *   fraction for Q (modified Lentz evaluation) otherwise (Numerical Recipes 6.2;
 *   Abramowitz & Stegun 6.5.29 / 6.5.31). Relative accuracy ~1e-14 or better.
 * - erfc(x) = Q(1/2, x^2) and the normal tail = Q(1/2, z^2 / 2) / 2, so deep
 *   tails keep full relative accuracy (no 1 - small cancellation).
 */

/** ln(sqrt(2 pi)). */
export const LN_SQRT_2PI = 0.9189385332046727;
/** ln(2 pi). */
export const LN_2PI = 1.8378770664093453;

/**
 * Below this argument log-gamma uses the upward recurrence; at and above it the
 * Stirling series truncated after the x^-13 term is accurate to < 1e-17
 * (the first omitted term, 3617 / (122400 x^15), is ~1.5e-19 at x = 15).
 */
const STIRLING_MIN_ARG = 15;

/** Iteration cap for the series and continued fraction (never reached in practice; see `gammaIterations`). */
const MIN_GAMMA_ITERATIONS = 1000;

/** Convergence tolerance of the series / continued fraction: machine epsilon. */
const GAMMA_EPS = Number.EPSILON;

/** Smallest positive normal double, used by Lentz's algorithm to avoid division by zero. */
const TINY = 1e-300;

/**
 * Stirling series tail sum_{k>=1} B_2k / (2k (2k-1) x^(2k-1)) for x >= 15,
 * i.e. ln Gamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)].
 * Coefficients B_2k / (2k(2k-1)): 1/12, -1/360, 1/1260, -1/1680, 1/1188, -691/360360, 1/156.
 */
function stirlingTail(x: number): number {
	const r = 1 / x;
	const r2 = r * r;
	return (
		r *
		(1 / 12 +
			r2 *
				(-1 / 360 +
					r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 / 156))))))
	);
}

/**
 * Natural log of the gamma function for x > 0 (absolute error ~1e-15 near the
 * zeros at 1 and 2, relative error ~1e-16 elsewhere). Returns +Infinity at 0 and
 * NaN for negative or NaN input (not needed by any caller).
 */
export function logGamma(x: number): number {
	if (Number.isNaN(x) || x < 0) return NaN;
	if (x === 0) return Infinity;
	if (x === Infinity) return Infinity;
	if (x >= STIRLING_MIN_ARG) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingTail(x);
	// Upward recurrence: ln Gamma(x) = ln Gamma(x + k) - ln(x (x+1) ... (x+k-1)).
	let shifted = x;
	let product = 1;
	while (shifted < STIRLING_MIN_ARG) {
		product *= shifted;
		shifted += 1;
	}
	return (
		(shifted - 0.5) * Math.log(shifted) -
		shifted +
		LN_SQRT_2PI +
		stirlingTail(shifted) -
		Math.log(product)
	);
}

/** Exact factorials 0! .. 22! (22! < 2^70 is the last one that is an exact double). */
const EXACT_FACTORIALS: readonly number[] = (() => {
	const out = [1];
	for (let i = 1; i <= 22; i++) out.push((out[i - 1] as number) * i);
	return out;
})();

/** ln(n!) for a non-negative integer n (exact table up to 22!, Stirling beyond). */
export function logFactorial(n: number): number {
	if (!Number.isInteger(n) || n < 0) return NaN;
	const exact = EXACT_FACTORIALS[n];
	if (exact !== undefined) return Math.log(exact);
	return logGamma(n + 1);
}

/** ln C(n, k) for integers 0 <= k <= n; -Infinity outside that range. */
export function logBinomialCoefficient(n: number, k: number): number {
	if (k < 0 || k > n) return -Infinity;
	return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/**
 * Stirling error delta(a) = ln Gamma(a + 1) - [(a + 1/2) ln a - a + ln sqrt(2 pi)]
 * for a > 0 (Loader 2000). Series for a >= 15, direct evaluation below.
 */
export function stirlingError(a: number): number {
	if (a >= STIRLING_MIN_ARG) return stirlingTail(a);
	if (!(a > 0)) return NaN;
	const lgammaA1 = Number.isInteger(a) ? logFactorial(a) : logGamma(a + 1);
	return lgammaA1 - (a + 0.5) * Math.log(a) + a - LN_SQRT_2PI;
}

/**
 * Deviance term bd0(x, m) = x ln(x / m) + m - x (Loader 2000), evaluated with a
 * series in v = (x - m) / (x + m) when x is close to m to avoid cancellation.
 */
export function devianceTerm(x: number, m: number): number {
	if (x === 0) return m;
	if (Math.abs(x - m) < 0.1 * (x + m)) {
		const v = (x - m) / (x + m);
		let s = (x - m) * v;
		let ej = 2 * x * v;
		const v2 = v * v;
		for (let j = 1; j < 1000; j++) {
			ej *= v2;
			const next = s + ej / (2 * j + 1);
			if (next === s) return next;
			s = next;
		}
		return s;
	}
	return x * Math.log(x / m) + m - x;
}

/**
 * x^a e^-x / Gamma(a + 1), the common prefactor of the incomplete gamma series
 * and continued fraction. For a >= 15 it is computed as
 * exp(-delta(a) - bd0(a, x)) / sqrt(2 pi a), which has no cancellation.
 */
function gammaPrefactor(a: number, x: number): number {
	if (a >= STIRLING_MIN_ARG) {
		return Math.exp(-stirlingError(a) - devianceTerm(a, x)) / Math.sqrt(2 * Math.PI * a);
	}
	return Math.exp(a * Math.log(x) - x - logGamma(a + 1));
}

/** Iteration cap: the series / fraction need O(sqrt(a)) terms near x ~ a. */
function gammaIterations(a: number): number {
	return MIN_GAMMA_ITERATIONS + Math.ceil(50 * Math.sqrt(a));
}

/** P(a, x) by its power series (use for x < a + 1). */
function gammaPSeries(a: number, x: number): number {
	// P(a,x) = x^a e^-x / Gamma(a+1) * sum_{n>=0} x^n / ((a+1)...(a+n))
	let term = 1;
	let sum = 1;
	let denom = a;
	const maxIter = gammaIterations(a);
	for (let n = 1; n < maxIter; n++) {
		denom += 1;
		term *= x / denom;
		sum += term;
		if (term < sum * GAMMA_EPS) break;
	}
	return gammaPrefactor(a, x) * sum;
}

/** Q(a, x) by Legendre's continued fraction, modified Lentz (use for x >= a + 1). */
function gammaQContinuedFraction(a: number, x: number): number {
	// Q(a,x) = x^a e^-x / Gamma(a) * 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...)))
	let b = x + 1 - a;
	let c = 1 / TINY;
	let d = 1 / b;
	let h = d;
	const maxIter = gammaIterations(a);
	for (let i = 1; i < maxIter; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < TINY) d = TINY;
		c = b + an / c;
		if (Math.abs(c) < TINY) c = TINY;
		d = 1 / d;
		const delta = d * c;
		h *= delta;
		if (Math.abs(delta - 1) < GAMMA_EPS) break;
	}
	// x^a e^-x / Gamma(a) = a * x^a e^-x / Gamma(a + 1)
	return a * gammaPrefactor(a, x) * h;
}

/**
 * Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a), a > 0, x >= 0.
 * Returns NaN for invalid arguments.
 */
export function regularizedGammaP(a: number, x: number): number {
	if (!(a > 0) || Number.isNaN(x) || x < 0) return NaN;
	if (x === 0) return 0;
	if (x === Infinity) return 1;
	if (x < a + 1) return gammaPSeries(a, x);
	return 1 - gammaQContinuedFraction(a, x);
}

/**
 * Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x), a > 0, x >= 0,
 * computed directly in the upper tail so that tiny values keep full relative accuracy.
 */
export function regularizedGammaQ(a: number, x: number): number {
	if (!(a > 0) || Number.isNaN(x) || x < 0) return NaN;
	if (x === 0) return 1;
	if (x === Infinity) return 0;
	if (x < a + 1) return 1 - gammaPSeries(a, x);
	return gammaQContinuedFraction(a, x);
}

/** Chi-square survival function P(X > x) with `df` > 0 degrees of freedom (scipy `chi2.sf`). */
export function chiSquareSf(x: number, df: number): number {
	if (!(df > 0) || Number.isNaN(x)) return NaN;
	if (x <= 0) return 1;
	return regularizedGammaQ(df / 2, x / 2);
}

/** Chi-square CDF P(X <= x) with `df` > 0 degrees of freedom. */
export function chiSquareCdf(x: number, df: number): number {
	if (!(df > 0) || Number.isNaN(x)) return NaN;
	if (x <= 0) return 0;
	return regularizedGammaP(df / 2, x / 2);
}

/** Error function erf(x) = sign(x) P(1/2, x^2). */
export function erf(x: number): number {
	if (Number.isNaN(x)) return NaN;
	if (x === 0) return x;
	const p = regularizedGammaP(0.5, x * x);
	return x < 0 ? -p : p;
}

/** Complementary error function erfc(x) = Q(1/2, x^2) for x >= 0, 2 - erfc(-x) otherwise. */
export function erfc(x: number): number {
	if (Number.isNaN(x)) return NaN;
	if (x >= 0) return regularizedGammaQ(0.5, x * x);
	return 1 + regularizedGammaP(0.5, x * x);
}

/** Standard normal survival function P(Z > z), accurate in the far upper tail. */
export function normalSf(z: number): number {
	if (Number.isNaN(z)) return NaN;
	// P(Z > z) = erfc(z / sqrt 2) / 2 = Q(1/2, z^2 / 2) / 2 for z >= 0.
	const half = 0.5 * z * z;
	if (z >= 0) return 0.5 * regularizedGammaQ(0.5, half);
	return 0.5 * (1 + regularizedGammaP(0.5, half));
}

/** Standard normal CDF P(Z <= z), accurate in the far lower tail. */
export function normalCdf(z: number): number {
	return normalSf(-z);
}

