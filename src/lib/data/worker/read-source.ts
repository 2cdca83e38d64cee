/** Reading a dropped file or a demo URL into memory in the worker, with progress and cancel. */
import type { SourceFile } from '../dataset';
import { DataError } from '../load/errors';
import type { LoadProgress, Source } from './protocol';

/** Largest file the tab takes; beyond it, the CLI (native DuckDB) is the way. */
export const MAX_TAB_BYTES = 1.5 * 1024 ** 3;
/** Bytes-read progress at most this often (ms). */
const PROGRESS_EVERY_MS = 50;

export class Cancelled extends Error {
	constructor() {
		super('Cancelled. Nothing was changed; the dataset loaded before is still open.');
		this.name = 'Cancelled';
	}
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
	const s = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
	return new Uint8Array(await new Response(s).arrayBuffer());
}

/** Read a source into memory (gunzipped when it is gzip), reporting bytes read; stops when `cancelled()` turns true. */
export async function readSource(src: Source, progress: (p: LoadProgress) => void, cancelled: () => boolean): Promise<SourceFile> {
	const name = src.kind === 'file' ? src.file.name : src.name;
	let stream: ReadableStream<Uint8Array>;
	let total: number;
	if (src.kind === 'file') {
		total = src.file.size;
		if (total > MAX_TAB_BYTES) {
			throw new DataError(
				`${name} is ${(total / 1024 ** 3).toFixed(1)} GB; a browser tab can hold about ${(MAX_TAB_BYTES / 1024 ** 3).toFixed(1)} GB. ` +
					`Use the command line, which reads larger-than-memory files with native DuckDB: node bin/plumb.js inspect ${name} in the Plumb checkout`,
				{ file: name }
			);
		}
		stream = src.file.stream();
	} else {
		const res = await fetch(src.url);
		if (!res.ok || !res.body) throw new DataError(`${name}: could not be read (HTTP ${res.status}).`, { file: name });
		total = Number(res.headers.get('content-length') ?? 0);
		stream = res.body;
	}
	const chunks: Uint8Array[] = [];
	let done = 0;
	let lastPost = 0;
	const reader = stream.getReader();
	for (;;) {
		const r = await reader.read();
		if (r.done) break;
		chunks.push(r.value);
		done += r.value.length;
		const now = performance.now();
		if (now - lastPost > PROGRESS_EVERY_MS) {
			lastPost = now;
			progress({ stage: 'reading', detail: name, done, total });
		}
		if (cancelled()) {
			await reader.cancel();
			throw new Cancelled();
		}
	}
	let bytes: Uint8Array = new Uint8Array(done);
	let o = 0;
	for (const c of chunks) {
		bytes.set(c, o);
		o += c.length;
	}
	if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(bytes);
	return { name: name.replace(/\.gz$/, ''), bytes };
}
