/**
 * Population Stability Index (PSI) between a reference and a current sample:
 *   PSI = sum_bins (c - r) ln(c / r),  r, c = reference / current share of the bin,
 * with empty shares replaced by 1e-4 (no renormalisation) so the log is finite.
 * - numeric: 10 bins from the reference deciles. Inner edges = numpy-default (linear)
 *   quantiles of the reference at 0.1, 0.2, ..., 0.9; a value equal to an edge goes to
 *   the upper bin (numpy searchsorted side='right'); the outer bins are open.
 * - categorical: one bin per category of the union of both samples.
 * Conventional bands: < 0.1 no drift, 0.1 - 0.25 moderate, >= 0.25 significant.
 */
import { alignCounts, type CategoryCounts } from './categorical-counts';
import { hasNaN, sortedCopy, type NumericArray } from './numeric-utils';
import { quantileSorted } from './quantile';

/** Share used for an empty bin, so that ln(c / r) stays finite. */
export const PSI_EMPTY_SHARE = 1e-4;
/** Number of reference-quantile bins for numeric PSI (deciles). */
export const PSI_NUMERIC_BINS = 10;
/** PSI below this: no meaningful shift. */
export const PSI_MODERATE = 0.1;
/** PSI at or above this: significant shift. */
export const PSI_SIGNIFICANT = 0.25;

export type PsiBand = 'none' | 'moderate' | 'significant';

/** Band of a PSI value: < 0.1 'none', [0.1, 0.25) 'moderate', >= 0.25 'significant' (NaN -> 'none'). */
export function psiBand(psi: number): PsiBand {
	if (psi >= PSI_SIGNIFICANT) return 'significant';
	if (psi >= PSI_MODERATE) return 'moderate';
	return 'none';
}

export interface PsiResult {
	/** The index. */
	psi: number;
	band: PsiBand;
	/** Reference / current shares per bin, before empty-share replacement. */
	referenceShares: Float64Array;
	currentShares: Float64Array;
}

export interface NumericPsiResult extends PsiResult {
	/** The inner bin edges (reference quantiles), length bins - 1. */
	edges: Float64Array;
}

export interface CategoricalPsiResult extends PsiResult {
	/** Category of each bin. */
	categories: string[];
}

/** PSI of two share vectors of equal length (zero shares replaced by 1e-4). */
export function psiFromShares(referenceShares: ArrayLike<number>, currentShares: ArrayLike<number>): number {
	if (referenceShares.length !== currentShares.length) throw new RangeError('psiFromShares: length mismatch');
	let psi = 0;
	for (let i = 0; i < referenceShares.length; i++) {
		const r0 = referenceShares[i] as number;
		const c0 = currentShares[i] as number;
		const r = r0 === 0 ? PSI_EMPTY_SHARE : r0;
		const c = c0 === 0 ? PSI_EMPTY_SHARE : c0;
		psi += (c - r) * Math.log(c / r);
	}
	return psi;
}

/** Numeric PSI over reference-decile bins. NaN in either sample gives psi NaN. */
export function psiNumeric(reference: NumericArray, current: NumericArray): NumericPsiResult {
	if (reference.length === 0 || current.length === 0) throw new RangeError('psiNumeric: empty sample');
	if (hasNaN(reference) || hasNaN(current)) {
		const empty = new Float64Array(PSI_NUMERIC_BINS).fill(NaN);
		return {
			psi: NaN,
			band: 'none',
			edges: new Float64Array(PSI_NUMERIC_BINS - 1).fill(NaN),
			referenceShares: empty,
			currentShares: Float64Array.from(empty)
		};
	}
	return psiNumericSorted(sortedCopy(reference), sortedCopy(current));
}

/** Number of values < x in an ascending array (binary search, lower bound). */
function countLess(sorted: Float64Array, x: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((sorted[mid] as number) < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * Bin shares for PSI from a "count of values < edge k" function: bin b holds
 * edge[b-1] <= x < edge[b] (a value equal to an edge goes up), outer bins open.
 */
export function sharesBelowEdges(edges: ArrayLike<number>, countBelow: (x: number, k: number) => number, total: number): Float64Array {
	const shares = new Float64Array(edges.length + 1);
	let below = 0;
	for (let b = 0; b <= edges.length; b++) {
		const upto = b < edges.length ? countBelow(edges[b] as number, b) : total;
		shares[b] = (upto - below) / total;
		below = upto;
	}
	return shares;
}

/** Bin shares of an ascending sample for the inner edges (see {@link sharesBelowEdges}). */
function binShares(sorted: Float64Array, edges: Float64Array): Float64Array {
	return sharesBelowEdges(edges, (x) => countLess(sorted, x), sorted.length);
}

/** Numeric PSI for ascending, NaN-free samples. */
export function psiNumericSorted(reference: Float64Array, current: Float64Array): NumericPsiResult {
	const edges = new Float64Array(PSI_NUMERIC_BINS - 1);
	for (let i = 1; i < PSI_NUMERIC_BINS; i++) edges[i - 1] = quantileSorted(reference, i / PSI_NUMERIC_BINS);
	const referenceShares = binShares(reference, edges);
	const currentShares = binShares(current, edges);
	const psi = psiFromShares(referenceShares, currentShares);
	return { psi, band: psiBand(psi), edges, referenceShares, currentShares };
}

/** Categorical PSI over the union of categories of two count maps. */
export function psiCategorical(reference: CategoryCounts, current: CategoryCounts): CategoricalPsiResult {
	const aligned = alignCounts(reference, current);
	const referenceShares = aligned.reference.map((v) => v / aligned.referenceTotal);
	const currentShares = aligned.current.map((v) => v / aligned.currentTotal);
	const psi = psiFromShares(referenceShares, currentShares);
	return { psi, band: psiBand(psi), categories: aligned.categories, referenceShares, currentShares };
}
