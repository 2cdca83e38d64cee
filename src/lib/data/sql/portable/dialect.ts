import { ident as ansiIdent, literal } from '../quote';

/**
 * The one place where the SQL dialects of portable audit queries differ (issue #18):
 * identifier quoting, the names of the float64 and text types in casts, float literals, LIMIT.
 * Everything else the portable builders emit is plain ANSI SQL (CASE, GREATEST, window
 * functions, GROUP BY, UNION ALL), which each named engine accepts unchanged.
 */
export type DialectName = 'ansi' | 'duckdb' | 'spark' | 'trino' | 'bigquery';

export const DIALECT_NAMES: readonly DialectName[] = ['ansi', 'duckdb', 'spark', 'trino', 'bigquery'];

export interface Dialect {
	name: DialectName;
	/** a quoted identifier (column, table or alias) */
	ident(name: string): string;
	/** `CAST(expr AS <float64 type>)` */
	toDouble(expr: string): string;
	/** `CAST(expr AS <text type>)`: VARCHAR, or STRING in Spark and BigQuery */
	toText(expr: string): string;
	/** a float64 literal that reads back as exactly `value` (17 significant digits, exponent form) */
	float(value: number): string;
	/** an integer literal */
	int(value: number): string;
	/** a string literal: quotes doubled (ANSI, DuckDB, Trino) or backslash-escaped (Spark, BigQuery) */
	text(value: string): string;
	/** ` LIMIT n` clause (every named engine spells it the same; kept here to be changed in one place) */
	limit(n: number): string;
}

/** Backtick quoting (Spark SQL, BigQuery): inner backticks doubled. */
function backtickIdent(name: string): string {
	if (name.includes('\u0000')) throw new Error(`Column name ${JSON.stringify(name)} holds a NUL character.`);
	return '`' + name.replaceAll('`', '``') + '`';
}

/**
 * A float64 literal in exponent form. Every named engine reads `1.5e-1` as a double (not a
 * DECIMAL, whose conversion to double may round differently), and 17 significant digits
 * read back as the same double. Wrapped in a cast so engines that read it as a NUMERIC
 * (PostgreSQL-style ANSI) still compare doubles with doubles.
 */
function floatLiteral(value: number, toDouble: (e: string) => string): string {
	if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} as a SQL number.`);
	if (value === 0) return toDouble('0E0');
	return toDouble(value.toExponential(16).replace('e+', 'E').replace('e', 'E'));
}

/** `'it\'s'`: the string-literal form of Spark SQL and BigQuery, where a backslash escapes. */
function backslashText(value: string): string {
	if (value.includes('\u0000')) throw new Error(`Value ${JSON.stringify(value)} holds a NUL character.`);
	return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n').replaceAll('\r', '\\r')}'`;
}

function intLiteral(value: number): string {
	if (!Number.isSafeInteger(value)) throw new Error(`Cannot write ${value} as a SQL integer.`);
	return literal(value);
}

function makeDialect(name: DialectName, ident: (n: string) => string, doubleType: string, textType = 'VARCHAR', text: (v: string) => string = literal): Dialect {
	const toDouble = (expr: string) => `CAST(${expr} AS ${doubleType})`;
	return {
		name,
		ident,
		toDouble,
		toText: (expr) => `CAST(${expr} AS ${textType})`,
		float: (v) => floatLiteral(v, toDouble),
		int: intLiteral,
		text,
		limit: (n) => ` LIMIT ${intLiteral(n)}`
	};
}

const DIALECTS: Record<DialectName, Dialect> = {
	ansi: makeDialect('ansi', ansiIdent, 'DOUBLE PRECISION'),
	duckdb: makeDialect('duckdb', ansiIdent, 'DOUBLE'),
	trino: makeDialect('trino', ansiIdent, 'DOUBLE'),
	spark: makeDialect('spark', backtickIdent, 'DOUBLE', 'STRING', backslashText),
	bigquery: makeDialect('bigquery', backtickIdent, 'FLOAT64', 'STRING', backslashText)
};

/** The dialect of a name; throws a one-line usage message on an unknown one. */
export function dialect(name: string = 'ansi'): Dialect {
	if (!(DIALECT_NAMES as readonly string[]).includes(name)) {
		throw new Error(`Unknown SQL dialect '${name}'; use one of ${DIALECT_NAMES.join(', ')}.`);
	}
	return DIALECTS[name as DialectName];
}

/**
 * A table name as written by the user, possibly qualified (`catalog.schema.table`): each
 * dot-separated part quoted on its own. A part holding a dot cannot be named this way.
 */
export function tableRef(d: Dialect, name: string): string {
	const parts = name.split('.');
	if (parts.some((p) => p === '')) throw new Error(`Table name '${name}' has an empty part; write it as NAME or SCHEMA.NAME.`);
	return parts.map((p) => d.ident(p)).join('.');
}
