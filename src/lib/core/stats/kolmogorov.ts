/**
 * Distribution of the one-sample Kolmogorov-Smirnov statistics for a sample of
 * size n from a continuous distribution:
 * - `smirnovSf(n, x)`: one-sided D_n+ upper tail P(D_n+ >= x) (scipy `special.smirnov`);
 * - `kolmogorovSmirnovSf / Cdf(n, x)`: two-sided D_n (scipy `stats.kstwo`).
 *
 * scipy's two-sample KS test in asymptotic mode evaluates `kstwo.sf(d, round(en))`,
 * so these functions follow the algorithm choice of R. Simard and P. L'Ecuyer (2011),
 * "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11),
 * as scipy does:
 * - exact closed forms of Ruben and Gambino near the ends of the support;
 * - 2 * P(D_n+ >= x) (exact for x >= 1/2, and an excellent approximation where n x^2 is large);
 * - Durbin's matrix formula, evaluated as in G. Marsaglia, W. W. Tsang and J. Wang (2003),
 *   "Evaluating Kolmogorov's Distribution", J. Stat. Softw. 8(18);
 * - the Pelz-Good (1976) asymptotic series for large n.
 * For n <= 140 and 0.754693 < n x^2 <= 4 Simard-L'Ecuyer (and scipy) use Pomeranz's
 * exact recursion; we use Durbin's exact matrix formula there instead (both are exact,
 * they agree to ~1e-14).
 *
 * The one-sided tail uses the Birnbaum-Tingey (1951) sum
 *   P(D_n+ >= x) = x sum_{j=0}^{floor(n(1-x))} C(n,j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1),
 * whose terms are binomial masses b(j; n, x + j/n) / (x + j/n), evaluated with
 * Loader's algorithm (see `discrete.ts`).
 */
import { binomialPmfFromMeans } from './discrete';
import { LN_SQRT_2PI, stirlingError } from './distributions';

/** ln of the smallest subnormal double (cephes MINLOG): exp below this underflows to 0. */
const MIN_LOG = -745.1332191019412;
/** Above this n scipy (cephes) replaces the exact one-sided sum by exp(-(6nx+1)^2 / (18n)). */
const SMIRNOV_MAX_EXACT_N = 1_000_000;
/**
 * Simard-L'Ecuyer: for n <= 140 use an exact method up to n x^2 = 4 (Durbin's matrix
 * below n x^2 = 0.754693 and Pomeranz above in the paper; Durbin throughout here),
 * else 2 * smirnov.
 */
const SMALL_N = 140;
const SMALL_N_EXACT_MAX_NXX = 4;
/** For n > 140: the upper tail is 0 in double precision beyond n x^2 = 370 ... */
const LARGE_N_SF_ZERO_NXX = 370;
/** ... and well approximated by 2 * P(D_n+ >= x) beyond n x^2 = 2.2. */
const LARGE_N_SF_SMIRNOV_NXX = 2.2;
/** For n > 140 below 2.2: the CDF is 1 in double precision beyond n x^2 = 18 ... */
const LARGE_N_CDF_ONE_NXX = 18;
/** ... Durbin's matrix is used while n <= 100000 and n x^1.5 <= 1.4, else Pelz-Good. */
const DURBIN_MAX_N = 100_000;
const DURBIN_MAX_N_X_POW_1_5 = 1.4;

function clip01(p: number): number {
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

/**
 * One-sided Kolmogorov-Smirnov upper tail P(D_n+ >= x) for a sample of size n
 * (scipy `special.smirnov(n, x)`). Exact Birnbaum-Tingey sum for n <= 1e6.
 */
export function smirnovSf(n: number, x: number): number {
	if (!(n > 0) || !Number.isInteger(n) || Number.isNaN(x) || x < 0 || x > 1) return NaN;
	if (n === 1) return 1 - x;
	if (x === 0) return 1;
	if (x === 1) return 0;
	const nx = n * x;
	if (nx <= 1) {
		// Only the j = 0 and j = 1 terms; the CDF has the closed form x (1 + x)^(n-1).
		return clip01(1 - x * Math.pow(1 + x, n - 1));
	}
	if (-2 * n * x * x < MIN_LOG) return 0;
	if (Math.floor(nx) >= n - 1) return Math.pow(1 - x, n);
	if (n > SMIRNOV_MAX_EXACT_N) {
		const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
		// Keep precision for small p: exponentiate directly, else go through the CDF.
		return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
	}
	// Birnbaum-Tingey: x * sum_j b(j; n, p_j) / p_j with p_j = x + j/n, n p_j = nx + j.
	const lastJ = Math.floor(n - nx);
	let sum = 0;
	let previous = Infinity;
	for (let j = 0; j <= lastJ; j++) {
		const np = nx + j;
		const nq = n - j - nx; // (n - j) is exact, so only nx carries rounding
		if (nq <= 0) break;
		const term = (binomialPmfFromMeans(j, n, np, nq) * n) / np;
		sum += term;
		// Terms are unimodal in j: stop once they fall and the rest cannot matter.
		if (term < previous && 4 * (lastJ - j) * term < Number.EPSILON * sum) break;
		previous = term;
	}
	return clip01(x * sum);
}

/**
 * Durbin's matrix formula P(D_n < d) = n!/n^n (H^n)_{kk} with k = floor(n d) + 1,
 * h = k - n d, m = 2k - 1 (Marsaglia, Tsang & Wang 2003), with power-of-two
 * rescaling so that H^n does not overflow.
 */
function durbinCdf(n: number, d: number): number {
	const k = Math.floor(n * d) + 1;
	const m = 2 * k - 1;
	const h = k - n * d;
	const H = new Float64Array(m * m);
	for (let i = 0; i < m; i++) {
		for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 < 0 ? 0 : 1;
	}
	for (let i = 0; i < m; i++) {
		H[i * m] = (H[i * m] as number) - Math.pow(h, i + 1);
		H[(m - 1) * m + i] = (H[(m - 1) * m + i] as number) - Math.pow(h, m - i);
	}
	if (2 * h - 1 > 0) H[(m - 1) * m] = (H[(m - 1) * m] as number) + Math.pow(2 * h - 1, m);
	for (let i = 0; i < m; i++) {
		for (let j = 0; j < m; j++) {
			if (i - j + 1 > 0) {
				let v = H[i * m + j] as number;
				for (let g = 1; g <= i - j + 1; g++) v /= g;
				H[i * m + j] = v;
			}
		}
	}
	const { matrix, exponent } = matrixPower(H, m, n);
	const s = matrix[(k - 1) * m + (k - 1)] as number;
	if (s <= 0) return 0;
	// ln(n! / n^n) = delta(n) + ln(n)/2 - n + ln sqrt(2 pi)   (Stirling with Loader's delta)
	const logScale = stirlingError(n) + 0.5 * Math.log(n) - n + LN_SQRT_2PI;
	return Math.exp(Math.log(s) + exponent * Math.LN2 + logScale);
}

/** Rescale threshold for the matrix power: keep entries below 2^400 (and far from overflow when squared). */
const RESCALE_EXPONENT = 400;
const RESCALE_THRESHOLD = Math.pow(2, RESCALE_EXPONENT);
const RESCALE_FACTOR = Math.pow(2, -RESCALE_EXPONENT);

function matrixMultiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
	const c = new Float64Array(m * m);
	for (let i = 0; i < m; i++) {
		for (let l = 0; l < m; l++) {
			const ail = a[i * m + l] as number;
			if (ail === 0) continue;
			for (let j = 0; j < m; j++) c[i * m + j] = (c[i * m + j] as number) + ail * (b[l * m + j] as number);
		}
	}
	return c;
}

/** Largest |entry|, used to decide when to rescale. */
function maxAbs(a: Float64Array): number {
	let max = 0;
	for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] as number));
	return max;
}

function rescale(a: Float64Array, exponent: number): number {
	let e = exponent;
	while (maxAbs(a) > RESCALE_THRESHOLD) {
		for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) * RESCALE_FACTOR;
		e += RESCALE_EXPONENT;
	}
	return e;
}

/** A^p by repeated squaring; returns the matrix and a power-of-two exponent: A^p = matrix * 2^exponent. */
function matrixPower(a: Float64Array, m: number, p: number): { matrix: Float64Array; exponent: number } {
	if (p === 1) return { matrix: Float64Array.from(a), exponent: 0 };
	const half = matrixPower(a, m, Math.floor(p / 2));
	let matrix = matrixMultiply(half.matrix, half.matrix, m);
	let exponent = rescale(matrix, 2 * half.exponent);
	if (p % 2 === 1) {
		matrix = matrixMultiply(a, matrix, m);
		exponent = rescale(matrix, exponent);
	}
	return { matrix, exponent };
}

/**
 * Pelz-Good (1976) asymptotic expansion of P(D_n <= x):
 *   K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^(3/2),  z = x sqrt(n),
 * in the theta-function form given by Simard & L'Ecuyer (2011), eq. for K0..K3.
 */
function pelzGoodCdf(n: number, x: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const z = Math.sqrt(n) * x;
	const z2 = z * z;
	const z4 = z2 * z2;
	const z6 = z4 * z2;
	const z8 = z4 * z4;
	const pi2 = Math.PI * Math.PI;
	const pi4 = pi2 * pi2;
	const pi6 = pi4 * pi2;
	if (-pi2 / 8 / z2 < -708) return 0;
	const maxK = Math.ceil((16 * z) / Math.PI);
	// Sums over half-integers u = k - 1/2 of polynomial(u^2) * exp(-pi^2 u^2 / (2 z^2)).
	let s0 = 0;
	let s1 = 0;
	let s2 = 0;
	let s3 = 0;
	// Sums over integers k of k^2 exp(-pi^2 k^2 / (2 z^2)) (for K2) and (3z^2 - pi^2 k^2) k^2 ... (for K3).
	let t2 = 0;
	let t3 = 0;
	for (let k = maxK; k >= 1; k--) {
		const u = k - 0.5;
		const u2 = u * u;
		const u4 = u2 * u2;
		const u6 = u4 * u2;
		const w = Math.exp((-pi2 * u2) / (2 * z2));
		s0 += w;
		s1 += (pi2 * u2 - z2) * w;
		s2 += (6 * z6 + 2 * z4 + pi2 * (2 * z4 - 5 * z2) * u2 + pi4 * (1 - 2 * z2) * u4) * w;
		s3 +=
			(-30 * z6 -
				90 * z8 +
				pi2 * (135 * z4 - 96 * z6) * u2 +
				pi4 * (212 * z4 - 60 * z2) * u4 +
				pi6 * (5 - 30 * z2) * u6) *
			w;
		const k2 = k * k;
		const v = Math.exp((-pi2 * k2) / (2 * z2));
		t2 += k2 * v;
		t3 += (3 * z2 - pi2 * k2) * k2 * v;
	}
	const c = Math.sqrt(Math.PI / 2);
	const K0 = (Math.sqrt(2 * Math.PI) / z) * s0;
	const K1 = (c / (3 * z4)) * s1;
	const K2 = (c / (36 * z6 * z)) * s2 - ((c * pi2) / (18 * z2 * z)) * t2;
	const K3 = (c / (3240 * z8 * z2)) * s3 + ((c * pi2) / (108 * z6)) * t3;
	const sqrtN = Math.sqrt(n);
	return K0 + K1 / sqrtN + K2 / n + K3 / (n * sqrtN);
}

/** n! / n^n * (2t - 1)^n with t = n x in (1/2, 1] (Ruben-Gambino lower end). */
function rubenGambinoLowerCdf(n: number, t: number): number {
	const logScale = stirlingError(n) + 0.5 * Math.log(n) - n + LN_SQRT_2PI;
	return Math.exp(logScale + n * Math.log(2 * t - 1));
}

/**
 * Two-sided one-sample KS statistic D_n: returns [cdf, sf] computed by the
 * method that is accurate for (n, x) per Simard & L'Ecuyer (2011).
 */
function kolmogorovSmirnov(n: number, x: number): { cdf: number; sf: number } {
	if (!(n > 0) || !Number.isInteger(n) || Number.isNaN(x)) return { cdf: NaN, sf: NaN };
	if (x >= 1) return { cdf: 1, sf: 0 };
	if (x <= 0) return { cdf: 0, sf: 1 };
	const t = n * x;
	if (t <= 1) {
		if (t <= 0.5) return { cdf: 0, sf: 1 };
		const cdf = clip01(rubenGambinoLowerCdf(n, t));
		return { cdf, sf: clip01(1 - cdf) };
	}
	if (t >= n - 1) {
		const sf = clip01(2 * Math.pow(1 - x, n));
		return { cdf: clip01(1 - sf), sf };
	}
	if (x >= 0.5) {
		const sf = clip01(2 * smirnovSf(n, x));
		return { cdf: clip01(1 - sf), sf };
	}
	const nxx = t * x;
	if (n <= SMALL_N) {
		if (nxx <= SMALL_N_EXACT_MAX_NXX) {
			const cdf = clip01(durbinCdf(n, x));
			return { cdf, sf: clip01(1 - cdf) };
		}
		const sf = clip01(2 * smirnovSf(n, x));
		return { cdf: clip01(1 - sf), sf };
	}
	if (nxx >= LARGE_N_SF_ZERO_NXX) return { cdf: 1, sf: 0 };
	if (nxx >= LARGE_N_SF_SMIRNOV_NXX) {
		const sf = clip01(2 * smirnovSf(n, x));
		return { cdf: clip01(1 - sf), sf };
	}
	let cdf: number;
	if (nxx >= LARGE_N_CDF_ONE_NXX) cdf = 1;
	else if (n <= DURBIN_MAX_N && n * Math.pow(x, 1.5) <= DURBIN_MAX_N_X_POW_1_5) cdf = durbinCdf(n, x);
	else cdf = pelzGoodCdf(n, x);
	cdf = clip01(cdf);
	return { cdf, sf: clip01(1 - cdf) };
}

/** P(D_n >= x) for the two-sided one-sample KS statistic (scipy `stats.kstwo.sf(x, n)`). */
export function kolmogorovSmirnovSf(n: number, x: number): number {
	return kolmogorovSmirnov(n, x).sf;
}

/** P(D_n <= x) for the two-sided one-sample KS statistic (scipy `stats.kstwo.cdf(x, n)`). */
export function kolmogorovSmirnovCdf(n: number, x: number): number {
	return kolmogorovSmirnov(n, x).cdf;
}

/** Exported for tests: the individual methods, so they can be checked against each other. */
export const kolmogorovMethods = { durbinCdf, pelzGoodCdf };
