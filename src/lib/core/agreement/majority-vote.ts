/**
 * Majority vote with cleanlab 2.9's `get_majority_vote_label` tie rules (as
 * documented there), applied in order to the classes that tie for the most votes:
 *  1. the larger model probability, when probabilities are given;
 *  2. the class chosen least often over the whole dataset (to not add imbalance);
 *  3. the higher mean "initial annotator quality" of the annotators who chose it,
 *     where an annotator's quality is the share of their labels equal to the
 *     majority vote on the items without any tie (annotators with no such item
 *     get the mean of the others);
 *  4. cleanlab then picks at random; Plumb picks the smallest remaining class
 *     (deterministic) and counts these items in `unresolved`.
 */
import type { ProbMatrix } from '../confident-learning/shape';
import { AgreementInputError, type Annotations } from './annotations';

export interface MajorityVote {
	label: Int32Array;
	/** items whose tie survived every rule (cleanlab would choose at random) */
	unresolved: number;
}

/**
 * Tied items and their candidate classes, flat: item t's candidates are
 * cand[cptr[t] .. cptr[t] + clen[t]), ascending. Narrowing keeps, in place,
 * the candidates whose key is best (exact equality, as numpy's `x == x.max()`).
 */
interface Ties {
	items: Int32Array;
	cptr: Int32Array;
	clen: Int32Array;
	cand: Int32Array;
}

function narrow(t: Ties, key: (item: number, c: number) => number, max: boolean): void {
	for (let q = 0; q < t.items.length; q++) {
		const len = t.clen[q]!;
		if (len < 2) continue;
		const off = t.cptr[q]!;
		const item = t.items[q]!;
		let best = max ? -Infinity : Infinity;
		const keys: number[] = [];
		for (let r = 0; r < len; r++) {
			const v = key(item, t.cand[off + r]!);
			keys.push(v);
			if (max ? v > best : v < best) best = v;
		}
		let w = 0;
		for (let r = 0; r < len; r++) if (keys[r] === best) t.cand[off + w++] = t.cand[off + r]!;
		if (w > 0) t.clen[q] = w;
	}
}

/** Majority vote label per item; every item needs a label. O(nnz + K) plus the ties. */
export function majorityVote(a: Annotations, predProbs?: ProbMatrix): MajorityVote {
	const { n, k } = a;
	const label = new Int32Array(n);
	const cnt = new Int32Array(k);
	const tiedItems: number[] = [];
	const tiedCands: number[] = [];
	const tiedPtr: number[] = [0];
	const nontied = new Uint8Array(n);
	const classFreq = new Float64Array(k);
	for (let p = 0; p < a.label.length; p++) classFreq[a.label[p]!]!++;
	for (let i = 0; i < n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		if (e <= s) throw new AgreementInputError(`Item ${i} has no label from any annotator; drop it or label it.`);
		let max = 0;
		let at = -1;
		let modes = 0;
		for (let p = s; p < e; p++) {
			const c = ++cnt[a.label[p]!]!;
			if (c > max) {
				max = c;
				at = a.label[p]!;
				modes = 1;
			} else if (c === max) modes++;
		}
		if (modes === 1) {
			label[i] = at;
			nontied[i] = 1;
		} else {
			tiedItems.push(i);
			for (let c = 0; c < k; c++) if (cnt[c] === max) tiedCands.push(c);
			tiedPtr.push(tiedCands.length);
			label[i] = -1;
		}
		for (let p = s; p < e; p++) cnt[a.label[p]!] = 0;
	}
	if (tiedItems.length === 0) return { label, unresolved: 0 };
	const cptr = Int32Array.from(tiedPtr);
	const t: Ties = {
		items: Int32Array.from(tiedItems),
		cptr,
		clen: Int32Array.from(tiedItems, (_, q) => cptr[q + 1]! - cptr[q]!),
		cand: Int32Array.from(tiedCands)
	};
	if (predProbs) narrow(t, (i, c) => predProbs[i * k + c] as number, true);
	narrow(t, (_, c) => classFreq[c]!, false);

	if (t.clen.some((l) => l > 1)) {
		// initial annotator quality: agreement with the majority vote on the items without a first-pass tie
		const agree = new Float64Array(a.m);
		const total = new Float64Array(a.m);
		for (let i = 0; i < n; i++) {
			if (!nontied[i]) continue;
			for (let p = a.ptr[i]!; p < a.ptr[i + 1]!; p++) {
				total[a.who[p]!]!++;
				if (a.label[p] === label[i]) agree[a.who[p]!]!++;
			}
		}
		const quality = new Float64Array(a.m);
		let sum = 0;
		let have = 0;
		for (let j = 0; j < a.m; j++) {
			quality[j] = total[j]! > 0 ? agree[j]! / total[j]! : NaN;
			if (total[j]! > 0) {
				sum += quality[j]!;
				have++;
			}
		}
		for (let j = 0; j < a.m; j++) if (Number.isNaN(quality[j]!)) quality[j] = sum / have;
		narrow(
			t,
			(i, c) => {
				let s = 0;
				let q = 0;
				for (let p = a.ptr[i]!; p < a.ptr[i + 1]!; p++)
					if (a.label[p] === c) {
						s += quality[a.who[p]!]!;
						q++;
					}
				return s / q;
			},
			true
		);
	}
	let unresolved = 0;
	for (let q = 0; q < t.items.length; q++) {
		label[t.items[q]!] = t.cand[t.cptr[q]!]!;
		if (t.clen[q]! > 1) unresolved++;
	}
	return { label, unresolved };
}
