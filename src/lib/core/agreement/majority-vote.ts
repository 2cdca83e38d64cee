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
import type { Annotations } from './annotations';

export interface MajorityVote {
	label: Int32Array;
	/** items whose tie survived every rule (cleanlab would choose at random) */
	unresolved: number;
}

/** Keep the candidates whose key is best (max when `max`, else min), by exact equality as numpy's `np.where(x == x.max())`. */
function keepBest(cands: number[], key: (c: number) => number, max: boolean): number[] {
	let best = max ? -Infinity : Infinity;
	const keys = cands.map(key);
	for (const v of keys) if (max ? v > best : v < best) best = v;
	const out = cands.filter((_, i) => keys[i] === best);
	return out.length === 0 ? cands : out;
}

/** Majority vote label per item. O(nnz + N K) plus the (rare) ties. */
export function majorityVote(a: Annotations, predProbs?: ProbMatrix): MajorityVote {
	const { n, k } = a;
	const label = new Int32Array(n);
	const cnt = new Int32Array(k);
	const tied: number[] = [];
	const tiedModes: number[][] = [];
	const nontied = new Uint8Array(n);
	const classFreq = new Float64Array(k);
	for (let p = 0; p < a.label.length; p++) classFreq[a.label[p]!]!++;
	for (let i = 0; i < n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		let max = 0;
		let modes = 0;
		let first = -1;
		for (let p = s; p < e; p++) {
			const c = ++cnt[a.label[p]!]!;
			if (c > max) max = c;
		}
		for (let p = s; p < e; p++) {
			const l = a.label[p]!;
			if (cnt[l] === max) {
				if (modes === 0 || l < first) first = l;
				modes++;
				cnt[l] = -1; // counted once
			}
		}
		if (modes === 1) {
			label[i] = first;
			nontied[i] = 1;
		} else {
			const m: number[] = [];
			for (let p = s; p < e; p++) if (cnt[a.label[p]!] === -1) {
				m.push(a.label[p]!);
				cnt[a.label[p]!] = 0;
			}
			m.sort((x, y) => x - y);
			tied.push(i);
			tiedModes.push(m);
			label[i] = m[0]!;
		}
		for (let p = s; p < e; p++) cnt[a.label[p]!] = 0;
	}
	if (tied.length === 0) return { label, unresolved: 0 };

	let rest: number[][] = tiedModes;
	if (predProbs) rest = rest.map((m, t) => keepBest(m, (c) => predProbs[tied[t]! * k + c] as number, true));
	rest = rest.map((m) => (m.length > 1 ? keepBest(m, (c) => classFreq[c]!, false) : m));

	if (rest.some((m) => m.length > 1)) {
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
		const mean = sum / have;
		for (let j = 0; j < a.m; j++) if (Number.isNaN(quality[j]!)) quality[j] = mean;
		rest = rest.map((m, t) => {
			if (m.length === 1) return m;
			const i = tied[t]!;
			return keepBest(
				m,
				(c) => {
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
		});
	}
	let unresolved = 0;
	rest.forEach((m, t) => {
		label[tied[t]!] = m[0]!;
		if (m.length > 1) unresolved++;
	});
	return { label, unresolved };
}
