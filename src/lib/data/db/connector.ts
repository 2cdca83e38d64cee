/**
 * The seam between Plumb's SQL and a DuckDB: duckdb-wasm in the browser
 * worker, @duckdb/node-api in the CLI, a real in-memory DuckDB in tests.
 * Builders produce SQL strings; a Connector runs them.
 */
export type Row = Record<string, unknown>;

export interface Connector {
	/** Run a statement and return its rows as plain objects (BIGINT as number when safe). */
	query(sql: string): Promise<Row[]>;
	/** Run a statement for its effect. */
	exec(sql: string): Promise<void>;
}

/** Convert a value coming back from a DuckDB driver to a plain JS value. */
export function plainValue(v: unknown): unknown {
	if (typeof v === 'bigint') {
		return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
	}
	return v;
}
