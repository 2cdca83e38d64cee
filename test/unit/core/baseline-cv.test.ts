import { describe, expect, test } from 'vitest';
import { fitPreparation, type FeatureColumn } from '../../../src/lib/core/models/features';
import { foldAssignment, foldRows } from '../../../src/lib/core/models/folds';
import { BaselineCancelled, baselineOptions, crossValidate } from '../../../src/lib/core/models/cross-validate';
import { scoreRows } from '../../../src/lib/core/models/metrics';

const rows = (...r: number[]) => Int32Array.from(r);
/** Dense row-major view of a prepared CSR matrix. */
function dense(prep: ReturnType<typeof fitPreparation>, r: Int32Array): number[][] {
	const X = prep.transform(r);
	return Array.from({ length: X.rows }, (_, i) => {
		const row = new Array(X.cols).fill(0);
		for (let p = X.indptr[i]!; p < X.indptr[i + 1]!; p++) row[X.indices[p]!] = X.values[p]!;
		return row;
	});
}

describe('feature preparation', () => {
	test('numeric: training mean imputes, population std scales, both from the training rows only', () => {
		const col: FeatureColumn = { kind: 'numeric', name: 'x', values: Float64Array.of(1, 3, NaN, 100, 5) };
		const prep = fitPreparation([col], rows(0, 1, 2)); // mean 2; imputed row at 2: var = (1 + 1 + 0) / 3
		const sd = Math.sqrt(2 / 3);
		expect(prep.numeric).toEqual([{ name: 'x', mean: 2, scale: sd }]);
		const out = dense(prep, rows(0, 2, 3, 4));
		expect(out.map((r) => r[0])).toEqual([-1 / sd, 0, 98 / sd, 3 / sd]);
	});

	test('numeric: a constant column keeps scale 1, an empty one becomes zeros', () => {
		const prep = fitPreparation(
			[
				{ kind: 'numeric', name: 'c', values: Float64Array.of(0.1, 0.1, 0.1, 7) },
				{ kind: 'numeric', name: 'e', values: Float64Array.of(NaN, NaN, NaN, 7) }
			],
			rows(0, 1, 2)
		);
		const mean = (0.1 + 0.1 + 0.1) / 3; // 0.10000000000000002: the variance is rounding, not spread
		expect(prep.numeric[0]).toEqual({ name: 'c', mean, scale: 1 });
		expect(dense(prep, rows(3))[0]).toEqual([7 - mean, 0]);
	});

	test('categorical: one-hot over the training categories; unseen ones all zero; missing is its own category', () => {
		const col: FeatureColumn = { kind: 'categorical', name: 's', levels: ['a', 'b', 'c'], codes: Int32Array.of(0, 2, -1, 1, 0) };
		const prep = fitPreparation([col], rows(0, 1, 2));
		expect(prep.names).toEqual(['s=a', 's=c', 's=(missing)']);
		expect(dense(prep, rows(0, 1, 2, 3))).toEqual([
			[1, 0, 0],
			[0, 1, 0],
			[0, 0, 1],
			[0, 0, 0]
		]);
	});

	test('pixels are divided by 255, not centred', () => {
		const prep = fitPreparation([{ kind: 'pixels', name: 'px', data: Uint8Array.of(0, 255, 51, 0), perRow: 2 }], rows(0, 1));
		expect(prep.names).toEqual(['px[0]', 'px[1]']);
		expect(dense(prep, rows(0, 1))).toEqual([
			[0, 1],
			[0.2, 0]
		]);
	});
});

describe('folds', () => {
	test('row i is in fold i mod K', () => {
		expect(Array.from(foldAssignment(7, 3))).toEqual([0, 1, 2, 0, 1, 2, 0]);
	});

	test('the shuffled assignment is balanced, seeded and differs by seed', () => {
		const a = foldAssignment(103, 5, true, 42);
		expect(Array.from(foldAssignment(103, 5, true, 42))).toEqual(Array.from(a));
		const sizes = [0, 0, 0, 0, 0];
		a.forEach((f) => sizes[f]!++);
		expect(sizes.sort()).toEqual([20, 20, 21, 21, 21]);
		expect(Array.from(foldAssignment(103, 5, true, 43))).not.toEqual(Array.from(a));
		expect(Array.from(a)).not.toEqual(Array.from(foldAssignment(103, 5)));
	});

	test('training rows leave out the test fold and the unlabeled rows', () => {
		const { train, test: t } = foldRows(foldAssignment(6, 2), 0, Int32Array.of(0, 1, 1, -1, 0, 1));
		expect(Array.from(t)).toEqual([0, 2, 4]);
		expect(Array.from(train)).toEqual([1, 5]);
	});
});

describe('cross-validation', () => {
	// Two informative numbers, one text column; class depends on x + noise.
	const n = 60;
	const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 3);
	const z = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.9));
	const labels = Int32Array.from({ length: n }, (_, i) => (x[i]! + 0.8 * Math.sin(i * 5.3) > 0 ? 1 : 0));
	const columns: FeatureColumn[] = [
		{ kind: 'numeric', name: 'x', values: x },
		{ kind: 'numeric', name: 'z', values: z },
		{ kind: 'categorical', name: 'g', levels: ['u', 'v'], codes: Int32Array.from({ length: n }, (_, i) => i % 3 === 0 ? 1 : 0) }
	];

	test('each row is predicted by the model that did not see it, and the scores add up', async () => {
		const r = await crossValidate(columns, labels, 2, { folds: 3 });
		expect(r.folds.map((f) => f.testRows)).toEqual([20, 20, 20]);
		expect(r.folds.every((f) => f.status === 'converged')).toBe(true);
		// Changing the label of a row of fold 0 leaves fold 0's probabilities (its own included) as they were.
		const flipped = Int32Array.from(labels);
		flipped[3] = 1 - flipped[3]!;
		const r2 = await crossValidate(columns, flipped, 2, { folds: 3 });
		for (let i = 0; i < n; i += 3) expect(r2.probs[2 * i + 1]).toBe(r.probs[2 * i + 1]);
		expect(r2.probs[2 * 1 + 1]).not.toBe(r.probs[2 * 1 + 1]);
		expect(r.overall.accuracy).toBeGreaterThan(0.8);
		const weighted = r.folds.reduce((s, f) => s + f.accuracy * f.n, 0) / n;
		expect(r.overall.accuracy).toBeCloseTo(weighted, 12);
		expect(r.perClass.map((c) => c.n)).toEqual([labels.filter((l) => l === 0).length, labels.filter((l) => l === 1).length]);
	});

	test('standardisation makes the result independent of a numeric column\'s units', async () => {
		const a = await crossValidate(columns, labels, 2);
		const scaled = [{ ...columns[0]!, values: x.map((v) => v * 1000 + 5) } as FeatureColumn, columns[1]!, columns[2]!];
		const b = await crossValidate(scaled, labels, 2);
		for (let i = 0; i < a.probs.length; i++) expect(Math.abs(a.probs[i]! - b.probs[i]!)).toBeLessThan(1e-6);
	});

	test('unlabeled rows are never trained on but get probabilities', async () => {
		const partial = Int32Array.from(labels);
		partial[5] = -1;
		const r = await crossValidate(columns, partial, 2);
		expect(r.probs[10]! + r.probs[11]!).toBeCloseTo(1, 12);
		expect(r.overall.n).toBe(n - 1);
		// Row 5 is in fold 0: every other fold trains on 47 rows (48 minus the unlabeled one).
		expect(r.folds.map((f) => f.trainRows)).toEqual([48, 47, 47, 47, 47]);
		expect(r.folds[0]!.n).toBe(11);
	});

	test('a class absent from a training fold gets probability 0 there', async () => {
		const three = Int32Array.from(labels);
		three[4] = 2; // the only row of class 2, in fold 4: fold 4's model never sees class 2
		const r = await crossValidate(columns, three, 3);
		expect(r.probs[4 * 3 + 2]).toBe(0);
		expect(r.probs[0 * 3 + 2]).toBeGreaterThan(0);
	});

	test('progress is reported per fold and iteration; shouldStop cancels', async () => {
		const seen = new Set<number>();
		let calls = 0;
		await crossValidate(columns, labels, 2, {}, { onProgress: (p) => (seen.add(p.fold), calls++) });
		expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
		expect(calls).toBeGreaterThan(10);
		let iterations = 0;
		const run = crossValidate(columns, labels, 2, {}, { onProgress: () => iterations++, shouldStop: () => iterations >= 3, pause: async () => {} });
		await expect(run).rejects.toBeInstanceOf(BaselineCancelled);
		expect(iterations).toBe(3);
	});

	test('options are validated with one clear line', () => {
		expect(() => baselineOptions({ folds: 1 })).toThrow(/folds must be an integer from 2/);
		expect(() => baselineOptions({ C: 0 })).toThrow(/C must be a positive number/);
		expect(baselineOptions({ C: undefined }).C).toBe(1);
	});
});

test('log loss clips at 1e-15 and accuracy takes the first maximum', () => {
	const s = scoreRows(Float64Array.of(0.5, 0.5, 1, 0), 2, Int32Array.of(1, 1), () => true);
	expect(s.accuracy).toBe(0);
	expect(s.logLoss).toBeCloseTo((Math.log(2) - Math.log(1e-15)) / 2, 12);
});
