/**
 * DuckDB type names to coarse kinds (integer, float, boolean, string, date, list).
 */
import type { ColumnKind } from './types';

const INTEGER_TYPES = new Set([
	'TINYINT', 'INT1', 'SMALLINT', 'INT2', 'SHORT', 'INTEGER', 'INT', 'INT4', 'SIGNED', 'BIGINT',
	'INT8', 'LONG', 'HUGEINT', 'INT128', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT',
	'UHUGEINT', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64'
]);
const FLOAT_TYPES = new Set([
	'FLOAT', 'FLOAT4', 'REAL', 'DOUBLE', 'FLOAT8', 'DECIMAL', 'NUMERIC', 'FLOAT16', 'FLOAT32',
	'FLOAT64', 'DOUBLE PRECISION'
]);
const BOOLEAN_TYPES = new Set(['BOOLEAN', 'BOOL', 'LOGICAL']);
const STRING_TYPES = new Set([
	'VARCHAR', 'CHAR', 'BPCHAR', 'TEXT', 'STRING', 'NVARCHAR', 'UUID', 'ENUM', 'JSON', 'UTF8'
]);

/** Matches a trailing list (`[]`) or fixed-size array (`[10]`) suffix. */
const LIST_SUFFIX = /\[\s*\d*\s*\]$/;

/**
 * Maps a DuckDB type name to its {@link ColumnKind}. `DECIMAL(p,0)` counts as
 * integer; `TIME` (time of day), BLOB, STRUCT, MAP and INTERVAL are 'other'.
 */
export function columnKind(duckdbType: string): ColumnKind {
	const t = duckdbType.trim().toUpperCase();
	if (LIST_SUFFIX.test(t) || /^LIST\s*[<(]/.test(t)) return 'list';
	const params = /\(([^)]*)\)\s*$/.exec(t)?.[1];
	const base = t.replace(/\s*\(.*$/s, '').trim();
	if (INTEGER_TYPES.has(base)) return 'integer';
	if (FLOAT_TYPES.has(base)) {
		const scale = params?.split(',')[1]?.trim();
		return (base === 'DECIMAL' || base === 'NUMERIC') && scale === '0' ? 'integer' : 'float';
	}
	if (BOOLEAN_TYPES.has(base)) return 'boolean';
	if (STRING_TYPES.has(base)) return 'string';
	if (base === 'DATE' || base === 'DATETIME' || base.startsWith('TIMESTAMP')) return 'date';
	return 'other';
}

/** Kind of the elements of a list/array type, or null when not a list. */
export function listElementKind(duckdbType: string): ColumnKind | null {
	const t = duckdbType.trim();
	if (LIST_SUFFIX.test(t)) return columnKind(t.replace(LIST_SUFFIX, ''));
	const inner = /^LIST\s*[<(](.*)[>)]$/is.exec(t)?.[1];
	return inner === undefined ? null : columnKind(inner);
}

export const isNumericKind = (k: ColumnKind): boolean => k === 'integer' || k === 'float';
/** Kinds that hold one scalar value per row (usable as a group or a label). */
export const isScalarKind = (k: ColumnKind): boolean =>
	k === 'integer' || k === 'float' || k === 'boolean' || k === 'string';
