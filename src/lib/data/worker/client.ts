import type { Request, ResultOf, Response, WorkerError } from './protocol';

export interface ProgressInfo {
	stage: string;
	detail: string;
	done?: number;
	total?: number;
}

/** An error from the engine worker, with the file/row/column it names. */
export class EngineError extends Error {
	constructor(readonly info: WorkerError) {
		super(info.message);
		this.name = info.name;
	}
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; progress?: (p: ProgressInfo) => void };
/** A request's fields other than its id and type. */
export type Body<T extends Request['type']> = Omit<Extract<Request, { type: T }>, 'id' | 'type'>;

/**
 * The page's handle on the engine worker: typed requests with ids, progress
 * callbacks, and cancel. Results of requests the caller has moved past can be
 * dropped by the caller (each call returns its own id).
 */
export class EngineClient {
	private worker: Worker;
	private next = 1;
	private pending = new Map<number, Pending>();

	constructor() {
		this.worker = this.spawn();
	}

	private spawn(): Worker {
		const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
		worker.onmessage = (ev: MessageEvent<Response>) => this.receive(ev.data);
		worker.onerror = (ev) => {
			this.rejectAll(new EngineError({ name: 'WorkerError', message: `The engine stopped: ${ev.message}. Reload the page; your review decisions are kept.` }));
		};
		return worker;
	}

	private rejectAll(err: EngineError) {
		for (const p of this.pending.values()) p.reject(err);
		this.pending.clear();
	}

	/**
	 * Stop the engine at once, whatever it is doing (a computation stuck in
	 * DuckDB or in a long loop cannot see a cancel message), and start a fresh
	 * one. Every unanswered request fails with `reason`; the new engine holds no
	 * dataset until one is loaded again.
	 */
	restart(reason: WorkerError) {
		this.worker.terminate();
		this.rejectAll(new EngineError(reason));
		this.worker = this.spawn();
	}

	private receive(msg: Response) {
		const p = this.pending.get(msg.id);
		if (!p) return;
		if (msg.type === 'progress') p.progress?.({ stage: msg.stage, detail: msg.detail, done: msg.done, total: msg.total });
		else {
			this.pending.delete(msg.id);
			if (msg.type === 'result') p.resolve(msg.result);
			else p.reject(new EngineError(msg.error));
		}
	}

	/** Send a request; `onStart` receives its id (for cancel). */
	request<T extends Exclude<Request['type'], 'cancel'>>(
		type: T,
		body: Body<T>,
		progress?: (p: ProgressInfo) => void,
		onStart?: (id: number) => void
	): Promise<ResultOf[T]> {
		const id = this.next++;
		onStart?.(id);
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
			this.worker.postMessage({ type, id, ...body } as Request);
		});
	}

	cancel(target: number) {
		this.worker.postMessage({ type: 'cancel', id: this.next++, target } satisfies Request);
	}
}
