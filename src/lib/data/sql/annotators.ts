/**
 * SQL for many labels per example (pure builders; every identifier through
 * ident(), every value through literal()). A label is read as text
 * (integer-valued floats as integers, so 1.0 matches class "1"); an empty
 * text or "-1" counts as not labeled (an abstaining labeling function).
 * Results come back sparse: one row per label, (item i, annotator j, class code c),
 * ordered by item then annotator, with c = -2 for a value that is no class.
 */
import { labelTextOfSql } from './labels';
import { ident, literal } from './quote';

/** A column and its DuckDB type. */
export interface TypedColumn {
	name: string;
	type: string;
}

/** Code of a label that is not one of the classes. */
export const UNKNOWN_CODE = -2;

/** The label text of a column, NULL when not labeled (NULL, '', '-1'). */
export function labelValueSql(column: TypedColumn, alias?: string): string {
	const expr = alias ? `${alias}.${ident(column.name)}` : ident(column.name);
	return `NULLIF(NULLIF(trim(${labelTextOfSql(expr, column.type)}), ''), '-1')`;
}

/** Whether any annotator column holds "-1" (labeling functions that abstain). */
export function abstainCountSql(table: string, columns: TypedColumn[]): string {
	return `SELECT ${columns.map((c) => `count(*) FILTER (WHERE trim(${labelTextOfSql(ident(c.name), c.type)}) = '-1')`).join(' + ')} AS n FROM ${ident(table)}`;
}

/** Distinct label texts over the annotator columns (NULLs left out). */
export function distinctLabelsSql(table: string, columns: TypedColumn[]): string {
	const parts = columns.map((c) => `SELECT DISTINCT ${labelValueSql(c)} AS v FROM ${ident(table)}`);
	return `SELECT DISTINCT v FROM (${parts.join(' UNION ALL ')}) WHERE v IS NOT NULL ORDER BY v`;
}

/** CASE mapping a label text expression to its class index (UNKNOWN_CODE when none). */
export function classCodeSql(valueExpr: string, classNames: readonly string[]): string {
	return `(CASE ${valueExpr} ${classNames.map((c, j) => `WHEN ${literal(c)} THEN ${j}`).join(' ')} ELSE ${UNKNOWN_CODE} END)`;
}

/** Wide: one label per (row, annotator column) that is labeled, as (i, j, c) ordered by i, j. */
export function wideSparseSql(table: string, columns: TypedColumn[], classNames: readonly string[]): string {
	const parts = columns.map((col, j) => {
		const v = labelValueSql(col);
		return `SELECT rowid AS i, ${j} AS j, ${classCodeSql(v, classNames)} AS c FROM ${ident(table)} WHERE ${v} IS NOT NULL`;
	});
	return `SELECT i::DOUBLE AS i, j::DOUBLE AS j, c::DOUBLE AS c FROM (${parts.join(' UNION ALL ')}) ORDER BY i, j`;
}

/** The first row (0-based) and the offending text of a column whose value is not a class. */
export function firstUnknownSql(table: string, column: TypedColumn, classNames: readonly string[]): string {
	const v = labelValueSql(column);
	return `SELECT rowid AS r, ${v} AS v FROM ${ident(table)} WHERE ${v} IS NOT NULL AND ${classCodeSql(v, classNames)} = ${UNKNOWN_CODE} ORDER BY rowid LIMIT 1`;
}

/** Long format: the names of the item, annotator and label columns. */
export interface LongColumns {
	item: TypedColumn;
	annotator: TypedColumn;
	label: TypedColumn;
}

/** First row with a NULL item or annotator id. */
export function longNullKeySql(table: string, c: LongColumns): string {
	return `SELECT rowid AS r, ${ident(c.item.name)} IS NULL AS no_item FROM ${ident(table)} WHERE ${ident(c.item.name)} IS NULL OR ${ident(c.annotator.name)} IS NULL ORDER BY rowid LIMIT 1`;
}

/** The first (item, annotator) pair given more than one row, with its first two rows. */
export function longDuplicateSql(table: string, c: LongColumns): string {
	const it = ident(c.item.name);
	const an = ident(c.annotator.name);
	return (
		`SELECT ${it}::VARCHAR AS item, ${an}::VARCHAR AS annotator, count(*) AS n, min(rowid) AS r1, ` +
		`list(rowid ORDER BY rowid)[2] AS r2 FROM ${ident(table)} GROUP BY ${it}, ${an} HAVING count(*) > 1 ORDER BY r2 LIMIT 1`
	);
}

const LONG_ITEMS = 'plumb_long_items';
const LONG_ANNOTATORS = 'plumb_long_annotators';

/** Items in order of first appearance (i = 0..), annotators in the given order (j = 0..), as two temp tables. */
export function longIndexSql(table: string, c: LongColumns, annotators: readonly string[]): string[] {
	const it = ident(c.item.name);
	const values = annotators.map((a, j) => `(${literal(a)}, ${j})`).join(', ');
	return [
		`CREATE OR REPLACE TEMP TABLE ${ident(LONG_ITEMS)} AS SELECT ${it} AS key, row_number() OVER (ORDER BY min(rowid)) - 1 AS i, min(rowid) AS first_row FROM ${ident(table)} GROUP BY ${it}`,
		`CREATE OR REPLACE TEMP TABLE ${ident(LONG_ANNOTATORS)} AS SELECT key, j FROM (VALUES ${values}) AS v(key, j)`
	];
}

/** Item ids (text) in item order, and the first row of each. */
export function longItemsSql(): string {
	return `SELECT key::VARCHAR AS key, first_row FROM ${ident(LONG_ITEMS)} ORDER BY i`;
}

/** Annotator names (text) in annotator order. */
export function longAnnotatorsSql(): string {
	return `SELECT key::VARCHAR AS key FROM ${ident(LONG_ANNOTATORS)} ORDER BY j`;
}

/** Long rows pivoted to sparse (i, j, c), NULL labels left out, ordered by i, j; `r` is the source row. */
export function longSparseSql(table: string, c: LongColumns, classNames: readonly string[]): string {
	const v = labelValueSql(c.label, 't');
	return (
		`SELECT it.i::DOUBLE AS i, an.j::DOUBLE AS j, ${classCodeSql(v, classNames)}::DOUBLE AS c, t.rowid::DOUBLE AS r FROM ${ident(table)} t ` +
		`JOIN ${ident(LONG_ITEMS)} it ON it.key = t.${ident(c.item.name)} JOIN ${ident(LONG_ANNOTATORS)} an ON an.key = t.${ident(c.annotator.name)}::VARCHAR ` +
		`WHERE ${v} IS NOT NULL ORDER BY it.i, an.j`
	);
}

/** Distinct label texts of the long label column. */
export function longDistinctLabelsSql(table: string, c: LongColumns): string {
	return distinctLabelsSql(table, [c.label]);
}

/** Counts format: each class column as a DOUBLE count per row (NULL read as NaN), row order. */
export function countsSql(table: string, columns: readonly string[]): string {
	return `SELECT ${columns.map((c, j) => `TRY_CAST(${ident(c)} AS DOUBLE) AS ${ident(`n${j}`)}`).join(', ')} FROM ${ident(table)} ORDER BY rowid`;
}

/**
 * A per-row attribute as text in row order (wide), or per item at its first row
 * (long: `firstRows` is the item table). NULL stays NULL.
 */
export function attributeTextSql(table: string, column: TypedColumn, perItem: boolean): string {
	const v = labelTextOfSql(perItem ? `t.${ident(column.name)}` : ident(column.name), column.type);
	if (!perItem) return `SELECT ${v} AS v FROM ${ident(table)} ORDER BY rowid`;
	return `SELECT ${v} AS v FROM ${ident(LONG_ITEMS)} it JOIN ${ident(table)} t ON t.rowid = it.first_row ORDER BY it.i`;
}

/** Rows of a table. */
export function rowCountSql(table: string): string {
	return `SELECT count(*) AS n FROM ${ident(table)}`;
}

/** Distinct annotator ids of a long file, as text. */
export function longAnnotatorKeysSql(table: string, c: LongColumns): string {
	return `SELECT DISTINCT ${ident(c.annotator.name)}::VARCHAR AS v FROM ${ident(table)}`;
}

/** One cell as text, by 0-based row. */
export function cellTextSql(table: string, column: string, row: number): string {
	return `SELECT ${ident(column)}::VARCHAR AS v FROM ${ident(table)} WHERE rowid = ${literal(row)}`;
}
