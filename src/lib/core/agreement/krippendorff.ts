/**
 * Krippendorff's alpha for nominal data (Krippendorff, "Computing
 * Krippendorff's Alpha-Reliability", 2011), from the coincidence matrix over
 * every item with two or more labels:
 *   o_ck = sum_u (pairs of labels c, k in item u, ordered, distinct positions) / (m_u - 1)
 *   n_c = sum_k o_ck, n = sum_c n_c
 *   alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k
 * Only the diagonal of o and the marginals are needed:
 *   sum_{c != k} o_ck = n - sum_c o_cc and sum_{c != k} n_c n_k = n^2 - sum_c n_c^2.
 */
import type { Annotations } from './annotations';

export interface KrippendorffAlpha {
	alpha: number;
	/** items with two or more labels (the pairable ones) */
	items: number;
	/** pairable labels n */
	values: number;
}

/** Nominal alpha; NaN when fewer than two pairable labels or a single class among them. O(nnz + K). */
export function krippendorffAlphaNominal(a: Annotations): KrippendorffAlpha {
	const k = a.k;
	const nc = new Float64Array(k);
	const cnt = new Int32Array(k);
	let diag = 0;
	let items = 0;
	for (let i = 0; i < a.n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		const mu = e - s;
		if (mu < 2) continue;
		items++;
		for (let p = s; p < e; p++) cnt[a.label[p]!]!++;
		let same = 0;
		for (let p = s; p < e; p++) {
			const l = a.label[p]!;
			const c = cnt[l]!;
			if (c === 0) continue;
			same += c * (c - 1);
			nc[l]! += c;
			cnt[l] = 0;
		}
		diag += same / (mu - 1);
	}
	let n = 0;
	let sq = 0;
	for (let c = 0; c < k; c++) {
		n += nc[c]!;
		sq += nc[c]! * nc[c]!;
	}
	const alpha = n < 2 || n * n === sq ? NaN : 1 - ((n - 1) * (n - diag)) / (n * n - sq);
	return { alpha, items, values: n };
}
