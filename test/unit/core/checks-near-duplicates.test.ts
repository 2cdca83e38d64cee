import { describe, expect, test } from 'vitest';
import { nearDuplicates } from '../../../src/lib/core/checks/near-duplicates';

const opts = (nearDistance: number, nearBudget = 1e9, nearMaxPairs = 1e6) => ({ nearDistance, nearBudget, nearMaxPairs });

/** Every pair within eps by brute force over standardised columns (sample sd), skipping rows with NaN. */
function bruteForce(cols: Float64Array[], eps: number): string[] {
	const z = cols
		.map((c) => {
			const f = [...c].filter(Number.isFinite);
			const mean = f.reduce((s, x) => s + x, 0) / f.length;
			const sd = Math.sqrt(f.reduce((s, x) => s + (x - mean) ** 2, 0) / (f.length - 1));
			return sd > 0 ? [...c].map((x) => (x - mean) / sd) : null;
		})
		.filter((c): c is number[] => c !== null);
	const n = cols[0]!.length;
	const out: string[] = [];
	for (let a = 0; a < n; a++)
		for (let b = a + 1; b < n; b++) {
			if (z.some((c) => !Number.isFinite(c[a]!) || !Number.isFinite(c[b]!))) continue;
			const d2 = z.reduce((s, c) => s + (c[a]! - c[b]!) ** 2, 0);
			if (d2 <= eps * eps) out.push(`${a}-${b}`);
		}
	return out;
}

describe('near duplicates', () => {
	test('one column by hand', () => {
		// x = [0, 0, 1, 1, 10]: mean 2.4, sample sd sqrt((2 * 5.76 + 2 * 1.96 + 57.76) / 4) = sqrt(18.3) = 4.2778
		// equal pairs (0,1), (2,3) at distance 0; 0 vs 1 at 1 / 4.2778 = 0.2338
		const x = new Map([['x', [0, 0, 1, 1, 10]]]);
		expect(nearDuplicates(x, 5, opts(0.1)).pairs.map((p) => [p.a, p.b, p.distance])).toEqual([
			[0, 1, 0],
			[2, 3, 0]
		]);
		const wide = nearDuplicates(x, 5, opts(0.25));
		expect(wide.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['0-1', '0-2', '0-3', '1-2', '1-3', '2-3']);
		expect(wide.pairs[1]!.distance).toBeCloseTo(1 / Math.sqrt(18.3), 12);
		expect(wide.complete).toBe(true);
	});

	test('equals brute force on clustered 6-dimensional data (random projections), NaN rows skipped, constant column left out', () => {
		let s = 7;
		const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
		const n = 600;
		const cols = Array.from({ length: 6 }, () => new Float64Array(n));
		for (let i = 0; i < n; i++) {
			const centre = i % 40; // 40 clusters of 15 rows, spread 0.02
			for (let j = 0; j < 6; j++) cols[j]![i] = Math.sin(centre * (j + 1)) * 3 + (rand() - 0.5) * 0.04;
		}
		cols[2]![17] = NaN;
		const constant = new Float64Array(n).fill(4);
		const map = new Map<string, Float64Array>([...cols.map((c, j) => [`c${j}`, c] as [string, Float64Array]), ['k', constant]]);
		for (const eps of [0.01, 0.03, 0.08]) {
			const r = nearDuplicates(map, n, opts(eps));
			expect(r.complete).toBe(true);
			expect(r.skippedRows).toBe(1);
			expect(r.columns).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
			const want = bruteForce(cols, eps);
			expect(want.length).toBeGreaterThan(0);
			expect(r.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(want.sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || Number(a.split('-')[1]) - Number(b.split('-')[1])));
			expect(r.found).toBe(want.length);
		}
	});

	test('the work budget stops the search and says so; the pair list is capped', () => {
		const x = new Map([['x', [1, 1, 1, 1, 1, 2]]]);
		const r = nearDuplicates(x, 6, opts(0.01, 3));
		expect(r.complete).toBe(false);
		expect(r.compared).toBe(3);
		const capped = nearDuplicates(x, 6, opts(0.01, 1e9, 2));
		expect(capped.found).toBe(10); // 5 equal rows: 10 pairs
		expect(capped.pairs).toHaveLength(2);
	});
});
