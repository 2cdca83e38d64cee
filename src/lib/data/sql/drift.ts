/**
 * SQL of a drift comparison, as pure builders: the two sides of a split, the
 * rows in neither side, and the reads of a side (column types, numeric
 * columns as doubles, category counts in one query).
 */
import { NEARLY_UNIQUE_MIN_DISTINCT, NEARLY_UNIQUE_SHARE } from '../../core/drift/types';
import { ident, literal } from './quote';

/** A value a split column is compared with (SQL `=`; text compares the column cast to VARCHAR). */
export type SplitValue = string | number | boolean;

/** A half-open period `from <= t < until` of a time column; a missing bound is open. */
export interface TimeRange {
	from?: string | number;
	until?: string | number;
}

/** A relation given as SQL (`SELECT * FROM t WHERE ...`). */
interface Relation {
	sql: string;
}

/** `from <= col < until` on a non-NULL column. */
export function rangePredicate(column: string, range: TimeRange): string {
	const parts = [`${ident(column)} IS NOT NULL`];
	if (range.from !== undefined) parts.push(`${ident(column)} >= ${literal(range.from)}`);
	if (range.until !== undefined) parts.push(`${ident(column)} < ${literal(range.until)}`);
	return parts.join(' AND ');
}

/** `col` equal to one of the values (numbers and booleans as such, text against `CAST(col AS VARCHAR)`). */
export function valuesPredicate(column: string, values: readonly SplitValue[]): string {
	if (values.length === 0) throw new RangeError(`A split by "${column}" needs at least one value on each side.`);
	return `(${values.map((v) => (typeof v === 'string' ? `CAST(${ident(column)} AS VARCHAR) = ${literal(v)}` : `${ident(column)} = ${literal(v)}`)).join(' OR ')})`;
}

/** Every row of a table, or those meeting a condition. */
export function tableRowsSql(table: string, where?: string): string {
	return `SELECT * FROM ${ident(table)}${where === undefined ? '' : ` WHERE ${where}`}`;
}

/** `rows`, `nulls`: rows of the table in neither side, and those with a NULL split value. */
export function excludedRowsSql(table: string, column: string, reference: string, current: string): string {
	const as = (name: string) => ` AS ${ident(name)}`;
	return `SELECT count(*)${as('rows')}, count(*) FILTER (WHERE ${ident(column)} IS NULL)${as('nulls')} FROM ${ident(table)} WHERE NOT coalesce(${reference}, FALSE) AND NOT coalesce(${current}, FALSE)`;
}

/** `side` per row of the table in rowid order: 1 reference, 2 current, 0 neither (as a double). */
export function splitSidesSql(table: string, reference: string, current: string): string {
	return `SELECT (coalesce(${reference}, FALSE)::INTEGER + 2 * coalesce(${current}, FALSE)::INTEGER)::DOUBLE AS ${ident('side')} FROM ${ident(table)} ORDER BY rowid`;
}

const from = (rel: Relation) => `FROM (${rel.sql}) AS ${ident('r')}`;

/** Column names and types of a relation. */
export function describeRelationSql(rel: Relation): string {
	return `DESCRIBE SELECT * ${from(rel)}`;
}

/** Every numeric source as DOUBLE, aliased `v{i}` (for readNumeric; NULL becomes NaN). */
export function numericSql(rel: Relation, numeric: readonly { expr: string }[]): string {
	return `SELECT ${numeric.map((s, i) => `CAST(${s.expr} AS DOUBLE) AS ${ident(`v${i}`)}`).join(', ')} ${from(rel)}`;
}

/** `k`: the longest list of a list column. */
export function listLengthSql(rel: Relation, column: string): string {
	return `SELECT max(len(${ident(column)})) AS ${ident('k')} ${from(rel)}`;
}

/** `rows`: the number of rows of a relation. */
export function rowCountSql(rel: Relation): string {
	return `SELECT count(*) AS ${ident('rows')} ${from(rel)}`;
}

/**
 * Counts per value (as VARCHAR, NULL kept) of every categorical source, in
 * one query: rows `i`, `v`, `n`, each with its source's number of distinct
 * non-NULL values `d`, of non-NULL rows `k`, and the relation's `rows`. The
 * values of a source listed in `dropNearlyUnique` whose distinct values are
 * more than {@link NEARLY_UNIQUE_SHARE} of its non-NULL rows (and more than
 * {@link NEARLY_UNIQUE_MIN_DISTINCT}) are left out but for one row with
 * `dropped` true: an identifier's million values are counted, not sent.
 */
export function categoryCountsSql(rel: Relation, categorical: readonly { expr: string }[], dropNearlyUnique: readonly number[] = []): string {
	const [i, v, n, d, k, rows, first, dropped] = ['i', 'v', 'n', 'd', 'k', 'rows', 'first', 'dropped'].map(ident) as [string, string, string, string, string, string, string, string];
	const groups = categorical.map((s, j) => `SELECT ${literal(j)} AS ${i}, CAST(${s.expr} AS VARCHAR) AS ${v}, count(*) AS ${n} ${from(rel)} GROUP BY 2`).join(' UNION ALL ');
	const w = `OVER (PARTITION BY ${i})`;
	const totals = `SELECT ${i}, ${v}, ${n}, count(${v}) ${w} AS ${d}, sum(CASE WHEN ${v} IS NULL THEN 0 ELSE ${n} END) ${w} AS ${k}, sum(${n}) ${w} AS ${rows}, row_number() ${w} AS ${first} FROM (${groups})`;
	const drop = dropNearlyUnique.length
		? `${i} IN (${dropNearlyUnique.map((j) => literal(j)).join(', ')}) AND ${d} > ${NEARLY_UNIQUE_MIN_DISTINCT} AND ${d} > ${NEARLY_UNIQUE_SHARE} * ${k}`
		: 'FALSE';
	return `SELECT ${i}, ${v}, ${n}, ${d}, ${k}, ${rows}, ${dropped} FROM (SELECT *, ${drop} AS ${dropped} FROM (${totals})) WHERE NOT ${dropped} OR ${first} = 1`;
}
