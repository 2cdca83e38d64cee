/**
 * Near duplicates among rows of numeric features, without all-pairs work.
 *
 * Method: each column is standardised ((x - mean) / sd over its finite values;
 * constant columns are left out), and the distance of two rows is the
 * Euclidean distance of their standardised vectors. Rows are projected on m =
 * min(d, 4) unit vectors (the coordinate axes when d <= 4, else seeded
 * Gaussian directions): a projection of unit length never lengthens a
 * distance, so two rows within `eps` differ by at most `eps` in every
 * projection. They therefore share a cell of width 2 eps in each projection
 * for one of the two offsets 0 and eps, and so share a cell in one of 2^m
 * grids (one offset per projection). Rows are bucketed by cell in each grid
 * (a counting sort on a hash of the cell), and exact distances are computed
 * only inside buckets; a pair is counted in the first grid where it shares a
 * cell. What it can miss: nothing within `eps` while the work budget lasts;
 * once `budget` distances have been computed the search stops and the result
 * says it is incomplete (dense clusters, e.g. many rows with equal values,
 * spend the budget fastest). Rows with a missing (NaN) feature are skipped.
 */
import type { CheckOptions } from './options';

export interface NearPair {
	a: number;
	b: number;
	distance: number;
}

export interface NearDuplicates {
	/** Pairs within `eps`, a < b, sorted by a then b (at most `maxPairs` of them). */
	pairs: NearPair[];
	/** Pairs found (may exceed pairs.length). */
	found: number;
	/** False when the work budget ran out: pairs may be missing. */
	complete: boolean;
	/** Distances computed. */
	compared: number;
	/** Rows left out for a missing value. */
	skippedRows: number;
	/** Columns used (constant ones left out). */
	columns: string[];
	eps: number;
	method: string;
}

/** Deterministic PRNG (mulberry32) for the projection directions. */
function prng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const NEAR_METHOD = 'standardised Euclidean distance; rows bucketed by cells of width 2 eps on up to 4 unit projections in 2^m offset grids, exact distances inside buckets (finds every pair within eps unless the work budget runs out)';

/** Pairs of rows within `eps` (see the module comment). */
export function nearDuplicates(columns: ReadonlyMap<string, ArrayLike<number>>, rows: number, options: Pick<CheckOptions, 'nearDistance' | 'nearBudget' | 'nearMaxPairs'>, seed = 1): NearDuplicates {
	const eps = options.nearDistance;
	// standardise
	const used: string[] = [];
	const z: Float64Array[] = [];
	for (const [name, v] of columns) {
		if (v.length !== rows) throw new RangeError(`Column ${name} has ${v.length} values for ${rows} rows.`);
		let s = 0;
		let c = 0;
		for (let i = 0; i < rows; i++) if (Number.isFinite(v[i]!)) (s += v[i]!), c++;
		const mean = c > 0 ? s / c : 0;
		let ss = 0;
		for (let i = 0; i < rows; i++) if (Number.isFinite(v[i]!)) ss += (v[i]! - mean) ** 2;
		const sd = c > 1 ? Math.sqrt(ss / (c - 1)) : 0;
		if (!(sd > 0)) continue;
		const out = new Float64Array(rows);
		for (let i = 0; i < rows; i++) out[i] = (v[i]! - mean) / sd;
		used.push(name);
		z.push(out);
	}
	const d = z.length;
	const result: NearDuplicates = { pairs: [], found: 0, complete: true, compared: 0, skippedRows: 0, columns: used, eps, method: NEAR_METHOD };
	if (d === 0 || rows < 2) return result;
	// rows with every value finite
	const ok: number[] = [];
	for (let i = 0; i < rows; i++) {
		let good = true;
		for (let j = 0; j < d && good; j++) good = Number.isFinite(z[j]![i]!);
		if (good) ok.push(i);
	}
	result.skippedRows = rows - ok.length;
	const n = ok.length;
	// projections
	const m = Math.min(d, 4);
	const rand = prng(seed);
	const dirs: Float64Array[] = [];
	for (let p = 0; p < m; p++) {
		const w = new Float64Array(d);
		if (d <= 4) w[p] = 1;
		else {
			let norm = 0;
			for (let j = 0; j < d; j++) {
				const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
				w[j] = g;
				norm += g * g;
			}
			for (let j = 0; j < d; j++) w[j] = w[j]! / Math.sqrt(norm);
		}
		dirs.push(w);
	}
	const proj = dirs.map((w) => {
		const out = new Float64Array(n);
		for (let r = 0; r < n; r++) {
			const i = ok[r]!;
			let s = 0;
			for (let j = 0; j < d; j++) s += w[j]! * z[j]![i]!;
			out[r] = s;
		}
		return out;
	});
	const width = Math.max(2 * eps, 1e-12);
	// cell index of each row in each projection, for offset 0 and offset eps
	const cells = proj.map((pr) =>
		[0, eps].map((offset) => {
			const out = new Float64Array(n);
			for (let r = 0; r < n; r++) out[r] = Math.floor((pr[r]! + offset) / width);
			return out;
		})
	);
	const sameCell = (a: number, b: number, grid: number) => {
		for (let p = 0; p < m; p++) {
			const c = cells[p]![(grid >> p) & 1]!;
			if (c[a] !== c[b]) return false;
		}
		return true;
	};
	const slots = 1 << Math.min(24, Math.max(4, Math.ceil(Math.log2(n * 2))));
	const mask = slots - 1;
	const count = new Int32Array(slots + 1);
	const order = new Int32Array(n);
	const key = new Int32Array(n);
	const eps2 = eps * eps;
	const pairs: NearPair[] = [];
	for (let grid = 0; grid < 1 << m && result.complete; grid++) {
		count.fill(0);
		for (let r = 0; r < n; r++) {
			let h = 0x811c9dc5;
			for (let p = 0; p < m; p++) h = Math.imul(h ^ (cells[p]![(grid >> p) & 1]![r]! | 0), 0x01000193);
			key[r] = (h ^ (h >>> 15)) & mask;
			count[key[r]! + 1]!++;
		}
		for (let s = 0; s < slots; s++) count[s + 1]! += count[s]!;
		const fill = count.slice(0, slots);
		for (let r = 0; r < n; r++) order[fill[key[r]!]!++] = r;
		for (let s = 0; s < slots && result.complete; s++) {
			const from = count[s]!;
			const to = count[s + 1]!;
			for (let x = from; x < to && result.complete; x++) {
				for (let y = x + 1; y < to; y++) {
					const a = order[x]!;
					const b = order[y]!;
					if (!sameCell(a, b, grid)) continue;
					let seen = false;
					for (let g = 0; g < grid && !seen; g++) seen = sameCell(a, b, g);
					if (seen) continue;
					if (++result.compared > options.nearBudget) {
						result.complete = false;
						result.compared--;
						break;
					}
					const ia = ok[a]!;
					const ib = ok[b]!;
					let s2 = 0;
					for (let j = 0; j < d && s2 <= eps2; j++) s2 += (z[j]![ia]! - z[j]![ib]!) ** 2;
					if (s2 <= eps2) {
						result.found++;
						if (pairs.length < options.nearMaxPairs) pairs.push({ a: Math.min(ia, ib), b: Math.max(ia, ib), distance: Math.sqrt(s2) });
					}
				}
			}
		}
	}
	result.pairs = pairs.sort((p, q) => p.a - q.a || p.b - q.b);
	return result;
}
