/**
 * Parity of the statistics core with scipy 1.10 on every entry of
 * test/fixtures/golden/stats/stats.expected.json (see test/fixtures/golden/README.md).
 * Tolerance: |actual - expected| <= 1e-9 * max(1, |expected|); p-values are in
 * addition checked to 1e-9 relative when they are positive.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
	chiSquareGoodnessOfFit,
	chiSquareIndependence,
	columnDrift,
	countCategories,
	expectedCountsFromShares,
	jensenShannonDistance,
	ks2samp,
	normalizedWasserstein,
	psiCategorical,
	psiNumeric,
	representativeness,
	wassersteinDistance,
	wilsonInterval
} from '../../src/lib/core/stats';

interface NumericCase {
	reference: number[];
	current: number[];
	ks_statistic: number;
	ks_pvalue: number;
	wasserstein: number;
	wasserstein_normed: number;
	psi_10_quantile_bins: number;
}
interface CategoricalCase {
	reference: string[];
	current: string[];
	categories: string[];
	chi2_contingency_statistic: number;
	chi2_contingency_pvalue: number;
	dof: number;
	jensen_shannon_distance_natural_log: number;
	psi: number;
}
interface WilsonCase {
	successes: number;
	n: number;
	confidence: number;
	interval: [number, number];
}
interface GoodnessOfFitCase {
	observed: number[];
	expected_share: number[];
	chisquare_statistic: number;
	chisquare_pvalue: number;
	representation_ratio: number[];
}
interface Golden {
	numeric: NumericCase[];
	categorical: CategoricalCase[];
	wilson: WilsonCase[];
	goodness_of_fit: GoodnessOfFitCase[];
}

const golden = JSON.parse(
	readFileSync(new URL('../fixtures/golden/stats/stats.expected.json', import.meta.url), 'utf8')
) as Golden;

const TOL = 1e-9;

function expectClose(actual: number, expected: number, label: string): void {
	const err = Math.abs(actual - expected);
	expect(err <= TOL * Math.max(1, Math.abs(expected)), `${label}: ${actual} vs ${expected}`).toBe(true);
}

function expectPValue(actual: number, expected: number, label: string): void {
	expectClose(actual, expected, label);
	if (expected > 0) {
		const rel = Math.abs(actual - expected) / expected;
		expect(rel <= TOL, `${label} relative: ${actual} vs ${expected} (rel ${rel})`).toBe(true);
	}
}

/** Counts of the golden category list, in golden order. */
function countsInOrder(values: string[], categories: string[]): number[] {
	const counts = countCategories(values);
	return categories.map((c) => counts.get(c) ?? 0);
}

test('golden file has the documented sections', () => {
	expect(golden.numeric.length).toBeGreaterThan(0);
	expect(golden.categorical.length).toBeGreaterThan(0);
	expect(golden.wilson.length).toBeGreaterThan(0);
	expect(golden.goodness_of_fit.length).toBeGreaterThan(0);
});

describe('numeric', () => {
	golden.numeric.forEach((c, i) => {
		const label = `numeric[${i}] (${c.reference.length} vs ${c.current.length})`;
		const ref = Float64Array.from(c.reference);
		const cur = Float64Array.from(c.current);

		test(`${label} ks_2samp`, () => {
			const r = ks2samp(ref, cur);
			// scipy 1.10 method='auto': exact when max(n1, n2) <= 10000.
			expect(r.method).toBe(Math.max(ref.length, cur.length) <= 10000 ? 'exact' : 'asymp');
			expectClose(r.statistic, c.ks_statistic, `${label} statistic`);
			expectPValue(r.pValue, c.ks_pvalue, `${label} p-value`);
			// Symmetric in the two samples.
			expectPValue(ks2samp(cur, ref).pValue, c.ks_pvalue, `${label} p-value (swapped)`);
		});

		test(`${label} wasserstein`, () => {
			expectClose(wassersteinDistance(ref, cur), c.wasserstein, `${label} W`);
			expectClose(normalizedWasserstein(ref, cur), c.wasserstein_normed, `${label} W normed`);
		});

		test(`${label} psi`, () => {
			expectClose(psiNumeric(ref, cur).psi, c.psi_10_quantile_bins, `${label} PSI`);
		});

		test(`${label} columnDrift uses the default test and reports golden values`, () => {
			const r = columnDrift(ref, cur);
			expectClose(r.psi, c.psi_10_quantile_bins, `${label} drift PSI`);
			if (ref.length <= 1000) {
				expect(r.test).toBe('ks');
				expectPValue(r.pValue as number, c.ks_pvalue, `${label} drift p`);
				expect(r.drifted).toBe(c.ks_pvalue < 0.05);
			} else {
				expect(r.test).toBe('wasserstein');
				expectClose(r.distance as number, c.wasserstein_normed, `${label} drift distance`);
				expect(r.drifted).toBe(c.wasserstein_normed >= 0.1);
			}
		});
	});
});

describe('categorical', () => {
	golden.categorical.forEach((c, i) => {
		const label = `categorical[${i}] (${c.categories.join(',')})`;
		const ref = countsInOrder(c.reference, c.categories);
		const cur = countsInOrder(c.current, c.categories);

		test(`${label} chi2_contingency`, () => {
			const r = chiSquareIndependence([ref, cur]);
			expect(r.dof).toBe(c.dof);
			expectClose(r.statistic, c.chi2_contingency_statistic, `${label} statistic`);
			expectPValue(r.pValue, c.chi2_contingency_pvalue, `${label} p-value`);
		});

		test(`${label} jensen-shannon`, () => {
			const refTotal = ref.reduce((a, b) => a + b, 0);
			const curTotal = cur.reduce((a, b) => a + b, 0);
			const d = jensenShannonDistance(
				ref.map((v) => v / refTotal),
				cur.map((v) => v / curTotal)
			);
			expectClose(d, c.jensen_shannon_distance_natural_log, `${label} JS`);
		});

		test(`${label} psi`, () => {
			expectClose(
				psiCategorical(countCategories(c.reference), countCategories(c.current)).psi,
				c.psi,
				`${label} PSI`
			);
		});

		test(`${label} columnDrift on count maps`, () => {
			const refMap = countCategories(c.reference);
			const curMap = countCategories(c.current);
			const chi = columnDrift(refMap, curMap, { test: 'chisquare' });
			expectPValue(chi.pValue as number, c.chi2_contingency_pvalue, `${label} drift chi2 p`);
			expectClose(chi.statistic, c.chi2_contingency_statistic, `${label} drift chi2`);
			const js = columnDrift(refMap, curMap, { test: 'jensenshannon' });
			expectClose(js.distance as number, c.jensen_shannon_distance_natural_log, `${label} drift JS`);
			expectClose(js.psi, c.psi, `${label} drift PSI`);
		});
	});
});

describe('wilson', () => {
	golden.wilson.forEach((c) => {
		test(`${c.successes}/${c.n} at ${c.confidence}`, () => {
			expect(c.confidence).toBe(0.95);
			const r = wilsonInterval(c.successes, c.n);
			expectClose(r.lo, c.interval[0], 'lo');
			expectClose(r.hi, c.interval[1], 'hi');
		});
	});
});

describe('goodness_of_fit', () => {
	golden.goodness_of_fit.forEach((c, i) => {
		test(`goodness_of_fit[${i}] chisquare`, () => {
			const expected = expectedCountsFromShares(c.observed, c.expected_share);
			const r = chiSquareGoodnessOfFit(c.observed, expected);
			expectClose(r.statistic, c.chisquare_statistic, 'statistic');
			expectPValue(r.pValue, c.chisquare_pvalue, 'p-value');
			expect(r.dof).toBe(c.observed.length - 1);
		});

		test(`goodness_of_fit[${i}] representation ratio`, () => {
			const r = representativeness(
				c.observed.map((o, k) => ({ key: `g${k}`, observed: o, expectedShare: c.expected_share[k] as number }))
			);
			r.groups.forEach((g, k) => expectClose(g.ratio, c.representation_ratio[k] as number, `ratio[${k}]`));
			expectClose(r.statistic, c.chisquare_statistic, 'statistic');
			expectPValue(r.pValue, c.chisquare_pvalue, 'p-value');
		});
	});
});
