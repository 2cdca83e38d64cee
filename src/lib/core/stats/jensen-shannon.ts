/**
 * Jensen-Shannon distance between two discrete distributions, equal to scipy
 * `spatial.distance.jensenshannon(p, q)` with the natural logarithm:
 *   p, q normalised to sum 1, m = (p + q) / 2,
 *   JS divergence = (KL(p || m) + KL(q || m)) / 2, distance = sqrt(divergence),
 * with 0 ln 0 = 0. The distance lies in [0, sqrt(ln 2)].
 */

/** JS distance of two non-negative weight vectors of equal length (e.g. category shares or counts). */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
	if (p.length !== q.length) throw new RangeError('jensenShannonDistance: length mismatch');
	let sp = 0;
	let sq = 0;
	for (let i = 0; i < p.length; i++) {
		const a = p[i] as number;
		const b = q[i] as number;
		if (!(a >= 0) || !(b >= 0)) throw new RangeError('jensenShannonDistance: weights must be >= 0');
		sp += a;
		sq += b;
	}
	if (!(sp > 0) || !(sq > 0)) return NaN;
	let divergence = 0;
	for (let i = 0; i < p.length; i++) {
		const a = (p[i] as number) / sp;
		const b = (q[i] as number) / sq;
		const m = (a + b) / 2;
		if (a > 0) divergence += a * Math.log(a / m);
		if (b > 0) divergence += b * Math.log(b / m);
	}
	// Rounding can leave a tiny negative value for identical inputs.
	return Math.sqrt(Math.max(0, divergence / 2));
}
