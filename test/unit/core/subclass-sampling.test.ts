import { describe, expect, test } from 'vitest';
import { mulberry32, sampleWithoutReplacement } from '../../../src/lib/core/subclass/prng';
import { wilsonSampleSize, wilsonWorstHalfWidth, zForConfidence } from '../../../src/lib/core/subclass/sample-size';
import { samplingPlan, sampleWeights } from '../../../src/lib/core/subclass/sampling-plan';
import { reweightedRates, wilsonAt } from '../../../src/lib/core/subclass/reweight';
import { wilsonInterval, Z_95 } from '../../../src/lib/core/stats/wilson';

describe('sample size for a Wilson half-width (worst case p = 1/2)', () => {
	// Hand-checked: z = 1.959964, half(n) = z / (2 sqrt(n + z^2)).
	// h = 0.05: z^2/(4h^2) - z^2 = 384.146 - 3.841 = 380.30 -> 381 (half(381) = 0.04996, half(380) = 0.05002).
	test.each([
		[0.05, 381],
		[0.1, 93],
		[0.03, 1064],
		[0.2, 21]
	])('half-width %f needs %i rows', (h, n) => {
		expect(wilsonSampleSize(h)).toBe(n);
		expect(wilsonWorstHalfWidth(n, Z_95)).toBeLessThanOrEqual(h);
		expect(wilsonWorstHalfWidth(n - 1, Z_95)).toBeGreaterThan(h);
	});

	test('the closed form equals the Wilson interval at p = 1/2', () => {
		for (const n of [2, 10, 380, 382]) {
			const { lo, hi } = wilsonInterval(n / 2, n);
			expect((hi - lo) / 2).toBeCloseTo(wilsonWorstHalfWidth(n, Z_95), 12);
		}
	});

	test('other confidence levels and bad input', () => {
		expect(zForConfidence(0.9)).toBeCloseTo(1.6448536269514722, 9);
		expect(zForConfidence(0.99)).toBeCloseTo(2.5758293035489004, 9);
		// 90%: z^2/(4 * 0.0025) - z^2 = 270.554 - 2.706 = 267.85 -> 268
		expect(wilsonSampleSize(0.05, 0.9)).toBe(268);
		expect(() => wilsonSampleSize(0)).toThrow(/half-width/);
		expect(() => wilsonSampleSize(0.6)).toThrow(/half-width/);
		expect(() => wilsonSampleSize(0.05, 1)).toThrow(/confidence/);
	});
});

describe('seeded generator', () => {
	test('same seed same stream, other seed other stream, values in [0, 1)', () => {
		const a = mulberry32(7);
		const b = mulberry32(7);
		const c = mulberry32(8);
		const xs = Array.from({ length: 1000 }, () => a());
		expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
		expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
		const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
		expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
	});

	test('sampling without replacement returns distinct items of the input', () => {
		const items = Array.from({ length: 50 }, (_, i) => i);
		const s = sampleWithoutReplacement(items, 20, mulberry32(1));
		expect(new Set(s).size).toBe(20);
		expect(s.every((x) => x >= 0 && x < 50)).toBe(true);
		expect(sampleWithoutReplacement(items, 80, mulberry32(1)).sort((a, b) => a - b)).toEqual(items);
	});
});

describe('sampling plan', () => {
	// 1000 rows of class "a", 50 of "b", 400 of "c"; half-width 0.1 -> 93 per stratum.
	const label = [...Array(1000).fill('a'), ...Array(50).fill('b'), ...Array(400).fill('c')] as string[];

	test('stratified by class, capped by the stratum size, with weights size / sampled', () => {
		const plan = samplingPlan([label], { halfWidth: 0.1, seed: 3 });
		expect(plan.perStratum).toBe(93);
		expect(plan.strata.map((s) => [s.label, s.size, s.sampled])).toEqual([
			['a', 1000, 93],
			['b', 50, 50],
			['c', 400, 93]
		]);
		expect(plan.total).toBe(236);
		expect(plan.population).toBe(1450);
		expect(plan.strata[0]!.weight).toBeCloseTo(1000 / 93, 12);
		expect(plan.strata[1]!.weight).toBe(1);
		for (const s of plan.strata) {
			expect(new Set(s.rows).size).toBe(s.sampled);
			expect(s.rows.every((r) => label[r] === s.key[0])).toBe(true);
		}
		const w = sampleWeights(plan);
		expect(w.size).toBe(236);
		// The weights add up to the population.
		expect([...w.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1450, 9);
	});

	test('reproducible by seed; another seed draws other rows', () => {
		const a = samplingPlan([label], { halfWidth: 0.1, seed: 3 });
		expect(samplingPlan([label], { halfWidth: 0.1, seed: 3 })).toEqual(a);
		expect(samplingPlan([label], { halfWidth: 0.1, seed: 4 }).strata[0]!.rows).not.toEqual(a.strata[0]!.rows);
	});

	test('strata by class and a known attribute', () => {
		const sex = label.map((_, i) => (i % 2 ? 'F' : i % 3 ? 'M' : null));
		const plan = samplingPlan([label, sex], { halfWidth: 0.2 });
		expect(plan.strata.map((s) => s.label)).toEqual(['a x F', 'a x M', 'a x (missing)', 'b x F', 'b x M', 'b x (missing)', 'c x F', 'c x M', 'c x (missing)']);
		expect(plan.strata.every((s) => s.sampled === Math.min(21, s.size))).toBe(true);
	});
});

describe('reweighted rates', () => {
	test('hand-computed weighted and unweighted rates', () => {
		// Stratum A: 100 rows, 4 sampled (w = 25); stratum B: 10 rows, 5 sampled (w = 2).
		const subclass = ['night', 'night', 'night', 'day', 'day', null];
		const error = [1, 0, 1, 0, 1, 1];
		const weight = [25, 25, 2, 25, 2, 2];
		const [day, night] = reweightedRates(subclass, error, weight);
		expect(night!.subclass).toBe('night');
		expect(night!.n).toBe(3);
		expect(night!.unweighted.value).toBeCloseTo(2 / 3, 15);
		// (25 + 2) / (25 + 25 + 2)
		expect(night!.weighted.value).toBeCloseTo(27 / 52, 15);
		// Kish: 52^2 / (625 + 625 + 4)
		expect(night!.effectiveN).toBeCloseTo(2704 / 1254, 12);
		expect(night!.populationSize).toBe(52);
		// day: errors on the w = 2 row only: 2 / 27
		expect(day!.weighted.value).toBeCloseTo(2 / 27, 15);
		expect(day!.unweighted.value).toBe(0.5);
		const u = wilsonInterval(2, 3);
		expect(night!.unweighted.lo).toBeCloseTo(u.lo, 12);
		expect(night!.unweighted.hi).toBeCloseTo(u.hi, 12);
		const w = wilsonAt(27 / 52, 2704 / 1254, Z_95);
		expect(night!.weighted.lo).toBeCloseTo(w.lo, 12);
	});

	test('equal weights give the unweighted rate and interval', () => {
		const r = reweightedRates(['x', 'x', 'x', 'x'], [1, 0, 0, 0], [3, 3, 3, 3])[0]!;
		expect(r.weighted.value).toBe(0.25);
		expect(r.effectiveN).toBeCloseTo(4, 12);
		expect(r.weighted.lo).toBeCloseTo(r.unweighted.lo, 12);
		expect(r.weighted.hi).toBeCloseTo(r.unweighted.hi, 12);
	});

	test('bad input', () => {
		expect(() => reweightedRates(['x'], [1, 0], [1])).toThrow(/one entry per row/);
		expect(() => reweightedRates(['x'], [1], [0])).toThrow(/Row 0: the sampling weight/);
		expect(() => reweightedRates(['x'], [2], [1])).toThrow(/0 or 1/);
	});
});
