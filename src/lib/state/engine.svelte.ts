import { EngineClient, isSuperseded, type Body, type ProgressInfo, type RequestOptions, type RequestType } from '$lib/data/worker/client';
import type { ResultOf, Source, WorkerError } from '$lib/data/worker/protocol';
import type { DatasetSummary } from '$lib/data/dataset';
import { readTimeLimit, saveTimeLimit } from './browser-storage';
import { problemOf, type Problem } from './problem';

export { DEFAULT_TIME_LIMIT } from './browser-storage';

/** A computation's outcome: its result, a failure (already shown as the problem), or replaced by a newer one. */
export type Computed<R> = { result: R } | 'failed' | 'superseded';

/** Repeats one result the page shows in a fresh engine (after a restart), with the plain client. */
export type Restorer = (client: EngineClient) => Promise<unknown>;

/**
 * The engine's lifecycle as the page sees it: the worker client (started on
 * first use), loading a dataset, progress (`busy` for loads, `computing` for
 * computations), the last problem, the time limit per operation, cancel and
 * restart. After a restart the open dataset is read again and each feature
 * store's {@link Restorer} repeats what it shows, in the order registered.
 */
export class Engine {
	private client: EngineClient | null = null;
	busy = $state.raw<ProgressInfo | null>(null);
	/** Progress of a computation (label issues, slices, drift...) shown beside its view. */
	computing = $state.raw<ProgressInfo | null>(null);
	problem = $state.raw<Problem | null>(null);
	/** Seconds one engine operation may run before Plumb stops it (a setting kept in this browser). */
	timeLimit = $state(readTimeLimit());
	/** True while the engine is restarted and the open dataset read again (after a cancel or a time limit). */
	reopening = $state(false);
	/** What the open dataset was read from, to reopen it after a restart. */
	private openSources: Source[] | null = null;
	private restoring: Promise<void> | null = null;
	private loadId = 0;
	/** The open dataset's name (shown while it is reopened). */
	private openName = '';
	private restorers: Restorer[] = [];

	private engine(): EngineClient {
		this.client ??= new EngineClient();
		return this.client;
	}

	/** Register what to repeat after a restart (called in order, each only if it has something to show). */
	onRestart(restore: Restorer) {
		this.restorers.push(restore);
	}

	/** Start the engine (DuckDB-wasm) before the first file arrives, so loading is not kept waiting. */
	warmUp() {
		this.engine()
			.request('warmUp', {})
			.catch((e) => (this.problem = problemOf(e)));
	}

	/** Read a dataset (the one reopened after a restart once this resolves), showing progress in `busy`. */
	async load(sources: Source[]): Promise<DatasetSummary> {
		this.busy = { stage: 'starting', detail: 'DuckDB' };
		try {
			const name = sources.map((s) => (s.kind === 'file' ? s.file.name : s.name)).join(', ');
			const summary = await this.call('load', { sources }, `Loading ${name}`, { progress: (p) => (this.busy = p), onStart: (id) => (this.loadId = id) });
			this.openSources = sources;
			this.openName = summary.name;
			return summary;
		} finally {
			this.busy = null;
		}
	}

	/** Drop the pending request with this key (its caller sees {@link isSuperseded}). */
	supersede(key: string) {
		this.client?.supersede(key);
	}

	/**
	 * Send a request to the engine under the time limit: past it, the engine is
	 * stopped and restarted (see {@link stop}) and the request fails with a
	 * message naming `what` and the limit. Requests wait while the dataset is
	 * being reopened. A request with a `key` supersedes the pending one with it.
	 */
	async call<T extends RequestType>(type: T, body: Body<T>, what: string, options?: RequestOptions): Promise<ResultOf[T]> {
		if (this.restoring) await this.restoring;
		const limit = this.timeLimit;
		const pending = this.engine().request(type, body, options);
		const timer = setTimeout(
			() =>
				this.stop({
					name: 'TimeLimit',
					message:
						`${what} took longer than ${limit} s, the time limit per operation, and was stopped. The dataset is being reopened; your review decisions and earlier results are kept. ` +
						`Raise the limit under Settings, ask for less (fewer columns or attributes), or use the plumb command line (node bin/plumb.js in the checkout), which runs native DuckDB, for data this large.`
				}),
			limit * 1000
		);
		try {
			return await pending;
		} finally {
			clearTimeout(timer);
		}
	}

	/**
	 * Run a computation that shows its progress in `computing`: cleared when it
	 * ends, unless a newer one with its key replaced it. Failures become the
	 * page's problem (`onError` may add an action) and resolve to 'failed'.
	 */
	async compute<T extends RequestType>(
		type: T,
		body: Body<T>,
		what: string,
		options: RequestOptions & { detail: string; onError?: (p: Problem, e: unknown) => Problem }
	): Promise<Computed<ResultOf[T]>> {
		this.computing = { stage: 'computing', detail: options.detail };
		try {
			const result = await this.call(type, body, what, options);
			this.computing = null;
			return { result };
		} catch (e) {
			if (isSuperseded(e)) return 'superseded';
			this.computing = null;
			const p = problemOf(e);
			this.problem = options.onError ? options.onError(p, e) : p;
			return 'failed';
		}
	}

	/**
	 * Cancel the load in progress. The engine checks for it between chunks; a
	 * load stuck inside DuckDB cannot, so after two seconds the engine is
	 * restarted and the dataset open before is read again.
	 */
	cancel() {
		if (!this.busy || this.reopening || !this.client) return;
		const id = this.loadId;
		this.client.cancel(id);
		setTimeout(() => {
			if (this.busy && !this.reopening && this.loadId === id) {
				this.stop({ name: 'Cancelled', message: 'Loading was cancelled. Nothing was changed; the dataset loaded before is still open.' });
			}
		}, 2000);
	}

	/** Cancel the computation in progress (label issues, slices, drift...): the engine is restarted and the dataset reopened. */
	cancelComputation() {
		if (!this.client || this.reopening) return;
		const what = this.computing?.detail ?? 'the computation';
		this.stop({ name: 'Cancelled', message: `Cancelled ${what}. The dataset is being reopened; your review decisions and earlier results are kept.` });
	}

	/** Change the time limit per operation (seconds, > 0); kept in this browser. */
	setTimeLimit(seconds: number) {
		if (!Number.isFinite(seconds) || seconds <= 0) return;
		this.timeLimit = seconds;
		saveTimeLimit(seconds);
	}

	/**
	 * Stop the engine whatever it is doing (every pending request fails with
	 * `reason`), start a fresh one and read the open dataset into it again,
	 * then repeat what the page shows so exports and the report see the same results.
	 */
	private stop(reason: WorkerError) {
		if (!this.client || this.reopening) return;
		this.client.restart(reason);
		this.restoring = this.reopen().finally(() => (this.restoring = null));
	}

	private async reopen() {
		const sources = this.openSources;
		if (!sources) {
			this.busy = null;
			this.computing = null;
			return;
		}
		const client = this.engine();
		this.reopening = true;
		this.busy = { stage: 'reopening', detail: this.openName };
		this.computing = null;
		try {
			await client.request('load', { sources }, { progress: (p) => (this.busy = { ...p, stage: 'reopening' }) });
			// Rejected requests have settled by now: only results the page still shows are repeated.
			for (const restore of this.restorers) await restore(client);
		} catch (e) {
			this.problem = problemOf(e);
		} finally {
			this.reopening = false;
			this.busy = null;
		}
	}
}
