/**
 * Results kept by their inputs, while the state behind them stays the same:
 * the owner says what "the same" means (a list of values compared by identity
 * on every use, e.g. the loaded dataset and the audit view's SQL); any change
 * empties the cache. Concurrent asks with one key share one computation.
 */
import { resolveCache, type ResolveCache } from '../sql/slices';

/** Slice results kept at most (the oldest is dropped first). */
export const SLICE_CACHE_RESULTS = 16;

export class ResultCache {
	private results = new Map<string, Promise<unknown>>();
	private state: readonly unknown[] = [];

	constructor(readonly size: number) {}

	/** Keep what is cached only if every part of `state` is the one (===) given last time. */
	validFor(state: readonly unknown[]): void {
		const same = state.length === this.state.length && state.every((x, i) => x === this.state[i]);
		if (same) return;
		this.state = [...state];
		this.clear();
	}

	/** Forget everything. */
	clear(): void {
		this.results.clear();
	}

	/** Whether a result (or its computation) is kept under `key`. */
	has(key: string): boolean {
		return this.results.has(key);
	}

	/**
	 * The result cached under `key`, or `compute()`'s, kept for next time (a
	 * failure is not kept). Concurrent calls with one key share one computation.
	 */
	memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
		const known = this.results.get(key);
		if (known) {
			this.results.delete(key);
			this.results.set(key, known);
			return known as Promise<T>;
		}
		const results = this.results;
		const p = compute();
		results.set(key, p);
		while (results.size > this.size) results.delete(results.keys().next().value!);
		p.catch(() => {
			if (results.get(key) === p) results.delete(key);
		});
		return p;
	}
}

/**
 * What the Slices page computed, kept while the data behind the `audit` view
 * stay the same, so that changing the attributes of the table does not run
 * discovery again, and the quantile edges of a numeric attribute are computed
 * once (the session says what "the same" means: the loaded dataset, the
 * confident-learning results, the view's SQL, the reviewed labels).
 */
export class SliceCache extends ResultCache {
	/** Column types and quantile edges (see sql/slices.ts `resolveSliceAttrs`). */
	resolve: ResolveCache = resolveCache();

	constructor() {
		super(SLICE_CACHE_RESULTS);
	}

	override clear(): void {
		this.resolve = resolveCache();
		super.clear();
	}
}
