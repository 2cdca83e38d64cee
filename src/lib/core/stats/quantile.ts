/**
 * Sample quantiles with numpy's default method ('linear', Hyndman & Fan type 7):
 * virtual index h = (n - 1) q, value = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]),
 * using numpy's interpolation form (from the upper point when the fraction >= 0.5),
 * so results are bit-identical to `numpy.quantile`.
 */

/** Quantile q in [0, 1] of an ascending, NaN-free sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
	const n = sorted.length;
	if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
	const h = (n - 1) * q;
	const below = Math.floor(h);
	const above = Math.min(below + 1, n - 1);
	const t = h - below;
	const a = sorted[below] as number;
	const b = sorted[above] as number;
	const diff = b - a;
	// numpy _lerp: a + diff * t, but b - diff * (1 - t) when t >= 0.5.
	return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
