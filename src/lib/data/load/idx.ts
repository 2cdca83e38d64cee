/**
 * Reader for the IDX format used by MNIST (`t10k-images-idx3-ubyte` etc.).
 *
 * Layout: two zero bytes, a type code (0x08 ubyte, 0x09 signed byte,
 * 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the number of
 * dimensions, then each dimension as a big-endian int32, then the data in
 * row-major order, big-endian. The file must already be decompressed.
 */

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
	/** Dimension sizes, outermost first (e.g. [10000, 28, 28]). */
	dims: number[];
	/** All values in row-major order, in native typed-array form. */
	data: IdxData;
}

/** A malformed IDX file; the message names the file. */
export class IdxError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'IdxError';
	}
}

/** Element size in bytes and name of each IDX type code. */
const TYPES: Record<number, { size: number; name: string }> = {
	0x08: { size: 1, name: 'ubyte' },
	0x09: { size: 1, name: 'byte' },
	0x0b: { size: 2, name: 'short' },
	0x0c: { size: 4, name: 'int' },
	0x0d: { size: 4, name: 'float' },
	0x0e: { size: 8, name: 'double' }
};

/** Copies `count` big-endian values starting at `offset` into a native typed array. */
function decode(view: DataView, code: number, offset: number, count: number): IdxData {
	switch (code) {
		case 0x08:
			return new Uint8Array(view.buffer, view.byteOffset + offset, count);
		case 0x09:
			return new Int8Array(view.buffer, view.byteOffset + offset, count);
		case 0x0b: {
			const out = new Int16Array(count);
			for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
			return out;
		}
		case 0x0c: {
			const out = new Int32Array(count);
			for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
			return out;
		}
		case 0x0d: {
			const out = new Float32Array(count);
			for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
			return out;
		}
		default: {
			const out = new Float64Array(count);
			for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
			return out;
		}
	}
}

/**
 * Parses an IDX file. Byte data (ubyte/byte) is a view on `bytes` (no copy);
 * wider types are decoded into new native-endian arrays. Throws
 * {@link IdxError} naming `fileName` for gzip input, a bad header, or a data
 * section shorter or longer than the dimensions require.
 */
export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
	if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
		throw new IdxError(`${fileName} is gzip-compressed; decompress it (gunzip) before reading it as IDX.`);
	}
	if (bytes.length < 4) {
		throw new IdxError(`${fileName} is too short to be an IDX file (${bytes.length} bytes; the header alone needs at least 4).`);
	}
	if (bytes[0] !== 0 || bytes[1] !== 0) {
		throw new IdxError(`${fileName} is not an IDX file: it must start with two zero bytes.`);
	}
	const code = bytes[2] ?? 0;
	const type = TYPES[code];
	if (!type) {
		throw new IdxError(
			`${fileName}: unknown IDX type code 0x${code.toString(16).padStart(2, '0')} (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E).`
		);
	}
	const ndims = bytes[3] ?? 0;
	if (ndims === 0) throw new IdxError(`${fileName}: the IDX header declares 0 dimensions.`);
	const header = 4 + 4 * ndims;
	if (bytes.length < header) {
		throw new IdxError(`${fileName} is truncated: the header declares ${ndims} dimensions but the file has only ${bytes.length} bytes.`);
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const dims: number[] = [];
	let count = 1;
	for (let d = 0; d < ndims; d++) {
		const size = view.getInt32(4 + 4 * d, false);
		if (size < 0) throw new IdxError(`${fileName}: dimension ${d + 1} has negative size ${size}.`);
		dims.push(size);
		count *= size;
	}
	const expected = count * type.size;
	const actual = bytes.length - header;
	if (actual !== expected) {
		const shape = dims.join(' x ');
		throw new IdxError(
			actual < expected
				? `${fileName} is truncated: ${shape} ${type.name} values need ${expected} data bytes but only ${actual} are present.`
				: `${fileName} has ${actual - expected} unexpected trailing bytes after the ${shape} ${type.name} values; is it the right file?`
		);
	}
	return { dims, data: decode(view, code, header, count) };
}
