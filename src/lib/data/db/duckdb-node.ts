import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import * as parquet from 'parquet-wasm';
import type { DbAdapter, NumericColumns } from './adapter';
import { plainValue, type Row } from './connector';
import { ident, literal } from '../sql/quote';
import { CSV_COPY_OPTIONS } from '../export';

/** Whether typed arrays are little-endian here (DuckDB's validity words are read as bytes). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
	private tmp = mkdtempSync(join(tmpdir(), 'plumb-'));
	private seq = 0;

	private constructor(
		private instance: DuckDBInstance,
		private conn: DuckDBConnection
	) {}

	static async open(path = ':memory:'): Promise<NodeDuckDB> {
		const instance = await DuckDBInstance.create(path);
		return new NodeDuckDB(instance, await instance.connect());
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
		const result = await this.conn.run(sql);
		const names = result.columnNames();
		const parts: Float64Array[][] = names.map(() => []);
		for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
			const n = chunk.rowCount;
			names.forEach((_, j) => {
				const vec = chunk.getColumnVector(j) as unknown as {
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
				parts[j]!.push(out);
			});
		}
		return Object.fromEntries(names.map((name, j) => [name, concat(parts[j]!)]));
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
		const pq = parquet.writeParquet(parquet.Table.fromIPCStream(ipcStream));
		await this.createFromParquet(table, 'arrow', pq);
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
