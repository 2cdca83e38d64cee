/**
 * Reading back a slice cube computed elsewhere (portable/slice-cube.ts) from a CSV or
 * Parquet file, into the table form sliceCountsSql reads with `cube: true`:
 * `g0` (`g1`), `__label`, `__pred` as text, `__issue` as boolean, `__n` rows.
 */
import { CUBE_COLUMNS } from './portable/slice-cube';
import { ident, literal } from './quote';

/** The file as a relation: Parquet as stored, CSV with every column as text (numbers are cast below). */
export function cubeFileSql(path: string, kind: 'csv' | 'parquet'): string {
	return kind === 'parquet' ? `read_parquet(${literal(path)})` : `read_csv(${literal(path)}, all_varchar = true, header = true)`;
}

/** The file's column names: `DESCRIBE`, one row per column (`column_name`). */
export function cubeColumnsSql(path: string, kind: 'csv' | 'parquet'): string {
	return `DESCRIBE SELECT * FROM ${cubeFileSql(path, kind)}`;
}

/** `CREATE TEMP TABLE table AS ...` the cube of `attributes` group columns in the reader's form. */
export function cubeTableSql(table: string, path: string, kind: 'csv' | 'parquet', attributes: number): string {
	const text = (c: string, as: string) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(as)}`;
	const cols = Array.from({ length: attributes }, (_, i) => text(CUBE_COLUMNS.group(i), CUBE_COLUMNS.group(i)));
	cols.push(text(CUBE_COLUMNS.label, '__label'), text(CUBE_COLUMNS.pred, '__pred'));
	cols.push(`CAST(CAST(${ident(CUBE_COLUMNS.issue)} AS DOUBLE) AS INTEGER) = 1 AS ${ident('__issue')}`);
	cols.push(`CAST(CAST(${ident(CUBE_COLUMNS.n)} AS DOUBLE) AS BIGINT) AS ${ident('__n')}`);
	return `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS SELECT ${cols.join(', ')} FROM ${cubeFileSql(path, kind)}`;
}

/** Rows whose count is missing, not a whole number or negative: the first one, for the error message. */
export function badCubeCountSql(path: string, kind: 'csv' | 'parquet'): string {
	const n = `TRY_CAST(${ident(CUBE_COLUMNS.n)} AS DOUBLE)`;
	return `SELECT r, v FROM (SELECT row_number() OVER () AS r, CAST(${ident(CUBE_COLUMNS.n)} AS VARCHAR) AS v, ${n} AS x FROM ${cubeFileSql(path, kind)}) WHERE x IS NULL OR x < 0 OR x <> floor(x) LIMIT 1`;
}

/** The distinct given labels of a cube table (for the binary task's positive class). */
export function cubeLabelsSql(table: string): string {
	return `SELECT DISTINCT ${ident('__label')} AS v FROM ${ident(table)} WHERE ${ident('__label')} IS NOT NULL ORDER BY 1`;
}
