import { PairList } from './select-smallest';

/**
 * What prune_by_noise_rate and the final near-max check need, gathered by the counting pass
 * while each row is in cache, so that neither has to read the N x K matrix again.
 *
 * prune_by_noise_rate selects, per cell (given i, true j), the rows labelled i with the
 * smallest key p[i] - p[j]. In practice every selected key is <= CANDIDATE_KEY_LIMIT = 0:
 * the row's probability for the other class is at least that of its label. The counting pass lists
 * every (cell, key, row) with key <= 0 (a handful per row whose label is not its strict
 * maximum, none for the others); a cell that needs more than its listed keys falls back to
 * the full matrix (see `pruneByNoiseRate`).
 *
 * The near-max rule (cleanlab un-flags a row whose p[label] + 1e-6 is its first argmax) can
 * only keep a row flagged if some p[j] >= p[label], so it is decided for the same rows:
 * `keptRows` lists, ascending, exactly the rows that are not near-max. Only they can end up
 * as issues, so the final check reads that list instead of all N rows.
 */
export const CANDIDATE_KEY_LIMIT = 0;

export class PruneCandidates {
	/** (cell i*K + j, p[i] - p[j], row) for every j != label with p[j] >= p[label] */
	readonly pairs: PairList;
	/** the smallest key in `pairs` (CANDIDATE_KEY_LIMIT if there are none) */
	lowestKey = CANDIDATE_KEY_LIMIT;
	/** rows whose label is not (nearly) their prediction, ascending; `keptLength` of them are valid */
	keptRows: Int32Array;
	keptLength = 0;

	constructor(pairCapacityHint: number) {
		this.pairs = new PairList(pairCapacityHint);
		this.keptRows = new Int32Array(Math.max(16, Math.ceil(pairCapacityHint / 4)));
	}

	/** Empty the lists (keeping their room) for another run. */
	clear(): void {
		this.pairs.length = 0;
		this.lowestKey = CANDIDATE_KEY_LIMIT;
		this.keptLength = 0;
	}

	/** Record that row r (rows come in ascending order) is not near-max. */
	keepRow(r: number): void {
		if (this.keptLength === this.keptRows.length) this.keptRows = growInt32(this.keptRows);
		this.keptRows[this.keptLength++] = r;
	}
}

/** A copy of `a` twice as long (a growable list's next backing array). */
export function growInt32(a: Int32Array): Int32Array {
	const b = new Int32Array(a.length * 2);
	b.set(a);
	return b;
}
