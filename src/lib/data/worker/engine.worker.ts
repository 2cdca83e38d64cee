/// <reference lib="webworker" />
/**
 * The engine worker: owns DuckDB-wasm (itself in a nested worker), the loaded
 * dataset and every long computation, so the page never blocks. Each request
 * goes to its handler (handlers.ts); the answer is progress messages, then
 * one result or error.
 */
import { WasmDuckDB } from '../db/duckdb-wasm';
import { AuditSession } from '../session';
import { handlers, type HandlerContext } from './handlers';
import { toWorkerError, type Request, type RequestType, type Response } from './protocol';

export { MAX_TAB_BYTES } from './read-source';

let session: Promise<AuditSession> | null = null;
const cancelled = new Set<number>();

function getSession(): Promise<AuditSession> {
	session ??= WasmDuckDB.open().then((db) => new AuditSession(db));
	return session;
}

/** Send a message to the page; `transfer` moves buffers instead of copying them (an export of 100 MB). */
const post = (m: Response, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Run a request's handler; the one cast where the map meets the union (each handler is checked against its own type). */
function handle(req: Request): Promise<unknown> {
	const ctx: HandlerContext<RequestType> = {
		session: getSession,
		progress: (p) => post({ type: 'progress', id: req.id, ...p }),
		cancelled: () => cancelled.has(req.id),
		cancel: (target) => cancelled.add(target)
	};
	const handler = handlers[req.type] as (r: Request, c: HandlerContext<RequestType>) => Promise<unknown>;
	return handler(req, ctx);
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
