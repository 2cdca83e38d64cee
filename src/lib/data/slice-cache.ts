/**
 * What the Slices page computed, kept while the data behind the `audit` view
 * stay the same, so that changing the attributes of the table does not run
 * discovery again, and the quantile edges of a numeric attribute are computed
 * once. The owner (the session) says what "the same" means: a list of values
 * (the loaded dataset, the confident-learning results, the view's SQL)
 * compared by identity on every use; any change empties the cache.
 */
import { resolveCache, type ResolveCache } from './sql/slices';

/** Results kept at most (the oldest is dropped first). */
export const SLICE_CACHE_RESULTS = 16;

export class SliceCache {
	/** Column types and quantile edges (see sql/slices.ts `resolveSliceAttrs`). */
	resolve: ResolveCache = resolveCache();
	private results = new Map<string, Promise<unknown>>();
	private state: readonly unknown[] = [];

	/** Keep what is cached only if every part of `state` is the one (===) given last time. */
	validFor(state: readonly unknown[]): void {
		const same = state.length === this.state.length && state.every((x, i) => x === this.state[i]);
		if (same) return;
		this.state = [...state];
		this.clear();
	}

	/** Forget everything. */
	clear(): void {
		this.resolve = resolveCache();
		this.results.clear();
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
		while (results.size > SLICE_CACHE_RESULTS) results.delete(results.keys().next().value!);
		p.catch(() => {
			if (results.get(key) === p) results.delete(key);
		});
		return p;
	}
}
