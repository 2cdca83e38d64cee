/**
 * Slice counts in one SQL pass over the `audit` view (every dataset column
 * plus `__row`, `__label`, `__pred`, `__issue`; see the engine).
 *
 * One attribute: GROUPING SETS ((a), ()); two: ((a), (b), (a, b), ()), so one
 * scan returns the per-attribute groups, their intersections and the overall
 * row. A NULL value is its own group, told apart from a rolled-up attribute by
 * `grouping()`. The rows become {@link SliceCounts} for core/slices.ts.
 *
 * The scan can go through a cube ({@link sliceCubeSql}): the rows counted once
 * per distinct (group values, label, prediction, issue flag), a few thousand
 * rows for a million. Class balance and the grouping sets then sum those
 * counts instead of filtering every row again, which is several times faster
 * in the single-threaded browser engine and gives the same counts.
 */
import type { SliceCounts, SlicePredicate } from '../../core/slices';
import type { Connector, Row } from '../db/connector';
import type { AuditKeyText } from './audit-view';
import { DEFAULT_QUANTILES, binExprSql, binsOf, isNumericType, isTemporalType, parseEdges, quantileEdgesSql, yearExprSql, type Bin } from './bins';
import { describeSql } from './overview';
import { ident, literal } from './quote';

/** An attribute to slice by. */
export interface SliceAttr {
	column: string;
	/** Inner bin edges for a numeric column (see bins.ts); absent: the column's values as text. */
	bins?: number[];
	/** Labels of the bins (one per bin), default `< e0`, `[e0, e1)`, ..., `>= ek`. */
	binLabels?: string[];
	/** Slice a DATE / TIMESTAMP column by calendar year. */
	byYear?: boolean;
}

export interface SliceCountsSpec {
	/** View or table to read, usually `audit`. */
	source: string;
	/** One or two attributes. */
	by: SliceAttr[];
	/** Binary task: the positive class as text; adds tp, fp, tn, fn. */
	positive?: string;
	/** Classes whose given-label counts are returned (columns c0, c1, ...). */
	classes?: string[];
	/** `source` is a cube made by {@link sliceCubeSql} for these attributes: counts are sums of its `__n`. */
	cube?: boolean;
}

/** Most attributes {@link sliceCountsSql} takes (discovery goes wider; see slice-discovery.ts). */
export const MAX_SLICE_ATTRIBUTES = 2;

const LABEL = ident('__label');
const PRED = ident('__pred');
const ISSUE = ident('__issue');
/** Rows a cube row stands for. */
const WEIGHT = ident('__n');

/** Alias of the i-th group value, of its grouping flag and of the i-th class count. */
export const groupAlias = (i: number): string => `g${i}`;
export const groupingAlias = (i: number): string => `s${i}`;
const classAlias = (i: number): string => `c${i}`;

/** The VARCHAR expression an attribute is grouped by: its bin label, its year, or its value as text. */
export function groupValueSql(attr: SliceAttr): string {
	if (attr.bins) return binExprSql(attr.column, attr.bins, attr.binLabels);
	if (attr.byYear) return yearExprSql(attr.column);
	return `CAST(${ident(attr.column)} AS VARCHAR)`;
}

/**
 * `SELECT <group values AS g0, g1, ...>, __label, __pred, __issue FROM source [WHERE ...]`:
 * the rows that the grouping queries aggregate.
 */
export function groupedRowsSql(source: string, attrs: readonly SliceAttr[], where?: string): string {
	const cols = attrs.map((a, i) => `${groupValueSql(a)} AS ${ident(groupAlias(i))}`);
	return `SELECT ${[...cols, LABEL, PRED, ISSUE].join(', ')} FROM ${ident(source)}${where ? ` WHERE ${where}` : ''}`;
}

/**
 * `SELECT g0, ..., __label, __pred, __issue, count(*) AS __n ... GROUP BY` those:
 * the rows of `source` counted once per distinct combination, to be read by
 * {@link sliceCountsSql} with `cube: true` (and {@link frequentClasses}).
 */
export function sliceCubeSql(source: string, attrs: readonly SliceAttr[], keyText?: AuditKeyText | null): string {
	const groups = attrs.map((_, i) => ident(groupAlias(i)));
	if (!keyText) {
		const keys = [...groups, LABEL, PRED, ISSUE];
		return `SELECT ${keys.join(', ')}, count(*) AS ${WEIGHT} FROM (${groupedRowsSql(source, attrs)}) GROUP BY ${keys.join(', ')}`;
	}
	// Group on the source's cheap key columns; only the cube's few rows are turned into text.
	// (Two keys with one text, e.g. 1 and 1.0, give two cube rows: readers sum __n.)
	const [lk, pk] = [ident('__label_key'), ident('__pred_key')];
	const cols = attrs.map((a, i) => `${groupValueSql(a)} AS ${groups[i]}`);
	const keys = [...groups, lk, pk, ISSUE];
	const inner = `SELECT ${[...cols, lk, pk, ISSUE].join(', ')} FROM ${ident(source)}`;
	const counted = `SELECT ${keys.join(', ')}, count(*) AS ${WEIGHT} FROM (${inner}) GROUP BY ${keys.join(', ')}`;
	return `SELECT ${[...groups, `${keyText.label(lk)} AS ${LABEL}`, `${keyText.pred(pk)} AS ${PRED}`, ISSUE, WEIGHT].join(', ')} FROM (${counted})`;
}

/**
 * How many rows (of a group) meet `condition` (all rows when absent): a filtered
 * count over plain rows, or a sum of `__n` over a cube (0, not NULL, when none).
 */
export function tallySql(cube: boolean, condition?: string): string {
	const filter = condition ? ` FILTER (WHERE ${condition})` : '';
	return cube ? `coalesce(sum(${WEIGHT})${filter}, 0)::BIGINT` : `count(*)${filter}`;
}

/** The count columns of {@link sliceCountsSql}. */
function countColumnsSql(spec: SliceCountsSpec): string[] {
	const t = (condition?: string) => tallySql(!!spec.cube, condition);
	const both = `${LABEL} IS NOT NULL AND ${PRED} IS NOT NULL`;
	const cols = [
		`${t()} AS "n"`,
		`${t(`${LABEL} IS NOT NULL`)} AS "labeled"`,
		`${t(both)} AS "predicted"`,
		`${t(`${LABEL} <> ${PRED}`)} AS "errors"`,
		`${t(ISSUE)} AS "issues"`,
		`${t(`${ISSUE} IS NOT NULL`)} AS "issues_known"`
	];
	(spec.classes ?? []).forEach((c, i) => cols.push(`${t(`${LABEL} = ${literal(c)}`)} AS ${ident(classAlias(i))}`));
	if (spec.positive !== undefined) {
		const pos = literal(spec.positive);
		cols.push(
			`${t(`${LABEL} = ${pos} AND ${PRED} = ${pos}`)} AS "tp"`,
			`${t(`${LABEL} <> ${pos} AND ${PRED} = ${pos}`)} AS "fp"`,
			`${t(`${LABEL} <> ${pos} AND ${PRED} <> ${pos}`)} AS "tn"`,
			`${t(`${LABEL} = ${pos} AND ${PRED} <> ${pos}`)} AS "fn"`
		);
	}
	return cols;
}

/** GROUPING SETS over one attribute, or two with their intersection, plus the overall row. */
function groupingSetsSql(k: number): string {
	const g = (i: number) => ident(groupAlias(i));
	return k === 1 ? `(${g(0)}), ()` : `(${g(0)}), (${g(1)}), (${g(0)}, ${g(1)}), ()`;
}

/**
 * One query returning, per group (and for the whole dataset): the group values
 * `g0`, `g1` (text, NULL for the missing group), their grouping flags `s0`, `s1`
 * (1 = attribute rolled up), `n`, `labeled`, `predicted`, `errors`, `issues`,
 * `issues_known`, class counts `c0`..., and `tp`, `fp`, `tn`, `fn` when
 * `positive` is given. Rows are ordered by grouping set. With `cube`, `source`
 * is a table made by {@link sliceCubeSql} for the same attributes.
 */
export function sliceCountsSql(spec: SliceCountsSpec): string {
	const k = spec.by.length;
	if (k < 1 || k > MAX_SLICE_ATTRIBUTES) throw new RangeError(`Slice by 1 or ${MAX_SLICE_ATTRIBUTES} attributes, got ${k}.`);
	const cols: string[] = [];
	for (let i = 0; i < k; i++) cols.push(ident(groupAlias(i)), `grouping(${ident(groupAlias(i))}) AS ${ident(groupingAlias(i))}`);
	cols.push(...countColumnsSql(spec));
	const order = Array.from({ length: k }, (_, i) => ident(groupingAlias(i)));
	const rows = spec.cube ? `SELECT * FROM ${ident(spec.source)}` : groupedRowsSql(spec.source, spec.by);
	return (
		`SELECT ${cols.join(', ')} FROM (${rows}) ` +
		`GROUP BY GROUPING SETS (${groupingSetsSql(k)}) ORDER BY ${order.join(' DESC, ')} DESC`
	);
}

/** The filter a group value of an attribute stands for. */
export function predicateOf(attr: SliceAttr, value: string | null, bins?: readonly Bin[]): SlicePredicate {
	if (value === null) return { column: attr.column, kind: 'equals', value: null };
	if (attr.bins) {
		const bin = (bins ?? binsOf(attr.bins, attr.binLabels)).find((b) => b.label === value);
		if (!bin) throw new RangeError(`${JSON.stringify(value)} is not a bin of ${JSON.stringify(attr.column)}.`);
		return { column: attr.column, kind: 'range', lo: bin.lo, hi: bin.hi, label: bin.label };
	}
	if (attr.byYear) return { column: attr.column, kind: 'year', value };
	return { column: attr.column, kind: 'equals', value };
}

const num = (v: unknown): number => Number(v ?? 0);

/** One row of {@link sliceCountsSql} as {@link SliceCounts}. */
export function parseSliceCounts(row: Row, spec: SliceCountsSpec, bins: readonly (Bin[] | undefined)[] = []): SliceCounts {
	const attrs: number[] = [];
	const values: (string | null)[] = [];
	const predicates: SlicePredicate[] = [];
	spec.by.forEach((attr, i) => {
		if (num(row[groupingAlias(i)]) !== 0) return;
		const v = row[groupAlias(i)];
		const value = v === null || v === undefined ? null : String(v);
		attrs.push(i);
		values.push(value);
		predicates.push(predicateOf(attr, value, bins[i]));
	});
	return {
		attrs,
		values,
		predicates,
		n: num(row.n),
		labeled: num(row.labeled),
		predicted: num(row.predicted),
		errors: num(row.errors),
		issues: num(row.issues),
		issuesKnown: num(row.issues_known),
		classCounts: (spec.classes ?? []).map((_, i) => num(row[classAlias(i)])),
		confusion: spec.positive === undefined ? null : { tp: num(row.tp), fp: num(row.fp), tn: num(row.tn), fn: num(row.fn) }
	};
}

/**
 * Order groups for display: the overall row first, then each grouping set
 * (single attributes before the intersection); within a set, binned values in
 * bin order, other values by their attribute's group size (largest first, then
 * text); the missing group last.
 */
export function orderSliceCounts(rows: readonly SliceCounts[], spec: SliceCountsSpec): SliceCounts[] {
	const rank = spec.by.map((attr, i) => {
		const m = new Map<string | null, number>();
		if (attr.bins) binsOf(attr.bins, attr.binLabels).forEach((b, j) => m.set(b.label, j));
		else {
			const singles = rows.filter((r) => r.attrs.length === 1 && r.attrs[0] === i && r.values[0] !== null);
			singles.sort((a, b) => b.n - a.n || (a.values[0]! < b.values[0]! ? -1 : 1)).forEach((r, j) => m.set(r.values[0]!, j));
		}
		m.set(null, Number.MAX_SAFE_INTEGER);
		return m;
	});
	const keyOf = (r: SliceCounts) => r.attrs.map((a, j) => rank[a]?.get(r.values[j] ?? null) ?? Number.MAX_SAFE_INTEGER - 1);
	const setOf = (r: SliceCounts) => (r.attrs.length === 0 ? -1 : r.attrs.length * 100 + (r.attrs[0] ?? 0));
	return [...rows].sort((a, b) => {
		const s = setOf(a) - setOf(b);
		if (s !== 0) return s;
		const ka = keyOf(a);
		const kb = keyOf(b);
		for (let j = 0; j < ka.length; j++) if (ka[j] !== kb[j]) return ka[j]! - kb[j]!;
		return 0;
	});
}

/** Run {@link sliceCountsSql} and return its rows as ordered {@link SliceCounts}. */
export async function runSliceTable(conn: Connector, spec: SliceCountsSpec): Promise<SliceCounts[]> {
	const bins = spec.by.map((a) => (a.bins ? binsOf(a.bins, a.binLabels) : undefined));
	const rows = await conn.query(sliceCountsSql(spec));
	return orderSliceCounts(
		rows.map((r) => parseSliceCounts(r, spec, bins)),
		spec
	);
}

/** A temporary table's name, unique within this engine (requests may interleave). */
let cubes = 0;

/**
 * Count `source` once into a temporary cube table ({@link sliceCubeSql}), run
 * `use` on it, and drop it, even when `use` throws.
 */
export async function withSliceCube<T>(
	conn: Connector,
	source: string,
	attrs: readonly SliceAttr[],
	use: (cube: string) => Promise<T>,
	keyText?: AuditKeyText | null
): Promise<T> {
	const cube = `plumb_slice_cube_${++cubes}`;
	await conn.exec(`CREATE TEMP TABLE ${ident(cube)} AS ${sliceCubeSql(source, attrs, keyText)}`);
	try {
		return await use(cube);
	} finally {
		await conn.exec(`DROP TABLE IF EXISTS ${ident(cube)}`);
	}
}

/**
 * What {@link resolveSliceAttrs} may keep between calls while the data behind
 * the source stay the same (the caller clears it when they change): column
 * types per source, and quantile edges per source, column and number of bins.
 */
export interface ResolveCache {
	types: Map<string, Map<string, string>>;
	edges: Map<string, number[]>;
}

/** An empty {@link ResolveCache}. */
export function resolveCache(): ResolveCache {
	return { types: new Map(), edges: new Map() };
}

export interface ResolveOptions {
	/** Quantile bins for numeric attributes given without edges (default 4); 0 keeps their values as text. */
	quantiles?: number;
	/** Slice DATE / TIMESTAMP attributes by year (default true). */
	yearDates?: boolean;
	/** Types and quantile edges found by earlier calls on the same data (filled in as they are computed). */
	cache?: ResolveCache;
}

/** Quantile edges of a column, from the cache when an earlier call computed them. */
async function quantileEdges(conn: Connector, source: string, column: string, q: number, cache?: ResolveCache): Promise<number[]> {
	const key = JSON.stringify([source, column, q]);
	const known = cache?.edges.get(key);
	if (known) return [...known];
	const edges = parseEdges(await conn.query(quantileEdgesSql(source, column, q)));
	cache?.edges.set(key, edges);
	return [...edges];
}

/**
 * Turn attribute names (or partial attributes) into {@link SliceAttr}s ready
 * to query: numeric columns without edges get quantile edges computed on
 * `source`, date columns are sliced by year. Throws naming an unknown column.
 */
export async function resolveSliceAttrs(conn: Connector, source: string, attrs: readonly (string | SliceAttr)[], options: ResolveOptions = {}): Promise<SliceAttr[]> {
	const q = options.quantiles ?? DEFAULT_QUANTILES;
	const cache = options.cache;
	let types = cache?.types.get(source);
	if (!types) {
		types = new Map((await conn.query(describeSql(source))).map((r) => [String(r.name), String(r.type)]));
		cache?.types.set(source, types);
	}
	const out: SliceAttr[] = [];
	for (const a of attrs) {
		const attr: SliceAttr = typeof a === 'string' ? { column: a } : { ...a };
		const type = types.get(attr.column);
		if (type === undefined) throw new RangeError(`No column ${JSON.stringify(attr.column)} in ${source}.`);
		if (!attr.bins && !attr.byYear) {
			if (isNumericType(type) && q >= 2) attr.bins = await quantileEdges(conn, source, attr.column, q, cache);
			else if (isTemporalType(type) && (options.yearDates ?? true)) attr.byYear = true;
		}
		out.push(attr);
	}
	return out;
}
