/**
 * Leakage: how well one feature alone predicts the label.
 *
 * - Numeric feature, two classes: the one-dimensional AUC (Mann-Whitney:
 *   the share of (positive, negative) pairs the feature orders correctly, a tie
 *   counting half), in whichever direction is larger. Missing values rank
 *   together, below or above every present value, whichever gives the higher
 *   score, so a feature whose missingness gives the label away is seen.
 * - Numeric feature, more classes: the accuracy of the per-bin majority rule
 *   over up to `bins` quantile bins (inner edges at the quantiles i/bins by
 *   numpy's rule, repeated edges merged, a value equal to an edge in the upper
 *   bin; missing values one more bin).
 * - Categorical feature (any number of classes): the accuracy of the
 *   per-category majority rule; categories with fewer than `minRows` rows are
 *   pooled into one category (so an identifier does not score by memorising
 *   single rows); missing is a category.
 * Rows without a label are left out. A score at or above the threshold, and
 * above the majority-class share (what predicting one class for every row
 * gets), is flagged as a likely leak.
 */
import { quantileSorted } from '../stats/quantile';

export type LeakMethod = 'auc' | 'binned-majority' | 'category-majority';

/** Class codes per row: 0..k-1, or -1 where the label is missing. */
export type ClassCodes = Int32Array;

/** Merge two ascending arrays into one. */
export function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
	if (b.length === 0) return a;
	if (a.length === 0) return b;
	const out = new Float64Array(a.length + b.length);
	let i = 0;
	let j = 0;
	let k = 0;
	while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
	while (i < a.length) out[k++] = a[i++]!;
	while (j < b.length) out[k++] = b[j++]!;
	return out;
}

/** A numeric column split by a two-class label: sorted finite values of each side, of the unlabelled rows, and the missing counts. */
export interface TwoClassSample {
	pos: Float64Array;
	neg: Float64Array;
	unlabelled: Float64Array;
	missPos: number;
	missNeg: number;
}

/** Split and sort a column by a two-class label (codes 0/1, -1 missing): two half-size sorts instead of a full one. */
export function twoClassSample(values: ArrayLike<number>, y: ClassCodes): TwoClassSample {
	const counts = [0, 0, 0];
	let missPos = 0;
	let missNeg = 0;
	for (let i = 0; i < y.length; i++) {
		const c = y[i]!;
		const v = values[i]!;
		if (Number.isNaN(v)) {
			if (c === 1) missPos++;
			else if (c === 0) missNeg++;
		} else counts[c < 0 ? 2 : c]!++;
	}
	const parts = counts.map((n) => new Float64Array(n));
	const fill = [0, 0, 0];
	for (let i = 0; i < y.length; i++) {
		const v = values[i]!;
		if (Number.isNaN(v)) continue;
		const c = y[i]! < 0 ? 2 : y[i]!;
		parts[c]![fill[c]!++] = v;
	}
	for (const p of parts) p.sort();
	return { neg: parts[0]!, pos: parts[1]!, unlabelled: parts[2]!, missPos, missNeg };
}

/**
 * The AUC of a split sample (see {@link twoClassAuc}): each positive's count
 * of smaller and equal negatives read off in one merge walk.
 */
export function twoClassAucSorted(s: TwoClassSample): number {
	const { pos, neg, missPos, missNeg } = s;
	const p = pos.length;
	const q = neg.length;
	// U = sum over positives of (negatives below) + half (negatives equal)
	let u = 0;
	let below = 0;
	for (let i = 0; i < p; ) {
		const v = pos[i]!;
		let e = i;
		while (e < p && pos[e] === v) e++;
		while (below < q && neg[below]! < v) below++;
		let upto = below;
		while (upto < q && neg[upto] === v) upto++;
		u += (e - i) * (below + 0.5 * (upto - below));
		i = e;
	}
	const nPos = p + missPos;
	const nNeg = q + missNeg;
	if (nPos === 0 || nNeg === 0) return NaN;
	const ties = 0.5 * missPos * missNeg;
	const low = (u + p * missNeg + ties) / (nPos * nNeg);
	const high = (u + missPos * q + ties) / (nPos * nNeg);
	return Math.max(low, 1 - low, high, 1 - high);
}

/**
 * The AUC of a numeric feature for a two-class label (codes 0/1; class 1
 * positive; -1 unlabelled, left out), oriented and placed for the higher
 * score (see the module comment).
 */
export function twoClassAuc(values: ArrayLike<number>, y: ClassCodes): number {
	return twoClassAucSorted(twoClassSample(values, y));
}

/** Counts per (group, class) into a flat array, groups of k. */
function majorityAccuracy(counts: Float64Array | number[], k: number): { correct: number; total: number } {
	let correct = 0;
	let total = 0;
	for (let g = 0; g < counts.length / k; g++) {
		let best = 0;
		for (let c = 0; c < k; c++) {
			const n = counts[g * k + c]!;
			total += n;
			if (n > best) best = n;
		}
		correct += best;
	}
	return { correct, total };
}

/** Inner edges of up to `bins` quantile bins of an ascending, finite sample (distinct, ascending). */
export function quantileBinEdges(sorted: ArrayLike<number>, bins: number): number[] {
	const edges: number[] = [];
	for (let i = 1; i < bins; i++) {
		const e = quantileSorted(sorted, i / bins);
		if (Number.isFinite(e) && (edges.length === 0 || e > edges[edges.length - 1]!)) edges.push(e);
	}
	return edges;
}

/** Accuracy of the per-bin majority rule over quantile bins (see the module comment); NaN without labelled rows. */
export function binnedMajorityAccuracy(values: ArrayLike<number>, y: ClassCodes, k: number, bins: number, sorted?: ArrayLike<number>): number {
	let s = sorted;
	if (!s) {
		const present: number[] = [];
		for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) present.push(values[i]!);
		s = Float64Array.from(present).sort();
	}
	const edges = quantileBinEdges(s, bins);
	const nb = edges.length + 2; // bins plus the missing bin (last)
	const counts = new Float64Array(nb * k);
	for (let i = 0; i < y.length; i++) {
		const c = y[i]!;
		if (c < 0) continue;
		const v = values[i]!;
		let b: number;
		if (Number.isNaN(v)) b = nb - 1;
		else {
			// number of edges <= v
			let lo = 0;
			let hi = edges.length;
			while (lo < hi) {
				const mid = (lo + hi) >>> 1;
				if (edges[mid]! <= v) lo = mid + 1;
				else hi = mid;
			}
			b = lo;
		}
		counts[b * k + c]!++;
	}
	const { correct, total } = majorityAccuracy(counts, k);
	return total > 0 ? correct / total : NaN;
}

/** Rows of one (category, class) cell, as SQL counts them (category null: missing). */
export interface CategoryClassCount {
	category: string | null;
	/** Class code 0..k-1. */
	cls: number;
	n: number;
}

/** Accuracy of the per-category majority rule, categories below `minRows` pooled (see the module comment). */
export function categoryMajorityAccuracy(cells: readonly CategoryClassCount[], k: number, minRows: number): number {
	const byCat = new Map<string | null, Float64Array>();
	for (const c of cells) {
		if (c.cls < 0 || c.cls >= k) throw new RangeError(`Class code ${c.cls} is not within 0..${k - 1}.`);
		let a = byCat.get(c.category);
		if (!a) byCat.set(c.category, (a = new Float64Array(k)));
		a[c.cls]! += c.n;
	}
	const pooled = new Float64Array(k);
	const kept: number[] = [];
	for (const a of byCat.values()) {
		const n = a.reduce((s, x) => s + x, 0);
		if (n >= minRows) kept.push(...a);
		else for (let c = 0; c < k; c++) pooled[c]! += a[c]!;
	}
	kept.push(...pooled);
	const { correct, total } = majorityAccuracy(kept, k);
	return total > 0 ? correct / total : NaN;
}

/** The share of the most frequent class among labelled rows: what a constant prediction scores. */
export function majorityShare(classCounts: ArrayLike<number>): number {
	let total = 0;
	let best = 0;
	for (let c = 0; c < classCounts.length; c++) {
		total += classCounts[c]!;
		best = Math.max(best, classCounts[c]!);
	}
	return total > 0 ? best / total : NaN;
}

/** Whether a column looks like an identifier or a row-order column (see {@link identifierKind}). */
export type IdentifierKind = 'identifier' | 'row order' | null;

/**
 * 'row order' when the present values of a numeric column never decrease (or
 * never increase) down the rows and take more than one value; 'identifier'
 * when every present value is distinct (and there are at least `minRows` of
 * them); else null.
 */
export function identifierKind(distinct: number, present: number, values?: ArrayLike<number>, minRows = 20): IdentifierKind {
	if (values && present >= 2) {
		let up = true;
		let down = true;
		let prev = NaN;
		let first = NaN;
		for (let i = 0; i < values.length && (up || down); i++) {
			const v = values[i]!;
			if (Number.isNaN(v)) continue;
			if (Number.isNaN(first)) first = v;
			else {
				if (v < prev) up = false;
				if (v > prev) down = false;
			}
			prev = v;
		}
		if ((up || down) && prev !== first) return 'row order';
	}
	return present >= minRows && distinct === present ? 'identifier' : null;
}

export interface LeakScore {
	column: string;
	score: number;
	method: LeakMethod;
	flagged: boolean;
	identifier: IdentifierKind;
}

/**
 * Sort by score (highest first; NaN last; ties by column name) and flag scores
 * at or above the threshold that beat a constant prediction: an accuracy must
 * be above `baseline` (the majority-class share), an AUC above 0.5.
 */
export function rankLeakage(scores: readonly Omit<LeakScore, 'flagged'>[], threshold: number, baseline: number): LeakScore[] {
	return scores
		.map((s) => ({ ...s, flagged: s.score >= threshold && s.score > (s.method === 'auc' ? 0.5 : baseline) }))
		.sort((a, b) => {
			const x = Number.isNaN(a.score) ? -Infinity : a.score;
			const y = Number.isNaN(b.score) ? -Infinity : b.score;
			return y - x || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0);
		});
}
