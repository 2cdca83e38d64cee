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
 * indices, comma-separated, ascending) and `labels` (distinct non-missing
 * labels among them; 0 without a label), ordered by the first row.
 */
export function duplicateGroupsSql(table: string, features: readonly string[], label?: string): string {
	const y = label ? labelTextSql(label) : 'NULL::VARCHAR';
	return (
		`WITH h AS (SELECT rowid AS r, ${rowHashSql(features)} AS k, ${y} AS y FROM ${ident(table)}), ` +
		`d AS (SELECT k FROM h GROUP BY k HAVING count(*) > 1) ` +
		`SELECT string_agg(CAST(r AS VARCHAR), ',' ORDER BY r) AS "rows", count(DISTINCT y) AS labels, min(r) AS first ` +
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

/** Alias of the i-th column's missing count. */
export const missingAlias = (i: number): string => `m${i}`;

/** One row: `n` (rows) and `m0, m1, ...` (missing values of each column). */
export function missingCountsSql(table: string, columns: readonly TypedColumn[]): string {
	const counts = columns.map((c, i) => `count(*) FILTER (WHERE ${missingExprSql(c)}) AS ${ident(missingAlias(i))}`);
	return `SELECT ${['count(*) AS n', ...counts].join(', ')} FROM ${ident(table)}`;
}

/**
 * One row per group of an attribute: `g` (the group as text, from
 * `groupExpr`, e.g. data/sql/slices.ts `groupValueSql`; NULL the missing
 * group), `n` and `m0, m1, ...`; ordered by size, largest first.
 */
export function missingByGroupSql(table: string, columns: readonly TypedColumn[], groupExpr: string): string {
	const counts = columns.map((c, i) => `count(*) FILTER (WHERE ${missingExprSql(c)}) AS ${ident(missingAlias(i))}`);
	return `SELECT ${[`${groupExpr} AS g`, 'count(*) AS n', ...counts].join(', ')} FROM ${ident(table)} GROUP BY 1 ORDER BY n DESC, g NULLS LAST`;
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
 * Numeric columns as DOUBLE (NULL read as NaN downstream) plus the label's
 * class code as `__y`, in row order, for data/adapter.ts `readNumeric`.
 */
export function numericColumnsSql(table: string, columns: readonly string[], label?: string, classes?: readonly string[]): string {
	const cols = columns.map((c, i) => `CAST(${ident(c)} AS DOUBLE) AS ${ident(`x${i}`)}`);
	if (label && classes) cols.push(`CAST(${classCodeSql(label, classes)} AS DOUBLE) AS "__y"`);
	if (cols.length === 0) throw new RangeError('numericColumnsSql: no columns.');
	return `SELECT ${cols.join(', ')} FROM ${ident(table)} ORDER BY rowid`;
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

/**
 * Rows whose feature values occur in more than one split: `rows` (rows with a
 * split in such groups) and `groups` (distinct feature values, i.e. groups of
 * duplicates, that span splits).
 */
export function splitOverlapSql(table: string, features: readonly string[], split: string): string {
	return (
		`WITH h AS (SELECT ${rowHashSql(features)} AS k, CAST(${ident(split)} AS VARCHAR) AS s FROM ${ident(table)}), ` +
		`g AS (SELECT k, count(s) AS n FROM h GROUP BY k HAVING count(DISTINCT s) > 1) ` +
		`SELECT coalesce(sum(n), 0) AS "rows", count(*) AS groups FROM g`
	);
}
