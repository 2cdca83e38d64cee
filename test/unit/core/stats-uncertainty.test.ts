import { describe, expect, test } from 'vitest';
import { entropy, leastConfidence, margin, rankByScore, rankByUncertainty } from '../../../src/lib/core/stats';

// Three rows, K = 3: confident-ish, a tie between two classes, certain.
const probs = Float32Array.from([0.7, 0.2, 0.1, 0.4, 0.4, 0.2, 1, 0, 0]);

describe('uncertainty scores', () => {
	test('least confidence = 1 - max p', () => {
		const lc = leastConfidence(Float64Array.from(probs), 3);
		expect(lc[0]).toBeCloseTo(0.3, 7); // float32 input: 0.7 is not exact
		expect(lc[1]).toBeCloseTo(0.6, 7);
		expect(lc[2]).toBe(0);
	});
	test('margin = p1 - p2', () => {
		const m = margin(probs, 3);
		expect(m[0]).toBeCloseTo(0.5, 7);
		expect(m[1]).toBe(0);
		expect(m[2]).toBe(1);
		expect(Array.from(margin(Float64Array.from([0.9]), 1))).toEqual([0.9]);
	});
	test('entropy in nats by hand', () => {
		// -(0.7 ln 0.7 + 0.2 ln 0.2 + 0.1 ln 0.1) = 0.249672 + 0.321888 + 0.230259 = 0.801819
		// -(2 * 0.4 ln 0.4 + 0.2 ln 0.2) = 0.733033 + 0.321888 = 1.054920; certain row: 0
		const h = entropy(Float64Array.from([0.7, 0.2, 0.1, 0.4, 0.4, 0.2, 1, 0, 0]), 3);
		expect(h[0]).toBeCloseTo(0.801819, 6);
		expect(h[1]).toBeCloseTo(1.05492, 5);
		expect(h[2]).toBe(0);
		// Uniform over K classes: ln K.
		expect(entropy(Float64Array.from([0.25, 0.25, 0.25, 0.25]), 4)[0]).toBeCloseTo(Math.log(4), 15);
	});
	test('validation and NaN rows', () => {
		expect(() => leastConfidence(Float64Array.from([0.5, 0.5, 1]), 2)).toThrow(RangeError);
		expect(() => entropy(Float64Array.from([1]), 0)).toThrow(RangeError);
		expect(margin(Float64Array.from([NaN, 0.5]), 2)[0]).toBeNaN();
	});
});

describe('ranking', () => {
	test('most uncertain first, stable ties, NaN last', () => {
		expect(Array.from(rankByScore([0.2, 0.5, 0.2, NaN, 0.9], 'desc'))).toEqual([4, 1, 0, 2, 3]);
		expect(Array.from(rankByScore([0.2, 0.5, 0.2, NaN, 0.9], 'asc'))).toEqual([0, 2, 1, 4, 3]);
	});
	test('rankByUncertainty per method', () => {
		expect(Array.from(rankByUncertainty(probs, 3).ranking)).toEqual([1, 0, 2]);
		expect(Array.from(rankByUncertainty(probs, 3, 'margin').ranking)).toEqual([1, 0, 2]);
		expect(Array.from(rankByUncertainty(probs, 3, 'entropy').ranking)).toEqual([1, 0, 2]);
	});
});
