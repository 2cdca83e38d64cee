/**
 * SQL of the data-quality checks (see core/checks/): exact duplicates by a
 * hash of the feature values, missingness counts (overall and per group),
 * class codes of the label, per-category label counts for the leakage of
 * categorical features, per-group (or per-split) label counts, and rows shared
 * between splits. Pure builders: strings out, identifiers through `ident()`,
 * values through `literal()`.
 *
 * Exact duplicates: DuckDB's 64-bit `hash(c1, c2, ...)` of a row's feature
 * values (NULL hashes as a value of its own, in its position), then a
 * GROUP BY of the hashes. Two different rows share a hash with probability
 * about 2^-64 per pair (a few in 10^8 over a million rows).
 */
import { columnKind } from '../roles';
import { MISSING_NUMBERS, MISSING_TEXT } from '../../core/checks/missingness';
import { ident, idents, literal } from './quote';

/** A column and its DuckDB type. */
export interface TypedColumn {
	name: string;
	type: string;
}

/** The 64-bit hash of a row's values in `columns` (in this order). */
export function rowHashSql(columns: readonly string[]): string {
	if (columns.length === 0) throw new RangeError('No feature columns to compare: choose at least one.');
	return `hash(${idents(columns)})`;
}

/** A label as text (the form every check compares classes in). */
export function labelTextSql(label: string): string {
	return `CAST(${ident(label)} AS VARCHAR)`;
}

/**
 * Groups of two or more rows with equal feature values: `rows` (0-based row
 * indices, comma-separated, ascending), `labels` (distinct non-missing labels
 * among them; 0 without a label) and, with a split column, `splits` (distinct
 * non-missing splits) and `in_split` (rows with a split); ordered by the
 * first row. Rows shared between splits are those of the groups with
 * `splits` > 1, so split contamination needs no second scan.
 */
export function duplicateGroupsSql(table: string, features: readonly string[], label?: string, split?: string): string {
	const y = label ? labelTextSql(label) : 'NULL::VARCHAR';
	const s = split ? `CAST(${ident(split)} AS VARCHAR)` : 'NULL::VARCHAR';
	return (
		`WITH h AS (SELECT rowid AS r, ${rowHashSql(features)} AS k, ${y} AS y, ${s} AS s FROM ${ident(table)}), ` +
		`d AS (SELECT k FROM h GROUP BY k HAVING count(*) > 1) ` +
		`SELECT string_agg(CAST(r AS VARCHAR), ',' ORDER BY r) AS "rows", count(DISTINCT y) AS labels, count(DISTINCT s) AS splits, count(s) AS in_split, min(r) AS first ` +
		`FROM h SEMI JOIN d ON h.k = d.k GROUP BY h.k ORDER BY first`
	);
}

/** The row indices of a `rows` value of {@link duplicateGroupsSql}. */
export function parseRowList(value: unknown): number[] {
	return String(value ?? '')
		.split(',')
		.filter((s) => s !== '')
		.map(Number);
}

/**
 * A boolean expression true where the column's value is missing: NULL; for
 * text, empty or one of MISSING_TEXT (trimmed, any case); for floating-point
 * columns NaN; for numbers one of MISSING_NUMBERS.
 */
export function missingExprSql(column: TypedColumn): string {
	const c = ident(column.name);
	const kind = columnKind(column.type);
	const nums = MISSING_NUMBERS.map(literal).join(', ');
	if (kind === 'string') return `(${c} IS NULL OR upper(trim(CAST(${c} AS VARCHAR))) IN (${MISSING_TEXT.map((t) => literal(t.toUpperCase())).join(', ')}))`;
	if (kind === 'float') {
		const nan = /^(FLOAT|FLOAT4|REAL|DOUBLE|FLOAT8)$/i.test(column.type.trim()) ? ` OR isnan(${c})` : '';
		return `(${c} IS NULL${nan} OR ${c} IN (${nums}))`;
	}
	if (kind === 'integer') return `(${c} IS NULL OR ${c} IN (${nums}))`;
	return `(${c} IS NULL)`;
}

/** Alias of the i-th column's missing count, of the j-th group value and of its grouping flag. */
export const missingAlias = (i: number): string => `m${i}`;
export const missingGroupAlias = (j: number): string => `__g${j}`;
export const missingGroupingAlias = (j: number): string => `__s${j}`;

/** One row: `n` (rows) and `m0, m1, ...` (missing values of each column). */
export function missingCountsSql(table: string, columns: readonly TypedColumn[]): string {
	const counts = columns.map((c, i) => `count(*) FILTER (WHERE ${missingExprSql(c)}) AS ${ident(missingAlias(i))}`);
	return `SELECT ${['count(*) AS n', ...counts].join(', ')} FROM ${ident(table)}`;
}

/**
 * Missing counts overall and per group of each attribute in one scan
 * (GROUPING SETS ((g0), (g1), ..., ())): `__g0, __g1, ...` the group values as
 * text (from `groupExprs`, e.g. data/sql/slices.ts `groupValueSql`; NULL is
 * the missing group), `__s0, __s1, ...` 0 on the rows of that attribute's groups
 * (1 where it is rolled up), `n` and `m0, m1, ...`. The overall row has every
 * `__s` at 1.
 */
export function missingByGroupSql(table: string, columns: readonly TypedColumn[], groupExprs: readonly string[]): string {
	const counts = columns.map((c, i) => `count(*) FILTER (WHERE ${missingExprSql(c)}) AS ${ident(missingAlias(i))}`);
	const g = groupExprs.map((_, j) => ident(missingGroupAlias(j)));
	const inner = `SELECT ${[...groupExprs.map((e, j) => `${e} AS ${g[j]}`), '*'].join(', ')} FROM ${ident(table)}`;
	const sets = [...g.map((x) => `(${x})`), '()'].join(', ');
	return (
		`SELECT ${[...g, ...g.map((x, j) => `grouping(${x}) AS ${ident(missingGroupingAlias(j))}`), 'count(*) AS n', ...counts].join(', ')} ` +
		`FROM (${inner}) GROUP BY GROUPING SETS (${sets}) ORDER BY n DESC, ${g.map((x) => `${x} NULLS LAST`).join(', ')}`
	);
}

/** The classes of the label as text, with their counts, in text order (rows without a label left out). */
export function classCountsSql(table: string, label: string): string {
	const y = labelTextSql(label);
	return `SELECT ${y} AS cls, count(*) AS n FROM ${ident(table)} WHERE ${ident(label)} IS NOT NULL GROUP BY 1 ORDER BY 1`;
}

/** An expression giving the 0-based code of the label in `classes` (text), -1 when missing or not listed. */
export function classCodeSql(label: string, classes: readonly string[]): string {
	const list = `[${classes.map(literal).join(', ')}]::VARCHAR[]`;
	return `(coalesce(list_position(${list}, ${labelTextSql(label)}), 0) - 1)`;
}

/**
 * Label counts per category of a feature for the per-category majority rule,
 * with categories of fewer than `minRows` labelled rows pooled in SQL (so an
 * identifier returns one row per class, not one per row): `pooled` (true for
 * the pooled rows), `v` (the category as text; NULL: missing), `cls`, `n`.
 */
export function categoryLabelCountsSql(table: string, feature: string, label: string, minRows: number): string {
	return (
		`WITH c AS (SELECT CAST(${ident(feature)} AS VARCHAR) AS v, ${labelTextSql(label)} AS cls, count(*) AS n FROM ${ident(table)} WHERE ${ident(label)} IS NOT NULL GROUP BY ALL), ` +
		`t AS (SELECT v, cls, n, sum(n) OVER (PARTITION BY v) AS total FROM c) ` +
		`SELECT total < ${literal(minRows)} AS pooled, CASE WHEN total < ${literal(minRows)} THEN NULL ELSE v END AS v, cls, sum(n) AS n FROM t GROUP BY ALL`
	);
}

/** Labelled rows per (group, class): `g`, `cls`, `n`. */
export function groupLabelCountsSql(table: string, groupExpr: string, label: string): string {
	return `SELECT ${groupExpr} AS g, ${labelTextSql(label)} AS cls, count(*) AS n FROM ${ident(table)} WHERE ${ident(label)} IS NOT NULL GROUP BY ALL ORDER BY g NULLS LAST, cls`;
}
