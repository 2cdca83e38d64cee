/**
 * Drift of large numeric columns aggregated in SQL (value counts, fine bins)
 * against the exact read-and-sort path on the same tables, and the core
 * functions behind it against the sorted-array ones.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { computeDrift, driftSides, type ColumnDrift, type DriftAggregateOptions, type DriftReport } from '../../../src/lib/data/drift';
import { ident } from '../../../src/lib/data/sql/quote';
import {
	binOf,
	binsOfRanks,
	dropNaN,
	countsBelowEdges,
	fineHistogram,
	histogramValueCounts,
	valuesAtRanks,
	populationStd,
	populationStdFromCounts,
	psiNumeric,
	psiNumericFromCounts,
	quantileFromCounts,
	quantileSorted,
	valueCounts,
	wassersteinBinned,
	wassersteinDistance,
	wassersteinFromCounts
} from '../../../src/lib/core/stats/index';
import { rng } from '../../../bench/synthetic';

/** Value counts of a sample, by counting in a Map (independent of valueCounts' merging). */
function countsOf(xs: ArrayLike<number>) {
	const m = new Map<number, number>();
	for (let i = 0; i < xs.length; i++) m.set(xs[i]!, (m.get(xs[i]!) ?? 0) + 1);
	return valueCounts([...m.keys()], [...m.values()]);
}

/** Counts of a sample on `bins` equal-width bins over [lo, hi] (last bin closed). */
function binCounts(xs: ArrayLike<number>, lo: number, hi: number, bins: number): Float64Array {
	const out = new Float64Array(bins);
	for (let i = 0; i < xs.length; i++) out[Math.min(Math.floor(((xs[i]! - lo) * bins) / (hi - lo)), bins - 1)]!++;
	return out;
}

describe('core: statistics from value counts and fine bins', () => {
	test('value counts give the sorted-array Wasserstein, std, quantiles and PSI', () => {
		const r = rng(7);
		for (const [n, m, k] of [
			[3000, 2000, 40],
			[500, 800, 7],
			[1200, 50, 1000]
		] as const) {
			const a = Float64Array.from({ length: n }, () => Math.floor(r() * k) - 3);
			const b = Float64Array.from({ length: m }, () => Math.floor(r() * r() * k) * 0.5);
			const ca = countsOf(a);
			const cb = countsOf(b);
			expect(ca.total).toBe(n);
			expect(wassersteinFromCounts(ca, cb)).toBeCloseTo(wassersteinDistance(a, b), 12);
			expect(populationStdFromCounts(ca)).toBeCloseTo(populationStd(a), 12);
			const sorted = Float64Array.from(a).sort();
			for (const q of [0, 0.1, 0.25, 0.5, 0.7, 0.9, 1]) expect(quantileFromCounts(ca, q)).toBe(quantileSorted(sorted, q));
			expect(psiNumericFromCounts(ca, cb).psi).toBeCloseTo(psiNumeric(a, b).psi, 12);
		}
	});

	test('valueCounts sorts, merges equal values, drops zero counts and NaN, refuses negative counts', () => {
		const v = valueCounts([3, 1, 3, NaN, 2, 5], [1, 2, 4, 9, 0, 1]);
		expect(Array.from(v.values)).toEqual([1, 3, 5]);
		expect(Array.from(v.counts)).toEqual([2, 5, 1]);
		expect(v.total).toBe(8);
		expect(() => valueCounts([1], [-1])).toThrow(/>= 0/);
	});

	test('binned Wasserstein stays within one bin width of the exact distance', () => {
		const r = rng(11);
		const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
		const cases: [string, Float64Array, Float64Array][] = [
			['normal, shifted', Float64Array.from({ length: 4000 }, normal), Float64Array.from({ length: 3000 }, () => normal() + 0.3)],
			['lognormal vs wider', Float64Array.from({ length: 3000 }, () => Math.exp(normal())), Float64Array.from({ length: 5000 }, () => Math.exp(1.3 * normal()))],
			['same distribution', Float64Array.from({ length: 5000 }, r), Float64Array.from({ length: 5000 }, r)],
			['few points', Float64Array.from([0, 1, 2.5]), Float64Array.from([0.2, 7])]
		];
		for (const [name, a, b] of cases) {
			const exact = wassersteinDistance(a, b);
			const lo = Math.min(...a, ...b);
			const hi = Math.max(...a, ...b);
			for (const bins of [7, 64, 4096]) {
				const w = wassersteinBinned(binCounts(a, lo, hi, bins), binCounts(b, lo, hi, bins), (hi - lo) / bins);
				expect(w.maxError, name).toBe((hi - lo) / bins);
				expect(Math.abs(w.distance - exact), `${name}, ${bins} bins`).toBeLessThanOrEqual(w.maxError);
			}
		}
		// identical binned samples are at distance 0; a point mass moved by d bins is d bins away
		expect(wassersteinBinned([1, 2, 3], [1, 2, 3], 0.5).distance).toBe(0);
		expect(wassersteinBinned([4, 0, 0, 0], [0, 0, 0, 4], 2).distance).toBe(6);
		expect(() => wassersteinBinned([0, 0], [1, 0], 1)).toThrow(/empty/);
	});

	test('fine histograms: exact value counts when single-valued, values at ranks and counts below edges without sorting', () => {
		const r = rng(5);
		const xs = Float64Array.from({ length: 20000 }, () => (r() < 0.05 ? NaN : Math.exp(3 * r()) - 4));
		const finite = xs.filter((v) => !Number.isNaN(v));
		const sorted = Float64Array.from(finite).sort();
		const grid = { lo: sorted[0]!, hi: sorted[sorted.length - 1]!, bins: 500 };
		const h = fineHistogram(xs, grid);
		expect(h.total).toBe(finite.length);
		expect(h.counts.reduce((a, c) => a + c, 0)).toBe(finite.length);
		expect(h.singleValued).toBe(false);
		const ranks = [0, 1, 17, 9000, 9001, finite.length - 1];
		const at = valuesAtRanks(xs, h, ranks);
		expect(at.values).toEqual(ranks.map((k) => sorted[k]));
		const edges = [grid.lo, sorted[100]!, 0, 0.5 * (sorted[5000]! + sorted[5001]!), grid.hi, grid.hi + 1];
		const expected = edges.map((e) => finite.filter((v) => v < e).length);
		expect(countsBelowEdges(xs, h, edges)).toEqual(expected);
		expect(countsBelowEdges(xs, h, edges, at.inBins)).toEqual(expected);
		// integers on a grid finer than 1: one value per bin, the exact value counts
		const ints = Float64Array.from({ length: 5000 }, () => Math.floor(r() * 30));
		const hi = fineHistogram(ints, { lo: 0, hi: 29, bins: 100 });
		expect(hi.singleValued).toBe(true);
		const vc = histogramValueCounts(hi);
		expect(Array.from(vc.values)).toEqual(Array.from({ length: 30 }, (_, k) => k));
		expect(Array.from(vc.counts)).toEqual(Array.from({ length: 30 }, (_, k) => ints.filter((v) => v === k).length));
		// a constant: everything in bin 0
		expect(fineHistogram(new Float64Array([2, 2, NaN, 2]), { lo: 2, hi: 2, bins: 10 })).toMatchObject({ total: 3, singleValued: true });
	});

	test('fine histograms record the bin of every value and, from a given mean, the squared deviations in the same pass', () => {
		const r = rng(21);
		const xs = Float64Array.from({ length: 30000 }, () => (r() < 0.02 ? NaN : 1e6 + Math.exp(2 * r())));
		const finite = xs.filter((v) => !Number.isNaN(v));
		const lo = Math.min(...finite);
		const hi = Math.max(...finite);
		const mean = finite.reduce((a, v) => a + v, 0) / finite.length;
		for (const bins of [1000, 70_000]) {
			const grid = { lo, hi, bins };
			const h = fineHistogram(xs, grid, { deviationsFrom: mean });
			expect(h.binOfValue).toBeInstanceOf(bins < 0xffff ? Uint16Array : Uint32Array);
			const bin = binOf(grid);
			for (let i = 0; i < xs.length; i++) expect(h.binOfValue[i]).toBe(Number.isNaN(xs[i]!) ? bins : bin(xs[i]!));
			// sqrt(squares / n) is the population std, without compensated sums, far from zero (1e6 + x)
			expect(Math.sqrt(h.squaredDeviations! / h.total) / populationStd(dropNaN(xs)) - 1).toBeLessThan(1e-12);
			expect(fineHistogram(xs, grid).squaredDeviations).toBeNull();
			// with a scratch array, the same bins in it (a longer one is used from its start)
			const scratch = new Uint16Array(xs.length + 5).fill(7);
			const withScratch = fineHistogram(xs, grid, { scratch });
			expect(Array.from(withScratch.binOfValue)).toEqual(Array.from(h.binOfValue));
			expect(withScratch.binOfValue.buffer === scratch.buffer).toBe(bins < 0xffff);
			// the values at ranks from the recorded bins equal the sorted values
			const sorted = Float64Array.from(finite).sort();
			const ranks = [0, 7, 15000, finite.length - 1];
			expect(valuesAtRanks(xs, h, ranks).values).toEqual(ranks.map((k) => sorted[k]));
			expect(h.singleValued).toBe(false);
			expect(h.binValues).toBeNull();
		}
	});

	test('a bin holding a second value late in the data is noticed (the look at the first values proves nothing there)', () => {
		// 10 bins over [0, 10]: 400 integers 0..9 (one value per bin), then 2.5 shares bin 2 with 2
		const ints = Array.from({ length: 400 }, (_, i) => i % 10);
		const single = fineHistogram(Float64Array.from(ints), { lo: 0, hi: 10, bins: 10 });
		expect(single.singleValued).toBe(true);
		expect(Array.from(single.binValues!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		const late = fineHistogram(Float64Array.from([...ints, 2.5]), { lo: 0, hi: 10, bins: 10 });
		expect(late.singleValued).toBe(false);
		expect(late.binValues).toBeNull();
		// 10 shares the last (closed) bin with 9
		expect(fineHistogram(Float64Array.from([...ints, 10]), { lo: 0, hi: 10, bins: 10 }).singleValued).toBe(false);
	});

	test('binsOfRanks finds the bin and offset of every rank', () => {
		const counts = [0, 3, 0, 2, 5, 0];
		const expanded = counts.flatMap((c, b) => Array.from({ length: c }, (_, o) => ({ bin: b, offset: o })));
		const ranks = [9, 0, 4, 2, 3, 5, 7];
		expect(binsOfRanks(counts, ranks)).toEqual(ranks.map((k) => expanded[k]));
	});
});

describe('drift: aggregated numeric columns against the exact path', () => {
	let db: NodeDuckDB;
	/** Thresholds low enough that moderate tables take the aggregated paths. */
	const aggregate: DriftAggregateOptions = { minValues: 1000, binnedMinValues: 2000, fineBins: 4096 };
	const u = (col: number, seed: number) => `(1 - (hash(i, ${col}, ${seed}) >> 11)::DOUBLE / 9007199254740992.0)`;
	const z = (col: number, seed: number) => `(sqrt(-2 * ln(${u(col, seed)})) * cos(2 * pi() * ${u(col + 100, seed)}))`;
	const hostile = `x"; DROP TABLE r; -- ☃`;

	/** `rows` rows of continuous, discrete, constant, sparse and special columns; `shifted` moves some of them. */
	function table(name: string, rows: number, seed: number, shifted: boolean): string {
		return `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT
			${z(1, seed)} * 2 + 10 ${shifted ? '+ 0.5' : ''} AS cont_shift,
			${z(2, seed)} * 3 AS cont_same,
			exp(${z(3, seed)} * 1.5) AS skewed,
			floor(${u(4, seed)} * ${shifted ? 60 : 50})::INTEGER AS ints,
			floor(${u(5, seed)} * 4)::DOUBLE AS four_values,
			7.25 AS constant,
			CASE WHEN ${u(6, seed)} < 0.1 THEN NULL WHEN ${u(6, seed)} < 0.15 THEN 'NaN'::DOUBLE ELSE ${z(6, seed)} END AS with_nulls,
			CAST(NULL AS DOUBLE) AS all_null,
			${z(7, seed)} + ${shifted ? 2 : 0} AS ${ident(hostile)},
			CASE WHEN i = 5 THEN 'Infinity'::DOUBLE ELSE ${z(8, seed)} END AS with_inf
			FROM range(${rows}) AS r(i)`;
	}

	let exact: DriftReport;
	let agg: DriftReport;
	const col = (r: DriftReport, name: string): ColumnDrift => {
		const c = r.features.find((x) => x.column === name);
		if (!c) throw new Error(`no ${name}: ${JSON.stringify(r.skipped)}`);
		return c;
	};

	beforeAll(async () => {
		db = await NodeDuckDB.open();
		await db.exec(table('a_ref', 6000, 1, false));
		await db.exec(table('a_cur', 5000, 2, true));
		const sides = driftSides({ kind: 'tables', reference: 'a_ref', current: 'a_cur' });
		exact = await computeDrift(db, { ...sides, aggregate: false });
		agg = await computeDrift(db, { ...sides, aggregate });
	});
	afterAll(() => db.close());

	test('every column takes the path its profile calls for, and says so', async () => {
		const method = Object.fromEntries(agg.features.map((c) => [c.column, c.method]));
		expect(method).toEqual({
			cont_shift: 'Wasserstein (normed), binned 4100',
			cont_same: 'Wasserstein (normed), binned 4100',
			// exp(1.5 z): the range is about 40 reference sds, so a bin is ~0.01 sd wide, above maxError: exact
			skewed: 'exact',
			ints: 'exact, from value counts',
			four_values: 'exact, from value counts',
			constant: 'exact, from value counts',
			with_nulls: 'Wasserstein (normed), binned 4100',
			[hostile]: 'Wasserstein (normed), binned 4100',
			with_inf: 'exact'
		});
		expect(exact.features.every((c) => c.method === 'exact' && c.maxError === null)).toBe(true);
		// exact: skewed, with_inf and all_null (skipped there: only NULLs)
		expect(agg.timings).toMatchObject({ exactColumns: 3, countsColumns: 3, binnedColumns: 4 });
		const [s] = await db.query(`SELECT (max(skewed) - min(skewed)) / 4100 / (SELECT stddev_pop(skewed) FROM a_ref) AS bound FROM (SELECT skewed FROM a_ref UNION ALL SELECT skewed FROM a_cur)`);
		expect(Number(s!.bound)).toBeGreaterThan(0.01);
	});

	test('value counts give the exact statistics, tests and histograms', () => {
		for (const name of ['ints', 'four_values', 'constant']) {
			const a = col(agg, name);
			const e = col(exact, name);
			expect(a.maxError).toBeNull();
			const { method: _m, maxError: _e, distance, statistic, psi, ...rest } = a;
			const { method: _m2, maxError: _e2, distance: d2, statistic: s2, psi: p2, ...rest2 } = e;
			expect(rest).toEqual(rest2);
			if (d2 === null) expect(distance).toBeNull();
			else expect(distance).toBeCloseTo(d2, 12);
			expect(statistic).toBeCloseTo(s2, 12);
			expect(psi).toBeCloseTo(p2, 12);
		}
		expect(col(agg, 'four_values')).toMatchObject({ kind: 'categorical', test: 'jensenshannon' });
		expect(col(agg, 'constant')).toMatchObject({ kind: 'categorical', distance: 0, drifted: false });
		expect(col(agg, 'ints').drifted).toBe(true);
	});

	test('binned distances are within their stated bound of the exact ones; PSI, counts and verdicts are exact', () => {
		for (const c of agg.features.filter((x) => x.method?.startsWith('Wasserstein'))) {
			const e = col(exact, c.column);
			expect(c.maxError, c.column).toBeGreaterThan(0);
			expect(c.maxError, c.column).toBeLessThanOrEqual(0.01);
			expect(Math.abs(c.distance! - e.distance!), c.column).toBeLessThanOrEqual(c.maxError!);
			expect(c.psi, c.column).toBeCloseTo(e.psi, 12);
			expect({ drifted: c.drifted, nRef: c.nRef, nCur: c.nCur, nullsRef: c.nullsRef, nullsCur: c.nullsCur, test: c.test }).toEqual({
				drifted: e.drifted,
				nRef: e.nRef,
				nCur: e.nCur,
				nullsRef: e.nullsRef,
				nullsCur: e.nullsCur,
				test: e.test
			});
			if (c.histogram.kind !== 'numeric' || e.histogram.kind !== 'numeric') throw new Error('numeric histograms expected');
			expect(c.histogram.edges).toEqual(e.histogram.edges);
			expect(c.histogram.reference.counts.reduce((s, v) => s + v, 0)).toBe(e.nRef);
			expect(c.histogram.current.counts.reduce((s, v) => s + v, 0)).toBe(e.nCur);
		}
		expect(agg.features.filter((c) => c.drifted).map((c) => c.column)).toEqual(exact.features.filter((c) => c.drifted).map((c) => c.column));
		expect(col(agg, 'cont_shift').drifted).toBe(true);
		expect(col(agg, hostile).drifted).toBe(true);
		expect(col(agg, 'cont_same').drifted).toBe(false);
	});

	test('NULL and NaN are counted apart; an all-NULL column is skipped as on the exact path', () => {
		const c = col(agg, 'with_nulls');
		expect(c.nullsRef + c.nRef).toBe(6000);
		expect(c.nullsRef).toBeGreaterThan(600);
		expect(c.nullsRef).toBe(col(exact, 'with_nulls').nullsRef);
		expect(agg.skipped).toEqual(exact.skipped);
		expect(agg.skipped.find((s) => s.column === 'all_null')?.why).toBe('only NULLs on both sides');
	});

	test('a bound that could change the verdict, or is above maxError, sends the column to the exact path', async () => {
		const sides = driftSides({ kind: 'tables', reference: 'a_ref', current: 'a_cur' });
		const strict = await computeDrift(db, { ...sides, aggregate: { ...aggregate, maxError: 1e-9 }, columns: ['cont_shift', 'ints'] });
		expect(strict.features.map((c) => c.method)).toEqual(['exact', 'exact, from value counts']);
		expect(col(strict, 'cont_shift').distance).toBe(col(exact, 'cont_shift').distance);
		// a threshold right at the binned distance: the verdict is not left to the approximation
		const d = col(agg, 'cont_same').distance!;
		const near = await computeDrift(db, { ...sides, aggregate, columns: ['cont_same'], overrides: { cont_same: { threshold: d } } });
		expect(col(near, 'cont_same')).toMatchObject({ method: 'exact', distance: col(exact, 'cont_same').distance });
		// a KS override needs every value
		const ks = await computeDrift(db, { ...sides, aggregate, columns: ['cont_same'], overrides: { cont_same: { test: 'ks' } } });
		expect(col(ks, 'cont_same')).toMatchObject({ method: 'exact', test: 'ks' });
	});

	test('default thresholds keep tables of a few thousand rows on the exact path', async () => {
		const r = await computeDrift(db, driftSides({ kind: 'tables', reference: 'a_ref', current: 'a_cur' }));
		expect(r.features.every((c) => c.method === 'exact')).toBe(true);
	});
});
