import { describe, expect, test } from 'vitest';
import { duplicateReport, conflictingRows, intersectGroups, labelsPerGroup, pixelDuplicateGroups } from '../../../src/lib/core/checks/duplicates';
import { missingShares, missingnessByGroup, MISSING_SENTINELS } from '../../../src/lib/core/checks/missingness';
import { balanceByGroup, balanceOf, splitLabelTest } from '../../../src/lib/core/checks/class-balance';
import { checkOptions, CHECK_DEFAULTS } from '../../../src/lib/core/checks/options';

describe('duplicates', () => {
	test('groups sorted within and by first row; conflicting ones picked', () => {
		const r = duplicateReport([
			{ rows: [7, 3], labels: 1 },
			{ rows: [5, 0, 2], labels: 2 },
			{ rows: [9], labels: 1 }
		]);
		expect(r.groups).toEqual([
			[0, 2, 5],
			[3, 7]
		]);
		expect(r.conflicting).toEqual([[0, 2, 5]]);
		expect(r.extraRows).toBe(3); // 2 + 1 repeated rows; the single row is no group
		expect(conflictingRows(r)).toEqual([0, 2, 5]);
	});
});

describe('duplicate images', () => {
	test('identical pixels grouped, a one-byte difference not', () => {
		// 5 images of 2 x 2 x 1 bytes: 0 and 3 equal, 1 and 4 equal, 2 differs from 0 in one byte
		const img = [
			[1, 2, 3, 4],
			[9, 9, 9, 9],
			[1, 2, 3, 5],
			[1, 2, 3, 4],
			[9, 9, 9, 9]
		];
		const data = Uint8Array.from(img.flat());
		expect(pixelDuplicateGroups(data, 5, 4)).toEqual([
			[0, 3],
			[1, 4]
		]);
		expect(() => pixelDuplicateGroups(data, 6, 4)).toThrow(/need 24 bytes/);
		// with table features whose groups are {0, 1, 3} and {2, 4}: only 0 and 3 agree in both
		expect(
			intersectGroups(
				[
					[0, 1, 3],
					[2, 4]
				],
				[
					[0, 3],
					[1, 4]
				]
			)
		).toEqual([[0, 3]]);
		// labels 0, 1, 0, 1, 1 (-1 missing would not count): group {0, 3} has labels 0, 1 -> 2; {1, 4}: 1, 1 -> 1
		expect(labelsPerGroup([[0, 3], [1, 4]], [0, 1, 0, 1, 1])).toEqual([
			{ rows: [0, 3], labels: 2 },
			{ rows: [1, 4], labels: 1 }
		]);
		expect(labelsPerGroup([[0, 3]], [0, -1, -1, -1])[0]!.labels).toBe(1);
	});
});

describe('missingness', () => {
	test('shares per column and the sentinels in words', () => {
		expect(missingShares([{ column: 'a', missing: 3 }], 12)).toEqual([{ column: 'a', missing: 3, share: 0.25 }]);
		expect(MISSING_SENTINELS).toContain('-999');
		expect(MISSING_SENTINELS).toContain('"?"');
		expect(MISSING_SENTINELS).toContain('"NA"');
	});

	test('30% missing in one group and 2% in the other is flagged; Wilson intervals by hand', () => {
		// A: 30/100, B: 2/100. Group vs rest 2x2 [[30, 70], [2, 98]]: expected missing 16 each, present 84 each;
		// chi2 = 2 (14^2/16) + 2 (14^2/84) = 24.5 + 4.667 = 29.17 (p ~ 7e-8): both groups differ from their rest.
		// Wilson 95%, z = 1.959964: 30/100 -> center (0.3 + z^2/200) / (1 + z^2/100) = 0.30740, half 0.08845 -> [0.21895, 0.39585]
		// 2/100 -> [0.00550, 0.07001]
		const out = missingnessByGroup(
			[
				{ column: 'x', attribute: 'g', group: 'A', missing: 30, n: 100 },
				{ column: 'x', attribute: 'g', group: 'B', missing: 2, n: 100 }
			],
			{ minGroupSize: 30, alpha: 0.05 }
		);
		expect(out.map((g) => g.flagged)).toEqual([true, true]);
		expect(out[0]!.share).toBe(0.3);
		expect(out[0]!.restShare).toBe(0.02);
		expect(out[0]!.low).toBeCloseTo(0.2189488529, 9);
		expect(out[0]!.high).toBeCloseTo(0.3958485463, 9);
		expect(out[1]!.low).toBeCloseTo(0.0055019676, 9);
		expect(out[1]!.high).toBeCloseTo(0.0700117907, 9);
		expect(out[0]!.pValue).toBeLessThan(1e-6);
	});

	test('a small difference is not flagged; a small group never is; BH runs over the attribute table', () => {
		const opts = { minGroupSize: 30, alpha: 0.05 };
		// 3% vs 2%: chi2 = 2 (0.5^2/2.5) + 2 (0.5^2/97.5) = 0.205, p = 0.65
		const close = missingnessByGroup(
			[
				{ column: 'x', attribute: 'g', group: 'A', missing: 3, n: 100 },
				{ column: 'x', attribute: 'g', group: 'B', missing: 2, n: 100 }
			],
			opts
		);
		expect(close.map((g) => g.flagged)).toEqual([false, false]);
		// C has every value missing but only 10 rows: small, shown, never flagged, left out of BH
		const small = missingnessByGroup(
			[
				{ column: 'x', attribute: 'g', group: 'A', missing: 2, n: 100 },
				{ column: 'x', attribute: 'g', group: 'C', missing: 10, n: 10 }
			],
			opts
		);
		expect(small[1]).toMatchObject({ small: true, flagged: false, share: 1, high: 1 });
		expect(small[1]!.adjustedPValue).toBeNaN();
		// NULL is a group of its own
		expect(missingnessByGroup([{ column: 'x', attribute: 'g', group: null, missing: 0, n: 40 }], opts)[0]).toMatchObject({ group: null, share: 0, low: 0, flagged: false });
		expect(() => missingnessByGroup([{ column: 'x', attribute: 'g', group: 'A', missing: 5, n: 4 }], opts)).toThrow(/not within/);
	});
});

describe('class balance and labels by split', () => {
	test('smallest class flagged below the threshold (strictly)', () => {
		const b = balanceOf(['a', 'b', 'c'], [85, 10, 5], 0.1);
		expect(b.smallest).toEqual({ cls: 'c', n: 5, share: 0.05 });
		expect(b.flagged).toBe(true);
		expect(balanceOf(['a', 'b', 'c'], [85, 10, 5], 0.05).flagged).toBe(false);
		const by = balanceByGroup(['a', 'b'], [
			{ group: 'm', cls: 'a', n: 9 },
			{ group: 'm', cls: 'b', n: 1 },
			{ group: null, cls: 'a', n: 2 }
		], 0.2);
		expect(by.map((g) => [g.group, g.n, g.smallest?.cls, g.flagged])).toEqual([
			['m', 10, 'b', true],
			[null, 2, 'b', true] // no row of b at all: share 0
		]);
	});

	test('chi-square of split x label by hand', () => {
		// train [10, 10], test [5, 15]: row totals 20, 20; column totals 15, 25; expected 7.5 and 12.5 in each row
		// chi2 = 2 (2.5^2 / 7.5 + 2.5^2 / 12.5) = 2 (0.8333 + 0.5) = 2.6667, dof 1; p = P(chi2_1 > 2.6667) = 0.10247
		const t = splitLabelTest(['0', '1'], [
			{ group: 'train', cls: '0', n: 10 },
			{ group: 'train', cls: '1', n: 10 },
			{ group: 'test', cls: '0', n: 5 },
			{ group: 'test', cls: '1', n: 15 }
		]);
		expect(t.splits).toEqual(['train', 'test']);
		expect(t.counts).toEqual([
			[10, 10],
			[5, 15]
		]);
		expect(t.statistic).toBeCloseTo(8 / 3, 12);
		expect(t.dof).toBe(1);
		expect(t.pValue).toBeCloseTo(0.1024704, 6);
	});
});

describe('options', () => {
	test('defaults and validation', () => {
		expect(checkOptions()).toEqual({ ...CHECK_DEFAULTS, fences: [1.5, 3] });
		expect(checkOptions({ leakThreshold: undefined }).leakThreshold).toBe(0.95);
		expect(() => checkOptions({ leakThreshold: 1.5 })).toThrow(/leakThreshold/);
		expect(() => checkOptions({ fences: [] })).toThrow(/fences/);
		expect(() => checkOptions({ nearDistance: -1 })).toThrow(/nearDistance/);
		expect(() => checkOptions({ minClassShare: 2 })).toThrow(/minClassShare/);
	});
});
