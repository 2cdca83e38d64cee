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

/** The rejection of a request that a newer one with the same key replaced: callers ignore it. */
export class Superseded extends Error {
	constructor(readonly key: string) {
		super(`Replaced by a newer "${key}" request.`);
		this.name = 'Superseded';
	}
}

export const isSuperseded = (e: unknown): e is Superseded => e instanceof Superseded;

/** The part of a Worker the client uses (tests pass a fake). */
export interface WorkerLike {
	onmessage: ((ev: MessageEvent<Response>) => void) | null;
	onerror: ((ev: ErrorEvent) => void) | null;
	postMessage(message: Request): void;
	terminate(): void;
}

/** A request type other than `cancel` (which the client sends itself). */
export type RequestType = Exclude<Request['type'], 'cancel'>;
/** A request's fields other than its id and type. */
export type Body<T extends Request['type']> = Omit<Extract<Request, { type: T }>, 'id' | 'type'>;

export interface RequestOptions {
	/**
	 * Which result this request is the current one for (e.g. 'slices'). A newer
	 * request with the same key supersedes it: it is cancelled in the engine and
	 * its promise rejects with {@link Superseded}, so only the newest result arrives.
	 */
	key?: string;
	/** Progress messages of this request. */
	progress?: (p: ProgressInfo) => void;
	/** Receives the request's id as it is sent (for {@link EngineClient.cancel}). */
	onStart?: (id: number) => void;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; progress?: (p: ProgressInfo) => void; key?: string };

function spawnEngine(): WorkerLike {
	return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

/**
 * The page's handle on the engine worker: typed requests with ids, progress
 * callbacks, cancel, and the one place that decides which request is current:
 * a keyed request replaces the pending one with the same key.
 */
export class EngineClient {
	private worker: WorkerLike;
	private next = 1;
	private pending = new Map<number, Pending>();
	/** The current request id of each key. */
	private current = new Map<string, number>();

	constructor(private readonly spawnWorker: () => WorkerLike = spawnEngine) {
		this.worker = this.spawn();
	}

	private spawn(): WorkerLike {
		const worker = this.spawnWorker();
		worker.onmessage = (ev) => this.receive(ev.data);
		worker.onerror = (ev) => {
			this.rejectAll(new EngineError({ name: 'WorkerError', message: `The engine stopped: ${ev.message}. Reload the page; your review decisions are kept.` }));
		};
		return worker;
	}

	private rejectAll(err: EngineError) {
		for (const p of this.pending.values()) p.reject(err);
		this.pending.clear();
		this.current.clear();
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

	private settle(id: number): Pending | undefined {
		const p = this.pending.get(id);
		if (!p) return undefined;
		this.pending.delete(id);
		if (p.key !== undefined && this.current.get(p.key) === id) this.current.delete(p.key);
		return p;
	}

	private receive(msg: Response) {
		if (msg.type === 'progress') {
			this.pending.get(msg.id)?.progress?.({ stage: msg.stage, detail: msg.detail, done: msg.done, total: msg.total });
			return;
		}
		const p = this.settle(msg.id);
		if (!p) return;
		if (msg.type === 'result') p.resolve(msg.result);
		else p.reject(new EngineError(msg.error));
	}

	/** Send a request. With a `key`, the pending request with that key (if any) is superseded. */
	request<T extends RequestType>(type: T, body: Body<T>, options: RequestOptions = {}): Promise<ResultOf[T]> {
		const { key, progress, onStart } = options;
		if (key !== undefined) this.supersede(key);
		const id = this.next++;
		if (key !== undefined) this.current.set(key, id);
		onStart?.(id);
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress, key });
			this.worker.postMessage({ type, id, ...body } as Request);
		});
	}

	/** Drop the pending request with this key (if any): cancelled in the engine, its promise rejects with {@link Superseded}. */
	supersede(key: string) {
		const id = this.current.get(key);
		if (id === undefined) return;
		const p = this.settle(id);
		this.cancel(id);
		p?.reject(new Superseded(key));
	}

	/** Whether a request with this key is waiting for its answer. */
	has(key: string): boolean {
		return this.current.has(key);
	}

	cancel(target: number) {
		this.worker.postMessage({ type: 'cancel', id: this.next++, target } satisfies Request);
	}
}
