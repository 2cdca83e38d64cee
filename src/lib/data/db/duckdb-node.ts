import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBDataChunk, DuckDBInstance, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import * as duckdbTypes from '@duckdb/node-api';
import type { DbAdapter, NumericColumns } from './adapter';
import { plainValue, type Row } from './connector';
import { ident, literal } from '../sql/quote';
import { CSV_COPY_OPTIONS } from '../export';

/** Whether typed arrays are little-endian here (DuckDB's validity words are read as bytes). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A DOUBLE vector's values, NaN for NULL (a copy of the chunk's). */
function readDoubles(vector: unknown, n: number): Float64Array {
	const vec = vector as {
		items?: Float64Array;
		validity?: { itemValid(i: number): boolean; data?: BigUint64Array | null; offset?: number };
		getItem(i: number): unknown;
	};
	const out = new Float64Array(n);
	if (vec.items instanceof Float64Array && vec.validity) {
		out.set(vec.items.subarray(0, n));
		const bits = vec.validity.data;
		if (bits === null && vec.validity.offset === 0) {
			// no validity mask: no NULLs
		} else if (bits instanceof BigUint64Array && vec.validity.offset === 0 && LITTLE_ENDIAN) {
			// the mask's bytes (little-endian words): bit i of the mask is bit i % 8 of byte i / 8; avoids a BigInt per value
			const bytes = new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
			for (let i = 0; i < n; i++) if (((bytes[i >> 3]! >> (i & 7)) & 1) === 0) out[i] = NaN;
		} else {
			for (let i = 0; i < n; i++) if (!vec.validity.itemValid(i)) out[i] = NaN;
		}
	} else {
		for (let i = 0; i < n; i++) {
			const v = vec.getItem(i);
			out[i] = v === null || v === undefined ? NaN : Number(v);
		}
	}
	return out;
}

function concat(parts: Float64Array[]): Float64Array {
	if (parts.length === 1) return parts[0]!;
	const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
	let o = 0;
	for (const p of parts) {
		out.set(p, o);
		o += p.length;
	}
	return out;
}

type NumericArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array;

/** Typed arrays the appender takes as they are, with their DuckDB type. */
const APPEND_TYPES = new Map<Function, { sql: string; type: () => DuckDBType }>([
	[Float64Array, { sql: 'DOUBLE', type: () => duckdbTypes.DOUBLE }],
	[Float32Array, { sql: 'FLOAT', type: () => duckdbTypes.FLOAT }],
	[Int32Array, { sql: 'INTEGER', type: () => duckdbTypes.INTEGER }],
	[Int16Array, { sql: 'SMALLINT', type: () => duckdbTypes.SMALLINT }],
	[Int8Array, { sql: 'TINYINT', type: () => duckdbTypes.TINYINT }],
	[Uint8Array, { sql: 'UTINYINT', type: () => duckdbTypes.UTINYINT }],
	[Uint16Array, { sql: 'USMALLINT', type: () => duckdbTypes.USMALLINT }],
	[Uint32Array, { sql: 'UINTEGER', type: () => duckdbTypes.UINTEGER }]
]);

/** DuckDB's error with our temporary path replaced by the user's file name. */
function renamed(e: unknown, path: string, file: string): Error {
	const err = e instanceof Error ? e : new Error(String(e));
	err.message = err.message.replaceAll(path, file);
	return err;
}

/**
 * A {@link DbAdapter} over native DuckDB (@duckdb/node-api), for the CLI and
 * for tests that run generated SQL against a real DuckDB. Bytes that DuckDB
 * must read from disk go to a private temporary folder removed by `close()`.
 */
export class NodeDuckDB implements DbAdapter {
	private tmp = '';
	private seq = 0;

	private constructor(
		private instance: DuckDBInstance,
		private conn: DuckDBConnection
	) {}

	/** `config`: DuckDB settings (e.g. memory_limit; temp_directory defaults to this adapter's private folder). */
	static async open(path = ':memory:', config: Record<string, string> = {}): Promise<NodeDuckDB> {
		const tmp = mkdtempSync(join(tmpdir(), 'plumb-'));
		const instance = await DuckDBInstance.create(path, { temp_directory: join(tmp, 'spill'), ...config });
		const db = new NodeDuckDB(instance, await instance.connect());
		db.tmp = tmp;
		return db;
	}

	/** This adapter's private temporary folder (removed by close()). */
	get tempDir(): string {
		return this.tmp;
	}

	/** The end of the queue of calls on the connection. */
	private last: Promise<unknown> = Promise.resolve();

	/**
	 * Run calls on the one connection one after another: callers may overlap
	 * (drift counts categories while it reads numeric columns), and a
	 * connection runs one statement at a time.
	 */
	private serial<T>(call: () => Promise<T>): Promise<T> {
		const run = this.last.then(call, call);
		this.last = run.catch(() => {});
		return run;
	}

	query(sql: string): Promise<Row[]> {
		return this.serial(async () => {
			const reader = await this.conn.runAndReadAll(sql);
			return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plainValue(v)])));
		});
	}

	readNumeric(sql: string): Promise<NumericColumns> {
		return this.serial(() => this.readNumericNow(sql));
	}

	private async readNumericNow(sql: string): Promise<NumericColumns> {
		// Chunk by chunk: DOUBLE vectors are copied as typed arrays; other types go value by value.
		// A streamed result hands chunks over about twice as fast as a materialised one (conn.run).
		const result = await this.conn.stream(sql);
		const names = result.columnNames();
		const parts: Float64Array[][] = names.map(() => []);
		for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
			const n = chunk.rowCount;
			names.forEach((_, j) => {
				parts[j]!.push(readDoubles(chunk.getColumnVector(j), n));
			});
		}
		return Object.fromEntries(names.map((name, j) => [name, concat(parts[j]!)]));
	}

	/**
	 * Read a query whose one column is a DOUBLE[k] array with no NULLs (see
	 * native/sql.ts matrixSql) into one N x K row-major matrix: each chunk's
	 * array values are already row-major, copied once. `rows` sizes it up
	 * front when known (0: grown as chunks arrive).
	 */
	readMatrix(sql: string, k: number, rows = 0): Promise<{ data: Float64Array; n: number }> {
		return this.serial(async () => {
			const result = await this.conn.stream(sql);
			let data = new Float64Array(Math.max(rows, 2048) * k);
			let n = 0;
			for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
				const m = chunk.rowCount;
				const items = (chunk.getColumnVector(0) as unknown as { childData?: { items?: unknown } }).childData?.items;
				if (!(items instanceof Float64Array)) throw new Error('readMatrix: the query must return one DOUBLE[k] column.');
				if ((n + m) * k > data.length) {
					const grown = new Float64Array(Math.max(2 * data.length, (n + m) * k));
					grown.set(data.subarray(0, n * k));
					data = grown;
				}
				data.set(items.subarray(0, m * k), n * k);
				n += m;
			}
			return { data: data.length === n * k ? data : data.slice(0, n * k), n };
		});
	}

	async exec(sql: string): Promise<void> {
		await this.serial(() => this.conn.run(sql));
	}

	private file(bytes: Uint8Array, ext: string): string {
		const path = join(this.tmp, `f${this.seq++}.${ext}`);
		writeFileSync(path, bytes);
		return path;
	}

	async createFromArrow(table: string, ipcStream: Uint8Array): Promise<void> {
		// Plain numeric columns (row results, labels from an .npy) go in through DuckDB's appender;
		// anything else through Parquet, as before.
		const { tableFromIPC, Type } = await import('apache-arrow');
		const t = tableFromIPC(ipcStream);
		const columns: Record<string, NumericArray> = {};
		for (const f of t.schema.fields) {
			// integers and 32/64-bit floats only (a half float's values are a Uint16Array, a string's a Uint8Array of bytes)
			const type = f.type as { typeId: number; precision?: number };
			if (!(type.typeId === Type.Int || (type.typeId === Type.Float && type.precision !== 0))) break;
			const col = t.getChild(f.name);
			const data = col?.data.length === 1 && col.nullCount === 0 ? col.data[0]!.values : null;
			if (!data || !APPEND_TYPES.has(data.constructor as never) || data.length !== t.numRows) break;
			columns[f.name] = data as NumericArray;
		}
		if (Object.keys(columns).length === t.schema.fields.length) return this.createFromColumns(table, columns, t.numRows);
		const parquet = await import('parquet-wasm');
		const pq = parquet.writeParquet(parquet.Table.fromIPCStream(ipcStream));
		await this.createFromParquet(table, 'arrow', pq);
	}

	/** Create `table` from typed arrays of equal length (one column each), appended chunk by chunk. */
	createFromColumns(table: string, columns: Record<string, NumericArray>, rows: number): Promise<void> {
		return this.serial(async () => {
			const names = Object.keys(columns);
			const types = names.map((n) => APPEND_TYPES.get(columns[n]!.constructor as never)!);
			await this.conn.run(`CREATE TABLE ${ident(table)} (${names.map((n, j) => `${ident(n)} ${types[j]!.sql}`).join(', ')})`);
			const appender = await this.conn.createAppender(table);
			const CHUNK = 2048;
			const chunk = DuckDBDataChunk.create(types.map((t) => t.type()), CHUNK);
			// the vectors' items are JS copies written to DuckDB by flush(): fetched once, reused for every chunk
			const vectors = names.map((_, j) => chunk.getColumnVector(j) as unknown as { items: NumericArray; flush(): void });
			for (let start = 0; start < rows; start += CHUNK) {
				const n = Math.min(CHUNK, rows - start);
				chunk.rowCount = n;
				names.forEach((name, j) => {
					vectors[j]!.items.set(columns[name]!.subarray(start, start + n));
					vectors[j]!.flush();
				});
				appender.appendDataChunk(chunk);
			}
			appender.closeSync();
		});
	}

	async createFromCsv(table: string, file: string, bytes: Uint8Array, options: string): Promise<void> {
		const path = this.file(bytes, 'csv');
		await this.exec(`CREATE TABLE ${ident(table)} AS SELECT * FROM read_csv(${literal(path)}, ${options})`).catch((e) => {
			throw renamed(e, path, file);
		});
	}

	async createFromParquet(table: string, file: string, bytes: Uint8Array): Promise<void> {
		const path = this.file(bytes, 'parquet');
		await this.exec(`CREATE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${literal(path)})`).catch((e) => {
			throw renamed(e, path, file);
		});
	}

	async exportCsv(sql: string): Promise<Uint8Array> {
		const path = join(this.tmp, `out${this.seq++}.csv`);
		await this.exec(`COPY (${sql}) TO ${literal(path)} ${CSV_COPY_OPTIONS}`);
		return new Uint8Array(readFileSync(path));
	}

	async exportParquet(sql: string): Promise<Uint8Array> {
		const path = join(this.tmp, `out${this.seq++}.parquet`);
		await this.exec(`COPY (${sql}) TO ${literal(path)} (FORMAT parquet)`);
		return new Uint8Array(readFileSync(path));
	}

	close(): void {
		this.conn.closeSync();
		rmSync(this.tmp, { recursive: true, force: true });
	}
}
