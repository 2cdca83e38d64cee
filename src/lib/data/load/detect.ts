/** The kinds of file Plumb reads. */
export type FileKind = 'csv' | 'parquet' | 'arrow' | 'json' | 'npy' | 'idx';

/**
 * Tell a file's kind from its first bytes, falling back to its extension.
 * Magic numbers win over names, so a renamed file is still read right.
 */
export function detectKind(name: string, head: Uint8Array): FileKind {
	const ascii = (from: number, len: number) => String.fromCharCode(...head.subarray(from, from + len));
	if (head[0] === 0x93 && ascii(1, 5) === 'NUMPY') return 'npy';
	if (ascii(0, 4) === 'PAR1') return 'parquet';
	if (ascii(0, 6) === 'ARROW1') return 'arrow';
	// Arrow IPC stream: continuation marker 0xFFFFFFFF then a schema message.
	if (head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return 'arrow';
	const lower = name.toLowerCase().replace(/\.gz$/, '');
	if (/(idx\d-ubyte|\.idx\d?)$/.test(lower)) return 'idx';
	if (/\.(parquet|pq)$/.test(lower)) return 'parquet';
	if (/\.(arrow|feather|ipc|arrows)$/.test(lower)) return 'arrow';
	if (/\.(json|ndjson|jsonl)$/.test(lower)) return 'json';
	if (/\.npy$/.test(lower)) return 'npy';
	return 'csv';
}
