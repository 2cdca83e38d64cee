/**
 * Re-implementations of two numpy (BSD-3-Clause) internals whose exact behaviour decides
 * results bit for bit: the pairwise float summation of `np.sum` and the introsort behind
 * `np.argsort(kind='quicksort')` (the default, not stable), which pandas' `sort_values`
 * uses. Written from numpy's documented algorithms (npysort/quicksort, pairwise_sum).
 */

/** numpy's unroll width and block size for pairwise summation. */
const PW_UNROLL = 8;
const PW_BLOCKSIZE = 128;

/**
 * Sum of values[offset .. offset+n) in numpy's order (`np.sum` over a contiguous axis):
 * fewer than 8 values are added left to right; up to 128 are spread over 8 running sums
 * combined as a tree, plus the leftover tail; longer runs split in halves (multiples of 8).
 */
export function pairwiseSum(values: ArrayLike<number>, offset: number, n: number): number {
	if (n < PW_UNROLL) {
		let res = 0;
		for (let i = 0; i < n; i++) res += values[offset + i] as number;
		return res;
	}
	if (n <= PW_BLOCKSIZE) {
		let r0 = values[offset] as number;
		let r1 = values[offset + 1] as number;
		let r2 = values[offset + 2] as number;
		let r3 = values[offset + 3] as number;
		let r4 = values[offset + 4] as number;
		let r5 = values[offset + 5] as number;
		let r6 = values[offset + 6] as number;
		let r7 = values[offset + 7] as number;
		let i = PW_UNROLL;
		for (; i < n - (n % PW_UNROLL); i += PW_UNROLL) {
			const o = offset + i;
			r0 += values[o] as number;
			r1 += values[o + 1] as number;
			r2 += values[o + 2] as number;
			r3 += values[o + 3] as number;
			r4 += values[o + 4] as number;
			r5 += values[o + 5] as number;
			r6 += values[o + 6] as number;
			r7 += values[o + 7] as number;
		}
		let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
		for (; i < n; i++) res += values[offset + i] as number;
		return res;
	}
	let n2 = Math.floor(n / 2);
	n2 -= n2 % PW_UNROLL;
	return pairwiseSum(values, offset, n2) + pairwiseSum(values, offset + n2, n - n2);
}

/** Partitions at most this long are finished by insertion sort (numpy's SMALL_QUICKSORT). */
const SMALL_QUICKSORT = 15;

/** numpy's NaN-aware less-than: NaNs sort last. */
function less(a: number, b: number): boolean {
	return a < b || (b !== b && a === a);
}

/**
 * `np.argsort(values)` with numpy's default introsort (median-of-3 quicksort, insertion sort
 * for short partitions, heapsort when recursion gets too deep). Not stable: the order of
 * equal values is whatever this algorithm produces, exactly as numpy's.
 */
export function numpyQuicksortArgsort(values: ArrayLike<number>): Int32Array {
	const num = values.length;
	const t = new Int32Array(num);
	for (let i = 0; i < num; i++) t[i] = i;
	if (num < 2) return t;
	const v = (i: number) => values[t[i] as number] as number;
	const swap = (a: number, b: number) => {
		const tmp = t[a] as number;
		t[a] = t[b] as number;
		t[b] = tmp;
	};
	const stack: number[] = [];
	let pl = 0;
	let pr = num - 1;
	let cdepth = 2 * mostSignificantBit(num);
	for (;;) {
		if (cdepth < 0) {
			heapsortRange(values, t, pl, pr - pl + 1);
		} else {
			while (pr - pl > SMALL_QUICKSORT) {
				const pm = pl + ((pr - pl) >> 1);
				if (less(v(pm), v(pl))) swap(pm, pl);
				if (less(v(pr), v(pm))) swap(pr, pm);
				if (less(v(pm), v(pl))) swap(pm, pl);
				const vp = v(pm);
				let pi = pl;
				let pj = pr - 1;
				swap(pm, pj);
				for (;;) {
					do ++pi;
					while (less(v(pi), vp));
					do --pj;
					while (less(vp, v(pj)));
					if (pi >= pj) break;
					swap(pi, pj);
				}
				swap(pi, pr - 1);
				// continue with the smaller partition, push the larger
				if (pi - pl < pr - pi) {
					stack.push(pi + 1, pr, --cdepth);
					pr = pi - 1;
				} else {
					stack.push(pl, pi - 1, --cdepth);
					pl = pi + 1;
				}
			}
			for (let pi = pl + 1; pi <= pr; pi++) {
				const vi = t[pi] as number;
				const vv = values[vi] as number;
				let pj = pi;
				while (pj > pl && less(vv, v(pj - 1))) {
					t[pj] = t[pj - 1] as number;
					pj--;
				}
				t[pj] = vi;
			}
		}
		if (stack.length === 0) break;
		cdepth = stack.pop() as number;
		pr = stack.pop() as number;
		pl = stack.pop() as number;
	}
	return t;
}

/** Position of the highest set bit (numpy's npy_get_msb): floor(log2(n)) for n >= 1. */
function mostSignificantBit(n: number): number {
	let depth = 0;
	while (n > 1) {
		n = Math.floor(n / 2);
		depth++;
	}
	return depth;
}

/** numpy's argsort heapsort on t[start .. start+n) (the introsort fallback). */
function heapsortRange(values: ArrayLike<number>, t: Int32Array, start: number, n: number): void {
	// 1-based heap indexing as in numpy: a[i] = t[start + i - 1]
	const get = (i: number) => t[start + i - 1] as number;
	const set = (i: number, x: number) => {
		t[start + i - 1] = x;
	};
	const val = (x: number) => values[x] as number;
	const siftDown = (top: number, tmp: number, size: number) => {
		let i = top;
		for (let j = top << 1; j <= size; ) {
			if (j < size && less(val(get(j)), val(get(j + 1)))) j++;
			if (!less(val(tmp), val(get(j)))) break;
			set(i, get(j));
			i = j;
			j += j;
		}
		set(i, tmp);
	};
	for (let l = n >> 1; l > 0; l--) siftDown(l, get(l), n);
	for (let size = n; size > 1; ) {
		const tmp = get(size);
		set(size, get(1));
		size--;
		siftDown(1, tmp, size);
	}
}

/**
 * Row order of pandas `DataFrame.sort_values(column, ascending=False)` (default quicksort):
 * pandas reverses the column, argsorts it with numpy's quicksort, maps positions back and
 * reverses the result.
 */
export function pandasDescendingOrder(values: ArrayLike<number>): Int32Array {
	const n = values.length;
	const reversed = Float64Array.from({ length: n }, (_, i) => values[n - 1 - i] as number);
	const order = numpyQuicksortArgsort(reversed);
	const out = new Int32Array(n);
	for (let i = 0; i < n; i++) out[i] = n - 1 - (order[n - 1 - i] as number);
	return out;
}
