/**
 * Chance-corrected agreement between annotators.
 *
 * - Cohen's kappa for a pair (Cohen 1960), as scikit-learn's `cohen_kappa_score`:
 *   with the confusion matrix C of the items both labeled, row sums r and column
 *   sums c, kappa = 1 - sum_{i != j} C_ij / sum_{i != j} r_i c_j / n.
 * - Fleiss' kappa (Fleiss 1971), as statsmodels' `fleiss_kappa` (method 'fleiss'),
 *   which needs the same number of ratings per item: it is computed on the items
 *   with the most frequent number of labels among those with at least 2.
 */
import { AgreementInputError, type Annotations } from './annotations';

/** Largest pairwise confusion tensor (pairs x K x K counts) allocated at once. */
export const MAX_PAIR_CELLS = 20_000_000;

export interface PairKappa {
	/** annotator indices, a < b */
	a: number;
	b: number;
	/** items both labeled */
	n: number;
	/** share of those items where they agree */
	observed: number;
	kappa: number;
}

/**
 * Cohen's kappa for every pair of annotators on the items both labeled. Pairs
 * with fewer than `minItems` (2) shared items, or with a single label value
 * between them (kappa undefined: 0/0), are left out. Cost O(sum_i n_i^2 + P K^2)
 * with P = M (M - 1) / 2 pairs; throws before allocating when P K^2 > MAX_PAIR_CELLS.
 */
export function cohenKappaPairs(a: Annotations, minItems = 2): PairKappa[] {
	const { m, k } = a;
	const pairs = (m * (m - 1)) / 2;
	if (pairs * k * k > MAX_PAIR_CELLS)
		throw new AgreementInputError(`${m} annotators x ${k} classes need ${pairs * k * k} pair counts (limit ${MAX_PAIR_CELLS}); compare fewer annotators.`);
	const kk = k * k;
	const cells = new Int32Array(pairs * kk);
	// pair (x, y), x < y, sits at rowStart[x] + (y - x - 1)
	const rowStart = new Int32Array(m);
	for (let x = 1; x < m; x++) rowStart[x] = rowStart[x - 1]! + (m - x);
	for (let i = 0; i < a.n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		for (let p = s; p < e; p++) {
			const x = a.who[p]!;
			const base = rowStart[x]! - x - 1;
			const lx = a.label[p]! * k;
			for (let q = p + 1; q < e; q++) cells[(base + a.who[q]!) * kk + lx + a.label[q]!]!++;
		}
	}
	const out: PairKappa[] = [];
	const rows = new Float64Array(k);
	const cols = new Float64Array(k);
	for (let x = 0; x < m; x++) {
		for (let y = x + 1; y < m; y++) {
			const off = (rowStart[x]! + y - x - 1) * kk;
			rows.fill(0);
			cols.fill(0);
			let n = 0;
			let diag = 0;
			for (let u = 0; u < k; u++)
				for (let v = 0; v < k; v++) {
					const c = cells[off + u * k + v]!;
					rows[u]! += c;
					cols[v]! += c;
					n += c;
					if (u === v) diag += c;
				}
			if (n < minItems) continue;
			let distinct = 0;
			for (let u = 0; u < k; u++) if (rows[u]! + cols[u]! > 0) distinct++;
			if (distinct < 2) continue;
			let expectedOff = 0;
			for (let u = 0; u < k; u++) for (let v = 0; v < k; v++) if (u !== v) expectedOff += (cols[u]! * rows[v]!) / n;
			out.push({ a: x, b: y, n, observed: diag / n, kappa: 1 - (n - diag) / expectedOff });
		}
	}
	return out;
}

export interface FleissKappa {
	kappa: number;
	/** items it was computed on (those with the most frequent number of labels, at least 2) */
	items: number;
	/** that number of labels per item */
	ratingsPerItem: number;
}

/**
 * Fleiss' kappa over the items with the most frequent number of labels among
 * those with two or more (the smaller count wins a tie). NaN with 0 items or
 * when every label is one class. O(nnz + N).
 */
export function fleissKappa(a: Annotations): FleissKappa {
	const freq = new Map<number, number>();
	for (let i = 0; i < a.n; i++) {
		const c = a.ptr[i + 1]! - a.ptr[i]!;
		if (c >= 2) freq.set(c, (freq.get(c) ?? 0) + 1);
	}
	let r = 0;
	let best = 0;
	for (const [c, f] of freq) if (f > best || (f === best && c < r)) [r, best] = [c, f];
	if (best === 0) return { kappa: NaN, items: 0, ratingsPerItem: 0 };
	const k = a.k;
	const perClass = new Float64Array(k);
	const cnt = new Int32Array(k);
	let sumAgree = 0;
	for (let i = 0; i < a.n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		if (e - s !== r) continue;
		let sq = 0;
		for (let p = s; p < e; p++) cnt[a.label[p]!]!++;
		for (let p = s; p < e; p++) {
			const l = a.label[p]!;
			const c = cnt[l]!;
			if (c === 0) continue;
			sq += c * c;
			perClass[l]! += c;
			cnt[l] = 0;
		}
		sumAgree += (sq - r) / (r * (r - 1));
	}
	const total = best * r;
	let pe = 0;
	for (let c = 0; c < k; c++) pe += (perClass[c]! / total) ** 2;
	const pMean = sumAgree / best;
	return { kappa: (pMean - pe) / (1 - pe), items: best, ratingsPerItem: r };
}
