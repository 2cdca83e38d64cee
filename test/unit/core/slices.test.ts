import { describe, expect, test } from 'vitest';
import { buildSliceTable, groupLabel, sliceTables, MISSING_LABEL, type SliceCounts } from '../../../src/lib/core/slices';
import type { ConfusionCounts } from '../../../src/lib/core/stats/rates';

/** Counts of a binary-task group whose every row has a label and a prediction. */
function binary(value: string | null, m: ConfusionCounts, extra: Partial<SliceCounts> = {}): SliceCounts {
	const n = m.tp + m.fp + m.tn + m.fn;
	return {
		attrs: [0],
		values: [value],
		predicates: [{ column: 'g', kind: 'equals', value }],
		n,
		labeled: n,
		predicted: n,
		errors: m.fp + m.fn,
		issues: 0,
		issuesKnown: 0,
		classCounts: [m.tn + m.fp, m.tp + m.fn],
		confusion: m,
		...extra
	};
}

/** A multiclass group: n rows, all labelled and predicted, `errors` wrong. */
function multi(value: string | null, n: number, errors: number, extra: Partial<SliceCounts> = {}): SliceCounts {
	return {
		attrs: [0],
		values: [value],
		predicates: [{ column: 'g', kind: 'equals', value }],
		n,
		labeled: n,
		predicted: n,
		errors,
		issues: 0,
		issuesKnown: 0,
		classCounts: [],
		confusion: null,
		...extra
	};
}

/** The overall row: element-wise sum of the groups. */
function total(groups: SliceCounts[]): SliceCounts {
	const sum = (f: (g: SliceCounts) => number) => groups.reduce((s, g) => s + f(g), 0);
	const conf = groups[0]!.confusion;
	return {
		attrs: [],
		values: [],
		predicates: [],
		n: sum((g) => g.n),
		labeled: sum((g) => g.labeled),
		predicted: sum((g) => g.predicted),
		errors: sum((g) => g.errors),
		issues: sum((g) => g.issues),
		issuesKnown: sum((g) => g.issuesKnown),
		classCounts: groups[0]!.classCounts.map((_, i) => sum((g) => g.classCounts[i]!)),
		confusion: conf && {
			tp: sum((g) => g.confusion!.tp),
			fp: sum((g) => g.confusion!.fp),
			tn: sum((g) => g.confusion!.tn),
			fn: sum((g) => g.confusion!.fn)
		}
	};
}

// A: 100 rows, selection 40/100; B: 50 rows, selection 12/50; C: 10 rows (small), selection 0/10.
const A = binary('A', { tp: 30, fp: 10, tn: 50, fn: 10 });
const B = binary('B', { tp: 10, fp: 2, tn: 30, fn: 8 });
const C = binary('C', { tp: 0, fp: 0, tn: 2, fn: 8 });
const ALL = total([A, B, C]);
const OPTS = { columns: ['g'], positive: '1', classes: ['0', '1'] };

describe('rates and intervals', () => {
	const t = buildSliceTable([A, B, C], ALL, OPTS);
	const [a, b, c] = t.groups;

	test('rates of a binary group', () => {
		// A: TPR 30/40, FPR 10/60, FNR 10/40, PPV 30/40, selection 40/100, accuracy 80/100, errors 20/100.
		expect(a!.rates.tpr!.value).toBe(0.75);
		expect(a!.rates.fpr!.value).toBeCloseTo(1 / 6, 15);
		expect(a!.rates.fnr!.value).toBe(0.25);
		expect(a!.rates.ppv!.value).toBe(0.75);
		expect(a!.rates.selectionRate!.value).toBe(0.4);
		expect(a!.rates.accuracy!.value).toBe(0.8);
		expect(a!.rates.errorRate!.value).toBe(0.2);
		expect(a!.rates.issueRate).toBeNull();
		// Shares: 100 / 160 of the data; class balance 60 negatives, 40 positives.
		expect(a!.share).toBe(100 / 160);
		expect(a!.classBalance).toEqual([
			{ cls: '0', count: 60, share: 0.6 },
			{ cls: '1', count: 40, share: 0.4 }
		]);
	});

	test('95% Wilson intervals', () => {
		// 40/100: statsmodels proportion_confint(40, 100, method='wilson') = (0.309401, 0.497997).
		expect(a!.rates.selectionRate!.lo).toBeCloseTo(0.309401, 6);
		expect(a!.rates.selectionRate!.hi).toBeCloseTo(0.497997, 6);
		// 0/10: lo 0, hi z^2 / (n + z^2) = 3.841459 / 13.841459 = 0.277533.
		expect(c!.rates.selectionRate!.lo).toBe(0);
		expect(c!.rates.selectionRate!.hi).toBeCloseTo(0.277533, 6);
		// C has no predicted positive: PPV 0/0 is undefined.
		expect(Number.isNaN(c!.rates.ppv!.value)).toBe(true);
		expect(c!.rates.ppv!.lo).toBeNull();
	});

	test('disparities against the largest group, four-fifths, equalized odds', () => {
		expect(t.referenceKey).toBe(JSON.stringify(['A']));
		expect(a!.isReference).toBe(true);
		expect(a!.disparity.selectionRate).toEqual({ ratio: 1, difference: 0 });
		// B: selection 0.24 / 0.4 = 0.6 < 0.8, flagged; difference -0.16.
		expect(b!.disparity.selectionRate!.ratio).toBeCloseTo(0.6, 15);
		expect(b!.disparity.selectionRate!.difference).toBeCloseTo(-0.16, 15);
		expect(b!.fourFifths).toMatchObject({ band: 'below', flagged: true });
		expect(b!.flagged).toBe(true);
		// Equalized odds: max(|10/18 - 30/40|, |2/32 - 10/60|) = max(0.19444, 0.10417).
		expect(b!.equalizedOddsDifference).toBeCloseTo(0.75 - 10 / 18, 15);
		expect(t.fourFifthsBand).toEqual([0.8, 1.25]);
		// C: ratio 0 but small (10 < 30): never flagged.
		expect(c!.small).toBe(true);
		expect(c!.fourFifths!.band).toBe('below');
		expect(c!.fourFifths!.flagged).toBe(false);
		expect(c!.flagged).toBe(false);
	});

	test('a chosen reference', () => {
		const u = buildSliceTable([A, B, C], ALL, { ...OPTS, reference: ['B'] });
		// A against B: 0.4 / 0.24 = 1.667, above the band, not flagged.
		expect(u.groups[0]!.fourFifths).toMatchObject({ band: 'above', flagged: false });
		expect(u.groups[0]!.fourFifths!.ratio).toBeCloseTo(0.4 / 0.24, 15);
		expect(u.groups[1]!.isReference).toBe(true);
		expect(() => buildSliceTable([A, B, C], ALL, { ...OPTS, reference: ['Z'] })).toThrow(/Z/);
	});

	test('group-vs-rest tests, BH over the table, small groups left out', () => {
		expect(t.testedRates).toEqual(['errorRate', 'selectionRate', 'fpr', 'fnr']);
		// A vs rest on errors: [[20, 80], [18, 42]], expected 23.75 / 76.25 / 14.25 / 45.75:
		// chi2 = 3.75^2 (1/23.75 + 1/76.25 + 1/14.25 + 1/45.75) = 2.070751, p = erfc(sqrt(chi2 / 2)) = 0.150148.
		const e = a!.tests.errorRate!;
		expect(e.test).toBe('chisquare');
		expect(e.statistic).toBeCloseTo(2.070751, 5);
		expect(e.pValue).toBeCloseTo(0.150148, 5);
		expect(e.rate).toBe(0.2);
		expect(e.restRate).toBeCloseTo(0.3, 15);
		// C has expected counts below 5: Fisher; small, so no adjusted p-value.
		expect(c!.tests.errorRate!.test).toBe('fisher');
		expect(Number.isNaN(c!.tests.errorRate!.adjustedPValue)).toBe(true);
		// BH family: the 8 tests of A and B (m = 8). The smallest adjusted p is min_i 8 p_(i) / i.
		const ps = [a!, b!].flatMap((g) => Object.values(g.tests).map((x) => x.pValue)).sort((x, y) => x - y);
		expect(ps.length).toBe(8);
		const adj = [a!, b!].flatMap((g) => Object.values(g.tests).map((x) => x.adjustedPValue));
		expect(Math.min(...adj)).toBeCloseTo(Math.min(...ps.map((p, i) => (8 * p) / (i + 1))), 14);
		// Adjusted p-values are never below the raw ones.
		for (const g of [a!, b!]) for (const x of Object.values(g.tests)) expect(x.adjustedPValue).toBeGreaterThanOrEqual(x.pValue);
	});
});

describe('multiclass tables and significance', () => {
	// X: 1000 rows 10% errors, Y: 1000 rows 30% errors, Z: 20 rows all wrong (small), M: NULL group 40 rows 20%.
	const X = multi('X', 1000, 100, { issues: 10, issuesKnown: 1000 });
	const Y = multi('Y', 1000, 300, { issues: 50, issuesKnown: 500 });
	const Z = multi('Z', 20, 20);
	const M = multi(null, 40, 8);
	const t = buildSliceTable([X, Y, Z, M], total([X, Y, Z, M]), { columns: ['g'] });
	const [x, y, z, m] = t.groups;

	test('error rate only, no binary rates, issue rate where computed', () => {
		expect(t.binary).toBe(false);
		expect(t.testedRates).toEqual(['errorRate']);
		expect(x!.rates.tpr).toBeNull();
		expect(x!.fourFifths).toBeNull();
		expect(x!.equalizedOddsDifference).toBeNull();
		expect(x!.rates.issueRate!.value).toBe(0.01);
		expect(y!.rates.issueRate!.value).toBe(0.1);
		// Z's issues were never computed: 0/0.
		expect(Number.isNaN(z!.rates.issueRate!.value)).toBe(true);
		// Overall: (100 + 300 + 20 + 8) / 2060 errors; 60 / 1500 issues.
		expect(t.overall.rates.errorRate!.value).toBeCloseTo(428 / 2060, 15);
		expect(t.overall.rates.issueRate!.value).toBeCloseTo(0.04, 15);
	});

	test('large differences are significant; the small group is not flagged; NULL is its own labelled group', () => {
		// X: 10% vs 328/1060 = 30.9% in the rest; Y: 30% vs 128/1060 = 12.1%: both far beyond chance at n = 1000.
		expect(x!.tests.errorRate!.pValue).toBeLessThan(1e-10);
		expect(x!.flagged).toBe(true);
		expect(y!.flagged).toBe(true);
		expect(z!.tests.errorRate!.pValue).toBeLessThan(1e-10);
		expect(z!.small).toBe(true);
		expect(z!.tests.errorRate!.significant).toBe(false);
		expect(z!.flagged).toBe(false);
		// M: 20% vs 420/2020 = 20.8%: not significant.
		expect(m!.flagged).toBe(false);
		expect(m!.label).toBe(MISSING_LABEL);
		expect(m!.values).toEqual([null]);
		expect(t.referenceKey).toBe(JSON.stringify(['X']));
	});

	test('minSize moves the small cut-off', () => {
		const u = buildSliceTable([X, Y, Z, M], total([X, Y, Z, M]), { columns: ['g'], minSize: 10 });
		expect(u.groups[2]!.small).toBe(false);
		expect(u.groups[2]!.flagged).toBe(true);
	});
});

describe('sliceTables', () => {
	test('one table per grouping set, intersections labelled with both values', () => {
		const rows: SliceCounts[] = [
			multi('a', 60, 6),
			multi('b', 40, 8),
			{ ...multi('u', 50, 7), attrs: [1] },
			{ ...multi('v', 50, 7), attrs: [1] },
			{ ...multi('a', 30, 3), attrs: [0, 1], values: ['a', 'u'] },
			{ ...multi('a', 30, 3), attrs: [0, 1], values: ['a', null] },
			{ ...multi('b', 40, 8), attrs: [0, 1], values: ['b', 'v'] },
			{ ...multi('all', 100, 14), attrs: [], values: [] }
		];
		const tables = sliceTables(rows, { columns: ['p', 'q'] });
		expect(tables.map((t) => t.attributes)).toEqual([['p'], ['q'], ['p', 'q']]);
		expect(tables[2]!.groups.map((g) => g.label)).toEqual(['a × u', `a × ${MISSING_LABEL}`, 'b × v']);
		expect(groupLabel(['x', null])).toBe('x × (missing)');
		expect(() => sliceTables(rows.slice(0, 2), { columns: ['p'] })).toThrow(/overall/);
	});
});
