import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { asLabels, asMatrix, encodeNpy, float16ToNumber, NpyError, parseNpy } from '../../../src/lib/data/load/npy';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** A .npy file with any header text and version, data bytes appended as given. */
function rawNpy(header: string, data: Uint8Array, major = 1): Uint8Array {
	const lenBytes = major === 1 ? 2 : 4;
	const pre = MAGIC.length + 2 + lenBytes;
	const total = Math.ceil((pre + header.length + 1) / 64) * 64;
	const text = header.padEnd(total - pre - 1, ' ') + '\n';
	const out = new Uint8Array(total + data.length);
	out.set(MAGIC);
	out[6] = major;
	const view = new DataView(out.buffer);
	if (major === 1) view.setUint16(8, text.length, true);
	else view.setUint32(8, text.length, true);
	out.set(new TextEncoder().encode(text), pre);
	out.set(data, total);
	return out;
}

function dict(descr: string, shape: string, fortran = 'False') {
	return `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
}

/** Big-endian bytes of values written with a DataView setter. */
function bigEndian(values: number[], size: number, set: (v: DataView, o: number, x: number) => void): Uint8Array {
	const out = new Uint8Array(values.length * size);
	const view = new DataView(out.buffer);
	values.forEach((x, i) => set(view, i * size, x));
	return out;
}

const errorOf = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return e as Error;
	}
	throw new Error('expected an error');
};

describe('parseNpy', () => {
	test('reads numpy-written golden files: int64 labels and float64 matrix', () => {
		const labels = parseNpy(readFileSync('test/fixtures/golden/cleanlab/k3_n500_labels.npy'), 'labels.npy');
		expect(labels).toMatchObject({ dtype: '<i8', typeName: 'int64', shape: [500] });
		expect(labels.data).toBeInstanceOf(Float64Array);
		const probs = parseNpy(readFileSync('test/fixtures/golden/cleanlab/k3_n500_pred_probs.npy'), 'p.npy');
		expect(probs).toMatchObject({ dtype: '<f8', shape: [500, 3] });
		const row0 = Array.from(probs.data.subarray(0, 3));
		expect(row0.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
		const mnist = parseNpy(readFileSync('static/demo/mnist/labels.npy'), 'labels.npy');
		expect(mnist).toMatchObject({ dtype: '<u2', shape: [10000] });
		expect(Array.from(mnist.data.subarray(0, 4))).toEqual([7, 2, 1, 0]);
	});

	test('encodeNpy writes byte for byte what numpy.save writes', () => {
		for (const path of ['test/fixtures/golden/cleanlab/k2_n1000_labels.npy', 'static/demo/mnist/pred_probs.npy', 'static/demo/mnist/labels.npy']) {
			const bytes = readFileSync(path);
			const arr = parseNpy(bytes, path);
			expect(Buffer.from(encodeNpy(arr.data, arr.shape, arr.dtype as '<f8')).equals(bytes), path).toBe(true);
		}
	});

	test.each([
		['<f2', [0, 1, -2, 0.5, 65504], Float32Array],
		['<f4', [0, 1.5, -2.25, 2 ** 100], Float32Array],
		['<f8', [0, Math.PI, -1e300, 5e-324], Float64Array],
		['|i1', [-128, 0, 127], Int8Array],
		['|u1', [0, 255, 7], Uint8Array],
		['|b1', [1, 0, 1], Uint8Array],
		['<i2', [-32768, 32767, 5], Int16Array],
		['<u2', [0, 65535], Uint16Array],
		['<i4', [-(2 ** 31), 2 ** 31 - 1], Int32Array],
		['<u4', [0, 2 ** 32 - 1], Uint32Array],
		['<i8', [-(2 ** 53), 2 ** 53, -1, 0], Float64Array],
		['<u8', [0, 2 ** 53, 12345], Float64Array]
	] as const)('round trip %s', (descr, values, type) => {
		const arr = parseNpy(encodeNpy(values, [values.length], descr), 'x.npy');
		expect(arr.data).toBeInstanceOf(type);
		expect(Array.from(arr.data)).toEqual([...values]);
		expect(arr.shape).toEqual([values.length]);
	});

	test.each([
		['>f4', 4, (v: DataView, o: number, x: number) => v.setFloat32(o, x), [1.5, -2]],
		['>f8', 8, (v: DataView, o: number, x: number) => v.setFloat64(o, x), [Math.E, -0.25]],
		['>f2', 2, (v: DataView, o: number, x: number) => v.setUint16(o, x === 1 ? 0x3c00 : 0xc000), [1, -2]],
		['>i2', 2, (v: DataView, o: number, x: number) => v.setInt16(o, x), [-3, 300]],
		['>u2', 2, (v: DataView, o: number, x: number) => v.setUint16(o, x), [3, 60000]],
		['>i4', 4, (v: DataView, o: number, x: number) => v.setInt32(o, x), [-70000, 5]],
		['>u4', 4, (v: DataView, o: number, x: number) => v.setUint32(o, x), [4e9, 1]],
		['>i8', 8, (v: DataView, o: number, x: number) => v.setBigInt64(o, BigInt(x)), [-5, 2 ** 40]],
		['>u8', 8, (v: DataView, o: number, x: number) => v.setBigUint64(o, BigInt(x)), [5, 2 ** 52]]
	])('big-endian %s', (descr, size, set, values) => {
		const arr = parseNpy(rawNpy(dict(descr, `(${values.length},)`), bigEndian(values, size, set)), 'x.npy');
		expect(Array.from(arr.data)).toEqual(values);
	});

	test('float16 specials', () => {
		expect(float16ToNumber(0x7c00)).toBe(Infinity);
		expect(float16ToNumber(0xfc00)).toBe(-Infinity);
		expect(float16ToNumber(0x7e00)).toBeNaN();
		expect(float16ToNumber(0x0001)).toBe(2 ** -24);
		expect(float16ToNumber(0x3555)).toBeCloseTo(1 / 3, 3);
	});

	test('header versions 2.0 and 3.0 (UTF-8)', () => {
		const data = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
		for (const major of [2, 3]) {
			const arr = parseNpy(rawNpy(dict('<f4', '(2, 2)'), data, major), 'x.npy');
			expect(arr.shape).toEqual([2, 2]);
			expect(Array.from(arr.data)).toEqual([1, 2, 3, 4]);
		}
	});

	test('aligned little-endian float data is a view, unaligned data a copy', () => {
		const file = encodeNpy([1, 2, 3], [3], '<f4');
		const arr = parseNpy(file, 'x.npy');
		expect(arr.data.buffer).toBe(file.buffer);
		const shifted = new Uint8Array(file.length + 1);
		shifted.set(file, 1);
		const copy = parseNpy(shifted.subarray(1), 'x.npy');
		expect(copy.data.buffer).not.toBe(shifted.buffer);
		expect(Array.from(copy.data)).toEqual([1, 2, 3]);
		expect(Array.from(parseNpy(file.buffer as ArrayBuffer, 'x.npy').data)).toEqual([1, 2, 3]);
	});

	test('scalars and empty arrays', () => {
		expect(Array.from(parseNpy(rawNpy(dict('<f8', '()'), new Uint8Array(new Float64Array([7]).buffer)), 's.npy').data)).toEqual([7]);
		expect(parseNpy(encodeNpy([], [0, 4], '<f4'), 'e.npy')).toMatchObject({ shape: [0, 4] });
	});

	describe('errors name the file and say what to do', () => {
		test.each([
			['not npy', new TextEncoder().encode('a,b\n1,2\n'), 'labels.npy: not a NumPy .npy file (magic string missing). Save it with numpy.save().'],
			['complex', rawNpy(dict('<c16', '(2,)'), new Uint8Array(32)), "probs.npy: unsupported dtype '<c16' (complex). Plumb reads float16/32/64, int and uint 8-64, bool."],
			['truncated', rawNpy(dict('<f8', '(1000, 10)'), new Uint8Array(4000)), 'x.npy: header says 1000 x 10 values (80000 bytes) but the file holds 4000 bytes of data; the file is truncated or its header is wrong.']
		])('%s', (_, bytes, message) => {
			const name = message.slice(0, message.indexOf(':'));
			const e = errorOf(() => parseNpy(bytes, name));
			expect(e).toBeInstanceOf(NpyError);
			expect(e.message).toBe(message);
		});
		test.each([
			['fortran order', rawNpy(dict('<f4', '(2, 2)', 'True'), new Uint8Array(16)), /^f\.npy: .*Fortran .*numpy\.ascontiguousarray/],
			['object array', rawNpy(dict('|O', '(2,)'), new Uint8Array(16)), /^f\.npy: unsupported dtype '\|O' \(object array/],
			['text', rawNpy(dict('<U5', '(2,)'), new Uint8Array(40)), /^f\.npy: unsupported dtype '<U5' \(text\)/],
			['structured', rawNpy(`{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }`, new Uint8Array(8)), /^f\.npy: structured/],
			['garbled header', rawNpy(`{'descr': '<f4', 'fortran_order': Flase, 'shape': (2,), }`, new Uint8Array(8)), /^f\.npy: the \.npy header could not be read/],
			['missing shape', rawNpy(`{'descr': '<f4', 'fortran_order': False}`, new Uint8Array(8)), /^f\.npy: .*missing 'shape'/],
			['extra data', rawNpy(dict('<f4', '(2,)'), new Uint8Array(12)), /^f\.npy: header says 2 values \(8 bytes\) but the file holds 12 bytes/],
			['cut header', new Uint8Array([...MAGIC, 1, 0, 99, 0, 0, 0]), /^f\.npy: the \.npy header is cut off/],
			['version 4', new Uint8Array([...MAGIC, 4, 0, 10, 0, 0, 0, 0, 0]), /^f\.npy: \.npy format version 4\.0 is not supported/],
			['int64 beyond 2^53', encodeNpy([1, 2 ** 53 + 2, 3], [3], '<i8'), /^f\.npy: element 1 is 9007199254740994, beyond 2\^53/]
		])('%s', (_, bytes, message) => {
			const e = errorOf(() => parseNpy(bytes, 'f.npy'));
			expect(e).toBeInstanceOf(NpyError);
			expect(e.message).toMatch(message);
		});
	});
});

describe('asLabels / asMatrix', () => {
	const parse = (values: number[], shape: number[], descr: Parameters<typeof encodeNpy>[2]) =>
		parseNpy(encodeNpy(values, shape, descr), 'labels.npy');
	test('labels from any integer type, or whole floats; N x 1 accepted', () => {
		expect(asLabels(parse([2, 0, 1], [3], '<i8'), 'l')).toEqual(Int32Array.from([2, 0, 1]));
		expect(asLabels(parse([2, 0, 1], [3, 1], '|u1'), 'l')).toEqual(Int32Array.from([2, 0, 1]));
		expect(asLabels(parse([2, 0, -1], [3], '<f8'), 'l')).toEqual(Int32Array.from([2, 0, -1]));
		const i32 = parse([4, 5], [2], '<i4');
		expect(asLabels(i32, 'l')).toBe(i32.data);
	});
	test('non-integer or NaN labels name the row', () => {
		expect(() => asLabels(parse([0, 1.5, 2], [3], '<f4'), 'labels.npy')).toThrow(/^labels\.npy: row 1 has label 1\.5; labels must be whole class indices/);
		expect(() => asLabels(parse([0, 1, NaN], [3], '<f8'), 'labels.npy')).toThrow(/^labels\.npy: row 2 has label NaN/);
		expect(() => asLabels(parse([0, 1, 2, 3], [2, 2], '<i4'), 'labels.npy')).toThrow(/expected a 1-D array of N class labels but the array has shape \(2, 2\)/);
	});
	test('matrix: 2-D float kept as is, ints converted, 1-D rejected with N x K in the message', () => {
		const f32 = parse([0.1, 0.9, 0.5, 0.5], [2, 2], '<f4');
		expect(asMatrix(f32, 'p')).toEqual({ data: f32.data, n: 2, k: 2 });
		expect(asMatrix(parse([1, 0, 0, 1], [2, 2], '|u1'), 'p').data).toEqual(Float64Array.from([1, 0, 0, 1]));
		expect(() => asMatrix(parse([0.1, 0.9], [2], '<f4'), 'probs.npy')).toThrow(/^probs\.npy: expected an N x K matrix .* but got a 1-D array of 2 values/);
	});
});
