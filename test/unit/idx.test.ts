import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { IdxError, parseIdx } from '../../src/lib/data/load/idx';

const MNIST = new URL('../../static/demo/mnist/', import.meta.url);

/** Builds an IDX file: header + big-endian values written by `put`. */
function idx(code: number, dims: number[], size: number, values: number[], put: (v: DataView, o: number, x: number) => void): Uint8Array {
	const header = 4 + 4 * dims.length;
	const out = new Uint8Array(header + size * values.length);
	const view = new DataView(out.buffer);
	out[2] = code;
	out[3] = dims.length;
	dims.forEach((d, i) => view.setInt32(4 + 4 * i, d, false));
	values.forEach((x, i) => put(view, header + size * i, x));
	return out;
}

describe('parseIdx on MNIST t10k images', () => {
	const bytes = gunzipSync(readFileSync(new URL('t10k-images-idx3-ubyte.gz', MNIST)));
	const { dims, data } = parseIdx(bytes, 't10k-images-idx3-ubyte');

	test('dims and data', () => {
		expect(dims).toEqual([10000, 28, 28]);
		expect(data).toBeInstanceOf(Uint8Array);
		expect(data.length).toBe(10000 * 28 * 28);
	});

	test('first image: row 7 and ink totals (checked independently with Python)', () => {
		expect(Array.from(data.subarray(7 * 28, 8 * 28))).toEqual([
			0, 0, 0, 0, 0, 0, 84, 185, 159, 151, 60, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
		]);
		let sum = 0;
		for (let i = 0; i < 784; i++) sum += data[i] as number;
		expect(sum).toBe(18454);
	});

	test('image count matches the labels shipped with the demo', () => {
		const npy = readFileSync(new URL('labels.npy', MNIST)).toString('latin1', 0, 128);
		const shape = /'shape':\s*\((\d+),\)/.exec(npy)?.[1];
		expect(Number(shape)).toBe(dims[0]);
	});
});

describe('parseIdx on synthetic files', () => {
	test('signed bytes', () => {
		const f = idx(0x09, [3], 1, [-1, 0, 127], (v, o, x) => v.setInt8(o, x));
		const r = parseIdx(f, 'b.idx');
		expect(r.dims).toEqual([3]);
		expect(r.data).toBeInstanceOf(Int8Array);
		expect(Array.from(r.data)).toEqual([-1, 0, 127]);
	});

	test('big-endian int16, int32, float32, float64', () => {
		const s = parseIdx(idx(0x0b, [2, 2], 2, [1, -2, 258, -32768], (v, o, x) => v.setInt16(o, x, false)), 's.idx');
		expect(s.data).toBeInstanceOf(Int16Array);
		expect(Array.from(s.data)).toEqual([1, -2, 258, -32768]);
		expect(s.dims).toEqual([2, 2]);

		const i = parseIdx(idx(0x0c, [3], 4, [65536, -1, 2147483647], (v, o, x) => v.setInt32(o, x, false)), 'i.idx');
		expect(i.data).toBeInstanceOf(Int32Array);
		expect(Array.from(i.data)).toEqual([65536, -1, 2147483647]);

		const f = parseIdx(idx(0x0d, [2], 4, [0.5, -3.25], (v, o, x) => v.setFloat32(o, x, false)), 'f.idx');
		expect(f.data).toBeInstanceOf(Float32Array);
		expect(Array.from(f.data)).toEqual([0.5, -3.25]);

		const d = parseIdx(idx(0x0e, [1, 2], 8, [Math.PI, -1e300], (v, o, x) => v.setFloat64(o, x, false)), 'd.idx');
		expect(d.data).toBeInstanceOf(Float64Array);
		expect(Array.from(d.data)).toEqual([Math.PI, -1e300]);
	});

	test('works on a view with a non-zero byte offset', () => {
		const f = idx(0x0c, [2], 4, [7, -8], (v, o, x) => v.setInt32(o, x, false));
		const padded = new Uint8Array(f.length + 3);
		padded.set(f, 3);
		expect(Array.from(parseIdx(padded.subarray(3), 'p.idx').data)).toEqual([7, -8]);
	});

	test('zero-sized dimension', () => {
		const r = parseIdx(idx(0x08, [0, 28, 28], 1, [], () => {}), 'empty.idx');
		expect(r.dims).toEqual([0, 28, 28]);
		expect(r.data.length).toBe(0);
	});
});

describe('parseIdx errors name the file', () => {
	const ok = idx(0x08, [2, 2], 1, [1, 2, 3, 4], (v, o, x) => v.setUint8(o, x));
	const fails = (bytes: Uint8Array, pattern: RegExp): void => {
		expect(() => parseIdx(bytes, 'my.idx')).toThrow(IdxError);
		expect(() => parseIdx(bytes, 'my.idx')).toThrow(pattern);
	};

	test('gzip input', () => fails(new Uint8Array(gzipSync(ok)), /^my\.idx is gzip-compressed; decompress it/));
	test('too short', () => fails(new Uint8Array([0, 0]), /^my\.idx is too short/));
	test('bad magic', () => fails(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), /^my\.idx is not an IDX file/));
	test('unknown type code', () => fails(new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0]), /^my\.idx: unknown IDX type code 0x0a/));
	test('truncated header', () => fails(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), /^my\.idx is truncated: the header declares 3 dimensions/));
	test('truncated data', () => fails(ok.subarray(0, ok.length - 1), /^my\.idx is truncated: 2 x 2 ubyte values need 4 data bytes but only 3/));
	test('trailing bytes', () => {
		const longer = new Uint8Array(ok.length + 2);
		longer.set(ok);
		fails(longer, /^my\.idx has 2 unexpected trailing bytes/);
	});
});
