/**
 * Numeric columns kept in memory, in row order, from the Arrow a table was
 * created from. Reading a column back out of DuckDB-wasm costs far more than
 * any statistic computed on it (1M x 80 numbers: about 2 s), so the load path
 * copies the numeric columns of the Arrow it inserts (Parquet decoded by
 * parquet-wasm, Arrow files, JSON) before handing it over, within a memory
 * budget. Drift and confident learning then take them from here instead of
 * from DuckDB; for tables loaded without Arrow (CSV), drift holds what it had
 * to read out of DuckDB for the next comparison ({@link KeptColumnStore}).
 *
 * Each column is kept in the narrowest typed array that holds every value
 * exactly (Int32Array for a BIGINT column whose values fit, ...); a column
 * with NULLs is kept as a Float64Array (or Float32Array) with NaN for NULL,
 * which is what `readNumeric` returns for `CAST(column AS DOUBLE)`.
 */
import { tableFromIPC, Type, type DataType, type Table } from 'apache-arrow';
import { float64Column, type ArrowChunk } from './load/arrow-numbers';
import { sampleExtent, type SampleExtent } from '../core/stats/sample-extent';

/** A kept column: every value exactly, NaN for NULL (float arrays only). */
export type KeptArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** A kept column and its extent (computed once, when kept). */
export interface KeptColumn {
	values: KeptArray;
	extent: SampleExtent;
}

/** The numeric columns kept of one table, in row order. */
export interface KeptTable {
	rows: number;
	columns: Map<string, KeptColumn>;
	/** Bytes held by the columns. */
	bytes: number;
	/** Numeric columns not kept because the budget was spent. */
	dropped: string[];
}

/**
 * Numeric columns of a relation held in memory, so that they need not be read
 * out of DuckDB: a column's values in any order, NaN for NULL, exactly what
 * `CAST(column AS DOUBLE)` gives for every row of the relation.
 */
export interface InMemoryColumns {
	has(column: string): boolean;
	/** The values (the array may be shared, so it is never modified) and their extent. */
	get(column: string): { values: Float64Array; extent: SampleExtent };
	/**
	 * Offer a column just read out of DuckDB (every row, any order) to be held
	 * for next time; its extent when it is held (the array is then shared),
	 * null when not (no room).
	 */
	remember?(column: string, values: Float64Array): SampleExtent | null;
}

/** Default memory budget for kept columns over all tables: 768 MiB. */
export const KEPT_COLUMNS_BUDGET = 768 * 1024 ** 2;

/** Whether an Arrow type is kept: integers and 32/64-bit floats (not half floats, decimals, dates, booleans). */
function keptType(type: DataType): boolean {
	if (type.typeId === Type.Int) return true;
	if (type.typeId === Type.Float) return (type as unknown as { precision: number }).precision !== 0; // 0: HALF
	return false;
}

/** Whether every number fits an Int32 (and is an integer, not NaN). */
function fitsInt32(values: Float64Array): boolean {
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if ((v | 0) !== v) return false;
	}
	return true;
}

/** One column (all its chunks) as the narrowest exact typed array, or null when it is not kept. */
function keepColumn(chunks: readonly ArrowChunk[], rows: number): KeptArray | null {
	const type = chunks[0]?.type;
	if (!type || !keptType(type)) return null;
	const nulls = chunks.some((c) => c.nullCount > 0);
	const first = chunks[0]!.values as KeptArray | BigInt64Array | BigUint64Array;
	const int64 = first instanceof BigInt64Array || first instanceof BigUint64Array;
	// 64-bit integers, and NULLs anywhere but in a Float32 column: Float64 with NaN (Int32 when a BIGINT fits)
	if (int64 || (nulls && !(first instanceof Float32Array))) {
		const out = float64Column(chunks, rows);
		return int64 && !nulls && fitsInt32(out) ? Int32Array.from(out) : out;
	}
	// the chunks' own array type
	const out = new (first.constructor as new (n: number) => KeptArray)(rows);
	let at = 0;
	for (const c of chunks) {
		out.set((c.values as KeptArray).subarray(c.offset, c.offset + c.length) as never, at);
		if (c.nullCount > 0) for (let i = 0; i < c.length; i++) if (!c.getValid(i)) out[at + i] = NaN;
		at += c.length;
	}
	return out;
}

/**
 * The numeric columns of an Arrow table (or IPC stream, read before it is
 * handed to DuckDB, which detaches it), in column order until `budgetBytes`
 * is spent. Columns whose name appears twice (in any case) are not kept.
 */
export function keepNumericColumns(source: Table | Uint8Array, budgetBytes: number): KeptTable {
	const table = source instanceof Uint8Array ? tableFromIPC(source) : source;
	const rows = table.numRows;
	// DuckDB compares names without case: a name that two columns share that way is not kept
	const names = table.schema.fields.map((f) => f.name.toLowerCase());
	const kept: KeptTable = { rows, columns: new Map(), bytes: 0, dropped: [] };
	table.schema.fields.forEach((field, j) => {
		const name = field.name.toLowerCase();
		if (!keptType(field.type) || names.indexOf(name) !== names.lastIndexOf(name)) return;
		const vector = table.getChildAt(j);
		if (!vector) return;
		// the widest array it can take, before copying
		if (kept.bytes + rows * 8 > budgetBytes) {
			kept.dropped.push(field.name);
			return;
		}
		const values = keepColumn(vector.data, rows);
		if (!values) return;
		kept.columns.set(field.name, { values, extent: sampleExtent(values) });
		kept.bytes += values.byteLength;
	});
	return kept;
}

/** A kept column as a Float64Array: the array itself when it is one (do not modify it), else a copy. */
export function asFloat64(values: KeptArray): Float64Array {
	return values instanceof Float64Array ? values : Float64Array.from(values);
}

/**
 * The rows of a kept table whose flags have `bit` set (flags: one per row, in
 * row order; e.g. bit 1 = on the reference side of a split, bit 2 = on the
 * current side), copied out per column.
 */
export function rowsWithFlag(kept: KeptTable, flags: ArrayLike<number>, bit: number): InMemoryColumns {
	if (flags.length !== kept.rows) throw new RangeError(`rowsWithFlag: ${flags.length} flags for ${kept.rows} rows`);
	let n = 0;
	for (let i = 0; i < flags.length; i++) if (flags[i]! & bit) n++;
	return {
		has: (c) => kept.columns.has(c),
		get: (c) => {
			const { values } = kept.columns.get(c)!;
			const out = new Float64Array(n);
			let k = 0;
			for (let i = 0; i < flags.length; i++) if (flags[i]! & bit) out[k++] = values[i]!;
			return { values: out, extent: sampleExtent(out) };
		}
	};
}

/**
 * Kept columns per table, under one memory budget: those kept at load (in row
 * order, see {@link KeptTable}) and, for tables loaded without Arrow (CSV),
 * columns drift read out of DuckDB once ("read back": every row, but in no
 * particular order, so only for comparisons of whole tables). A table's
 * columns are replaced when it is loaded again and dropped with it.
 */
export class KeptColumnStore {
	private tables = new Map<string, KeptTable>();
	private readBack = new Map<string, Map<string, KeptColumn & { values: Float64Array }>>();

	constructor(readonly budgetBytes = KEPT_COLUMNS_BUDGET) {}

	/** Bytes held for one table. */
	private bytesOf(table: string): number {
		let n = this.tables.get(table)?.bytes ?? 0;
		for (const c of this.readBack.get(table)?.values() ?? []) n += c.values.byteLength;
		return n;
	}

	/** Bytes the columns of `table` may take: the budget less what the other tables hold. */
	budgetFor(table: string): number {
		let used = 0;
		for (const name of new Set([...this.tables.keys(), ...this.readBack.keys()])) if (name !== table) used += this.bytesOf(name);
		return Math.max(0, this.budgetBytes - used);
	}

	/** Replace what is kept for `table` (null: nothing is), read-back columns included. */
	set(table: string, kept: KeptTable | null): void {
		this.readBack.delete(table);
		if (kept && kept.columns.size > 0) this.tables.set(table, kept);
		else this.tables.delete(table);
	}

	/** What was kept at load, in row order. */
	get(table: string): KeptTable | undefined {
		return this.tables.get(table);
	}

	delete(table: string): void {
		this.tables.delete(table);
		this.readBack.delete(table);
	}

	/** Bytes held over all tables. */
	get bytes(): number {
		let n = 0;
		for (const name of new Set([...this.tables.keys(), ...this.readBack.keys()])) n += this.bytesOf(name);
		return n;
	}

	/**
	 * Every row of `table` (in no particular order): the columns kept at load,
	 * else those read back before; a column read out of DuckDB is held for
	 * next time when the budget has room.
	 */
	wholeTable(table: string): InMemoryColumns {
		const kept = this.tables.get(table);
		const back = () => this.readBack.get(table);
		return {
			has: (c) => !!kept?.columns.has(c) || !!back()?.has(c),
			get: (c) => {
				const k = kept?.columns.get(c);
				if (k) return { values: asFloat64(k.values), extent: k.extent };
				const { values, extent } = back()!.get(c)!;
				return { values, extent };
			},
			remember: (c, values) => {
				if (kept?.columns.has(c) || this.bytesOf(table) + values.byteLength > this.budgetFor(table)) return null;
				const extent = sampleExtent(values);
				let columns = this.readBack.get(table);
				if (!columns) this.readBack.set(table, (columns = new Map()));
				columns.set(c, { values, extent });
				return extent;
			}
		};
	}
}
