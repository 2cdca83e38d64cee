/**
 * SQL of the small reads the session makes: rows by index, a sample of every
 * column as text, the groups of one or more columns, the rows of a slice, the
 * distinct labels, a table's row count.
 */
import { ident } from './quote';

/** Some rows by `rowid` (as `__row`) with the given columns as text. */
export function rowsByIdSql(table: string, rows: readonly number[], columns: readonly string[]): string {
	const ids = rows.map((r) => {
		if (!Number.isInteger(r) || r < 0) throw new RangeError(`A row index must be a whole number >= 0, got ${r}.`);
		return String(r);
	});
	const cols = columns.map((c) => `${ident(c)}::VARCHAR AS ${ident(c)}`).join(', ');
	return `SELECT rowid AS ${ident('__row')}, ${cols} FROM ${ident(table)} WHERE rowid IN (${ids.join(', ')})`;
}

/** The first `limit` rows of every given column, as text. */
export function sampleValuesSql(table: string, columns: readonly string[], limit: number): string {
	return `SELECT ${columns.map((c) => `${ident(c)}::VARCHAR AS ${ident(c)}`).join(', ')} FROM ${ident(table)} LIMIT ${Math.max(1, Math.floor(limit))}`;
}

/** `g0`, `g1`, ... (the columns as text) and `n`: every combination of the columns' values with its rows, most frequent first. */
export function groupValuesSql(table: string, columns: readonly string[], limit: number): string {
	const g = columns.map((_, i) => ident(`g${i}`));
	const n = ident('n');
	return `SELECT ${columns.map((c, i) => `${ident(c)}::VARCHAR AS ${g[i]}`).join(', ')}, count(*) AS ${n} FROM ${ident(table)} GROUP BY ALL ORDER BY ${n} DESC, ${g.join(', ')} LIMIT ${Math.max(1, Math.floor(limit))}`;
}

/** `r`: the `__row` of every row of a view meeting a condition, in row order (as a double). */
export function rowsWhereSql(view: string, where: string): string {
	return `SELECT ${ident('__row')}::DOUBLE AS ${ident('r')} FROM ${ident(view)} WHERE ${where} ORDER BY ${ident('__row')}`;
}

/** `v`: the distinct non-NULL values of a column, given as a text expression, in order. */
export function distinctTextSql(table: string, column: string, textExpr: string): string {
	return `SELECT DISTINCT ${textExpr} AS ${ident('v')} FROM ${ident(table)} WHERE ${ident(column)} IS NOT NULL ORDER BY 1`;
}

/** `n`: the rows of a table. */
export function tableRowCountSql(table: string): string {
	return `SELECT count(*) AS ${ident('n')} FROM ${ident(table)}`;
}

/** Drop a table if it is there. */
export function dropTableSql(table: string): string {
	return `DROP TABLE IF EXISTS ${ident(table)}`;
}
