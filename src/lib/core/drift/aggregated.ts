/**
 * Drift of a large numeric column without sorting it. Both sides' values
 * (typed arrays) are counted on fine equal-width bins over the pooled range,
 * noting whether any bin holds two different values (one pass each;
 * core/stats/fine-histogram.ts):
 * - when every bin holds a single value (integers, scores, ratings: any column
 *   with few distinct values), the bins are the exact value counts and every
 *   statistic is exact (core/stats/value-counts.ts);
 * - otherwise (a continuous column) with at least `binnedMinValues` values on
 *   both sides, the Wasserstein distance is computed between the binned
 *   samples, within one bin width of the exact one
 *   (core/stats/binned-wasserstein.ts), and normalised by the exact reference
 *   std; the PSI stays exact (reference deciles from the few bins holding
 *   them, counts below them in one pass). When the bound exceeds `maxError`
 *   or could flip the verdict, the column is sorted (exact).
 * Everything else (fewer than `minValues` values, a reference of <= 1000
 * values, KS or categorical overrides, infinite values) is sorted (exact).
 */
import {
	NUMERIC_AS_CATEGORICAL_MAX_UNIQUE,
	PSI_NUMERIC_BINS,
	SMALL_REFERENCE_MAX_ROWS,
	WASSERSTEIN_MIN_STD,
	countsBelowEdges,
	defaultDriftThreshold,
	fineHistogram,
	histogramValueCounts,
	lerpQuantile,
	psiFromShares,
	quantileRanks,
	sampleExtent,
	sharesBelowEdges,
	valuesAtRanks,
	wassersteinBinned,
	type BinGrid,
	type FineHistogram,
	type SampleExtent
} from '../stats/index';
import type { DriftAggregateOptions } from '../options/drift';
import { countsColumnDrift, finish, type TestOutcome, type TestSettings } from './column-tests';
import { numericHistogramFromBins } from './histograms';
import type { ColumnDrift, DriftColumnRef } from './types';

/**
 * Exact numeric PSI without sorting: the reference deciles from the values at
 * their ranks (valuesAtRanks: only the few bins holding them are sorted), then
 * the counts below them from the histograms and the values of the deciles'
 * bins (one more pass over the current values).
 */
function psiFromHistograms(refValues: Float64Array, curValues: Float64Array, hr: FineHistogram, hc: FineHistogram): number {
	const ranks = Array.from({ length: PSI_NUMERIC_BINS - 1 }, (_, k) => quantileRanks(hr.total, (k + 1) / PSI_NUMERIC_BINS));
	const at = valuesAtRanks(refValues, hr, ranks.flatMap((r) => [r.below, r.above]));
	const edges = ranks.map((r, k) => lerpQuantile(at.values[2 * k]!, at.values[2 * k + 1]!, r.t));
	const refBelow = countsBelowEdges(refValues, hr, edges, at.inBins);
	const curBelow = countsBelowEdges(curValues, hc, edges);
	const shares = (below: number[], total: number) => sharesBelowEdges(edges, (_, k) => below[k]!, total);
	return psiFromShares(shares(refBelow, hr.total), shares(curBelow, hc.total));
}

/** Both sides of a numeric column (NaN for NULL), their extents when known, and reusable bin scratch. */
export interface AggregatedSides {
	ref: Float64Array;
	cur: Float64Array;
	refExtent?: SampleExtent;
	curExtent?: SampleExtent;
	scratch?: [Uint16Array, Uint16Array];
}

/**
 * Drift of a large numeric column without sorting: from value counts when
 * every fine bin holds one value (exact), else binned Wasserstein with its
 * bound and exact PSI. Null when the column must be sorted instead.
 */
export function aggregatedColumnDrift(
	src: DriftColumnRef,
	sides: AggregatedSides,
	s: TestSettings,
	bins: number,
	top: number,
	agg: Required<DriftAggregateOptions>
): ColumnDrift | null {
	// KS and categorical overrides need every value; a reference of <= 1000 values gets p-value tests (sorted samples).
	if (s.override?.test !== undefined && s.override.test !== 'wasserstein') return null;
	const { ref: refValues, cur: curValues } = sides;
	const r = sides.refExtent ?? sampleExtent(refValues);
	const c = sides.curExtent ?? sampleExtent(curValues);
	if (r.n <= SMALL_REFERENCE_MAX_ROWS || c.n === 0 || r.n + c.n < agg.minValues) return null;
	const grid: BinGrid = { lo: Math.min(r.lo, c.lo), hi: Math.max(r.hi, c.hi), bins: Math.ceil(agg.fineBins / bins) * bins };
	if (!Number.isFinite(grid.lo) || !Number.isFinite(grid.hi) || !Number.isFinite(grid.hi - grid.lo)) return null;
	const hr = fineHistogram(refValues, grid, { deviationsFrom: r.sum / r.n, scratch: sides.scratch?.[0] });
	const hc = fineHistogram(curValues, grid, { scratch: sides.scratch?.[1] });
	const rows: [number, number] = [refValues.length, curValues.length];
	if (hr.singleValued && hc.singleValued) return countsColumnDrift(src, histogramValueCounts(hr), histogramValueCounts(hc), rows, s, bins, top);
	// several values share a bin: continuous, unless it might have <= 5 distinct values
	let nonEmpty = 0;
	for (let b = 0; b < grid.bins; b++) if (hr.counts[b]! > 0 || hc.counts[b]! > 0) nonEmpty++;
	if (nonEmpty < NUMERIC_AS_CATEGORICAL_MAX_UNIQUE || Math.min(r.n, c.n) < agg.binnedMinValues) return null;
	const norm = Math.max(Math.sqrt(hr.squaredDeviations! / r.n), WASSERSTEIN_MIN_STD);
	const w = wassersteinBinned(hr.counts, hc.counts, (grid.hi - grid.lo) / grid.bins);
	const d = w.distance / norm;
	const maxError = w.maxError / norm;
	const threshold = s.override?.threshold ?? defaultDriftThreshold('wasserstein');
	if (!(maxError <= agg.maxError) || !(Math.abs(d - threshold) > maxError)) return null;
	const out: TestOutcome = { test: 'wasserstein', statistic: d, pValue: null, distance: d, threshold, drifted: d >= threshold, psi: psiFromHistograms(refValues, curValues, hr, hc) };
	const base = { column: src.name, type: src.type, nRef: r.n, nCur: c.n, nullsRef: rows[0] - r.n, nullsCur: rows[1] - c.n };
	return { ...finish(base, 'numeric', out, s, numericHistogramFromBins(hr.counts, hc.counts, grid, bins)), method: `Wasserstein (normed), binned ${grid.bins}`, maxError };
}
