/**
 * Numbers out of Arrow columns: the one place where a column's chunks become a
 * Float64Array with NaN for NULL (DuckDB-wasm results, columns kept at load).
 */
import type { Data, DataType } from 'apache-arrow';

/** One chunk (record batch) of an Arrow column. */
export type ArrowChunk = Data<DataType>;

/** A 64-bit integer chunk's values as numbers, rounded as Number(bigint) rounds, without a BigInt per value. */
function int64Into(chunk: ArrowChunk, values: BigInt64Array | BigUint64Array, out: Float64Array, at: number): void {
	const signed = values instanceof BigInt64Array;
	const words = new Int32Array(values.buffer, values.byteOffset + chunk.offset * 8, chunk.length * 2);
	for (let i = 0; i < chunk.length; i++) {
		// hi * 2^32 is exact and lo < 2^32 is exact, so the sum is rounded once, like Number(bigint)
		const lo = words[2 * i]! >>> 0;
		const hi = signed ? words[2 * i + 1]! : words[2 * i + 1]! >>> 0;
		out[at + i] = hi * 4294967296 + lo;
	}
}

/**
 * A numeric column (all its chunks, `rows` values) as a Float64Array, NaN for
 * NULL: DOUBLE chunks by block copy, 64-bit integers word by word, other
 * numbers value by value.
 */
export function float64Column(chunks: readonly ArrowChunk[], rows: number): Float64Array {
	const out = new Float64Array(rows);
	let at = 0;
	for (const chunk of chunks) {
		const values = chunk.values as ArrayLike<number> | BigInt64Array | BigUint64Array;
		if (values instanceof Float64Array) out.set(values.subarray(chunk.offset, chunk.offset + chunk.length), at);
		else if (values instanceof BigInt64Array || values instanceof BigUint64Array) int64Into(chunk, values, out, at);
		else for (let i = 0; i < chunk.length; i++) out[at + i] = Number(values[chunk.offset + i]);
		if (chunk.nullCount > 0) for (let i = 0; i < chunk.length; i++) if (!chunk.getValid(i)) out[at + i] = NaN;
		at += chunk.length;
	}
	return out;
}
