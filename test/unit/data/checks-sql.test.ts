import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import {
	categoryLabelCountsSql,
	classCodeSql,
	classCountsSql,
	duplicateGroupsSql,
	groupLabelCountsSql,
	missingByGroupSql,
	missingCountsSql,
	parseRowList
} from '../../../src/lib/data/sql/checks';
import { impossibleCountsSql, impossibleRules } from '../../../src/lib/data/sql/checks-values';

let db: NodeDuckDB;
beforeAll(async () => {
	db = await NodeDuckDB.open();
	// rows 0..8: id unique; features f (DOUBLE), "we""ird" (text); label y; split s
	await db.exec(`CREATE TABLE t AS SELECT * FROM (VALUES
		(10, 1.0, 'a', '0', 'train'),
		(11, 2.0, 'b', '0', 'train'),
		(12, 1.0, 'a', '1', 'test'),
		(13, NULL, 'c', '0', 'train'),
		(14, NULL, 'c', '0', 'train'),
		(15, 2.0, 'b', NULL, 'train'),
		(16, 'NaN'::DOUBLE, 'd', '1', 'test'),
		(17, 'NaN'::DOUBLE, 'd', '1', 'test'),
		(18, 1.0, NULL, '1', NULL)
	) v(id, f, "we""ird", y, s)`);
});
afterAll(() => db.close());

describe('duplicate groups by row hash', () => {
	test('NULL and NaN compare equal to themselves; the id column is not a feature; a NULL label does not conflict', async () => {
		const rows = await db.query(duplicateGroupsSql('t', ['f', 'we"ird'], 'y'));
		// (1, a): rows 0, 2 with labels 0, 1 -> conflict; (2, b): rows 1, 5 (labels 0, NULL); (NULL, c): 3, 4; (NaN, d): 6, 7; row 8 (1, NULL) is alone
		expect(rows.map((r) => [parseRowList(r.rows), Number(r.labels)])).toEqual([
			[[0, 2], 2],
			[[1, 5], 1],
			[[3, 4], 1],
			[[6, 7], 1]
		]);
		// with the id among the features every row is unique
		expect(await db.query(duplicateGroupsSql('t', ['id', 'f', 'we"ird'], 'y'))).toEqual([]);
		// without a label column: 0 labels per group
		expect((await db.query(duplicateGroupsSql('t', ['f'])))[0]).toMatchObject({ rows: '0,2,8', labels: 0 });
	});

	test('rows shared between splits, from the same groups', async () => {
		// (1, a): rows 0 (train) and 2 (test) -> 2 splits, 2 rows with a split; (2, b), (NULL, c) only train; (NaN, d) only test
		const rows = await db.query(duplicateGroupsSql('t', ['f', 'we"ird'], 'y', 's'));
		expect(rows.map((r) => [r.rows, r.splits, r.in_split])).toEqual([
			['0,2', 2, 2],
			['1,5', 1, 2],
			['3,4', 1, 2],
			['6,7', 1, 2]
		]);
		// on f alone, 1.0 is in train, test and NULL (rows 0, 2, 8: 2 with a split)
		expect((await db.query(duplicateGroupsSql('t', ['f'], 'y', 's')))[0]).toMatchObject({ rows: '0,2,8', splits: 2, in_split: 2 });
	});
});

describe('missingness counts', () => {
	test('NULL, empty, NaN and sentinels (listed) by column type', async () => {
		await db.exec(`CREATE TABLE m AS SELECT * FROM (VALUES
			('x', 1.5, 1, DATE '2020-01-01', 'A'),
			(NULL, NULL, NULL, NULL, 'A'),
			('', 'NaN'::DOUBLE, -999, DATE '2020-01-02', 'A'),
			(' ', -999.0, -9999, NULL, 'B'),
			('?', -9999.0, 0, DATE '2020-01-03', 'B'),
			('na', -998.9, 5, DATE '2020-01-04', 'B'),
			(' NA ', 0.0, 7, DATE '2020-01-05', NULL),
			('N/A', 2.0, 8, DATE '2020-01-06', NULL),
			('nan', 3.0, 9, DATE '2020-01-07', NULL),
			('None', 4.0, 10, DATE '2020-01-08', NULL),
			('-999', 5.0, 11, DATE '2020-01-09', NULL),
			('null', 6.0, 12, DATE '2020-01-10', NULL),
			('ok', 7.0, -1, DATE '2020-01-11', NULL)
		) v(s, d, i, dt, g)`);
		const cols = [
			{ name: 's', type: 'VARCHAR' },
			{ name: 'd', type: 'DOUBLE' },
			{ name: 'i', type: 'INTEGER' },
			{ name: 'dt', type: 'DATE' }
		];
		// s: NULL, '', ' ', '?', 'na', ' NA ', 'N/A', 'nan', 'None', '-999', 'null' = 11 of 13 ('x' and 'ok' present)
		// d: NULL, NaN, -999, -9999 = 4 (-998.9 and 0 are values); i: NULL, -999, -9999 = 3 (-1 is a value); dt: 2 NULLs
		expect(await db.query(missingCountsSql('m', cols))).toEqual([{ n: 13, m0: 11, m1: 4, m2: 3, m3: 2 }]);
		// by g: A rows 0-2 (s: 2, d: 2, i: 2, dt: 1); B rows 3-5 (s: 3, d: 2, i: 1, dt: 1); NULL rows 6-12 (s: 6, d: 0, i: 0, dt: 0)
		// one scan with GROUPING SETS: the overall row (__s0 = 1) first, then the groups of g
		expect(await db.query(missingByGroupSql('m', cols, ['CAST("g" AS VARCHAR)']))).toEqual([
			{ __g0: null, __s0: 1, n: 13, m0: 11, m1: 4, m2: 3, m3: 2 },
			{ __g0: null, __s0: 0, n: 7, m0: 6, m1: 0, m2: 0, m3: 0 },
			{ __g0: 'A', __s0: 0, n: 3, m0: 2, m1: 2, m2: 2, m3: 1 },
			{ __g0: 'B', __s0: 0, n: 3, m0: 3, m1: 2, m2: 1, m3: 1 }
		]);
		// two attributes: each one's groups, the other rolled up
		const two = await db.query(missingByGroupSql('m', cols.slice(0, 1), ['CAST("g" AS VARCHAR)', 'CAST("i" > 0 AS VARCHAR)']));
		expect(two.filter((r) => r.__s1 === 0).map((r) => [r.__g1, r.__s0, r.n, r.m0])).toEqual([
			['true', 1, 8, 7], // i > 0: rows 0 and 5-11; s missing in all but row 0 ('x')
			['false', 1, 4, 3], // i <= 0: rows 2, 3, 4, 12 ('', ' ', '?' missing; 'ok' not)
			[null, 1, 1, 1] // i NULL: row 1, s NULL
		]);
	});
});

describe('labels, categories and numeric reads', () => {
	test('class counts, codes and per-category counts with small categories pooled', async () => {
		expect(await db.query(classCountsSql('t', 'y'))).toEqual([
			{ cls: '0', n: 4 },
			{ cls: '1', n: 4 }
		]);
		const read = await db.readNumeric(`SELECT CAST(${classCodeSql('y', ['0', '1'])} AS DOUBLE) AS y FROM t ORDER BY rowid`);
		expect([...read.y!]).toEqual([0, 0, 1, 0, 0, -1, 1, 1, 1]);
		expect([...(await db.readNumeric(`SELECT CAST(${classCodeSql('y', ['1'])} AS DOUBLE) AS y FROM t ORDER BY rowid`)).y!]).toEqual([-1, -1, 0, -1, -1, -1, 0, 0, 0]);
		// categories of "we""ird" among labelled rows: a {0, 1}, b {0}, c {0, 0}, d {1, 1}, NULL {1}; with minRows 2: a, c, d kept, b and NULL pooled
		const cells = await db.query(`${categoryLabelCountsSql('t', 'we"ird', 'y', 2)} ORDER BY pooled, v NULLS LAST, cls`);
		expect(cells).toEqual([
			{ pooled: false, v: 'a', cls: '0', n: 1 },
			{ pooled: false, v: 'a', cls: '1', n: 1 },
			{ pooled: false, v: 'c', cls: '0', n: 2 },
			{ pooled: false, v: 'd', cls: '1', n: 2 },
			{ pooled: true, v: null, cls: '0', n: 1 }, // b
			{ pooled: true, v: null, cls: '1', n: 1 } // the NULL category
		]);
		expect(await db.query(groupLabelCountsSql('t', 'CAST("s" AS VARCHAR)', 'y'))).toEqual([
			{ g: 'test', cls: '1', n: 3 },
			{ g: 'train', cls: '0', n: 4 },
			{ g: null, cls: '1', n: 1 }
		]);
	});
});

describe('impossible values', () => {
	test('negative counts, probabilities outside [0, 1], dates in the future or before 1900', async () => {
		await db.exec(`CREATE TABLE iv AS SELECT * FROM (VALUES
			(-1, 0.5, DATE '1899-12-31', 3, TIMESTAMP '2030-01-01 00:00:00'),
			(0, 1.2, DATE '2030-01-01', -4, NULL),
			(3, -0.1, DATE '2020-01-01', -5, TIMESTAMP '2020-01-01 10:00:00'),
			(NULL, NULL, NULL, 0, TIMESTAMP '1850-06-01 00:00:00')
		) v(priors_count, p_prob, dob, temperature, seen_at)`);
		const cols = [
			{ name: 'priors_count', type: 'INTEGER' },
			{ name: 'p_prob', type: 'DECIMAL(3,1)' },
			{ name: 'dob', type: 'DATE' },
			{ name: 'temperature', type: 'INTEGER' },
			{ name: 'seen_at', type: 'TIMESTAMP' }
		];
		const rules = impossibleRules(cols);
		expect(rules).toEqual([
			{ column: 'priors_count', rule: 'negative count' },
			{ column: 'p_prob', rule: 'probability outside [0, 1]' },
			{ column: 'dob', rule: 'date in the future' },
			{ column: 'dob', rule: 'date before 1900' },
			// temperature may be negative: no rule
			{ column: 'seen_at', rule: 'date in the future' },
			{ column: 'seen_at', rule: 'date before 1900' }
		]);
		expect(await db.query(impossibleCountsSql('iv', rules, '2026-01-01'))).toEqual([{ v0: 1, v1: 2, v2: 1, v3: 1, v4: 1, v5: 1 }]);
		expect(impossibleRules([{ name: 'score', type: 'DOUBLE' }], ['score'])).toEqual([{ column: 'score', rule: 'probability outside [0, 1]' }]);
	});
});
