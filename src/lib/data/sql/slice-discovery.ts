/**
 * SQL for slice discovery and slice filters.
 *
 * {@link sliceSearchSql} aggregates every single attribute and every pair in
 * one pass (GROUPING SETS: for 5 attributes 5 + 10 sets, plus the overall
 * row), over the rows where the metric is defined; core/slice-discovery.ts
 * ranks the result. {@link sliceFilterSql} turns a slice's predicates back
 * into a WHERE clause, so other views can filter to it.
 */
import { DISCOVERY_MIN_SUPPORT, rankSlices, type RankOptions, type SliceCandidate, type SliceDiscovery, type SliceMetric } from '../../core/slice-discovery';
import type { SlicePredicate } from '../../core/slices';
import type { Connector, Row } from '../connector';
import { binsOf, edgeSql, numericValueSql, yearExprSql, type Bin } from './bins';
import { ident, literal } from './quote';
import { groupAlias, groupedRowsSql, groupingAlias, predicateOf, resolveSliceAttrs, type SliceAttr } from './slices';

/** Most attributes searched at once: 24 singles + 276 pairs = 300 grouping sets. */
export const MAX_DISCOVERY_ATTRIBUTES = 24;

export interface SliceSearchSpec {
	/** View or table to read, usually `audit`. */
	source: string;
	/** Attributes to search (numeric ones already binned, see slices.ts `resolveSliceAttrs`). */
	attrs: SliceAttr[];
	metric: SliceMetric;
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

/**
 * One query returning, for every slice of one or two attributes with at least
 * `minSupport` rows where the metric is defined (and for the overall row): the
 * group values `g0`..., grouping flags `s0`... (1 = not in the slice),
 * `size` and `hits`.
 */
export function sliceSearchSql(spec: SliceSearchSpec): string {
	const k = spec.attrs.length;
	if (k < 1 || k > MAX_DISCOVERY_ATTRIBUTES) throw new RangeError(`Search 1 to ${MAX_DISCOVERY_ATTRIBUTES} attributes, got ${k}.`);
	const minSupport = spec.minSupport ?? 0;
	if (!Number.isFinite(minSupport) || minSupport < 0) throw new RangeError(`minSupport must be a finite number >= 0, got ${minSupport}.`);
	const { defined, hit } = metricSql(spec.metric);
	const g = (i: number) => ident(groupAlias(i));
	const s = (i: number) => ident(groupingAlias(i));
	const cols: string[] = [];
	for (let i = 0; i < k; i++) cols.push(g(i), `grouping(${g(i)}) AS ${s(i)}`);
	cols.push('count(*) AS "size"', `count(*) FILTER (WHERE ${hit}) AS "hits"`);
	const sets = searchSets(k, spec.depth ?? 2)
		.map((set) => `(${set.map(g).join(', ')})`)
		.join(', ');
	const rolledUp = Array.from({ length: k }, (_, i) => s(i)).join(' + ');
	return (
		`SELECT * FROM (SELECT ${cols.join(', ')} FROM (${groupedRowsSql(spec.source, spec.attrs, defined)}) ` +
		`GROUP BY GROUPING SETS (${sets})) WHERE "size" >= ${literal(minSupport)} OR ${rolledUp} = ${literal(k)}`
	);
}

/** Split the rows of {@link sliceSearchSql} into candidates and the overall totals. */
export function parseSliceSearch(rows: readonly Row[], attrs: readonly SliceAttr[]): { candidates: SliceCandidate[]; overall: { size: number; hits: number } } {
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
		const counts = { size: Number(row.size ?? 0), hits: Number(row.hits ?? 0) };
		if (predicates.length === 0) overall = counts;
		else candidates.push({ predicates, ...counts });
	}
	return { candidates, overall };
}

export interface DiscoverySpec extends RankOptions {
	source: string;
	attrs: SliceAttr[];
	metric: SliceMetric;
	depth?: 1 | 2;
}

/** Run the search and rank its slices (SliceLine score, top k, Wilson intervals). */
export async function runSliceDiscovery(conn: Connector, spec: DiscoverySpec): Promise<SliceDiscovery> {
	const minSupport = spec.minSupport ?? DISCOVERY_MIN_SUPPORT;
	const options: RankOptions = { metric: spec.metric, k: spec.k, alpha: spec.alpha, minSupport };
	const rows = await conn.query(sliceSearchSql({ source: spec.source, attrs: spec.attrs, metric: spec.metric, depth: spec.depth, minSupport }));
	const { candidates, overall } = parseSliceSearch(rows, spec.attrs);
	return rankSlices(candidates, overall, options);
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

/**
 * Discovery from column names: numeric columns binned by quantiles and dates
 * by year first (slices.ts `resolveSliceAttrs`), then {@link runSliceDiscovery}.
 */
export async function discoverSlices(
	conn: Connector,
	spec: Omit<DiscoverySpec, 'attrs'> & { columns: (string | SliceAttr)[]; quantiles?: number }
): Promise<SliceDiscovery> {
	const attrs = await resolveSliceAttrs(conn, spec.source, spec.columns, { quantiles: spec.quantiles });
	return runSliceDiscovery(conn, { ...spec, attrs });
}
