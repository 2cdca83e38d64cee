/** The streaming per-class pairwise sum equals numpy's pairwise sum of the gathered values. */
import { expect, test } from 'vitest';
import { pairwiseSum } from '../../../src/lib/core/confident-learning/numpy-compat';
import { pairwiseSumsByClass } from '../../../src/lib/core/confident-learning/pairwise-by-class';
import { rng } from '../../../bench/synthetic';

test.each([
	[50, 3],
	[1000, 4],
	[5000, 7],
	[20000, 3]
])('N = %i, K = %i: bit for bit what np.sum gives on each class gathered in row order', (n, k) => {
	const random = rng(n + k);
	// uneven classes (one left empty) so runs of every size, below 8, up to 128 and split, occur
	const labels = Int32Array.from({ length: n }, () => Math.min(k - 2, Math.floor(random() ** 2 * k)));
	const p = Float64Array.from({ length: n * k }, () => random() * 1e3 * (random() < 0.1 ? 1e-9 : 1));
	const counts = new Int32Array(k);
	for (const l of labels) counts[l] = (counts[l] as number) + 1;
	const sums = new Float64Array(k);
	pairwiseSumsByClass(labels, p, k, counts, sums);
	for (let c = 0; c < k; c++) {
		const gathered: number[] = [];
		labels.forEach((l, r) => {
			if (l === c) gathered.push(p[r * k + c] as number);
		});
		expect(sums[c], `class ${c} (${gathered.length} rows)`).toBe(pairwiseSum(gathered, 0, gathered.length));
	}
	expect(sums[k - 1]).toBe(0); // the empty class
	// the order matters: on the larger inputs a left-to-right sum differs for some class
	const leftToRight = Array.from({ length: k - 1 }, (_, c) => {
		let s = 0;
		labels.forEach((l, r) => {
			if (l === c) s += p[r * k + c] as number;
		});
		return s;
	});
	if (n >= 5000) expect(leftToRight.some((s, c) => s !== sums[c])).toBe(true);
});
