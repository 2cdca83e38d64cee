/**
 * The DuckDB side of a balanced validation set: read the attributes as text,
 * draw with core's {@link balancedDraw}, and export the drawn rows (`row`
 * 0-based, the attributes, the label) as CSV or Parquet.
 */
import { balancedDraw, type BalancedDraw } from '../../core/subclass/balanced-draw';
import type { DbAdapter } from '../db/adapter';
import { DATASET_TABLE } from '../dataset';
import { DataError } from '../load/errors';
import { ident } from '../sql/quote';

/** SQL reading columns as text in row order (NULL stays NULL). */
export function attributeTextSql(columns: readonly string[], table = DATASET_TABLE): string {
	return `SELECT ${columns.map((c, i) => `${ident(c)}::VARCHAR AS ${ident(`c${i}`)}`).join(', ')} FROM ${ident(table)} ORDER BY rowid`;
}

/**
 * Same rule as the dataset export (data/export.ts): a text cell starting with
 * = + - @ tab or CR (after any apostrophes) gets one more leading apostrophe,
 * so spreadsheets show it as text.
 */
function guarded(expr: string): string {
	return `CASE WHEN regexp_matches(${expr}, '^''*[=+@\\t\\r-]') THEN '''' || ${expr} ELSE ${expr} END`;
}

/**
 * SQL for the drawn rows: `row` (0-based) then the columns (as stored; with
 * `guardText` every column as guarded text, for CSV), ascending by row.
 * A column named `row` is written as `row_1`.
 */
export function drawnRowsSql(rows: readonly number[], columns: readonly string[], guardText: boolean, table = DATASET_TABLE): string {
	if (!rows.every((r) => Number.isSafeInteger(r) && r >= 0)) throw new RangeError('Rows must be non-negative integers.');
	const list = rows.length ? rows.join(', ') : '-1';
	const cols = columns.map((c) => {
		const name = c === 'row' ? 'row_1' : c;
		return `${guardText ? guarded(`${ident(c)}::VARCHAR`) : ident(c)} AS ${ident(name)}`;
	});
	return `SELECT rowid AS "row", ${cols.join(', ')} FROM ${ident(table)} WHERE rowid IN (${list}) ORDER BY rowid`;
}

/** Read the attributes of every row and draw the balanced set. */
export async function drawBalancedSet(db: DbAdapter, columns: readonly { name: string }[], by: readonly string[], perCell: number, seed: number, file: string): Promise<BalancedDraw> {
	const names = new Set(columns.map((c) => c.name));
	for (const b of by) if (!names.has(b)) throw new DataError(`${file}: has no column "${b}" (columns: ${[...names].slice(0, 20).join(', ')}${names.size > 20 ? ', ...' : ''}).`, { file, column: b });
	const found = await db.query(attributeTextSql(by));
	const values = by.map((_, i) => found.map((r) => {
		const v = r[`c${i}`];
		return v === null || v === undefined ? null : String(v);
	}));
	return balancedDraw(by, values, perCell, seed);
}

/** The drawn rows as file bytes. */
export function exportDrawn(db: DbAdapter, rows: readonly number[], columns: readonly string[], format: 'csv' | 'parquet'): Promise<Uint8Array> {
	const sql = drawnRowsSql(rows, columns, format === 'csv');
	return format === 'csv' ? db.exportCsv(sql) : db.exportParquet(sql);
}
