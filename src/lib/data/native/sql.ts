import { ident, literal } from '../sql/quote';
import { distinctLabelsSql as distinctLabelTextSql } from '../sql/labels';

/**
 * A view over a file read in place: every column of the file plus `rowid`,
 * the 0-based row (Parquet: the file's row number; CSV: rows numbered as read,
 * in file order).
 */
export function tableViewSql(view: string, path: string, kind: 'parquet' | 'csv'): string {
	const source =
		kind === 'parquet'
			? `SELECT * EXCLUDE ("file_row_number"), "file_row_number" AS "rowid" FROM read_parquet(${literal(path)}, file_row_number = true)`
			: `SELECT *, (row_number() OVER () - 1) AS "rowid" FROM read_csv(${literal(path)})`;
	return `CREATE OR REPLACE VIEW ${ident(view)} AS ${source}`;
}

export function countRowsSql(table: string): string {
	return `SELECT count(*) AS n FROM ${ident(table)}`;
}

/** Distinct values of a label as text (`v`), at most `limit` of them. */
export function distinctLabelSql(table: string, column: string, type: string, limit: number): string {
	return `${distinctLabelTextSql(table, column, type)} LIMIT ${limit}`;
}

/** The first row whose label (as text) is not one of the classes, its value and how many rows are like it. */
export function unknownLabelSql(table: string, column: string, text: string, classes: string[]): string {
	return (
		`SELECT count(*) AS n, min("rowid") AS r, arg_min(${ident(column)}::VARCHAR, "rowid") AS v FROM ${ident(table)} ` +
		`WHERE ${ident(column)} IS NOT NULL AND ${text} NOT IN (${classes.map(literal).join(', ')})`
	);
}

/** K numeric columns as one DOUBLE[K] array per row (NULL as NaN), for NodeDuckDB.readMatrix. */
export function matrixSql(table: string, columns: string[]): string {
	const items = columns.map((c) => `coalesce(${ident(c)}::DOUBLE, 'NaN'::DOUBLE)`);
	return `SELECT [${items.join(', ')}]::DOUBLE[${columns.length}] AS "m" FROM ${ident(table)}`;
}
