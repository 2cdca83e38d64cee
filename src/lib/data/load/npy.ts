/**
 * NumPy `.npy` reader (and a small writer for tests and fixtures).
 *
 * Format (numpy.lib.format): magic `\x93NUMPY`, major and minor version bytes, a little-endian
 * header length (uint16 for 1.0, uint32 for 2.0 and 3.0), an ASCII (3.0: UTF-8) Python dict
 * literal `{'descr': '<f8', 'fortran_order': False, 'shape': (N, K), }`, then the raw C-order data.
 *
 * Supported dtypes: float16/32/64, int and uint 8-64, bool, either byte order. Float32 and
 * float64 little-endian data that is suitably aligned is returned as a view on the input
 * buffer (no copy); everything else is decoded into a fresh typed array.
 */

export type NpyData =
	| Float64Array
	| Float32Array
	| Int32Array
	| Uint32Array
	| Int16Array
	| Uint16Array
	| Int8Array
	| Uint8Array;

export interface NpyArray {
	/** the file's numpy dtype descr as written in the header, e.g. '<f4', '|u1', '>i8' */
	dtype: string;
	/** readable name of that dtype: 'float32', 'uint8', 'int64', 'bool', ... */
	typeName: string;
	shape: number[];
	/** values in C (row-major) order; int64/uint64 arrive as Float64Array, float16 as Float32Array */
	data: NpyData;
}

/** Thrown for every unreadable or unsupported file; the message names the file and the fix. */
export class NpyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NpyError';
	}
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy pads the preamble + header to a multiple of this many bytes. */
const HEADER_ALIGN = 64;
/** numpy >= 1.23 leaves room for the first axis to grow to this many digits in place. */
const GROWTH_AXIS_MAX_DIGITS = 21;
/** Largest integer a float64 holds exactly; int64 values beyond it cannot be converted safely. */
const MAX_SAFE = 2 ** 53;
const SUPPORTED = 'Plumb reads float16/32/64, int and uint 8-64, bool.';

interface DtypeInfo {
	kind: 'f' | 'i' | 'u' | 'b';
	size: number;
	littleEndian: boolean;
	name: string;
}

/** Parse a `.npy` file. `fileName` only serves error messages. */
export function parseNpy(bytes: Uint8Array | ArrayBuffer, fileName: string): NpyArray {
	const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	const { header, dataOffset } = readPreamble(u8, fileName);
	const dict = parseHeaderDict(header, fileName);
	const dtype = parseDescr(dict.descr, fileName);
	if (dict.fortranOrder) {
		throw new NpyError(
			`${fileName}: the array is stored in Fortran (column-major) order, which Plumb does not read. ` +
				`Save it with numpy.save(path, numpy.ascontiguousarray(arr)).`
		);
	}
	const count = dict.shape.reduce((a, b) => a * b, 1);
	const expectedBytes = count * dtype.size;
	const heldBytes = u8.byteLength - dataOffset;
	if (heldBytes !== expectedBytes) {
		const problem =
			heldBytes < expectedBytes ? 'the file is truncated or its header is wrong' : 'its header is wrong';
		throw new NpyError(
			`${fileName}: header says ${describeShape(dict.shape)} values (${expectedBytes} bytes) but the file holds ` +
				`${heldBytes} bytes of data; ${problem}.`
		);
	}
	const data = decodeData(u8, dataOffset, count, dtype, fileName);
	return { dtype: dict.descr, typeName: dtype.name, shape: dict.shape, data };
}

/** Locate the header text and the start of the data; checks magic and version. */
function readPreamble(u8: Uint8Array, fileName: string): { header: string; dataOffset: number } {
	if (u8.byteLength < 10 || MAGIC.some((b, i) => u8[i] !== b)) {
		throw new NpyError(`${fileName}: not a NumPy .npy file (magic string missing). Save it with numpy.save().`);
	}
	const major = u8[6] as number;
	const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
	let headerLen: number;
	let headerStart: number;
	if (major === 1) {
		headerLen = view.getUint16(8, true);
		headerStart = 10;
	} else if (major === 2 || major === 3) {
		if (u8.byteLength < 12) throw truncatedHeader(fileName);
		headerLen = view.getUint32(8, true);
		headerStart = 12;
	} else {
		throw new NpyError(
			`${fileName}: .npy format version ${major}.${u8[7]} is not supported (Plumb reads 1.0, 2.0 and 3.0). ` +
				`Save it again with numpy.save().`
		);
	}
	if (headerStart + headerLen > u8.byteLength) throw truncatedHeader(fileName);
	const raw = u8.subarray(headerStart, headerStart + headerLen);
	const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(raw);
	return { header, dataOffset: headerStart + headerLen };
}

function truncatedHeader(fileName: string): NpyError {
	return new NpyError(`${fileName}: the .npy header is cut off; the file is truncated. Save it again with numpy.save().`);
}

interface HeaderDict {
	descr: string;
	fortranOrder: boolean;
	shape: number[];
}

/**
 * Parse the header's Python dict literal. Accepts exactly what numpy writes: string keys,
 * string/list `descr`, True/False, a tuple of non-negative ints, optional trailing commas.
 */
function parseHeaderDict(header: string, fileName: string): HeaderDict {
	const bad = (why: string) =>
		new NpyError(`${fileName}: the .npy header could not be read (${why}). Save the array again with numpy.save().`);
	let pos = 0;
	const skipWs = () => {
		while (pos < header.length && /\s/.test(header[pos] as string)) pos++;
	};
	const expect = (ch: string) => {
		skipWs();
		if (header[pos] !== ch) throw bad(`expected '${ch}' at character ${pos}`);
		pos++;
	};
	const parseValue = (): unknown => {
		skipWs();
		const ch = header[pos];
		if (ch === "'" || ch === '"') {
			const end = header.indexOf(ch, pos + 1);
			if (end < 0) throw bad('unterminated string');
			const s = header.slice(pos + 1, end);
			pos = end + 1;
			return s;
		}
		if (ch === '(' || ch === '[') {
			const close = ch === '(' ? ')' : ']';
			pos++;
			const items: unknown[] = [];
			for (;;) {
				skipWs();
				if (header[pos] === close) {
					pos++;
					return ch === '(' ? { tuple: items } : items;
				}
				items.push(parseValue());
				skipWs();
				if (header[pos] === ',') pos++;
				else if (header[pos] !== close) throw bad(`expected ',' or '${close}' at character ${pos}`);
			}
		}
		const m = /^(True|False|None|-?\d+L?)/.exec(header.slice(pos));
		if (!m) throw bad(`unexpected text at character ${pos}`);
		pos += m[0].length;
		const word = m[0];
		if (word === 'True') return true;
		if (word === 'False') return false;
		if (word === 'None') return null;
		return Number(word.replace('L', ''));
	};

	expect('{');
	const dict = new Map<string, unknown>();
	for (;;) {
		skipWs();
		if (header[pos] === '}') {
			pos++;
			break;
		}
		const key = parseValue();
		if (typeof key !== 'string') throw bad('dict keys must be strings');
		expect(':');
		dict.set(key, parseValue());
		skipWs();
		if (header[pos] === ',') pos++;
		else if (header[pos] !== '}') throw bad(`expected ',' or '}' at character ${pos}`);
	}
	skipWs();
	if (pos !== header.length) throw bad('text after the dict');

	const descr = dict.get('descr');
	const fortran = dict.get('fortran_order');
	const shape = dict.get('shape');
	if (Array.isArray(descr)) {
		throw new NpyError(
			`${fileName}: structured (record) arrays are not supported. ${SUPPORTED} Save a plain numeric array with numpy.save().`
		);
	}
	if (typeof descr !== 'string') throw bad("missing 'descr'");
	if (typeof fortran !== 'boolean') throw bad("missing 'fortran_order'");
	const dims = (shape as { tuple?: unknown[] } | undefined)?.tuple;
	if (!dims) throw bad("missing 'shape'");
	if (!dims.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
		throw bad('shape must be a tuple of non-negative integers');
	}
	return { descr, fortranOrder: fortran, shape: dims };
}

/** Map a descr such as '<f4' or '|b1' to its kind, size and byte order, or explain why not. */
function parseDescr(descr: string, fileName: string): DtypeInfo {
	const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
	const unsupported = (what: string) =>
		new NpyError(`${fileName}: unsupported dtype '${descr}' (${what}). ${SUPPORTED}`);
	if (!m) throw unsupported('not a simple numeric type');
	const [, order, kindChar, sizeText] = m as unknown as [string, string, string, string];
	const size = Number(sizeText || '0');
	const littleEndian = order !== '>';
	switch (kindChar) {
		case 'f':
			if (size === 2 || size === 4 || size === 8)
				return { kind: 'f', size, littleEndian, name: `float${size * 8}` };
			throw unsupported(`float of ${size} bytes`);
		case 'i':
		case 'u':
			if (size === 1 || size === 2 || size === 4 || size === 8) {
				const name = `${kindChar === 'i' ? 'int' : 'uint'}${size * 8}`;
				return { kind: kindChar, size, littleEndian, name };
			}
			throw unsupported(`integer of ${size} bytes`);
		case 'b':
			if (size === 1) return { kind: 'b', size, littleEndian, name: 'bool' };
			throw unsupported('bool of unusual size');
		case 'c':
			throw unsupported('complex');
		case 'O':
			throw new NpyError(
				`${fileName}: unsupported dtype '${descr}' (object array, e.g. Python lists or strings). ${SUPPORTED} ` +
					`Convert it first, e.g. numpy.save(path, arr.astype(numpy.float32)).`
			);
		case 'U':
		case 'S':
		case 'a':
			throw unsupported('text');
		case 'M':
		case 'm':
			throw unsupported('date/time');
		default:
			throw unsupported('not numeric');
	}
}

function describeShape(shape: number[]): string {
	return shape.length === 0 ? '1' : shape.join(' x ');
}

/** Decode `count` values; returns a zero-copy view when byte order and alignment allow it. */
function decodeData(u8: Uint8Array, dataOffset: number, count: number, dt: DtypeInfo, fileName: string): NpyData {
	const byteOffset = u8.byteOffset + dataOffset;
	const canView = (dt.littleEndian || dt.size === 1) && byteOffset % dt.size === 0;
	const buf = u8.buffer;
	const view = new DataView(buf, byteOffset, count * dt.size);
	const le = dt.littleEndian;

	if (dt.kind === 'f') {
		if (dt.size === 2) {
			const out = new Float32Array(count);
			for (let i = 0; i < count; i++) out[i] = float16ToNumber(view.getUint16(i * 2, le));
			return out;
		}
		if (dt.size === 4) {
			if (canView) return new Float32Array(buf, byteOffset, count);
			const out = new Float32Array(count);
			for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, le);
			return out;
		}
		if (canView) return new Float64Array(buf, byteOffset, count);
		const out = new Float64Array(count);
		for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, le);
		return out;
	}
	if (dt.kind === 'b' || (dt.kind === 'u' && dt.size === 1)) return u8.slice(dataOffset, dataOffset + count);
	if (dt.kind === 'i' && dt.size === 1) return new Int8Array(u8.slice(dataOffset, dataOffset + count).buffer);
	if (dt.size === 8) return decodeInt64(view, count, dt.kind === 'i', le, fileName);

	const Ctor = INT_CTORS[`${dt.kind}${dt.size}`] as IntCtor;
	if (canView) return new Ctor(buf as ArrayBuffer, byteOffset, count);
	const out = new Ctor(count);
	const get = (
		dt.kind === 'i'
			? dt.size === 2
				? view.getInt16
				: view.getInt32
			: dt.size === 2
				? view.getUint16
				: view.getUint32
	).bind(view);
	for (let i = 0; i < count; i++) out[i] = get(i * dt.size, le);
	return out;
}

type IntCtor = Int16ArrayConstructor | Uint16ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor;
const INT_CTORS: Record<string, IntCtor> = { i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array };

/** int64/uint64 -> Float64Array; rejects values a float64 cannot hold exactly (|v| > 2^53). */
function decodeInt64(view: DataView, count: number, signed: boolean, le: boolean, fileName: string): Float64Array {
	const out = new Float64Array(count);
	for (let i = 0; i < count; i++) {
		const lo = view.getUint32(i * 8 + (le ? 0 : 4), le);
		const hi = le ? view.getUint32(i * 8 + 4, true) : view.getUint32(i * 8, false);
		const hiSigned = signed ? hi | 0 : hi;
		const value = hiSigned * 4294967296 + lo;
		if (Math.abs(value) > MAX_SAFE) {
			const exact = signed ? view.getBigInt64(i * 8, le) : view.getBigUint64(i * 8, le);
			throw new NpyError(
				`${fileName}: element ${i} is ${exact}, beyond 2^53, so it cannot be represented exactly. ` +
					`Store these values as int32 or float64.`
			);
		}
		out[i] = value;
	}
	return out;
}

/** IEEE 754 half precision bits -> number. */
export function float16ToNumber(h: number): number {
	const sign = h & 0x8000 ? -1 : 1;
	const exp = (h >> 10) & 0x1f;
	const frac = h & 0x3ff;
	if (exp === 0) return sign * frac * 2 ** -24;
	if (exp === 0x1f) return frac ? NaN : sign * Infinity;
	return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Labels as Int32Array: 1-D, or 2-D with one column; every value must be a whole number. */
export function asLabels(arr: NpyArray, fileName: string): Int32Array {
	const { shape, data } = arr;
	const is1d = shape.length === 1 || (shape.length === 2 && shape[1] === 1);
	if (!is1d) {
		throw new NpyError(
			`${fileName}: expected a 1-D array of N class labels but the array has shape (${shape.join(', ')}). ` +
				`Save labels with numpy.save(path, labels.ravel()).`
		);
	}
	if (data instanceof Int32Array) return data;
	const out = new Int32Array(data.length);
	for (let i = 0; i < data.length; i++) {
		const v = data[i] as number;
		if (!Number.isInteger(v)) {
			throw new NpyError(
				`${fileName}: row ${i} has label ${v}; labels must be whole class indices 0..K-1. ` +
					`Convert them, e.g. numpy.save(path, labels.astype(numpy.int64)).`
			);
		}
		if (v > 2147483647 || v < -2147483648) {
			throw new NpyError(`${fileName}: row ${i} has label ${v}, far outside any class index range 0..K-1.`);
		}
		out[i] = v;
	}
	return out;
}

/** A 2-D N x K matrix as float32/float64 (other dtypes are converted to float64). */
export function asMatrix(arr: NpyArray, fileName: string): { data: Float32Array | Float64Array; n: number; k: number } {
	const { shape, data } = arr;
	if (shape.length !== 2) {
		const got = shape.length === 1 ? `a 1-D array of ${shape[0]} values` : `an array of shape (${shape.join(', ')})`;
		throw new NpyError(
			`${fileName}: expected an N x K matrix (one row per example, one column per class) but got ${got}. ` +
				`Save the 2-D array of predicted probabilities with numpy.save().`
		);
	}
	const [n, k] = shape as [number, number];
	if (data instanceof Float32Array || data instanceof Float64Array) return { data, n, k };
	return { data: Float64Array.from(data), n, k };
}

// ---------------------------------------------------------------------------------------------
// Writer (tests and fixtures)

type EncodableDescr = '<f2' | '<f4' | '<f8' | '|i1' | '|u1' | '|b1' | '<i2' | '<u2' | '<i4' | '<u4' | '<i8' | '<u8';

/**
 * Encode values as a little-endian, C-order, version 1.0 `.npy` file, header laid out as
 * numpy.save writes it (room for the first axis to grow, padded with spaces to 64 bytes).
 */
export function encodeNpy(data: ArrayLike<number>, shape: number[], descr: EncodableDescr): Uint8Array {
	const count = shape.reduce((a, b) => a * b, 1);
	if (count !== data.length) throw new Error(`encodeNpy: shape (${shape.join(', ')}) needs ${count} values, got ${data.length}`);
	const size = Number(descr.slice(2));
	const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
	let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
	if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
	const preamble = MAGIC.length + 2 + 2;
	const padded = Math.ceil((preamble + header.length + 1) / HEADER_ALIGN) * HEADER_ALIGN;
	header = header.padEnd(padded - preamble - 1, ' ') + '\n';

	const out = new Uint8Array(padded + count * size);
	out.set(MAGIC, 0);
	out[6] = 1;
	out[7] = 0;
	const view = new DataView(out.buffer);
	view.setUint16(8, header.length, true);
	for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
	const writers: Record<string, (off: number, v: number) => void> = {
		f2: (o, v) => view.setUint16(o, numberToFloat16(v), true),
		f4: (o, v) => view.setFloat32(o, v, true),
		f8: (o, v) => view.setFloat64(o, v, true),
		i1: (o, v) => view.setInt8(o, v),
		u1: (o, v) => view.setUint8(o, v),
		b1: (o, v) => view.setUint8(o, v ? 1 : 0),
		i2: (o, v) => view.setInt16(o, v, true),
		u2: (o, v) => view.setUint16(o, v, true),
		i4: (o, v) => view.setInt32(o, v, true),
		u4: (o, v) => view.setUint32(o, v, true),
		i8: (o, v) => view.setBigInt64(o, BigInt(v), true),
		u8: (o, v) => view.setBigUint64(o, BigInt(v), true)
	};
	const write = writers[descr.slice(1)] as (off: number, v: number) => void;
	for (let i = 0; i < count; i++) write(padded + i * size, data[i] as number);
	return out;
}

/** number -> IEEE 754 half precision bits (round to nearest even). */
function numberToFloat16(value: number): number {
	const f32 = new Float32Array([value]);
	const bits = new Uint32Array(f32.buffer)[0] as number;
	const sign = (bits >>> 16) & 0x8000;
	const exp = (bits >>> 23) & 0xff;
	let mant = bits & 0x7fffff;
	if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
	const e = exp - 127 + 15;
	if (e >= 0x1f) return sign | 0x7c00;
	if (e <= 0) {
		if (e < -10) return sign;
		mant |= 0x800000;
		const shift = 14 - e;
		let half = mant >> shift;
		const rem = mant & ((1 << shift) - 1);
		const mid = 1 << (shift - 1);
		if (rem > mid || (rem === mid && half & 1)) half++;
		return sign | half;
	}
	let half = (e << 10) | (mant >> 13);
	const rem = mant & 0x1fff;
	if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++; // a carry into the exponent is correct
	return sign | half;
}
