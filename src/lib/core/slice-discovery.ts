/**
 * Slice discovery: rank candidate slices (attribute = value conjunctions, up
 * to two attributes, aggregated in SQL by data/sql/slice-discovery.ts) by the
 * SliceLine score (Sagadeeva and Boehm, SIGMOD 2021; core/stats/sliceline.ts)
 * of their error rate or label-issue rate, and return the top k with Wilson
 * intervals. Each slice keeps its predicates so it can be opened as a filter.
 */
import { MISSING_LABEL, type SlicePredicate } from './slices';
import { DEFAULT_MIN_GROUP_SIZE } from './stats/disparity';
import { rateEstimate, type RateEstimate } from './stats/rates';
import { SLICELINE_DEFAULT_ALPHA, SLICELINE_DEFAULT_K, topKSlices, type SliceRow } from './stats/sliceline';

/** What a slice is bad at: misclassified rows, or rows flagged as label issues. */
export type SliceMetric = 'error' | 'issue';

/**
 * Default minimum support: the slice table's minimum group size (30), so a
 * discovered slice is never one the slice table would call small (SystemDS's
 * sliceLine default is 32).
 */
export const DISCOVERY_MIN_SUPPORT = DEFAULT_MIN_GROUP_SIZE;

/** A candidate slice as aggregated in SQL. */
export interface SliceCandidate {
	/** One predicate per attribute of the slice (one or two). */
	predicates: SlicePredicate[];
	/** Rows of the slice where the metric is defined (labelled and predicted, or issue computed). */
	size: number;
	/** Of those, rows misclassified (or flagged as issues). */
	hits: number;
}

export interface DiscoveredSlice {
	/** Stable id: JSON of the predicates. */
	key: string;
	/** e.g. `site = x AND sex = F`. */
	label: string;
	predicates: SlicePredicate[];
	size: number;
	hits: number;
	/** hits / size with its 95% Wilson interval. */
	rate: RateEstimate;
	/** rate / overall rate. */
	lift: number;
	/** SliceLine score (> 0: worse than average enough to outweigh its size). */
	score: number;
}

export interface SliceDiscovery {
	metric: SliceMetric;
	/** Rate over every row where the metric is defined. */
	overall: RateEstimate;
	alpha: number;
	minSupport: number;
	k: number;
	/** Candidate slices that met the minimum support. */
	searched: number;
	/** The best k slices by descending score. */
	slices: DiscoveredSlice[];
}

export interface RankOptions {
	metric?: SliceMetric;
	k?: number;
	alpha?: number;
	minSupport?: number;
}

/** A predicate in words: `sex = F`, `age in [25, 35)`, `year(date) = 2013`, `race is (missing)`. */
export function predicateLabel(p: SlicePredicate): string {
	if (p.kind === 'range') return `${p.column} in ${p.label}`;
	if (p.value === null) return `${p.column} is ${MISSING_LABEL}`;
	return p.kind === 'year' ? `year(${p.column}) = ${p.value}` : `${p.column} = ${p.value}`;
}

/** A slice in words: its predicates joined with AND. */
export function sliceLabel(predicates: readonly SlicePredicate[]): string {
	return predicates.map(predicateLabel).join(' AND ');
}

/** Stable key of one predicate. */
function predicateKey(p: SlicePredicate): string {
	return JSON.stringify(p);
}

/**
 * Candidates that select the same rows as one of their parents: a conjunction
 * is a subset of each of its predicates' slices, so equal size means equal
 * rows (e.g. `site = x AND batch = main` when every x row is main). Returns
 * the indices to keep.
 */
export function withoutRedundant(candidates: readonly SliceCandidate[]): number[] {
	const single = new Map<string, number>();
	for (const c of candidates) if (c.predicates.length === 1) single.set(predicateKey(c.predicates[0]!), c.size);
	const keep: number[] = [];
	candidates.forEach((c, i) => {
		const redundant = c.predicates.length > 1 && c.predicates.some((p) => single.get(predicateKey(p)) === c.size);
		if (!redundant) keep.push(i);
	});
	return keep;
}

/** Fewer predicates first, then by the predicates' text. */
function compareCandidates(a: SliceCandidate, b: SliceCandidate): number {
	if (a.predicates.length !== b.predicates.length) return a.predicates.length - b.predicates.length;
	const ka = JSON.stringify(a.predicates);
	const kb = JSON.stringify(b.predicates);
	return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The top k candidates by SliceLine score among those with size >= minSupport
 * and a positive score, leaving out conjunctions that select the same rows as
 * one of their predicates alone. `overall` is the whole data's size and hits.
 */
export function rankSlices(unordered: readonly SliceCandidate[], overall: { size: number; hits: number }, options: RankOptions = {}): SliceDiscovery {
	// SQL returns groups in no set order (DuckDB runs GROUPING SETS in parallel);
	// a fixed order makes equal scores break ties the same way on every run.
	const candidates = [...unordered].sort(compareCandidates);
	const k = options.k ?? SLICELINE_DEFAULT_K;
	const alpha = options.alpha ?? SLICELINE_DEFAULT_ALPHA;
	const minSupport = options.minSupport ?? DISCOVERY_MIN_SUPPORT;
	const rows: SliceRow[] = withoutRedundant(candidates).map((i) => ({ key: String(i), n: candidates[i]!.size, errors: candidates[i]!.hits }));
	const top = topKSlices(rows, { n: overall.size, errors: overall.hits }, { k, alpha, minSupport });
	const overallRate = rateEstimate(overall.hits, overall.size);
	return {
		metric: options.metric ?? 'error',
		overall: overallRate,
		alpha,
		minSupport,
		k,
		searched: candidates.filter((c) => c.size >= minSupport).length,
		slices: top.map((s) => {
			const c = candidates[Number(s.key)]!;
			const rate = rateEstimate(c.hits, c.size);
			return {
				key: JSON.stringify(c.predicates),
				label: sliceLabel(c.predicates),
				predicates: c.predicates,
				size: c.size,
				hits: c.hits,
				rate,
				lift: rate.value / overallRate.value,
				score: s.score
			};
		})
	};
}
