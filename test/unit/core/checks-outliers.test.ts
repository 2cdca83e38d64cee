import { describe, expect, test } from 'vitest';
import { columnOutliers, iqrFences, outlyingRows, sortedFinite } from '../../../src/lib/core/checks/outliers';

describe('IQR fences (numpy quantile rule)', () => {
	test('fences and counts on a sample with a NaN and one far value', () => {
		// finite sorted: 1..9, 100 (n = 10); Q1: h = 9 * 0.25 = 2.25 -> 3 + 0.25 * (4 - 3) = 3.25
		// Q3: h = 6.75 -> between 7 and 8, t = 0.75 -> 8 - 1 * 0.25 = 7.75; IQR = 4.5
		// k = 1.5: [3.25 - 6.75, 7.75 + 6.75] = [-3.5, 14.5]; k = 3: [-10.25, 21.25]; only 100 is outside
		const values = Float64Array.from([5, 1, 9, 2, NaN, 8, 3, 100, 7, 4, 6]);
		const out = columnOutliers('x', values, [1.5, 3]);
		expect(out.map((o) => [o.k, o.q1, o.q3, o.lowFence, o.highFence, o.count])).toEqual([
			[1.5, 3.25, 7.75, -3.5, 14.5, 1],
			[3, 3.25, 7.75, -10.25, 21.25, 1]
		]);
	});

	test('a value equal to a fence is not outlying', () => {
		// sorted [-3, 1, 2, 3, 4, 5, 9], n = 7: Q1 h = 1.5 -> 1 and 2, t = 0.5 -> 2 - 0.5 = 1.5; Q3 h = 4.5 -> 5 - 0.5 = 4.5
		// IQR = 3; k = 1.5 fences [-3, 9]: -3 and 9 sit on them -> 0 outliers; k = 1 fences [-1.5, 7.5] -> 2 outliers
		const values = [9, 1, 2, 3, 4, 5, -3];
		expect(iqrFences(sortedFinite(values), 1.5)).toEqual({ q1: 1.5, q3: 4.5, low: -3, high: 9 });
		expect(columnOutliers('x', values, [1.5, 1]).map((o) => o.count)).toEqual([0, 2]);
		const per = new Uint16Array(7);
		columnOutliers('x', values, [1.5], undefined, per);
		expect([...per]).toEqual([0, 0, 0, 0, 0, 0, 0]);
	});

	test('infinities are outlying; fences come from the finite values', () => {
		// finite [1..5]: Q1 = 2, Q3 = 4, k = 1.5 fences [-1, 7]; +Infinity is outside, NaN is not counted
		const per = new Uint16Array(7);
		const out = columnOutliers('x', [1, 2, 3, 4, 5, Infinity, NaN], [1.5], undefined, per);
		expect(out[0]).toMatchObject({ lowFence: -1, highFence: 7, count: 1 });
		expect([...per]).toEqual([0, 0, 0, 0, 0, 1, 0]);
	});

	test('rows by number of outlying columns', () => {
		// rows 0..4; column a outlying at row 4, column b at rows 3 and 4
		const per = new Uint16Array(5);
		columnOutliers('a', [1, 2, 3, 4, 1000], [1.5], undefined, per); // Q1 2, Q3 4, fences [-1, 7]
		columnOutliers('b', [1, 2, 3, -500, 1000], [1.5], undefined, per); // sorted [-500, 1, 2, 3, 1000]: Q1 1, Q3 3, fences [-2, 6]
		expect([...per]).toEqual([0, 0, 0, 1, 2]);
		expect(outlyingRows(per)).toEqual({ atLeast: [2, 1], top: [{ row: 4, columns: 2 }, { row: 3, columns: 1 }] });
	});
});
