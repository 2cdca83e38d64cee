/**
 * SQL of confident learning's inputs: labels as text and as class indices,
 * probabilities from columns or a list column, and the rows that name a bad
 * label. Rows come back in `rowid` order (the dataset's row index).
 */
import { ident, literal } from './quote';

/** {@link labelTextSql} of any SQL expression `expr` holding values of type `type`. */
export function labelTextOfSql(expr: string, type: string): string {
	if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/i.test(type)) return `(CASE WHEN ${expr} = round(${expr}) THEN ${expr}::BIGINT::VARCHAR ELSE ${expr}::VARCHAR END)`;
	return `${expr}::VARCHAR`;
}

/**
 * A label as text, the form classes are named in: integer-valued floats read
 * as integers (1.0 -> "1"), so a label column saved as float matches classes 0..K-1.
 */
export function labelTextSql(column: string, type: string, tableAlias?: string): string {
	return labelTextOfSql(tableAlias ? `${tableAlias}.${ident(column)}` : ident(column), type);
}

/** `p0`, `p1`, ...: the probability columns as doubles. */
export function probColumnsSql(table: string, columns: readonly string[]): string {
	return `SELECT ${columns.map((c, j) => `${ident(c)}::DOUBLE AS ${ident(`p${j}`)}`).join(', ')} FROM ${ident(table)} ORDER BY rowid`;
}

/** `lo`, `hi`, `n`: the shortest and longest list of a list column, and the rows. */
export function listShapeSql(table: string, column: string): string {
	const col = ident(column);
	return `SELECT min(len(${col})) AS ${ident('lo')}, max(len(${col})) AS ${ident('hi')}, count(*) AS ${ident('n')} FROM ${ident(table)}`;
}

/** `p0` ... `p{k-1}`: the elements of a list column as doubles. */
export function listElementsSql(table: string, column: string, k: number): string {
	const col = ident(column);
	return `SELECT ${Array.from({ length: k }, (_, j) => `${col}[${j + 1}]::DOUBLE AS ${ident(`p${j}`)}`).join(', ')} FROM ${ident(table)} ORDER BY rowid`;
}

/** `v`: the distinct non-NULL labels as text. */
export function distinctLabelsSql(table: string, column: string, type: string): string {
	// Distinct stored values first, then their text: turning every row into text first costs seconds on millions of rows.
	const inner = `SELECT DISTINCT ${ident(column)} AS ${ident('v0')} FROM ${ident(table)} WHERE ${ident(column)} IS NOT NULL`;
	return `SELECT DISTINCT ${labelTextOfSql(ident('v0'), type)} AS ${ident('v')} FROM (${inner})`;
}

/** `r`, `v`: the first row whose numeric label is outside 0..k-1. */
export function labelOutOfRangeSql(table: string, column: string, type: string, k: number): string {
	const col = ident(column);
	return `SELECT rowid AS ${ident('r')}, ${labelTextSql(column, type)} AS ${ident('v')} FROM ${ident(table)} WHERE TRY_CAST(${col} AS DOUBLE) < 0 OR TRY_CAST(${col} AS DOUBLE) >= ${literal(k)} ORDER BY rowid LIMIT 1`;
}

/** `k`: each row's label as a class index; `missing` for NULL, `unknown` for a label not among the classes. */
export function labelIndexSql(table: string, column: string, type: string, classNames: readonly string[], missing: number, unknown: number): string {
	const cases = classNames.map((c, j) => `WHEN ${literal(c)} THEN ${j}`).join(' ');
	return `SELECT CASE WHEN ${ident(column)} IS NULL THEN ${literal(missing)} ELSE (CASE ${labelTextSql(column, type)} ${cases} ELSE ${literal(unknown)} END) END AS ${ident('k')} FROM ${ident(table)} ORDER BY rowid`;
}

/** `v`: one row's label as text. */
export function labelAtRowSql(table: string, column: string, row: number): string {
	return `SELECT ${ident(column)}::VARCHAR AS ${ident('v')} FROM ${ident(table)} WHERE rowid = ${literal(row)}`;
}
