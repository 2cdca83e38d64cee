import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ident, idents, literal } from '../../../src/lib/data/sql/quote';
import { overviewSql, parseOverview, describeSql } from '../../../src/lib/data/sql/overview';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';

/** Names an attacker (or an unlucky export) could put in a header. */
export const HOSTILE = [
	'plain',
	'with space',
	'quote"inside',
	'""',
	"it's",
	'semi;colon',
	'x; DROP TABLE t; --',
	'dash--dash',
	'new\nline',
	'tab\there',
	'ünïcødé ✓ 年齢',
	'SELECT',
	'a"); DROP TABLE t; --',
	'\\backslash\\',
	'rowid'
];

let db: NodeDuckDB;
beforeAll(async () => {
	db = await NodeDuckDB.open();
});
afterAll(() => db.close());

describe('ident', () => {
	test('wraps in double quotes and doubles inner quotes', () => {
		expect(ident('a')).toBe('"a"');
		expect(ident('a"b')).toBe('"a""b"');
		expect(idents(['a', 'b'])).toBe('"a", "b"');
	});

	test('refuses NUL, which DuckDB cannot store', () => {
		expect(() => ident('a\u0000b')).toThrow(/NUL/);
	});

	test('every hostile name survives a round trip through a real DuckDB table', async () => {
		const cols = HOSTILE.map((n) => `${literal(n + '-value')} AS ${ident(n)}`).join(', ');
		await db.exec(`CREATE OR REPLACE TABLE ${ident('t; --"')} AS SELECT ${cols}`);
		const describeRows = await db.query(describeSql('t; --"'));
		expect(describeRows.map((r) => r.name)).toEqual(HOSTILE);
		const [row] = await db.query(`SELECT ${idents(HOSTILE)} FROM ${ident('t; --"')}`);
		expect(Object.keys(row!)).toEqual(HOSTILE);
		for (const n of HOSTILE) expect(row![n]).toBe(n + '-value');
		// The table the injection attempts name still exists and nothing else was created.
		const tables = await db.query(`SELECT table_name FROM information_schema.tables ORDER BY 1`);
		expect(tables.map((t) => t.table_name)).toEqual(['t; --"']);
	});
});

describe('literal', () => {
	test('quotes strings and writes numbers, booleans and NULL', async () => {
		const values = ["it's", "'); DROP TABLE x; --", 'ü', ''];
		const [row] = await db.query(`SELECT ${values.map((v, i) => `${literal(v)} AS c${i}`).join(', ')}, ${literal(1.5)} AS n, ${literal(null)} AS z, ${literal(true)} AS b`);
		values.forEach((v, i) => expect(row![`c${i}`]).toBe(v));
		expect(row!.n).toBe(1.5);
		expect(row!.z).toBeNull();
		expect(row!.b).toBe(true);
	});

	test('refuses numbers SQL cannot hold', () => {
		expect(() => literal(NaN)).toThrow();
		expect(() => literal(Infinity)).toThrow();
	});
});

describe('overview SQL', () => {
	test('computes nulls, distinct, min/max and top values in one query, hostile names included', async () => {
		const name = 'ov"; --';
		await db.exec(
			`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM (VALUES (1, 'a', 2.5), (2, 'b', NULL), (2, 'a', 0.5), (NULL, 'a', 1.0)) v(${ident('n"um')}, ${ident('s;s')}, ${ident('f')})`
		);
		const cols = (await db.query(describeSql(name))).map((r) => ({ name: String(r.name), type: String(r.type) }));
		const sql = overviewSql(name, cols);
		const [row] = await db.query(sql);
		const o = parseOverview(row!, cols);
		expect(o.rows).toBe(4);
		const [n, s, f] = o.columns;
		expect(n).toMatchObject({ name: 'n"um', nulls: 1, distinct: 2, min: '1', max: '2' });
		expect(s).toMatchObject({ name: 's;s', nulls: 0, distinct: 2, min: null, max: null });
		expect(s!.top[0]).toBe('a');
		expect(f).toMatchObject({ nulls: 1, distinct: 3, min: '0.5', max: '2.5' });
	});
});
