/**
 * numpy's pairwise sum of p[row][label] over each class's rows, in row order, exactly as
 * `np.sum(pred_probs[labels == k, k])` (and so `np.mean`) adds them.
 */
import type { ProbMatrix } from './shape';

/**
 * sums[l] = numpy's pairwise sum (`pairwiseSum`) of predProbs[r * k + l] over the rows r with
 * labels[r] = l, in row order. `counts[l]` must be the number of such rows (labels must be in
 * 0..K-1). The values are gathered by class first (a counting sort, as numpy's boolean
 * indexing copies them) into a scratch array kept between calls. Cost: one pass reading one
 * value per row; memory one value per row (4 bytes for float32 input, else 8).
 */
export function pairwiseSumsByClass(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	counts: Int32Array,
	sums: Float64Array
): void {
	const next = new Int32Array(k);
	for (let c = 1; c < k; c++) next[c] = (next[c - 1] as number) + (counts[c - 1] as number);
	const start = next.slice();
	const gathered = gatherScratch(labels.length, predProbs instanceof Float32Array);
	gatherSelf(labels, predProbs, k, next, gathered);
	for (let c = 0; c < k; c++) sums[c] = pairwiseSumTyped(gathered, start[c] as number, counts[c] as number);
}

/**
 * Room for the gathered values, reused from call to call (a fresh multi-megabyte array per
 * call cost more than filling it: its pages are new each time). Retains 8 bytes per row of
 * the largest recent input; an array more than twice the size needed is dropped.
 */
let scratch64 = new Float64Array(0);
let scratch32 = new Float32Array(0);

/** A Float32Array for float32 input (its values are exact in it: half the bytes), else float64. */
function gatherScratch(n: number, float32: boolean): ProbMatrix {
	if (float32) {
		if (scratch32.length < n || scratch32.length > 2 * n + 4096) scratch32 = new Float32Array(n);
		return scratch32;
	}
	if (scratch64.length < n || scratch64.length > 2 * n + 4096) scratch64 = new Float64Array(n);
	return scratch64;
}

/** gathered[next[l]++] = p[r][l] over the rows, in row order (its own function: a hot loop). */
function gatherSelf(labels: Int32Array, predProbs: ProbMatrix, k: number, next: Int32Array, gathered: ProbMatrix): void {
	const n = labels.length;
	for (let r = 0, off = 0; r < n; r++, off += k) {
		const l = labels[r] as number;
		const at = next[l] as number;
		gathered[at] = predProbs[off + l] as number;
		next[l] = at + 1;
	}
}

/**
 * `pairwiseSum` (numpy's order: fewer than 8 values left to right; up to 128 spread over 8
 * running sums combined as a tree, then the tail; longer runs split in two, the first part
 * floor(n/2) rounded down to a multiple of 8), on a Float64Array only so that it stays
 * fast (`pairwiseSum` also sees plain arrays).
 */
function pairwiseSumTyped(v: ProbMatrix, o: number, n: number): number {
	if (n < 8) {
		let res = 0;
		for (let i = 0; i < n; i++) res += v[o + i] as number;
		return res;
	}
	if (n <= 128) {
		let r0 = v[o] as number, r1 = v[o + 1] as number, r2 = v[o + 2] as number, r3 = v[o + 3] as number;
		let r4 = v[o + 4] as number, r5 = v[o + 5] as number, r6 = v[o + 6] as number, r7 = v[o + 7] as number;
		let i = 8;
		for (; i < n - (n % 8); i += 8) {
			r0 += v[o + i] as number;
			r1 += v[o + i + 1] as number;
			r2 += v[o + i + 2] as number;
			r3 += v[o + i + 3] as number;
			r4 += v[o + i + 4] as number;
			r5 += v[o + i + 5] as number;
			r6 += v[o + i + 6] as number;
			r7 += v[o + i + 7] as number;
		}
		let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
		for (; i < n; i++) res += v[o + i] as number;
		return res;
	}
	let n2 = Math.floor(n / 2);
	n2 -= n2 % 8;
	return pairwiseSumTyped(v, o, n2) + pairwiseSumTyped(v, o + n2, n - n2);
}
