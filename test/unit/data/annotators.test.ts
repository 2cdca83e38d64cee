/**
 * Reading annotations out of a real (native) DuckDB: wide columns with class
 * names, the long format pivoted in DuckDB, counts; hostile column names; the
 * bad-input messages.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { readCounts, readLong, readWide, naturalCompare } from '../../../src/lib/data/annotators/read';
import { annotatorsReport } from '../../../src/lib/data/annotators/report';
import { toDense } from '../../../src/lib/core/agreement';
import { matchColumnPattern } from '../../../src/lib/data/annotators/columns';
import { ident } from '../../../src/lib/data/sql/quote';

let db: NodeDuckDB;
const T = 'ann_test';
const HOSTILE = 'a"; DROP TABLE x; --';

beforeAll(async () => {
	db = await NodeDuckDB.open();
	await db.exec(
		`CREATE TABLE ${T} AS SELECT * FROM (VALUES ('cat', 'dog', NULL, 'x'), ('dog', 'dog', 'dog', 'y'), (NULL, 'cat', 'cat', 'x'), ('bird', NULL, 'cat', 'y')) AS v(${ident('r1')}, ${ident('r2')}, ${ident(HOSTILE)}, grp)`
	);
	await db.exec(
		`CREATE TABLE long_t AS SELECT * FROM (VALUES ('u2', 'r2', 'dog'), ('u1', 'r1', 'cat'), ('u1', 'r2', 'dog'), ('u2', 'r1', 'dog'), ('u3', 'r10', 'cat'), ('u3', 'r2', 'cat'), ('u1', 'r10', NULL)) AS v(item, who, y)`
	);
	await db.exec(`CREATE TABLE counts_t AS SELECT * FROM (VALUES (2, 0, 1), (0, 3, NULL), (1, 1, 1)) AS v(c_a, c_b, c_c)`);
});
afterAll(() => db.close());

const cols = (names: string[]) => names.map((name) => ({ name, type: 'VARCHAR' }));

describe('wide', () => {
	test('class names are the sorted distinct labels; NULL = not labeled; hostile names are quoted', async () => {
		const m = await readWide(db, T, 'f.csv', cols(['r1', 'r2', HOSTILE]), {});
		expect(m.classNames).toEqual(['bird', 'cat', 'dog']);
		expect(Array.from(toDense(m.ann))).toEqual([1, 2, -1, 2, 2, 2, -1, 1, 1, 0, -1, 1]);
		expect(m.annotators).toEqual(['r1', 'r2', HOSTILE]);
		expect(m.abstains).toBe(false);
	});

	test('labels that are no class of the probability columns name the row and column', async () => {
		await expect(readWide(db, T, 'f.csv', cols(['r1', 'r2']), { k: 2, probColumns: ['p_cat', 'p_dog'] })).rejects.toThrow(
			/f\.csv: row 3 \(0-based\), column "r1": the label "bird" is not one of the classes \(cat, dog\)/
		);
	});
});

describe('long, pivoted in DuckDB', () => {
	test('items in order of first appearance, annotators in natural order, NULL labels dropped', async () => {
		const c = { item: { name: 'item', type: 'VARCHAR' }, annotator: { name: 'who', type: 'VARCHAR' }, label: { name: 'y', type: 'VARCHAR' } };
		const m = await readLong(db, 'long_t', 'l.csv', c, {});
		expect(m.items).toEqual(['u2', 'u1', 'u3']);
		expect(m.annotators).toEqual(['r1', 'r2', 'r10']);
		expect(m.classNames).toEqual(['cat', 'dog']);
		// rows: u2 (r1 dog, r2 dog), u1 (r1 cat, r2 dog, r10 NULL), u3 (r2 cat, r10 cat)
		expect(Array.from(toDense(m.ann))).toEqual([1, 1, -1, 0, 1, -1, -1, 0, 0]);
	});

	test('natural order compares digit runs as numbers', () => {
		expect(['a10', 'a2', 'b1', 'a1'].sort(naturalCompare)).toEqual(['a1', 'a2', 'a10', 'b1']);
	});
});

describe('counts', () => {
	test('one anonymous slot per label, classes in column order', async () => {
		const m = await readCounts(db, 'counts_t', 'c.csv', ['c_a', 'c_b', 'c_c'], ['a', 'b', 'c']);
		expect(m.ann.m).toBe(3);
		expect(Array.from(toDense(m.ann))).toEqual([0, 0, 2, 1, 1, 1, 0, 1, 2]);
	});

	test('a count that is not a whole number names row and column', async () => {
		await db.exec(`CREATE TABLE counts_bad AS SELECT * FROM (VALUES (1, 0), (0.5, 2)) AS v(c_a, c_b)`);
		await expect(readCounts(db, 'counts_bad', 'c.csv', ['c_a', 'c_b'], ['a', 'b'])).rejects.toThrow(/c\.csv: row 1 \(0-based\), column "c_a": the count 0\.5/);
	});
});

describe('report', () => {
	test('majority vote without probabilities, agreement by group and per-annotator agreement', async () => {
		const r = await annotatorsReport(db, { table: T, file: 'f.csv', source: { format: 'wide', columns: cols(['r1', 'r2', HOSTILE]) }, by: [{ name: 'grp', type: 'VARCHAR' }] });
		expect(Array.from(r.consensus)).toEqual([
			// row 0: cat vs dog tie -> the class used least overall (bird 1, cat 3, dog 4) = cat; row 3: bird vs cat -> bird
			1, 2, 1, 0
		]);
		expect(r.quality).toBeNull();
		expect(r.activeLearningMethod).toBe('agreement');
		expect(Array.from(r.agreement)).toEqual([0.5, 1, 1, 0.5]);
		expect(Array.from(r.annotatorStats!.agreementWithConsensus)).toEqual([1, 2 / 3, 2 / 3]);
		const g = r.slices[0]!;
		expect(g.values).toEqual(['x', 'y']);
		expect(g.result.groups.map((x) => [x.items, x.labels])).toEqual([
			[2, 4],
			[2, 5]
		]);
	});

	test('probabilities with the wrong number of rows are refused naming the file', async () => {
		await expect(
			annotatorsReport(db, {
				table: T,
				file: 'f.csv',
				source: { format: 'wide', columns: cols(['r1', 'r2']) },
				probs: { data: new Float64Array(9), n: 3, k: 3, columns: null, source: 'p.npy' }
			})
		).rejects.toThrow(/p\.npy: 3 rows of probabilities for 4 rows of f\.csv/);
	});
});

describe('column patterns', () => {
	test('globs in numeric-suffix order, comma lists as given, missing names reported', () => {
		const cols = ['id', 'a10', 'a2', 'a1', 'gold', 'b1'];
		expect(matchColumnPattern('a*', cols)).toEqual({ ok: true, columns: ['a1', 'a2', 'a10'] });
		expect(matchColumnPattern('a?', cols)).toEqual({ ok: true, columns: ['a2', 'a1'].sort() });
		expect(matchColumnPattern('b1,a2', cols)).toEqual({ ok: true, columns: ['b1', 'a2'] });
		expect(matchColumnPattern('a2,zz', cols)).toEqual({ ok: false, missing: ['zz'] });
		expect(matchColumnPattern('q*', cols)).toEqual({ ok: true, columns: [] });
	});
});
