/**
 * Drift statistics from value counts: a sample given as its distinct values
 * (ascending) and how often each occurs (e.g. the fine bins of a column whose
 * bins each hold one value, see fine-histogram.ts). For a
 * column with few distinct values (integers, scores, ratings) this is the whole
 * sample in a few hundred numbers, and every statistic below is exact: it is
 * the same arithmetic as on the expanded sorted sample (equal values add
 * nothing to a Wasserstein integral, and a quantile only needs the value at a
 * rank), so results agree with the sorted-array functions to rounding.
 */
import { CompensatedAccumulator } from './numeric-utils';
import { PSI_NUMERIC_BINS, psiBand, psiFromShares, sharesBelowEdges, type PsiBand } from './psi';
import { lerpQuantile, quantileRanks } from './quantile';

/** A sample as ascending distinct values with their (positive) counts. */
export interface ValueCounts {
	/** Ascending, distinct, NaN-free. */
	values: Float64Array;
	/** counts[i] = occurrences of values[i] (> 0). */
	counts: Float64Array;
	/** Sum of counts. */
	total: number;
}

/**
 * ValueCounts from unordered (value, count) pairs: sorted by value, equal
 * values merged, zero counts and NaN values dropped.
 */
export function valueCounts(values: ArrayLike<number>, counts: ArrayLike<number>): ValueCounts {
	if (values.length !== counts.length) throw new RangeError('valueCounts: values and counts differ in length');
	const order: number[] = [];
	for (let i = 0; i < values.length; i++) {
		const c = counts[i] as number;
		if (!(c >= 0) || !Number.isFinite(c)) throw new RangeError(`valueCounts: count ${c} must be a finite number >= 0`);
		if (c > 0 && !Number.isNaN(values[i] as number)) order.push(i);
	}
	order.sort((a, b) => (values[a] as number) - (values[b] as number));
	const v: number[] = [];
	const c: number[] = [];
	for (const i of order) {
		const x = values[i] as number;
		if (v.length > 0 && v[v.length - 1] === x) c[c.length - 1]! += counts[i] as number;
		else {
			v.push(x);
			c.push(counts[i] as number);
		}
	}
	let total = 0;
	for (const n of c) total += n;
	return { values: Float64Array.from(v), counts: Float64Array.from(c), total };
}

/** Wasserstein-1 distance of two samples given as value counts (equal to wassersteinDistanceSorted on the expanded samples). */
export function wassersteinFromCounts(u: ValueCounts, v: ValueCounts): number {
	if (u.total === 0 || v.total === 0) throw new RangeError('wassersteinFromCounts: empty sample');
	const acc = new CompensatedAccumulator();
	let i = 0;
	let j = 0;
	// cu, cv = number of u / v values <= previous: the two CDFs on [previous, next)
	let cu = 0;
	let cv = 0;
	let previous = Math.min(u.values[0] as number, v.values[0] as number);
	while (i < u.values.length || j < v.values.length) {
		const ui = i < u.values.length ? (u.values[i] as number) : Infinity;
		const vj = j < v.values.length ? (v.values[j] as number) : Infinity;
		const next = Math.min(ui, vj);
		const gap = next - previous;
		if (gap !== 0) acc.add(Math.abs(cu / u.total - cv / v.total) * gap);
		if (ui === next) cu += u.counts[i++] as number;
		if (vj === next) cv += v.counts[j++] as number;
		previous = next;
	}
	return acc.value;
}

/** Population standard deviation (ddof = 0) of a sample given as value counts, two-pass with compensated sums. */
export function populationStdFromCounts(s: ValueCounts): number {
	if (s.total === 0) return NaN;
	const sum = new CompensatedAccumulator();
	for (let i = 0; i < s.values.length; i++) sum.add((s.values[i] as number) * (s.counts[i] as number));
	const mean = sum.value / s.total;
	const ss = new CompensatedAccumulator();
	for (let i = 0; i < s.values.length; i++) {
		const d = (s.values[i] as number) - mean;
		ss.add(d * d * (s.counts[i] as number));
	}
	return Math.sqrt(ss.value / s.total);
}

/** The value at 0-based rank `rank` of the expanded ascending sample. */
function valueAtRank(s: ValueCounts, rank: number): number {
	let seen = 0;
	for (let i = 0; i < s.values.length; i++) {
		seen += s.counts[i] as number;
		if (rank < seen) return s.values[i] as number;
	}
	return s.values[s.values.length - 1] as number;
}

/** numpy's default ('linear') quantile q of a sample given as value counts; bit-identical to quantileSorted on the expanded sample. */
export function quantileFromCounts(s: ValueCounts, q: number): number {
	const n = s.total;
	if (n === 0 || !(q >= 0 && q <= 1)) return NaN;
	const r = quantileRanks(n, q);
	return lerpQuantile(valueAtRank(s, r.below), valueAtRank(s, r.above), r.t);
}

/** How many values of the sample are < x. */
export function countBelowFromCounts(s: ValueCounts, x: number): number {
	let below = 0;
	for (let i = 0; i < s.values.length && (s.values[i] as number) < x; i++) below += s.counts[i] as number;
	return below;
}

/** Numeric PSI over reference deciles (see psi.ts) from value counts; equals psiNumericSorted on the expanded samples. */
export function psiNumericFromCounts(reference: ValueCounts, current: ValueCounts): { psi: number; band: PsiBand; edges: Float64Array } {
	const edges = new Float64Array(PSI_NUMERIC_BINS - 1);
	for (let i = 1; i < PSI_NUMERIC_BINS; i++) edges[i - 1] = quantileFromCounts(reference, i / PSI_NUMERIC_BINS);
	const shares = (s: ValueCounts) => sharesBelowEdges(edges, (x) => countBelowFromCounts(s, x), s.total);
	const psi = psiFromShares(shares(reference), shares(current));
	return { psi, band: psiBand(psi), edges };
}
