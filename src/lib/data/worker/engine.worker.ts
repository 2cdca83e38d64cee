/// <reference lib="webworker" />
/**
 * The engine worker: owns DuckDB-wasm (itself in a nested worker), the loaded
 * dataset and every long computation, so the page never blocks.
 */
import { AuditSession } from '../session';
import type { SourceFile } from '../dataset';
import { DataError } from '../loaders/errors';
import { WasmDuckDB } from './duckdb-wasm';
import { toWorkerError, type Request, type Response, type Source } from './protocol';

/** Largest file the tab takes; beyond it, the CLI (native DuckDB) is the way. */
export const MAX_TAB_BYTES = 1.5 * 1024 ** 3;

let session: Promise<AuditSession> | null = null;
const cancelled = new Set<number>();

function getSession(): Promise<AuditSession> {
	session ??= WasmDuckDB.open().then((db) => new AuditSession(db));
	return session;
}

/** Send a message to the page; `transfer` moves buffers instead of copying them (an export of 100 MB). */
const post = (m: Response, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

class Cancelled extends Error {
	constructor() {
		super('Cancelled. Nothing was changed; the dataset loaded before is still open.');
		this.name = 'Cancelled';
	}
}

function checkCancel(id: number) {
	if (cancelled.has(id)) throw new Cancelled();
}

/** Read a source into memory, reporting bytes read. */
async function readSource(id: number, src: Source): Promise<SourceFile> {
	const name = src.kind === 'file' ? src.file.name : src.name;
	let stream: ReadableStream<Uint8Array>;
	let total: number;
	if (src.kind === 'file') {
		total = src.file.size;
		if (total > MAX_TAB_BYTES) {
			throw new DataError(
				`${name} is ${(total / 1024 ** 3).toFixed(1)} GB; a browser tab can hold about ${(MAX_TAB_BYTES / 1024 ** 3).toFixed(1)} GB. ` +
					`Use the command line, which reads larger-than-memory files with native DuckDB: npx plumb inspect ${name}`,
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
		if (now - lastPost > 50) {
			lastPost = now;
			post({ type: 'progress', id, stage: 'reading', detail: name, done, total });
		}
		if (cancelled.has(id)) {
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

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
	const s = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
	return new Uint8Array(await new Response(s).arrayBuffer());
}

async function handle(req: Request): Promise<unknown> {
	switch (req.type) {
		case 'warmUp':
			await getSession();
			return null;
		case 'labelIssues': {
			const s = await getSession();
			post({ type: 'progress', id: req.id, stage: 'computing', detail: 'confident learning' });
			return s.labelIssues(req.roles, req.options);
		}
		case 'slices': {
			const s = await getSession();
			post({ type: 'progress', id: req.id, stage: 'computing', detail: 'slices' });
			return s.slices(req.roles, req.request);
		}
		case 'loadReference': {
			const s = await getSession();
			const files: SourceFile[] = [];
			for (const src of req.sources) files.push(await readSource(req.id, src));
			return s.loadReference(files, (stage, detail) => post({ type: 'progress', id: req.id, stage, detail }));
		}
		case 'drift': {
			const s = await getSession();
			const own = Object.keys(req.request.overrides ?? {}).length;
			post({ type: 'progress', id: req.id, stage: 'computing', detail: own ? `drift (${own} column${own > 1 ? 's' : ''} with your test or threshold)` : 'drift' });
			return s.drift(req.request, req.roles);
		}
		case 'representation':
			return (await getSession()).representation(req.request);
		case 'exportTable': {
			const s = await getSession();
			post({ type: 'progress', id: req.id, stage: 'exporting', detail: `${req.scope} rows as ${req.format}` });
			return s.exportTable(req.format, req.scope, req.decisions, req.roles);
		}
		case 'setCorrections':
			return (await getSession()).setCorrections(req.corrections, req.roles);
		case 'report':
			return (await getSession()).report(req.roles, { createdAt: req.createdAt, plumbVersion: req.plumbVersion, madeIn: 'browser' });
		case 'groupValues':
			return (await getSession()).groupValues(req.column, typeof req.column === 'string' ? 50 : 400);
		case 'sliceRows':
			return (await getSession()).sliceRows(req.predicates);
		case 'pixels':
			return (await getSession()).pixels(req.rows);
		case 'rows':
			return (await getSession()).rows(req.rows, req.columns);
		case 'cancel':
			cancelled.add(req.target);
			return null;
		case 'load': {
			const s = await getSession();
			const files: SourceFile[] = [];
			for (const src of req.sources) files.push(await readSource(req.id, src));
			checkCancel(req.id);
			return s.load(files, (stage, detail) => {
				checkCancel(req.id);
				post({ type: 'progress', id: req.id, stage, detail });
			});
		}
	}
}

self.onmessage = async (ev: MessageEvent<Request>) => {
	const req = ev.data;
	try {
		const result = await handle(req);
		// Exported bytes are made for the page alone: move them rather than copy.
		const owned = result instanceof Uint8Array && result.byteOffset === 0 && result.byteLength === result.buffer.byteLength && result.buffer instanceof ArrayBuffer;
		post({ type: 'result', id: req.id, result }, owned ? [(result as Uint8Array).buffer as ArrayBuffer] : []);
	} catch (e) {
		post({ type: 'error', id: req.id, error: toWorkerError(e) });
	} finally {
		cancelled.delete(req.id);
	}
};
