import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import initParquet, { readParquet, writeParquet, Table as ParquetTable, WriterPropertiesBuilder, Compression, EnabledStatistics } from 'parquet-wasm/esm';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { CSV_COPY_OPTIONS } from '../export';
import { ipcFileToStream } from '../load/arrow-ipc';
import { float64Column } from '../load/arrow-numbers';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { DbAdapter, NumericColumns } from './adapter';
import { plainValue, type Row } from './connector';
import { ident, literal } from '../sql/quote';

/**
 * A {@link DbAdapter} over duckdb-wasm's `eh` bundle, served from our own
 * origin (the `?url` imports), never a CDN. Parquet is decoded by
 * parquet-wasm because the npm duckdb-wasm build would download its parquet
 * extension at run time.
 */
export class WasmDuckDB implements DbAdapter {
	private seq = 0;
	private constructor(
		private db: duckdb.AsyncDuckDB,
		private conn: duckdb.AsyncDuckDBConnection
	) {}

	static async open(): Promise<WasmDuckDB> {
		const worker = new Worker(new URL(ehWorker, self.location.href).href);
		const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
		await db.instantiate(new URL(ehWasm, self.location.href).href);
		// Never let DuckDB reach for the network (extensions, remote files).
		await db.open({ query: { castBigIntToDouble: true }, filesystem: { allowFullHTTPReads: false } });
		const conn = await db.connect();
		await conn.query(`SET autoinstall_known_extensions = false`).catch(() => {});
		await conn.query(`SET autoload_known_extensions = false`).catch(() => {});
		await initParquet({ module_or_path: new URL(parquetWasm, self.location.href).href });
		return new WasmDuckDB(db, conn);
	}

	async query(sql: string): Promise<Row[]> {
		const table = await this.conn.query(sql);
		const names = table.schema.fields.map((f) => f.name);
		const out: Row[] = new Array(table.numRows);
		const cols = names.map((_, j) => table.getChildAt(j));
		for (let i = 0; i < table.numRows; i++) {
			const r: Row = {};
			names.forEach((n, j) => {
				r[n] = toPlain(cols[j]?.get(i));
			});
			out[i] = r;
		}
		return out;
	}

	async readNumeric(sql: string): Promise<NumericColumns> {
		const table = await this.conn.query(sql);
		const out: NumericColumns = {};
		table.schema.fields.forEach((f, j) => {
			out[f.name] = float64Column(table.getChildAt(j)!.data, table.numRows);
		});
		return out;
	}

	async exec(sql: string): Promise<void> {
		await this.conn.query(sql);
	}

	async createFromArrow(table: string, ipcStream: Uint8Array): Promise<void> {
		await this.conn.insertArrowFromIPCStream(ipcStream, { name: table, create: true });
	}

	/**
	 * The CSV registered last. registerFileBuffer transfers (detaches) the
	 * bytes, so a retry with other read_csv options (a column re-read as text)
	 * reuses the registered file instead of registering the bytes again.
	 */
	private csv: { bytes: Uint8Array; name: string } | null = null;

	async createFromCsv(table: string, _file: string, bytes: Uint8Array, options: string): Promise<void> {
		if (this.csv?.bytes !== bytes) {
			if (this.csv) await this.db.dropFile(this.csv.name);
			const name = `plumb_${this.seq++}.csv`;
			await this.db.registerFileBuffer(name, bytes);
			this.csv = { bytes, name };
		}
		await this.exec(`CREATE TABLE ${ident(table)} AS SELECT * FROM read_csv(${literal(this.csv.name)}, ${options})`);
		await this.db.dropFile(this.csv.name);
		this.csv = null;
	}

	async exportCsv(sql: string): Promise<Uint8Array> {
		const name = `plumb_out_${this.seq++}.csv`;
		await this.exec(`COPY (${sql}) TO ${literal(name)} ${CSV_COPY_OPTIONS}`);
		try {
			return await this.db.copyFileToBuffer(name);
		} finally {
			await this.db.dropFile(name);
		}
	}

	async exportParquet(sql: string): Promise<Uint8Array> {
		// The npm build has no parquet writer; parquet-wasm writes the Arrow result. DuckDB's
		// result bytes go to it as they are (no Arrow JS table, no re-encoding: a million rows
		// is hundreds of MB copied twice); the Arrow JS route is the fallback.
		const file = await this.conn.useUnsafe((db, conn) => db.runQuery(conn, sql));
		const stream = ipcFileToStream(file);
		if (stream) {
			try {
				return writeParquet(ParquetTable.fromIPCStream(stream), parquetWriterProperties());
			} catch {
				/* not readable as a stream: take the long way below */
			}
		}
		const table = tableFromIPC(file);
		return writeParquet(ParquetTable.fromIPCStream(tableToIPC(table, 'stream')), parquetWriterProperties());
	}

	parquetToArrow(bytes: Uint8Array): Uint8Array {
		return readParquet(bytes).intoIPCStream();
	}

	async createFromParquet(table: string, _file: string, bytes: Uint8Array): Promise<void> {
		await this.createFromArrow(table, this.parquetToArrow(bytes));
	}
}

/**
 * How exports are written: Snappy-compressed pages, chunk-level statistics,
 * no dictionary encoding. The default tries a dictionary for every column and
 * falls back on the many with a million distinct values (probabilities,
 * scores): that doubled the time of a 1,000,000-row export for a similar size.
 */
function parquetWriterProperties() {
	return new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).setDictionaryEnabled(false).setStatisticsEnabled(EnabledStatistics.Chunk).build();
}

/** Arrow values to plain JS: lists to arrays, bigint to number, dates stay numbers. */
function toPlain(v: unknown): unknown {
	if (v === null || v === undefined) return null;
	if (typeof v === 'bigint') return plainValue(v);
	if (typeof v === 'object' && v !== null && 'toArray' in v && typeof (v as { toArray: unknown }).toArray === 'function') {
		return Array.from((v as { toArray(): ArrayLike<unknown> }).toArray(), toPlain);
	}
	return v;
}
