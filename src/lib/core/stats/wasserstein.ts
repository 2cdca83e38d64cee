/**
 * 1-D Wasserstein (earth mover's) distance between two empirical samples, equal to
 * scipy `stats.wasserstein_distance(u, v)` without weights:
 *   W = integral |F_u(x) - F_v(x)| dx = sum over consecutive merged values of
 *       |F_u - F_v| * (gap to the next value),
 * and Evidently's normalised variant W / max(std_ref, 0.001) (population std, ddof = 0).
 * NaN in either sample gives NaN (scipy propagates NaN).
 */
import { CompensatedAccumulator, hasNaN, sortedCopy, type NumericArray } from './numeric-utils';

/** Evidently floors the reference standard deviation at this value before dividing. */
export const WASSERSTEIN_MIN_STD = 0.001;

/** Wasserstein-1 distance between two samples (inputs are not modified). */
export function wassersteinDistance(u: NumericArray, v: NumericArray): number {
	if (u.length === 0 || v.length === 0) throw new RangeError('wassersteinDistance: empty sample');
	if (hasNaN(u) || hasNaN(v)) return NaN;
	return wassersteinDistanceSorted(sortedCopy(u), sortedCopy(v));
}

/** Wasserstein-1 distance for two ascending, NaN-free samples. */
export function wassersteinDistanceSorted(u: Float64Array, v: Float64Array): number {
	const nu = u.length;
	const nv = v.length;
	if (nu === 0 || nv === 0) throw new RangeError('wassersteinDistance: empty sample');
	const acc = new CompensatedAccumulator();
	let i = 0;
	let j = 0;
	let previous = Math.min(u[0] as number, v[0] as number);
	// i, j = number of u / v values <= previous, i.e. the CDFs on [previous, next).
	while (i < nu || j < nv) {
		const next = i < nu && (j >= nv || (u[i] as number) <= (v[j] as number)) ? (u[i] as number) : (v[j] as number);
		const gap = next - previous;
		if (gap !== 0) acc.add(Math.abs(i / nu - j / nv) * gap);
		if (i < nu && (u[i] as number) === next) i++;
		else j++;
		previous = next;
	}
	return acc.value;
}

/** Population standard deviation (ddof = 0), two-pass with compensated sums. */
export function populationStd(values: NumericArray): number {
	const n = values.length;
	if (n === 0) return NaN;
	const sum = new CompensatedAccumulator();
	for (let i = 0; i < n; i++) sum.add(values[i] as number);
	const mean = sum.value / n;
	const ss = new CompensatedAccumulator();
	for (let i = 0; i < n; i++) {
		const d = (values[i] as number) - mean;
		ss.add(d * d);
	}
	return Math.sqrt(ss.value / n);
}

/**
 * Evidently's normalised Wasserstein distance W(ref, cur) / max(std(ref), 0.001),
 * which makes the 0.1 drift threshold scale-free.
 */
export function normalizedWasserstein(reference: NumericArray, current: NumericArray): number {
	return (
		wassersteinDistance(reference, current) / Math.max(populationStd(reference), WASSERSTEIN_MIN_STD)
	);
}
