import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../../src/lib/data/session';
import {
	categoryCountsSql,
	computeDrift,
	driftSides,
	timeCutSplit,
	yearSplit,
	type ColumnDrift,
	type DriftReport
} from '../../../src/lib/data/drift';
import { ident, literal } from '../../../src/lib/data/sql/quote';
import {
	chiSquareIndependence,
	jensenShannonDistance,
	ks2samp,
	normalizedWasserstein,
	psiCategorical,
	psiNumeric,
	twoProportionZTest,
	alignCounts
} from '../../../src/lib/core/stats/index';

const golden = JSON.parse(readFileSync('test/fixtures/golden/stats/stats.expected.json', 'utf8')) as {
	numeric: { reference: number[]; current: number[]; ks_statistic: number; ks_pvalue: number; wasserstein_normed: number; psi_10_quantile_bins: number }[];
	categorical: {
		reference: string[];
		current: string[];
		chi2_contingency_statistic: number;
		chi2_contingency_pvalue: number;
		jensen_shannon_distance_natural_log: number;
		psi: number;
	}[];
};

/** SQL for a uniform (0, 1] value from row i, a column number and a seed (hash-based, so deterministic). */
const u = (col: number, seed: number) => `(1 - (hash(i, ${col}, ${seed}) >> 11)::DOUBLE / 9007199254740992.0)`;
/** SQL for a standard normal value (Box-Muller). */
const z = (col: number, seed: number) => `(sqrt(-2 * ln(${u(col, seed)})) * cos(2 * pi() * ${u(col + 100, seed)}))`;

/** Numbers (NULLs dropped) of one column of a query, read independently of computeDrift. */
async function numbers(db: NodeDuckDB, sql: string): Promise<Float64Array> {
	const col = Object.values(await db.readNumeric(sql))[0]!;
	return col.filter((v) => !Number.isNaN(v));
}

/** Counts per value (NULLs dropped), by an independent GROUP BY. */
async function counts(db: NodeDuckDB, sql: string): Promise<Map<string, number>> {
	const rows = await db.query(`SELECT CAST(v AS VARCHAR) AS v, count(*) AS n FROM (${sql}) WHERE v IS NOT NULL GROUP BY 1 ORDER BY 1`);
	return new Map(rows.map((r) => [String(r.v), Number(r.n)]));
}

const all = (r: DriftReport): ColumnDrift[] => [...r.features, ...(r.label ? [r.label] : []), ...r.prediction, ...r.probabilities];
const find = (r: DriftReport, column: string): ColumnDrift => {
	const c = all(r).find((x) => x.column === column);
	if (!c) throw new Error(`no result for ${column}; skipped: ${JSON.stringify(r.skipped)}`);
	return c;
};
const why = (r: DriftReport, column: string) => r.skipped.find((s) => s.column === column)?.why;

describe('drift: COMPAS 2013 vs 2014 by compas_screening_date', () => {
	let db: NodeDuckDB;
	let report: DriftReport;
	const roles = { id: 'id', label: 'two_year_recid', score: 'decile_score', time: 'compas_screening_date' };
	const year = (y: number) => `year("compas_screening_date") = ${y}`;

	beforeAll(async () => {
		db = await NodeDuckDB.open();
		await new AuditSession(db).load([{ name: 'compas.csv', bytes: readFileSync('static/demo/compas/compas.csv') }]);
		report = await computeDrift(db, { ...driftSides(yearSplit('dataset', 'compas_screening_date', 2013, 2014)), roles });
	});
	afterAll(() => db.close());

	test('sides, labels and row counts match an independent SQL COUNT', async () => {
		const [c] = await db.query(`SELECT count(*) FILTER (WHERE ${year(2013)}) AS a, count(*) FILTER (WHERE ${year(2014)}) AS b FROM dataset`);
		// 5111 + 2103 = 7214 rows: every screening is in 2013 or 2014, none NULL
		expect(c).toEqual({ a: 5111, b: 2103 });
		expect(report.reference).toEqual({ label: '2013', rows: 5111 });
		expect(report.current).toEqual({ label: '2014', rows: 2103 });
		expect(report.excluded).toMatchObject({ rows: 0, nulls: 0 });
	});

	test('every column gets the test Evidently would choose for its size and distinct values', async () => {
		const tested = all(report);
		expect(tested.length).toBeGreaterThan(20);
		const types = new Map((await db.query(`DESCRIBE dataset`)).map((r) => [String(r.column_name), String(r.column_type)]));
		for (const c of tested) {
			const col = ident(c.column);
			const [s] = await db.query(
				`SELECT count(${col}) FILTER (WHERE ${year(2013)}) AS nref, count(DISTINCT ${col}) AS nu FROM dataset WHERE ${year(2013)} OR ${year(2014)}`
			);
			const nRef = Number(s!.nref);
			const nUnique = Number(s!.nu);
			const numeric = /INT|DOUBLE|FLOAT|DECIMAL/.test(types.get(c.column)!) && nUnique > 5;
			// Evidently: reference <= 1000 non-missing values -> KS / chi-square / z (<= 2 categories); else Wasserstein / Jensen-Shannon
			const expected = nRef <= 1000 ? (numeric ? 'ks' : nUnique <= 2 ? 'z' : 'chisquare') : numeric ? 'wasserstein' : 'jensenshannon';
			expect({ column: c.column, test: c.test, kind: c.kind, nRef: c.nRef }).toEqual({
				column: c.column,
				test: expected,
				kind: numeric ? 'numeric' : 'categorical',
				nRef
			});
			expect(c.threshold).toBe(expected === 'wasserstein' || expected === 'jensenshannon' ? 0.1 : 0.05);
		}
		expect(find(report, 'age').test).toBe('wasserstein');
		expect(find(report, 'race').test).toBe('jensenshannon');
		// vr_charge_desc: 515 non-NULL values in 2013, so a p-value test although 2013 has 5111 rows
		expect(find(report, 'vr_charge_desc')).toMatchObject({ test: 'chisquare', nRef: 515 });
	});

	test('values equal the core statistics on the same values read with independent SQL', async () => {
		const ages = (y: number) => numbers(db, `SELECT age::DOUBLE AS v FROM dataset WHERE ${year(y)}`);
		const [a13, a14] = [await ages(2013), await ages(2014)];
		const age = find(report, 'age');
		expect(age.distance).toBeCloseTo(normalizedWasserstein(a13, a14), 12);
		expect(age.statistic).toBe(age.distance);
		expect(age.pValue).toBeNull();
		expect(age.drifted).toBe(age.distance! >= 0.1);
		expect(age.psi).toBeCloseTo(psiNumeric(a13, a14).psi, 12);

		const races = (y: number) => counts(db, `SELECT race AS v FROM dataset WHERE ${year(y)}`);
		const [r13, r14] = [await races(2013), await races(2014)];
		const aligned = alignCounts(r13, r14);
		const race = find(report, 'race');
		expect(race.distance).toBeCloseTo(jensenShannonDistance(aligned.reference, aligned.current), 12);
		expect(race.psi).toBeCloseTo(psiCategorical(r13, r14).psi, 12);
		// histogram: the 6 races, counts summing to each side's rows
		expect(race.histogram.kind).toBe('categorical');
		expect(race.histogram.reference.counts.reduce((s, v) => s + v, 0)).toBe(5111);
		expect(race.histogram.current.counts.reduce((s, v) => s + v, 0)).toBe(2103);
	});

	test('NULLs are counted apart and left out of the test', async () => {
		const [n] = await db.query(
			`SELECT count(*) FILTER (WHERE ${year(2013)} AND days_b_screening_arrest IS NULL) AS a, count(*) FILTER (WHERE ${year(2014)} AND days_b_screening_arrest IS NULL) AS b FROM dataset`
		);
		const c = find(report, 'days_b_screening_arrest');
		expect({ nullsRef: c.nullsRef, nullsCur: c.nullsCur }).toEqual({ nullsRef: n!.a, nullsCur: n!.b });
		expect(c.nRef + c.nullsRef).toBe(5111);
	});

	test('label and prediction have their own sections; dataset drift counts features only', () => {
		expect(report.label?.column).toBe('two_year_recid');
		expect(report.label?.kind).toBe('categorical');
		expect(report.prediction.map((c) => c.column)).toEqual(['decile_score']);
		const names = report.features.map((c) => c.column);
		expect(names).not.toContain('two_year_recid');
		expect(names).not.toContain('decile_score');
		const drifted = report.features.filter((c) => c.drifted).length;
		expect(report.datasetDrift).toEqual({
			share: drifted / report.features.length,
			drifted: drifted / report.features.length >= 0.5,
			driftedColumns: drifted,
			totalColumns: report.features.length,
			threshold: 0.5
		});
	});

	test('skipped columns are explained', () => {
		expect(why(report, 'id')).toBe('row id');
		expect(why(report, 'compas_screening_date')).toBe('defines the split');
		expect(why(report, 'dob')).toMatch(/^date\/time column \(DATE\)/);
		expect(why(report, 'c_jail_in')).toMatch(/TIMESTAMP/);
		expect(why(report, 'violent_recid')).toBe('only NULLs on both sides');
		expect(why(report, 'c_case_number')).toMatch(/^nearly unique text/);
		// every column of the table is either tested or skipped with a reason
		const seen = new Set([...all(report).map((c) => c.column), ...report.skipped.map((s) => s.column)]);
		expect(seen.size).toBe(48);
		for (const s of report.skipped) expect(s.why.length).toBeGreaterThan(5);
	});

	test('an identifier-like text column is counted in SQL, not sent: its exact distinct and non-NULL counts in the message, one row in the result', async () => {
		const [truth] = await db.query(
			`SELECT count(DISTINCT c_case_number) AS d, count(c_case_number) AS k FROM dataset WHERE compas_screening_date >= DATE '2013-01-01' AND compas_screening_date < DATE '2014-01-01'`
		);
		expect(why(report, 'c_case_number')).toBe(
			`nearly unique text: ${truth!.d} distinct values in ${truth!.k} reference values (an identifier or free text, not a category)`
		);
		const sides = driftSides(yearSplit('dataset', 'compas_screening_date', 2013, 2014));
		const sources = [{ expr: ident('c_case_number') }, { expr: ident('race') }];
		const rows = await db.query(categoryCountsSql(sides.reference, sources, [0, 1]));
		expect(rows.filter((r) => Number(r.i) === 0)).toHaveLength(1);
		expect(rows.filter((r) => Number(r.i) === 0)[0]).toMatchObject({ d: truth!.d, k: truth!.k });
		// race is a category: every value with its count, which add up to the side's rows
		const race = rows.filter((r) => Number(r.i) === 1);
		expect(race.reduce((t, r) => t + Number(r.n), 0)).toBe(report.reference.rows);
		expect(race.length).toBe(Number(race[0]!.d) + (race.some((r) => r.v === null) ? 1 : 0));
		// the identifier first: the side's rows do not come from its one row
		const first = await computeDrift(db, { ...sides, roles, columns: ['c_case_number', 'race'] });
		expect([first.reference.rows, first.current.rows]).toEqual([report.reference.rows, report.current.rows]);
		expect(first.features.map((c) => c.column)).toEqual(['race']);
		// not dropping: every value of the identifier is there
		const all = await db.query(categoryCountsSql(sides.reference, sources));
		expect(all.filter((r) => Number(r.i) === 0).length).toBeGreaterThanOrEqual(Number(truth!.d));
	});

	test('a time cut at 2014-01-01 gives the same sides as the year split', async () => {
		const cut = await computeDrift(db, { ...driftSides(timeCutSplit('dataset', 'compas_screening_date', '2014-01-01')), roles, columns: ['age', 'race'] });
		expect(cut.reference).toEqual({ label: 'before 2014-01-01', rows: 5111 });
		expect(cut.current.rows).toBe(2103);
		expect(cut.features.map((c) => [c.column, c.statistic])).toEqual(['age', 'race'].map((n) => [n, find(report, n).statistic]));
	});
});

describe('drift: golden vectors (scipy 1.10)', () => {
	let db: NodeDuckDB;
	beforeAll(async () => {
		db = await NodeDuckDB.open();
	});
	afterAll(() => db.close());

	async function pair(ref: Float64Array | string[], cur: Float64Array | string[]): Promise<DriftReport> {
		for (const [name, x] of [['g_ref', ref], ['g_cur', cur]] as const) {
			await db.exec(`DROP TABLE IF EXISTS ${ident(name)}`);
			await db.createFromArrow(name, tableToIPC(tableFromArrays({ x: x as Float64Array }), 'stream'));
		}
		return computeDrift(db, driftSides({ kind: 'tables', reference: 'g_ref', current: 'g_cur' }));
	}

	test('numeric, 200 vs 150: KS p-value and PSI', async () => {
		const g = golden.numeric[0]!;
		const c = find(await pair(Float64Array.from(g.reference), Float64Array.from(g.current)), 'x');
		expect(c.test).toBe('ks');
		expect(c.statistic).toBeCloseTo(g.ks_statistic, 12);
		expect(c.pValue).toBeCloseTo(g.ks_pvalue, 10);
		expect(c.psi).toBeCloseTo(g.psi_10_quantile_bins, 10);
		expect(c.drifted).toBe(false); // p = 0.819
	});

	test('numeric, 2000 vs 1500: normalised Wasserstein drifts (0.386 >= 0.1)', async () => {
		const g = golden.numeric[2]!;
		const c = find(await pair(Float64Array.from(g.reference), Float64Array.from(g.current)), 'x');
		expect(c).toMatchObject({ test: 'wasserstein', kind: 'numeric', drifted: true, pValue: null, nRef: 2000, nCur: 1500 });
		expect(c.distance).toBeCloseTo(g.wasserstein_normed, 10);
		expect(c.psi).toBeCloseTo(g.psi_10_quantile_bins, 10);
		expect(c.psiBand).toBe('moderate'); // 0.206 is in [0.1, 0.25)
	});

	test('categorical: chi-square (300 vs 200) and Jensen-Shannon (5000 vs 5000)', async () => {
		const g0 = golden.categorical[0]!;
		const c0 = find(await pair(g0.reference, g0.current), 'x');
		expect(c0.test).toBe('chisquare');
		expect(c0.statistic).toBeCloseTo(g0.chi2_contingency_statistic, 8);
		expect(c0.pValue).toBeCloseTo(g0.chi2_contingency_pvalue, 10);
		expect(c0.psi).toBeCloseTo(g0.psi, 10);
		const g2 = golden.categorical[2]!;
		const c2 = find(await pair(g2.reference, g2.current), 'x');
		expect(c2.test).toBe('jensenshannon');
		expect(c2.distance).toBeCloseTo(g2.jensen_shannon_distance_natural_log, 10);
		expect(c2.drifted).toBe(false); // 0.078 < 0.1
	});
});

describe('drift: synthetic tables', () => {
	let db: NodeDuckDB;

	/**
	 * `rows` rows: num_shift (normal, +0.8 sd in the current data), num_same
	 * (normal), cat_shift (a/b/c at 50/30/20%, current 20/30/50%), cat_same,
	 * small_int (0..3), bin (two values), lognormal (skewed), y / pred (0/1),
	 * p_0 / p_1 and probs (a DOUBLE[] of both).
	 */
	function table(name: string, rows: number, seed: number, shifted: boolean): string {
		const catShift = shifted ? `CASE WHEN ${u(3, seed)} < 0.2 THEN 'a' WHEN ${u(3, seed)} < 0.5 THEN 'b' ELSE 'c' END` : `CASE WHEN ${u(3, seed)} < 0.5 THEN 'a' WHEN ${u(3, seed)} < 0.8 THEN 'b' ELSE 'c' END`;
		const p1 = `(${u(9, seed)} * ${shifted ? 0.5 : 1})`;
		return `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT
			${z(1, seed)} * 2 + 10 ${shifted ? '+ 1.6' : ''} AS num_shift,
			${z(2, seed)} * 3 AS num_same,
			${catShift} AS cat_shift,
			CASE WHEN ${u(4, seed)} < 0.6 THEN 'x' WHEN ${u(4, seed)} < 0.9 THEN 'y' ELSE 'z' END AS cat_same,
			floor(${u(5, seed)} * 4)::INTEGER AS small_int,
			CASE WHEN ${u(6, seed)} < 0.7 THEN 'yes' ELSE 'no' END AS bin,
			exp(${z(7, seed)} * 2) AS lognormal,
			(${u(8, seed)} < ${shifted ? 0.6 : 0.3})::INTEGER AS y,
			(${u(10, seed)} < 0.3)::INTEGER AS pred,
			1 - ${p1} AS p_0, ${p1} AS p_1, [1 - ${p1}, ${p1}] AS probs,
			i AS row_id
			FROM range(${rows}) AS r(i)`;
	}

	beforeAll(async () => {
		db = await NodeDuckDB.open();
		await db.exec(table('big_ref', 6000, 1, false));
		await db.exec(table('big_cur', 5000, 2, true));
		await db.exec(table('small_ref', 400, 3, false));
		await db.exec(table('small_cur', 700, 4, true));
	});
	afterAll(() => db.close());

	const features = ['num_shift', 'num_same', 'cat_shift', 'cat_same', 'small_int', 'bin', 'lognormal'];
	const tables = (reference: string, current: string) => driftSides({ kind: 'tables', reference, current });

	test('a planted shift in one numeric and one categorical column flags exactly those (6000 vs 5000 rows)', async () => {
		const r = await computeDrift(db, { ...tables('big_ref', 'big_cur'), columns: features });
		expect(r.features.map((c) => c.column)).toEqual(features);
		expect(r.features.filter((c) => c.drifted).map((c) => c.column)).toEqual(['num_shift', 'cat_shift']);
		expect(r.features.map((c) => c.test)).toEqual(['wasserstein', 'wasserstein', 'jensenshannon', 'jensenshannon', 'jensenshannon', 'jensenshannon', 'wasserstein']);
		// small_int has 4 distinct values (<= 5): categorical
		expect(find(r, 'small_int')).toMatchObject({ kind: 'categorical' });
		expect(r.datasetDrift).toMatchObject({ driftedColumns: 2, totalColumns: 7, drifted: false });
		// the shift is 0.8 sd: normalised Wasserstein close to 0.8
		expect(find(r, 'num_shift').distance).toBeGreaterThan(0.7);
		expect(find(r, 'num_shift').psiBand).toBe('significant');
	});

	test('bucket-sorted arrays give the core values on the same (skewed) values', async () => {
		const r = await computeDrift(db, { ...tables('big_ref', 'big_cur'), columns: ['lognormal', 'num_same'] });
		for (const col of ['lognormal', 'num_same']) {
			const ref = await numbers(db, `SELECT ${col} AS v FROM big_ref`);
			const cur = await numbers(db, `SELECT ${col} AS v FROM big_cur`);
			expect(find(r, col).distance).toBeCloseTo(normalizedWasserstein(ref, cur), 12);
			expect(find(r, col).psi).toBeCloseTo(psiNumeric(ref, cur).psi, 12);
		}
	});

	test('small reference (400 rows): KS, chi-square and z-test with the p-values of the core functions', async () => {
		const r = await computeDrift(db, { ...tables('small_ref', 'small_cur'), columns: features });
		expect(r.features.map((c) => c.test)).toEqual(['ks', 'ks', 'chisquare', 'chisquare', 'chisquare', 'z', 'ks']);
		for (const col of ['num_shift', 'num_same', 'lognormal']) {
			const k = ks2samp(await numbers(db, `SELECT ${col} AS v FROM small_ref`), await numbers(db, `SELECT ${col} AS v FROM small_cur`));
			expect(find(r, col)).toMatchObject({ statistic: k.statistic, pValue: k.pValue, drifted: k.pValue < 0.05, threshold: 0.05 });
		}
		for (const col of ['cat_shift', 'cat_same', 'small_int']) {
			const a = alignCounts(await counts(db, `SELECT ${col} AS v FROM small_ref`), await counts(db, `SELECT ${col} AS v FROM small_cur`));
			const chi = chiSquareIndependence([Array.from(a.reference), Array.from(a.current)]);
			expect(find(r, col).statistic).toBeCloseTo(chi.statistic, 10);
			expect(find(r, col).pValue).toBeCloseTo(chi.pValue, 12);
		}
		const ref = await counts(db, `SELECT bin AS v FROM small_ref`);
		const cur = await counts(db, `SELECT bin AS v FROM small_cur`);
		const first = [...ref.keys()][0]!; // z-test on the share of the first category (symmetric)
		const zt = twoProportionZTest(ref.get(first)!, 400, cur.get(first)!, 700);
		expect(find(r, 'bin').pValue).toBeCloseTo(zt.pValue, 12);
		expect(find(r, 'num_shift').drifted).toBe(true);
		expect(find(r, 'cat_shift').drifted).toBe(true);
	});

	test('overrides change test and threshold; bad overrides are refused with the column named', async () => {
		const r = await computeDrift(db, {
			...tables('big_ref', 'big_cur'),
			columns: features,
			overrides: { num_same: { test: 'ks', threshold: 0.01 }, num_shift: { threshold: 5 }, cat_same: { test: 'chisquare' } }
		});
		expect(find(r, 'num_same')).toMatchObject({ test: 'ks', threshold: 0.01, overridden: true });
		expect(find(r, 'num_shift')).toMatchObject({ test: 'wasserstein', threshold: 5, drifted: false, overridden: true });
		expect(find(r, 'cat_same')).toMatchObject({ test: 'chisquare', threshold: 0.05, overridden: true });
		expect(find(r, 'cat_shift').overridden).toBe(false);
		const k = ks2samp(await numbers(db, `SELECT num_same AS v FROM big_ref`), await numbers(db, `SELECT num_same AS v FROM big_cur`));
		expect(find(r, 'num_same').pValue).toBe(k.pValue);

		const run = (overrides: Record<string, { test?: 'ks' | 'z' | 'wasserstein'; threshold?: number }>) =>
			computeDrift(db, { ...tables('big_ref', 'big_cur'), columns: features, overrides });
		await expect(run({ nope: { threshold: 0.2 } })).rejects.toThrow(/"nope": no such column/);
		await expect(run({ cat_same: { test: 'ks' } })).rejects.toThrow(/"cat_same": test 'ks' needs a numeric column/);
		await expect(run({ cat_same: { test: 'z' } })).rejects.toThrow(/Column "cat_same".*at most 2 categories/);
		await expect(run({ num_same: { test: 'ks', threshold: 2 } })).rejects.toThrow(/"num_same": threshold 2/);
	});

	test('label, prediction and probabilities land in their own sections', async () => {
		const r = await computeDrift(db, {
			...tables('big_ref', 'big_cur'),
			roles: { id: 'row_id', label: 'y', predLabel: 'pred', predProbs: ['p_0', 'p_1'], predProbsList: 'probs' }
		});
		expect(r.label).toMatchObject({ column: 'y', kind: 'categorical', test: 'jensenshannon', drifted: true });
		expect(r.prediction.map((c) => [c.column, c.drifted])).toEqual([['pred', false]]);
		expect(r.probabilities.map((c) => c.column)).toEqual(['p_0', 'p_1', 'probs[1]', 'probs[2]']);
		expect(r.probabilities.every((c) => c.kind === 'numeric' && c.drifted)).toBe(true);
		// the list element and the plain column hold the same values
		expect(find(r, 'probs[2]').distance).toBe(find(r, 'p_1').distance);
		expect(r.features.map((c) => c.column)).toEqual(features);
		expect(why(r, 'row_id')).toBe('row id');
		expect(why(r, 'probs')).toBeUndefined();
	});

	test('histograms: shared numeric edges, top categories plus "other"', async () => {
		await db.exec(`CREATE OR REPLACE TABLE many_ref AS SELECT 'k' || (i % 30) AS k FROM range(3000) r(i)`);
		await db.exec(`CREATE OR REPLACE TABLE many_cur AS SELECT 'k' || (i % 25) AS k FROM range(2500) r(i)`);
		const k = find(await computeDrift(db, tables('many_ref', 'many_cur')), 'k');
		if (k.histogram.kind !== 'categorical') throw new Error('categorical expected');
		expect(k.histogram.categories.length).toBe(21);
		expect(k.histogram.other).toBe(10);
		expect(k.histogram.categories[20]).toBe('other (10 more)');
		// 30 values x 100 rows; 'other' holds 10 of them: 1000 rows, of which the current data has k20..k24 (5 x 100)
		expect(k.histogram.reference.counts[20]).toBe(1000);
		expect(k.histogram.current.counts[20]).toBe(500);
		expect(k.histogram.reference.shares.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);

		const r = await computeDrift(db, { ...tables('big_ref', 'big_cur'), columns: ['num_shift'] });
		const h = find(r, 'num_shift').histogram;
		if (h.kind !== 'numeric') throw new Error('numeric expected');
		const ref = await numbers(db, `SELECT num_shift AS v FROM big_ref`);
		const cur = await numbers(db, `SELECT num_shift AS v FROM big_cur`);
		expect(h.edges.length).toBe(21);
		expect(h.edges[0]).toBe(Math.min(...ref, ...cur));
		expect(h.edges[20]).toBe(Math.max(...ref, ...cur));
		expect(h.reference.counts.reduce((s, v) => s + v, 0)).toBe(6000);
		expect(h.current.counts.reduce((s, v) => s + v, 0)).toBe(5000);
		// bin 10 holds the values in [edges[10], edges[11])
		expect(h.reference.counts[10]).toBe(ref.filter((v) => v >= h.edges[10]! && v < h.edges[11]!).length);
	});

	test('skipped columns are explained: one side only, type mismatch, list, all NULL, dates, roles', async () => {
		await db.exec(`CREATE OR REPLACE TABLE s_ref AS SELECT i AS id, i * 1.5 AS a, 'x' || (i % 3) AS b, [i] AS l, NULL::DOUBLE AS empty, DATE '2020-01-01' + (i::INTEGER) AS d, i % 7 AS only_ref, 'w' || i AS words, i % 2 AS t FROM range(300) r(i)`);
		await db.exec(`CREATE OR REPLACE TABLE s_cur AS SELECT i AS id, i * 1.7 AS a, i % 3 AS b, [i] AS l, NULL::DOUBLE AS empty, DATE '2021-01-01' + (i::INTEGER) AS d, i % 5 AS only_cur, 'w' || i AS words, i % 2 AS t FROM range(200) r(i)`);
		const r = await computeDrift(db, { ...tables('s_ref', 's_cur'), roles: { id: 'id', text: 'words', time: 't' } });
		expect(r.features.map((c) => c.column)).toEqual(['a']);
		expect(Object.fromEntries(r.skipped.map((s) => [s.column, s.why]))).toEqual({
			id: 'row id',
			b: 'types differ: VARCHAR in the reference, BIGINT in the current data',
			l: 'list column (BIGINT[])',
			empty: 'only NULLs on both sides',
			d: 'date/time column (DATE): dates move with time by construction, so they are not tested (as in Evidently)',
			only_ref: 'only in the reference',
			only_cur: 'only in the current data',
			words: 'free text',
			t: 'time column'
		});
	});

	test('value split with NULL and unlisted values excluded and counted', async () => {
		await db.exec(`CREATE OR REPLACE TABLE v AS SELECT CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 < 5 THEN 'train' WHEN i % 10 < 9 THEN 'prod' ELSE 'test' END AS split, i * 1.0 AS x FROM range(1000) r(i)`);
		const sides = driftSides({ kind: 'values', table: 'v', column: 'split', reference: ['train'], current: ['prod'] });
		const r = await computeDrift(db, sides);
		// per 10 rows: 1 NULL, 4 train (1..4), 4 prod (5..8), 1 test (9)
		expect(r.reference).toEqual({ label: 'train', rows: 400 });
		expect(r.current).toEqual({ label: 'prod', rows: 400 });
		expect(r.excluded).toEqual({ rows: 200, nulls: 100, why: 'rows whose "split" is NULL or in neither value list' });
		expect(why(r, 'split')).toBe('defines the split');
	});

	test('hostile column and table names', async () => {
		const names = [`x"; DROP TABLE dataset; --`, `it's`, 'new\nline', 'ünï ☃', 'a,b', 'v[1]'];
		await db.exec(`CREATE OR REPLACE TABLE dataset AS SELECT 1 AS keep`);
		const split = `sp'lit"`;
		const t = `t"; --`;
		const cols = names.map((n, j) => `${z(j, 5)} + (i % 2) * ${j} AS ${ident(n)}`);
		await db.exec(`CREATE OR REPLACE TABLE ${ident(t)} AS SELECT CASE WHEN i % 2 = 0 THEN ${literal("ref'")} ELSE ${literal('cur"')} END AS ${ident(split)}, ${cols.join(', ')}, CASE WHEN i % 3 = 0 THEN ${literal("o'k")} ELSE 'no' END AS ${ident('c"at')} FROM range(3000) r(i)`);
		const r = await computeDrift(db, {
			...driftSides({ kind: 'values', table: t, column: split, reference: ["ref'"], current: ['cur"'] }),
			overrides: { [names[0]!]: { threshold: 0.5 } }
		});
		expect(r.features.map((c) => c.column)).toEqual([...names, 'c"at']);
		expect(r.reference.rows).toBe(1500);
		expect(find(r, names[0]!).threshold).toBe(0.5);
		// column j is shifted by j in the current data: 0 (none) ... 5
		expect(r.features.slice(0, 6).map((c) => c.drifted)).toEqual([false, true, true, true, true, true]);
		expect(await db.query(`SELECT keep FROM dataset`)).toEqual([{ keep: 1 }]);
	});

	test('timeCutSplit / yearSplit validate and label their sides', () => {
		expect(() => yearSplit('t', 'd', 2013, 2013)).toThrow(/two different years/);
		expect(() => yearSplit('t', 'd', 2013.5, 2014)).toThrow(/whole number/);
		const s = driftSides(yearSplit('t', 'd"x', 2013, 2015));
		expect(s.reference.label).toBe('2013');
		expect(s.current.sql).toBe(`SELECT * FROM "t" WHERE "d""x" IS NOT NULL AND "d""x" >= '2015-01-01' AND "d""x" < '2016-01-01'`);
		expect(driftSides(timeCutSplit('t', 'd', 2014)).current.label).toBe('from 2014');
		expect(() => driftSides({ kind: 'values', table: 't', column: 'c', reference: [], current: ['a'] })).toThrow(/at least one value/);
	});
});
