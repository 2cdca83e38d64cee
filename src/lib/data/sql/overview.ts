import { ident, literal } from './quote';

/** A column as DuckDB describes it. */
export interface ColumnType {
	name: string;
	type: string;
}

/** What the overview shows for one column. */
export interface ColumnOverview {
	name: string;
	type: string;
	nulls: number;
	distinct: number;
	min: string | null;
	max: string | null;
	/** Most frequent values (text and boolean columns). */
	top: string[];
	/** Whether `distinct` is a HyperLogLog estimate (large tables). */
	approx: boolean;
}

export interface Overview {
	rows: number;
	columns: ColumnOverview[];
	/** Set when only the first this-many columns have statistics (very wide tables). */
	describedColumns?: number;
}

const ORDERED = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*|DATE|TIME.*|TIMESTAMP.*|INTERVAL)$/i;
const LISTLIKE = /(\[\d*\]$|^STRUCT|^MAP|^UNION)/i;

/** SQL that lists a table's columns and their DuckDB types, in table order. */
export function describeSql(table: string): string {
	return `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = ${literal(table)} ORDER BY ordinal_position`;
}

/** Above this many rows, distinct counts are HyperLogLog estimates (exact ones cost seconds in the browser). */
export const EXACT_DISTINCT_MAX_ROWS = 200_000;

/**
 * One query computing, for every column: nulls, distinct values, min/max
 * (ordered types) or the three most frequent values (others). The result is
 * one wide row; {@link parseOverview} turns it into per-column records.
 * List/struct columns get only their null count. With `approx`, distinct
 * counts use approx_count_distinct.
 */
export function overviewSql(table: string, columns: readonly ColumnType[], approx = false): string {
	const parts = ['count(*) AS "rows"'];
	columns.forEach((c, i) => {
		const col = ident(c.name);
		parts.push(`count(${col}) AS "n${i}"`);
		if (LISTLIKE.test(c.type)) return;
		parts.push(approx ? `approx_count_distinct(${col}) AS "d${i}"` : `count(DISTINCT ${col}) AS "d${i}"`);
		if (ORDERED.test(c.type)) {
			parts.push(`min(${col})::VARCHAR AS "lo${i}"`, `max(${col})::VARCHAR AS "hi${i}"`);
		} else {
			parts.push(`approx_top_k(${col}::VARCHAR, 3) AS "top${i}"`);
		}
	});
	return `SELECT ${parts.join(', ')} FROM ${ident(table)}`;
}

/** Turn the wide row of {@link overviewSql} into an {@link Overview}. */
export function parseOverview(row: Record<string, unknown>, columns: readonly ColumnType[], approx = false): Overview {
	const rows = Number(row.rows ?? 0);
	return {
		rows,
		columns: columns.map((c, i) => {
			const top = row[`top${i}`];
			return {
				name: c.name,
				type: c.type,
				nulls: rows - Number(row[`n${i}`] ?? 0),
				distinct: Number(row[`d${i}`] ?? NaN),
				min: (row[`lo${i}`] as string | null | undefined) ?? null,
				max: (row[`hi${i}`] as string | null | undefined) ?? null,
				top: Array.isArray(top) ? top.filter((t) => t !== null).map(String) : [],
				approx
			};
		})
	};
}
