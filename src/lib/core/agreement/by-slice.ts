/**
 * Agreement and consensus quality by group (a protected attribute or a nuisance
 * subclass): is disagreement concentrated in one group?
 * Per group: items, labels, the share of labels equal to the consensus and the
 * share of multiply-labeled items where every label agrees (each with a 95% Wilson
 * interval), Krippendorff's alpha within the group, and the mean consensus quality
 * score when one is given. A group is flagged when its label-agreement interval
 * lies wholly below the overall share.
 */
import { wilsonInterval, Z_95 } from '../stats/wilson';
import type { Annotations } from './annotations';
import { krippendorffAlphaNominal } from './krippendorff';

export interface Rate {
	value: number;
	lo: number;
	hi: number;
	n: number;
}

export interface AgreementGroup {
	/** group code (index into the names the caller keeps) */
	code: number;
	items: number;
	labels: number;
	/** share of labels equal to the consensus */
	agreement: Rate;
	/** share of items with >= 2 labels where all labels agree */
	unanimous: Rate;
	alpha: number;
	meanQuality: number | null;
	flagged: boolean;
}

export interface AgreementBySlice {
	groups: AgreementGroup[];
	overall: { agreement: Rate; unanimous: Rate; alpha: number; meanQuality: number | null };
}

function rate(successes: number, n: number): Rate {
	const { lo, hi } = wilsonInterval(successes, n, Z_95);
	return { value: n > 0 ? successes / n : NaN, lo, hi, n };
}

/** Sub-annotations of the items in `rows` (ascending item indices). */
function subset(a: Annotations, rows: number[]): Annotations {
	const ptr = new Int32Array(rows.length + 1);
	rows.forEach((i, r) => (ptr[r + 1] = ptr[r]! + a.ptr[i + 1]! - a.ptr[i]!));
	const who = new Int32Array(ptr[rows.length]!);
	const label = new Int32Array(ptr[rows.length]!);
	rows.forEach((i, r) => {
		who.set(a.who.subarray(a.ptr[i]!, a.ptr[i + 1]!), ptr[r]!);
		label.set(a.label.subarray(a.ptr[i]!, a.ptr[i + 1]!), ptr[r]!);
	});
	return { n: rows.length, m: a.m, k: a.k, ptr, who, label };
}

/**
 * `groups[i]` is item i's group code (>= 0), or -1 to leave the item out (a NULL attribute).
 * `consensus` is the consensus label per item; `quality` optional consensus quality scores.
 */
export function agreementBySlice(a: Annotations, consensus: Int32Array, groups: Int32Array, quality?: Float64Array): AgreementBySlice {
	if (groups.length !== a.n || consensus.length !== a.n) throw new RangeError(`groups and consensus need ${a.n} entries.`);
	const rowsOf = new Map<number, number[]>();
	for (let i = 0; i < a.n; i++) {
		const g = groups[i]!;
		if (g < 0) continue;
		let r = rowsOf.get(g);
		if (!r) rowsOf.set(g, (r = []));
		r.push(i);
	}
	const summarize = (rows: number[] | null) => {
		let labels = 0;
		let agree = 0;
		let multi = 0;
		let unanimous = 0;
		let q = 0;
		const count = rows ? rows.length : a.n;
		for (let r = 0; r < count; r++) {
			const i = rows ? rows[r]! : r;
			const s = a.ptr[i]!;
			const e = a.ptr[i + 1]!;
			let eq = 0;
			for (let p = s; p < e; p++) if (a.label[p] === consensus[i]) eq++;
			labels += e - s;
			agree += eq;
			if (e - s >= 2) {
				multi++;
				let same = true;
				for (let p = s + 1; p < e && same; p++) same = a.label[p] === a.label[s];
				if (same) unanimous++;
			}
			if (quality) q += quality[i]!;
		}
		return {
			items: count,
			labels,
			agreement: rate(agree, labels),
			unanimous: rate(unanimous, multi),
			alpha: krippendorffAlphaNominal(rows ? subset(a, rows) : a).alpha,
			meanQuality: quality && count > 0 ? q / count : null
		};
	};
	const all = summarize(null);
	const groupsOut = [...rowsOf.entries()]
		.sort((x, y) => x[0] - y[0])
		.map(([code, rows]) => {
			const s = summarize(rows);
			return { code, ...s, flagged: s.agreement.hi < all.agreement.value };
		});
	return { groups: groupsOut, overall: { agreement: all.agreement, unanimous: all.unanimous, alpha: all.alpha, meanQuality: all.meanQuality } };
}
