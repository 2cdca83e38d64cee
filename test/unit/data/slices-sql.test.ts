import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../../src/lib/data/session';
import { binExprSql, binsOf, isNumericType, isTemporalType, parseEdges, quantileEdgesSql } from '../../../src/lib/data/sql/bins';
import { ident, literal } from '../../../src/lib/data/sql/quote';
import { resolveSliceAttrs, runSliceTable, sliceCountsSql, type SliceCountsSpec } from '../../../src/lib/data/sql/slices';
import { sliceFilterSql } from '../../../src/lib/data/sql/slice-discovery';
import { sliceReport } from '../../../src/lib/data/slice-report';
import { buildSliceTable, type SliceCounts } from '../../../src/lib/core/slices';

/**
 * The `audit` view the engine builds, here from COMPAS: label two_year_recid,
 * prediction "medium or high risk" (decile score >= 5, ProPublica's cut), no
 * label-issue flags.
 */
async function compasAuditView(db: NodeDuckDB): Promise<void> {
	await db.exec(
		`CREATE OR REPLACE VIEW audit AS SELECT *, rowid AS "__row", CAST(two_year_recid AS VARCHAR) AS "__label", ` +
			`CASE WHEN decile_score >= 5 THEN '1' ELSE '0' END AS "__pred", CAST(NULL AS BOOLEAN) AS "__issue" FROM dataset`
	);
}

/** An audit-like view over any table with label / pred / issue columns named l, p, i. */
async function auditOver(db: NodeDuckDB, view: string, table: string): Promise<void> {
	await db.exec(
		`CREATE OR REPLACE VIEW ${ident(view)} AS SELECT *, rowid AS "__row", CAST(l AS VARCHAR) AS "__label", CAST(p AS VARCHAR) AS "__pred", CAST(i AS BOOLEAN) AS "__issue" FROM ${ident(table)}`
	);
}

const COUNT_KEYS = ['n', 'labeled', 'predicted', 'errors', 'issues', 'issuesKnown'] as const;

let db: NodeDuckDB;
beforeAll(async () => {
	db = await NodeDuckDB.open();
	const s = new AuditSession(db);
	await s.load([{ name: 'compas.csv', bytes: readFileSync('static/demo/compas/compas.csv') }]);
	await compasAuditView(db);
});
afterAll(() => db.close());

const find = (rows: SliceCounts[], attrs: number[], values: (string | null)[]) =>
	rows.find((r) => r.attrs.join() === attrs.join() && JSON.stringify(r.values) === JSON.stringify(values));

describe('slice counts on COMPAS', () => {
	const spec: SliceCountsSpec = { source: 'audit', by: [{ column: 'race' }], positive: '1', classes: ['0', '1'] };

	test('by race reproduces ProPublica confusion matrices (decile score >= 5 as "high risk")', async () => {
		const rows = await runSliceTable(db, spec);
		// ProPublica, "How We Analyzed the COMPAS Recidivism Algorithm" (2016).
		expect(find(rows, [0], ['African-American'])!.confusion).toEqual({ tn: 990, fp: 805, fn: 532, tp: 1369 });
		expect(find(rows, [0], ['Caucasian'])!.confusion).toEqual({ tn: 1139, fp: 349, fn: 461, tp: 505 });
		const overall = find(rows, [], [])!;
		expect(overall.n).toBe(7214);
		// No row lacks a label or a prediction here, so errors = FP + FN.
		expect(overall.errors).toBe(overall.confusion!.fp + overall.confusion!.fn);
		expect(overall.classCounts[0]! + overall.classCounts[1]!).toBe(7214);
		expect(overall.issuesKnown).toBe(0);
		// Rows come overall first, then groups largest first.
		expect(rows[0]!.attrs).toEqual([]);
		expect(rows.slice(1).map((r) => r.n)).toEqual(rows.slice(1).map((r) => r.n).sort((a, b) => b - a));

		const table = buildSliceTable(
			rows.filter((r) => r.attrs.length === 1),
			overall,
			{ columns: ['race'], positive: '1', classes: ['0', '1'] }
		);
		const aa = table.groups.find((g) => g.label === 'African-American')!;
		const ca = table.groups.find((g) => g.label === 'Caucasian')!;
		// FPR 805 / 1795 = 44.85%, FNR 532 / 1901 = 27.99%; 349 / 1488 = 23.45%, 461 / 966 = 47.72%.
		expect(aa.rates.fpr!.value * 100).toBeCloseTo(44.85, 2);
		expect(aa.rates.fnr!.value * 100).toBeCloseTo(27.99, 2);
		expect(ca.rates.fpr!.value * 100).toBeCloseTo(23.45, 2);
		expect(ca.rates.fnr!.value * 100).toBeCloseTo(47.72, 2);
	});

	test('race x sex: intersections sum to each attribute row and groups sum to the whole', async () => {
		const rows = await runSliceTable(db, { ...spec, by: [{ column: 'race' }, { column: 'sex' }] });
		const overall = find(rows, [], [])!;
		const sum = (list: SliceCounts[], get: (r: SliceCounts) => number) => list.reduce((s, r) => s + get(r), 0);
		const getters: ((r: SliceCounts) => number)[] = [
			...COUNT_KEYS.map((k) => (r: SliceCounts) => r[k]),
			(r) => r.classCounts[0]!,
			(r) => r.classCounts[1]!,
			(r) => r.confusion!.tp,
			(r) => r.confusion!.fp,
			(r) => r.confusion!.tn,
			(r) => r.confusion!.fn
		];
		const races = rows.filter((r) => r.attrs.join() === '0');
		const sexes = rows.filter((r) => r.attrs.join() === '1');
		const pairs = rows.filter((r) => r.attrs.join() === '0,1');
		expect(races.length).toBe(6);
		expect(sexes.map((r) => r.values[0]).sort()).toEqual(['Female', 'Male']);
		for (const get of getters) {
			for (const race of races) expect(sum(pairs.filter((p) => p.values[0] === race.values[0]), get)).toBe(get(race));
			for (const sex of sexes) expect(sum(pairs.filter((p) => p.values[1] === sex.values[0]), get)).toBe(get(sex));
			expect(sum(races, get)).toBe(get(overall));
		}
	});

	test('a numeric attribute binned by user edges and a date by year', async () => {
		const [attr] = await resolveSliceAttrs(db, 'audit', ['compas_screening_date']);
		expect(attr).toEqual({ column: 'compas_screening_date', byYear: true });
		const rows = await runSliceTable(db, { source: 'audit', by: [{ column: 'age', bins: [25, 45] }, attr!] });
		const ages = rows.filter((r) => r.attrs.join() === '0');
		expect(ages.map((r) => r.values[0])).toEqual(['< 25', '[25, 45)', '>= 45']);
		// The data's age_cat has the same cuts: "Less than 25" is 18..24, "25 - 45" is 25..44, "Greater than 45" is 45..96.
		const [cats] = await db.query(
			`SELECT count(*) FILTER (WHERE age_cat = 'Less than 25') AS lt, count(*) FILTER (WHERE age_cat = '25 - 45') AS mid, count(*) FILTER (WHERE age_cat = 'Greater than 45') AS gt FROM dataset`
		);
		expect(ages.map((r) => r.n)).toEqual([cats!.lt, cats!.mid, cats!.gt]);
		expect(ages[1]!.predicates[0]).toEqual({ column: 'age', kind: 'range', lo: 25, hi: 45, label: '[25, 45)' });
		const years = rows.filter((r) => r.attrs.join() === '1').map((r) => r.values[0]);
		expect(new Set(years)).toEqual(new Set(['2013', '2014']));
		// Each group's filter selects exactly its rows.
		for (const r of rows.filter((r) => r.attrs.length > 0)) {
			const [c] = await db.query(`SELECT count(*) AS n FROM audit WHERE ${sliceFilterSql(r)}`);
			expect(c!.n).toBe(r.n);
		}
	});

	test('sliceReport: race against the largest group, four-fifths on selection rate, small groups', async () => {
		const report = await sliceReport(db, { by: ['race'], positive: '1' });
		expect(report.classes).toEqual(['0', '1']);
		const [t] = report.tables;
		expect(report.tables.length).toBe(1);
		const aa = t!.groups.find((g) => g.label === 'African-American')!;
		const ca = t!.groups.find((g) => g.label === 'Caucasian')!;
		const na = t!.groups.find((g) => g.label === 'Native American')!;
		expect(aa.isReference).toBe(true);
		// Selection rates (1369 + 805) / 3696 = 0.58820 and (505 + 349) / 2454 = 0.34800; ratio 0.59164 < 0.8.
		expect(ca.fourFifths!.ratio).toBeCloseTo(854 / 2454 / (2174 / 3696), 12);
		expect(ca.fourFifths!.flagged).toBe(true);
		expect(ca.flagged).toBe(true);
		// FPR ratio 0.23454 / 0.44847; difference in FNR 0.47723 - 0.27985.
		expect(ca.disparity.fpr!.ratio).toBeCloseTo(349 / 1488 / (805 / 1795), 12);
		expect(ca.disparity.fnr!.difference).toBeCloseTo(461 / 966 - 532 / 1901, 12);
		expect(ca.equalizedOddsDifference).toBeCloseTo(Math.max(Math.abs(505 / 966 - 1369 / 1901), Math.abs(349 / 1488 - 805 / 1795)), 12);
		expect(na.n).toBe(18);
		expect(na.small).toBe(true);
		expect(na.flagged).toBe(false);
		expect(Number.isNaN(na.tests.errorRate!.adjustedPValue)).toBe(true);
		expect(t!.groups.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 12);

		const chosen = await sliceReport(db, { by: ['race', 'sex'], positive: '1', reference: { race: 'Caucasian', sex: 'Male' } });
		expect(chosen.tables.map((x) => x.attributes)).toEqual([['race'], ['sex'], ['race', 'sex']]);
		expect(chosen.tables[0]!.referenceKey).toBe(JSON.stringify(['Caucasian']));
		expect(chosen.tables[2]!.referenceKey).toBe(JSON.stringify(['Caucasian', 'Male']));
		await expect(sliceReport(db, { by: ['race'], reference: 'Martian' })).rejects.toThrow(/Martian/);
	});
});

describe('hostile names and values', () => {
	const COL = 'r"a; --\nce ✓';
	const COL2 = "it's -- grp";
	const VALUES = ["'); DROP TABLE dataset; --", 'a"b', 'x\ny', 'ünï ✓ 年', '', '--', ' ;'];

	test('run, round-trip, and keep NULL as its own group', async () => {
		// Row i has value VALUES[i % 7] (NULL every 8th row), label i % 2, prediction 0.
		const rows = Array.from({ length: 80 }, (_, i) => {
			const v = i % 8 === 7 ? null : VALUES[i % 8]!;
			return `(${literal(v)}, ${literal(i % 3 === 0 ? 'α' : null)}, ${i % 2}, 0, ${literal(i % 4 === 0)})`;
		});
		await db.exec(`CREATE OR REPLACE TABLE ${ident('t"; --')} AS SELECT * FROM (VALUES ${rows.join(', ')}) v(${ident(COL)}, ${ident(COL2)}, l, p, i)`);
		await auditOver(db, 'aud"it', 't"; --');
		const spec: SliceCountsSpec = { source: 'aud"it', by: [{ column: COL }, { column: COL2 }], positive: "1'; --", classes: ['0', '1', "x'); --"] };
		const out = await runSliceTable(db, spec);
		const singles = out.filter((r) => r.attrs.join() === '0');
		expect(new Set(singles.map((r) => r.values[0]))).toEqual(new Set([...VALUES, null]));
		// 80 rows, 8 residues: 10 rows per value, 10 NULLs; NULL listed last.
		for (const r of singles) expect(r.n).toBe(10);
		expect(singles[singles.length - 1]!.values[0]).toBeNull();
		// Labels 0 / 1 alternate: 40 each; the hostile class matches nothing; every row is an error or not by label.
		const overall = out.find((r) => r.attrs.length === 0)!;
		expect(overall.classCounts).toEqual([40, 40, 0]);
		expect(overall.errors).toBe(40);
		expect(overall.issues).toBe(20);
		expect(overall.issuesKnown).toBe(80);
		// The positive class "1'; --" is never the label or prediction: all TN.
		expect(overall.confusion).toEqual({ tp: 0, fp: 0, tn: 80, fn: 0 });
		const col2 = out.filter((r) => r.attrs.join() === '1');
		expect(col2.map((r) => [r.values[0], r.n])).toEqual([
			['α', 27],
			[null, 53]
		]);
		for (const r of out) {
			const [c] = await db.query(`SELECT count(*) AS n FROM ${ident('aud"it')} WHERE ${sliceFilterSql(r)}`);
			expect(c!.n).toBe(r.n);
		}
		const tables = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_name = 'dataset'`);
		expect(tables.length).toBe(1);
	});
});

describe('bins', () => {
	test('quantile edges of 1..9 are 3, 5, 7 (quantile_cont: 1 + 8p); a value on an edge goes up; NULL stays NULL', async () => {
		await db.exec(`CREATE OR REPLACE TABLE nums AS SELECT * FROM (VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (NULL)) v(${ident('x"; --')})`);
		const edges = parseEdges(await db.query(quantileEdgesSql('nums', 'x"; --')));
		expect(edges).toEqual([3, 5, 7]);
		const rows = await db.query(`SELECT ${binExprSql('x"; --', edges)} AS b, count(*) AS n FROM nums GROUP BY ALL ORDER BY min(${ident('x"; --')}) NULLS LAST`);
		expect(rows.map((r) => [r.b, r.n])).toEqual([
			['< 3', 2],
			['[3, 5)', 2],
			['[5, 7)', 2],
			['>= 7', 3],
			[null, 1]
		]);
		// q = 2: the median only; a constant or all-NULL column.
		expect(parseEdges(await db.query(quantileEdgesSql('nums', 'x"; --', 2)))).toEqual([5]);
		await db.exec(`CREATE OR REPLACE TABLE empty_nums AS SELECT CAST(NULL AS DOUBLE) AS x FROM range(3)`);
		expect(parseEdges(await db.query(quantileEdgesSql('empty_nums', 'x')))).toEqual([]);
	});

	test('decimal edges, user labels, validation', async () => {
		const rows = await db.query(`SELECT ${binExprSql('v', [0.1, 2.5])} AS b FROM (VALUES (0.1), (0.09999), (2.4999), (2.5), (1e300)) t(v)`);
		expect(rows.map((r) => r.b)).toEqual(['[0.1, 2.5)', '< 0.1', '[0.1, 2.5)', '>= 2.5', '>= 2.5']);
		expect(binsOf([45, 18, 25, 18]).map((b) => b.label)).toEqual(['< 18', '[18, 25)', '[25, 45)', '>= 45']);
		expect(binsOf([0.1234567, 0.1234568]).map((b) => b.label)).toEqual(['< 0.1234567', '[0.1234567, 0.1234568)', '>= 0.1234568']);
		const [lab] = await db.query(`SELECT ${binExprSql('v', [10], ['young', "ol'd"])} AS b FROM (VALUES (12)) t(v)`);
		expect(lab!.b).toBe("ol'd");
		expect(() => binsOf([1], ['a'])).toThrow(/labels/);
		expect(() => binsOf([NaN])).toThrow(/finite/);
		expect(() => quantileEdgesSql('t', 'x', 1)).toThrow();
	});

	test('type predicates', () => {
		for (const t of ['INTEGER', 'BIGINT', 'DOUBLE', 'FLOAT', 'DECIMAL(18,3)', 'HUGEINT', 'UTINYINT']) expect(isNumericType(t)).toBe(true);
		for (const t of ['VARCHAR', 'BOOLEAN', 'DATE', 'INTEGER[]', 'STRUCT(a INTEGER)']) expect(isNumericType(t)).toBe(false);
		expect(isTemporalType('DATE')).toBe(true);
		expect(isTemporalType('TIMESTAMP WITH TIME ZONE')).toBe(true);
		expect(isTemporalType('TIME')).toBe(false);
	});

	test('the generated SQL passes EXPLAIN', async () => {
		const sql = sliceCountsSql({ source: 'audit', by: [{ column: 'age', bins: [25, 45] }, { column: 'sex' }], positive: '1', classes: ['0', '1'] });
		await expect(db.query(`EXPLAIN ${sql}`)).resolves.toBeDefined();
		expect(() => sliceCountsSql({ source: 'audit', by: [] })).toThrow();
	});
});
