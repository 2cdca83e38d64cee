/**
 * SQL for slice discovery and slice filters.
 *
 * {@link sliceSearchSql} aggregates every single attribute and every pair in
 * one pass (GROUPING SETS: for 5 attributes 5 + 10 sets, plus the overall
 * row), over the rows where the metric is defined; core/slice-discovery.ts
 * ranks the result. The rows are first counted once per combination of all
 * the attributes' values (a cube, a few thousand rows for a million binned
 * ones), and the grouping sets sum that cube: one hash table per row instead
 * of one per grouping set, several times faster in the single-threaded
 * browser engine, with the same counts. One query can serve several metrics
 * (error and label-issue rate) from the same scan. {@link sliceFilterSql}
 * turns a slice's predicates back into a WHERE clause, so other views can
 * filter to it.
 */
import { DISCOVERY_MIN_SUPPORT, rankSlices, type RankOptions, type SliceCandidate, type SliceDiscovery, type SliceMetric } from '../../core/slice-discovery';
import type { SlicePredicate } from '../../core/slices';
import type { Connector, Row } from '../db/connector';
import { binsOf, edgeSql, numericValueSql, yearExprSql, type Bin } from './bins';
import { ident, literal } from './quote';
import { groupAlias, groupedRowsSql, groupingAlias, predicateOf, resolveSliceAttrs, type ResolveCache, type SliceAttr } from './slices';

/** Most attributes searched at once: 24 singles + 276 pairs = 300 grouping sets. */
export const MAX_DISCOVERY_ATTRIBUTES = 24;

export interface SliceSearchSpec {
	/** View or table to read, usually `audit`. */
	source: string;
	/** Attributes to search (numeric ones already binned, see slices.ts `resolveSliceAttrs`). */
	attrs: SliceAttr[];
	/** One metric (columns `size`, `hits`), or several from one scan (columns `size_0`, `hits_0`, `size_1`, ...). */
	metric: SliceMetric | SliceMetric[];
	/** 1: single attributes only; 2 (default): also every pair. */
	depth?: 1 | 2;
	/** Slices smaller than this are not returned (the overall row always is). */
	minSupport?: number;
}

const LABEL = ident('__label');
const PRED = ident('__pred');
const ISSUE = ident('__issue');

/** Rows where the metric is defined, and which of them count as hits. */
function metricSql(metric: SliceMetric): { defined: string; hit: string } {
	return metric === 'error'
		? { defined: `${LABEL} IS NOT NULL AND ${PRED} IS NOT NULL`, hit: `${LABEL} <> ${PRED}` }
		: { defined: `${ISSUE} IS NOT NULL`, hit: ISSUE };
}

/** The grouping sets: every attribute, every pair when depth is 2, and (). */
export function searchSets(k: number, depth: 1 | 2 = 2): number[][] {
	const sets: number[][] = [];
	for (let i = 0; i < k; i++) sets.push([i]);
	if (depth === 2) for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) sets.push([i, j]);
	sets.push([]);
	return sets;
}

/** The size and hits columns of {@link sliceSearchSql} for its i-th metric. */
export function searchColumns(metric: SliceSearchSpec['metric'], i = 0): { size: string; hits: string } {
	return Array.isArray(metric) ? { size: `size_${i}`, hits: `hits_${i}` } : { size: 'size', hits: 'hits' };
}

/**
 * One query returning, for every slice of one or two attributes with at least
 * `minSupport` rows where the metric is defined (and for the overall row): the
 * group values `g0`..., grouping flags `s0`... (1 = not in the slice),
 * `size` and `hits`. With several metrics, `size_i` and `hits_i` per metric,
 * and a slice is returned when it is big enough for one of them (see
 * {@link parseSliceSearch}). A slice exists for a metric only when it has a
 * row where the metric is defined, as if the rows were filtered first.
 */
export function sliceSearchSql(spec: SliceSearchSpec): string {
	const k = spec.attrs.length;
	if (k < 1 || k > MAX_DISCOVERY_ATTRIBUTES) throw new RangeError(`Search 1 to ${MAX_DISCOVERY_ATTRIBUTES} attributes, got ${k}.`);
	const minSupport = spec.minSupport ?? 0;
	if (!Number.isFinite(minSupport) || minSupport < 0) throw new RangeError(`minSupport must be a finite number >= 0, got ${minSupport}.`);
	const metrics = Array.isArray(spec.metric) ? spec.metric : [spec.metric];
	if (metrics.length === 0) throw new RangeError('Search needs at least one metric.');
	const g = (i: number) => ident(groupAlias(i));
	const s = (i: number) => ident(groupingAlias(i));
	const keys = Array.from({ length: k }, (_, i) => g(i));
	// The cube: per combination of all attributes' values, rows where each metric is defined (d0...) and hits (h0...).
	const counts = metrics.flatMap((m, j) => {
		const { defined, hit } = metricSql(m);
		return [`count(*) FILTER (WHERE ${defined}) AS ${ident(`d${j}`)}`, `count(*) FILTER (WHERE (${defined}) AND (${hit})) AS ${ident(`h${j}`)}`];
	});
	const anyDefined = metrics.map((m) => `(${metricSql(m).defined})`).join(' OR ');
	const cube = `SELECT ${[...keys, ...counts].join(', ')} FROM (${groupedRowsSql(spec.source, spec.attrs, anyDefined)}) GROUP BY ${keys.join(', ')}`;
	const cols: string[] = [];
	for (let i = 0; i < k; i++) cols.push(g(i), `grouping(${g(i)}) AS ${s(i)}`);
	const big: string[] = [];
	metrics.forEach((_, j) => {
		const { size, hits } = searchColumns(spec.metric, j);
		cols.push(`coalesce(sum(${ident(`d${j}`)}), 0)::BIGINT AS ${ident(size)}`, `coalesce(sum(${ident(`h${j}`)}), 0)::BIGINT AS ${ident(hits)}`);
		big.push(`${ident(size)} >= ${literal(Math.max(minSupport, 1))}`);
	});
	const sets = searchSets(k, spec.depth ?? 2)
		.map((set) => `(${set.map(g).join(', ')})`)
		.join(', ');
	const rolledUp = Array.from({ length: k }, (_, i) => s(i)).join(' + ');
	return (
		`SELECT * FROM (SELECT ${cols.join(', ')} FROM (${cube}) ` +
		`GROUP BY GROUPING SETS (${sets})) WHERE ${big.join(' OR ')} OR ${rolledUp} = ${literal(k)}`
	);
}

/**
 * Split the rows of {@link sliceSearchSql} into candidates and the overall
 * totals, for the metric whose columns are given (default `size`, `hits`);
 * slices with fewer than max(minSupport, 1) rows for it are left out.
 */
export function parseSliceSearch(
	rows: readonly Row[],
	attrs: readonly SliceAttr[],
	columns: { size: string; hits: string } = searchColumns('error'),
	minSupport = 0
): { candidates: SliceCandidate[]; overall: { size: number; hits: number } } {
	const bins: (Bin[] | undefined)[] = attrs.map((a) => (a.bins ? binsOf(a.bins, a.binLabels) : undefined));
	const candidates: SliceCandidate[] = [];
	let overall = { size: 0, hits: 0 };
	for (const row of rows) {
		const predicates: SlicePredicate[] = [];
		attrs.forEach((attr, i) => {
			if (Number(row[groupingAlias(i)]) !== 0) return;
			const v = row[groupAlias(i)];
			predicates.push(predicateOf(attr, v === null || v === undefined ? null : String(v), bins[i]));
		});
		const counts = { size: Number(row[columns.size] ?? 0), hits: Number(row[columns.hits] ?? 0) };
		if (predicates.length === 0) overall = counts;
		else if (counts.size >= Math.max(minSupport, 1)) candidates.push({ predicates, ...counts });
	}
	return { candidates, overall };
}

export interface DiscoverySpec extends RankOptions {
	source: string;
	attrs: SliceAttr[];
	metric: SliceMetric;
	depth?: 1 | 2;
}

/**
 * Search and rank slices for several metrics from one scan of `source` (the
 * Slices page asks for the error and the label-issue rate): one
 * {@link SliceDiscovery} per metric, in order.
 */
export async function runSliceDiscoveries(conn: Connector, spec: Omit<DiscoverySpec, 'metric'> & { metrics: SliceMetric[] }): Promise<SliceDiscovery[]> {
	const minSupport = spec.minSupport ?? DISCOVERY_MIN_SUPPORT;
	const rows = await conn.query(sliceSearchSql({ source: spec.source, attrs: spec.attrs, metric: spec.metrics, depth: spec.depth, minSupport }));
	return spec.metrics.map((metric, i) => {
		const { candidates, overall } = parseSliceSearch(rows, spec.attrs, searchColumns(spec.metrics, i), minSupport);
		return rankSlices(candidates, overall, { metric, k: spec.k, alpha: spec.alpha, minSupport });
	});
}

/** Run the search and rank its slices (SliceLine score, top k, Wilson intervals). */
export async function runSliceDiscovery(conn: Connector, spec: DiscoverySpec): Promise<SliceDiscovery> {
	const [d] = await runSliceDiscoveries(conn, { ...spec, metrics: [spec.metric] });
	return d!;
}

/** One predicate as SQL. */
export function predicateSql(p: SlicePredicate): string {
	const col = ident(p.column);
	if (p.kind === 'range') {
		const x = numericValueSql(p.column);
		const parts = [`${col} IS NOT NULL`];
		if (p.lo !== null) parts.push(`${x} >= ${edgeSql(p.lo)}`);
		if (p.hi !== null) parts.push(`${x} < ${edgeSql(p.hi)}`);
		return `(${parts.join(' AND ')})`;
	}
	if (p.value === null) return `(${col} IS NULL)`;
	const value = p.kind === 'year' ? yearExprSql(p.column) : `CAST(${col} AS VARCHAR)`;
	return `(${value} = ${literal(p.value)})`;
}

/**
 * A WHERE clause (without `WHERE`) selecting a slice's rows: predicates joined
 * with AND, identifiers quoted, values as literals; `TRUE` for no predicate.
 */
export function sliceFilterSql(slice: { predicates: readonly SlicePredicate[] }): string {
	return slice.predicates.length === 0 ? 'TRUE' : slice.predicates.map(predicateSql).join(' AND ');
}

/** What {@link discoverSlices} takes: columns instead of resolved attributes. */
export type DiscoverFromColumns = Omit<DiscoverySpec, 'attrs'> & { columns: (string | SliceAttr)[]; quantiles?: number; cache?: ResolveCache };

/**
 * Discovery from column names: numeric columns binned by quantiles and dates
 * by year first (slices.ts `resolveSliceAttrs`), then {@link runSliceDiscovery}.
 */
export async function discoverSlices(conn: Connector, spec: DiscoverFromColumns): Promise<SliceDiscovery> {
	const [d] = await discoverSliceMetrics(conn, { ...spec, metrics: [spec.metric] });
	return d!;
}

/** {@link discoverSlices} for several metrics from one scan (see {@link runSliceDiscoveries}). */
export async function discoverSliceMetrics(conn: Connector, spec: Omit<DiscoverFromColumns, 'metric'> & { metrics: SliceMetric[] }): Promise<SliceDiscovery[]> {
	const attrs = await resolveSliceAttrs(conn, spec.source, spec.columns, { quantiles: spec.quantiles, cache: spec.cache });
	return runSliceDiscoveries(conn, { ...spec, attrs });
}
