import { describe, expect, test } from 'vitest';
import * as parquet from 'parquet-wasm';
import { Table, makeVector, tableFromIPC, tableToIPC } from 'apache-arrow';
import { utf8Vector } from '../../../src/lib/data/load/arrow-vectors';
import { ipcFileToStream } from '../../../src/lib/data/load/arrow-ipc';

const MAGIC = new TextEncoder().encode('ARROW1');

/** An IPC file laid out as the Arrow spec (and DuckDB's C++ writer) does: magic, padding, the whole stream, footer, its length, magic. */
function specFile(stream: Uint8Array, footer: Uint8Array): Uint8Array {
	const out = new Uint8Array(8 + stream.length + footer.length + 4 + 6);
	out.set(MAGIC, 0);
	out.set(stream, 8);
	out.set(footer, 8 + stream.length);
	new DataView(out.buffer).setInt32(8 + stream.length + footer.length, footer.length, true);
	out.set(MAGIC, out.length - 6);
	return out;
}

describe('ipcFileToStream', () => {
	test('the stream inside an IPC file reads back as the same table, and writes to Parquet', () => {
		const n = 5000;
		const t = new Table({ row: makeVector(Int32Array.from({ length: n }, (_, i) => i)), text: utf8Vector(Array.from({ length: n }, (_, i) => (i % 3 ? `v${i}` : null))) });
		const stream = tableToIPC(t, 'stream');
		const file = specFile(stream, new Uint8Array(40).fill(7));
		const inner = ipcFileToStream(file)!;
		expect(Array.from(inner)).toEqual(Array.from(stream));
		const back = tableFromIPC(parquet.readParquet(parquet.writeParquet(parquet.Table.fromIPCStream(inner))).intoIPCStream());
		expect(back.numRows).toBe(n);
		expect(Array.from(back.getChild('row')!.toArray() as Int32Array)).toEqual(Array.from({ length: n }, (_, i) => i));
		expect([back.getChild('text')!.get(3), back.getChild('text')!.get(4)]).toEqual([null, 'v4']);
	});

	test('bytes that are not an IPC file give null', () => {
		const one = new Table({ a: makeVector(Int32Array.of(1)) });
		expect(ipcFileToStream(new Uint8Array(0))).toBeNull();
		expect(ipcFileToStream(tableToIPC(one, 'stream'))).toBeNull();
		const bad = specFile(tableToIPC(one, 'stream'), new Uint8Array(16));
		new DataView(bad.buffer).setInt32(bad.byteLength - 10, 1e9, true);
		expect(ipcFileToStream(bad)).toBeNull();
	});
});
