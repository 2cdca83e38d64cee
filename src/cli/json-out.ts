import { write, type Out } from './output';

type NumberArray = Float64Array | Float32Array | Int32Array | Uint8Array | Uint32Array | Int16Array | Uint16Array | Int8Array;

/** Numbers per piece written to the stream. */
const CHUNK = 65_536;

/** A number as JSON.stringify writes it (NaN and infinities as null). */
const jsonNumber = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

/** The pieces of a value's JSON: typed arrays in slices of {@link CHUNK} numbers, anything else whole. */
function* pieces(value: unknown): Generator<string> {
	if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
		const a = value as NumberArray;
		yield '[';
		for (let i = 0; i < a.length; i += CHUNK) {
			let part = '';
			for (let j = i, end = Math.min(a.length, i + CHUNK); j < end; j++) part += (j === 0 ? '' : ',') + jsonNumber(a[j]!);
			yield part;
		}
		yield ']';
	} else yield JSON.stringify(value);
}

/** One object as compact JSON, as `JSON.stringify` would write it, with typed arrays as arrays of numbers. */
function* objectPieces(obj: Record<string, unknown>): Generator<string> {
	yield '{';
	let first = true;
	for (const [k, v] of Object.entries(obj)) {
		if (v === undefined || typeof v === 'function') continue;
		yield `${first ? '' : ','}${JSON.stringify(k)}:`;
		first = false;
		yield* pieces(v);
	}
	yield '}';
}

/**
 * Write one JSON object (and a newline): to the output's stream piece by
 * piece, waiting when the stream's buffer is full (no string of the whole
 * document); as one string to an output without a stream.
 */
export async function writeJson(out: Out, obj: Record<string, unknown>): Promise<void> {
	if (!out.stream) {
		out([...objectPieces(obj)].join(''));
		return;
	}
	let buffer = '';
	for (const piece of objectPieces(obj)) {
		buffer += piece;
		if (buffer.length >= 1 << 20) {
			await write(out.stream, buffer);
			buffer = '';
		}
	}
	await write(out.stream, buffer + '\n');
}
