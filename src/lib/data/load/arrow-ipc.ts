/** Arrow IPC byte layouts. */

/**
 * The streaming-format part of an Arrow IPC file (what DuckDB-wasm returns):
 * the file is "ARROW1", 2 padding bytes, the stream, the footer, the footer's
 * length (int32, little-endian) and "ARROW1" again. Null when the bytes are
 * not laid out so.
 */
export function ipcFileToStream(file: Uint8Array): Uint8Array | null {
	const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
	const n = file.byteLength;
	if (n < 8 + 10 || MAGIC.some((b, i) => file[i] !== b || file[n - 6 + i] !== b)) return null;
	const footer = new DataView(file.buffer, file.byteOffset, n).getInt32(n - 10, true);
	const end = n - 10 - footer;
	return footer > 0 && end > 8 ? file.subarray(8, end) : null;
}
