import type { ProbMatrix } from './shape';

/**
 * Rows that could be pruned by noise rate, copied while the counting pass has them in cache.
 *
 * prune_by_noise_rate selects, per cell (given i, true j), the rows with the smallest key
 * p[i] - p[j]. In practice every selected key is <= 0: the row's probability for the other
 * class is at least that of its label. A row has such a key exactly when its label is not
 * its strict maximum, and `countConfidentJoint` copies those rows here, so all pairs with
 * key <= SIDE_LIMIT can be found contiguously instead of by random access into the full
 * matrix. Selections that need larger keys read the full matrix (see `pruneByNoiseRate`).
 */
export const SIDE_LIMIT = 0;

/** Growable copy of selected rows: `rows[t]` is the source row of `values[t*k .. t*k+k)`. */
export class SideRows {
	rows: Int32Array;
	values: ProbMatrix;
	count = 0;

	constructor(
		readonly k: number,
		like: ProbMatrix,
		capacityHint = 1024
	) {
		const size = Math.max(16, Math.ceil(capacityHint));
		this.rows = new Int32Array(size);
		this.values = like instanceof Float32Array ? new Float32Array(size * k) : new Float64Array(size * k);
	}

	/** Append row `row`, whose values start at `src[offset]`. */
	push(row: number, src: ProbMatrix, offset: number): void {
		if (this.count === this.rows.length) this.grow();
		const k = this.k;
		const at = this.count * k;
		for (let j = 0; j < k; j++) this.values[at + j] = src[offset + j] as number;
		this.rows[this.count++] = row;
	}

	private grow(): void {
		const rows = new Int32Array(this.rows.length * 2);
		rows.set(this.rows);
		const values =
			this.values instanceof Float32Array
				? new Float32Array(this.values.length * 2)
				: new Float64Array(this.values.length * 2);
		values.set(this.values);
		this.rows = rows;
		this.values = values;
	}
}
