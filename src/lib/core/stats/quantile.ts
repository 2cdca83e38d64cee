/**
 * Sample quantiles with numpy's default method ('linear', Hyndman & Fan type 7):
 * virtual index h = (n - 1) q, value = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]),
 * using numpy's interpolation form (from the upper point when the fraction >= 0.5),
 * so results are bit-identical to `numpy.quantile`.
 */

/**
 * The ranks numpy's linear quantile q reads in a sample of n values: floor(h)
 * and min(floor(h) + 1, n - 1), h = (n - 1) q, with the weight t = h - floor(h).
 */
export function quantileRanks(n: number, q: number): { below: number; above: number; t: number } {
	const h = (n - 1) * q;
	const below = Math.floor(h);
	return { below, above: Math.min(below + 1, n - 1), t: h - below };
}

/** numpy _lerp between the values at the two ranks: a + diff * t, but b - diff * (1 - t) when t >= 0.5. */
export function lerpQuantile(a: number, b: number, t: number): number {
	const diff = b - a;
	return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Quantile q in [0, 1] of an ascending, NaN-free sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
	const n = sorted.length;
	if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
	const r = quantileRanks(n, q);
	return lerpQuantile(sorted[r.below] as number, sorted[r.above] as number, r.t);
}
