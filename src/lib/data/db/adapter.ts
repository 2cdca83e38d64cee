import type { Connector } from './connector';

/**
 * What the load pipeline needs from a DuckDB beyond running SQL: creating a
 * table from Arrow, CSV or Parquet bytes. The browser worker implements it
 * over duckdb-wasm (Parquet decoded by parquet-wasm), the CLI over
 * @duckdb/node-api (native readers).
 */
/** Numeric columns read out of DuckDB as typed arrays (NULL read as NaN). */
export type NumericColumns = Record<string, Float64Array>;

export interface DbAdapter extends Connector {
	/** Run a query whose columns are all numeric and return them as Float64Arrays, NULL as NaN. */
	readNumeric(sql: string): Promise<NumericColumns>;
	/** Create `table` from an Arrow IPC stream. */
	createFromArrow(table: string, ipcStream: Uint8Array): Promise<void>;
	/** Create `table` from checked UTF-8 CSV bytes with the given read_csv options (SQL text). */
	createFromCsv(table: string, file: string, bytes: Uint8Array, options: string): Promise<void>;
	/** Run a query and return its result as CSV bytes (header row, RFC 4180 quoting). */
	exportCsv(sql: string): Promise<Uint8Array>;
	/** Run a query and return its result as Parquet bytes. */
	exportParquet(sql: string): Promise<Uint8Array>;
	/** Create `table` from Parquet bytes. */
	createFromParquet(table: string, file: string, bytes: Uint8Array): Promise<void>;
	/**
	 * Decode Parquet bytes to an Arrow IPC stream in JS, where DuckDB cannot
	 * read Parquet itself (the browser); `createFromParquet` is then
	 * `createFromArrow` of it. Absent where DuckDB reads Parquet natively.
	 */
	parquetToArrow?(bytes: Uint8Array): Uint8Array;
}
