/**
 * SliceLine scoring (S. Sagadeeva and M. Boehm, "SliceLine: Fast, Linear-Algebra-based
 * Slice Finding for ML Model Debugging", SIGMOD 2021):
 *
 *   score(S) = alpha * (e(S) / e(X) - 1) - (1 - alpha) * (n / |S| - 1)
 *
 * where e(S) = errors(S) / |S| is the slice's average error, e(X) the overall average
 * error, n the number of rows and |S| the slice size. The first term rewards slices
 * with above-average error, the second penalises small slices; alpha in (0, 1] weighs
 * them. Only slices with |S| >= minSupport and score > 0 are kept (as in the paper's
 * top-K maintenance). The enumeration of candidate slices happens elsewhere (SQL);
 * this module ranks pre-aggregated rows.
 */

/** Paper's recommended weight of the error term. */
export const SLICELINE_DEFAULT_ALPHA = 0.6;
/** Minimum slice size, the default of SystemDS's `sliceLine` builtin (minSup = 32). */
export const SLICELINE_DEFAULT_MIN_SUPPORT = 32;
/** Number of slices returned by default. */
export const SLICELINE_DEFAULT_K = 10;

/** A pre-aggregated slice: its size and total error (count of misclassified rows or sum of losses). */
export interface SliceRow {
	key: string;
	n: number;
	errors: number;
}

export interface SliceTotals {
	n: number;
	errors: number;
}

export interface ScoredSlice extends SliceRow {
	/** errors / n of the slice. */
	errorRate: number;
	score: number;
}

export interface SliceLineOptions {
	k?: number;
	alpha?: number;
	minSupport?: number;
}

/**
 * SliceLine score of one slice. -Infinity for an empty slice; NaN when the
 * overall error is 0 (every slice is as good as the whole data).
 */
export function sliceLineScore(
	slice: { n: number; errors: number },
	totals: SliceTotals,
	alpha: number = SLICELINE_DEFAULT_ALPHA
): number {
	if (slice.n <= 0) return -Infinity;
	const overall = totals.errors / totals.n;
	if (!(overall > 0)) return NaN;
	const sliceRate = slice.errors / slice.n;
	return alpha * (sliceRate / overall - 1) - (1 - alpha) * (totals.n / slice.n - 1);
}

/**
 * The k best slices by SliceLine score, among slices with n >= minSupport and a
 * positive score, sorted by descending score; ties keep input order (stable).
 */
export function topKSlices(
	rows: readonly SliceRow[],
	totals: SliceTotals,
	options: SliceLineOptions = {}
): ScoredSlice[] {
	const k = options.k ?? SLICELINE_DEFAULT_K;
	const alpha = options.alpha ?? SLICELINE_DEFAULT_ALPHA;
	const minSupport = options.minSupport ?? SLICELINE_DEFAULT_MIN_SUPPORT;
	if (!(alpha > 0 && alpha <= 1)) throw new RangeError('topKSlices: alpha must be in (0, 1]');
	if (!(totals.n > 0)) return [];
	const scored: { slice: ScoredSlice; index: number }[] = [];
	rows.forEach((row, index) => {
		if (row.n < minSupport || row.n <= 0) return;
		const score = sliceLineScore(row, totals, alpha);
		if (!(score > 0)) return;
		scored.push({ slice: { ...row, errorRate: row.errors / row.n, score }, index });
	});
	scored.sort((a, b) => b.slice.score - a.slice.score || a.index - b.index);
	return scored.slice(0, Math.max(0, k)).map((s) => s.slice);
}
