import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { runChecks } from '../../../src/lib/data/checks/run-checks';
import { defaultFeatures, selectFeatures } from '../../../src/lib/data/checks/feature-set';

let db: NodeDuckDB;
const columns = [
	{ name: 'row_id', type: 'INTEGER' },
	{ name: 'leak', type: 'DOUBLE' },
	{ name: 'noise', type: 'DOUBLE' },
	{ name: 'colour', type: 'VARCHAR' },
	{ name: 'grp', type: 'VARCHAR' },
	{ name: 'y', type: 'VARCHAR' },
	{ name: 'split', type: 'VARCHAR' },
	{ name: 'p_yes', type: 'DOUBLE' },
	{ name: 'code', type: 'VARCHAR' }
];

beforeAll(async () => {
	db = await NodeDuckDB.open();
	// 80 rows; row 78 repeats the features of row 76 and row 79 those of row 58 (s is the row the features come from).
	// y = 'yes' for odd rows; leak = s % 2; noise = (s * 37) % 80 (a permutation: unique, not ordered), missing (NULL) in the
	// 12 rows of g1 with s % 10 < 3 and never in g2; colour 'red' when s % 4 < 2 (independent of y); grp 'g1' for s < 40;
	// split 'train' for rows < 60 else 'test'; code = 'c' || s tells rows apart (except the copies)
	await db.exec(`CREATE TABLE dataset AS SELECT
		i AS row_id,
		(s % 2)::DOUBLE AS leak,
		CASE WHEN s < 40 AND s % 10 < 3 THEN NULL ELSE (s * 37) % 80 END::DOUBLE AS noise,
		CASE WHEN s % 4 < 2 THEN 'red' ELSE 'blue' END AS colour,
		CASE WHEN s < 40 THEN 'g1' ELSE 'g2' END AS grp,
		CASE WHEN i % 2 = 1 THEN 'yes' ELSE 'no' END AS y,
		CASE WHEN i < 60 THEN 'train' ELSE 'test' END AS split,
		0.5::DOUBLE AS p_yes,
		'c' || s AS code
		FROM (SELECT i, CASE i WHEN 78 THEN 76 WHEN 79 THEN 58 ELSE i END AS s FROM range(80) r(i))`);
});
afterAll(() => db.close());

describe('feature set', () => {
	test('every column except id, label, split, time and outputs; a pattern changes it', () => {
		const names = columns.map((c) => c.name);
		const defaults = defaultFeatures(names, { id: 'row_id', label: 'y', split: 'split', predProbs: ['p_yes'] });
		expect(defaults).toEqual(['leak', 'noise', 'colour', 'grp', 'code']);
		expect(selectFeatures('-grp,-colour', names, defaults)).toEqual(['leak', 'noise', 'code']);
		expect(selectFeatures('no*,colour', names, defaults)).toEqual(['noise', 'colour']);
		expect(() => selectFeatures('nothing*', names, defaults)).toThrow(/matches no column/);
		expect(() => selectFeatures('-leak,-noise,-colour,-grp,-code', names, defaults)).toThrow(/leaves no feature/);
	});
});

describe('runChecks', () => {
	test('duplicates, leakage ranking, missingness by group, class balance and split contamination', async () => {
		const r = await runChecks(db, columns, {
			features: ['leak', 'noise', 'colour', 'grp', 'code'],
			label: 'y',
			split: 'split',
			protected: ['grp'],
			id: 'row_id',
			probabilities: ['p_yes'],
			today: '2026-01-01'
		});
		expect(r.rows).toBe(80);
		expect(r.classes).toEqual(['no', 'yes']);
		// rows 78 and 76 (both labelled no) agree; rows 79 (yes) and 58 (no) conflict
		expect(r.duplicates.groups).toEqual([
			[58, 79],
			[76, 78]
		]);
		expect(r.duplicates.conflicting).toEqual([[58, 79]]);
		const leak = r.leakage.find((l) => l.column === 'leak')!;
		expect(leak.method).toBe('auc');
		// 40 yes rows: leak 1 except row 79 (leak 0); 40 no rows: all leak 0.
		// U = 39 * 40 (each 1 beats every 0) + 1 * (0.5 * 40) (row 79 ties every no) = 1580; AUC = 1580 / 1600 = 0.9875
		expect(leak.score).toBe(0.9875);
		expect(r.leakage[0]!.column).toBe('leak');
		expect(leak.flagged).toBe(true);
		const colour = r.leakage.find((l) => l.column === 'colour')!;
		expect(colour.method).toBe('category-majority');
		expect(colour.flagged).toBe(false);
		// code: every category has fewer than 5 rows, so all are pooled and the rule predicts the majority: 40 of 80
		expect(r.leakage.find((l) => l.column === 'code')!.score).toBe(0.5);
		// the id is scored too and marked as row order (0..79 ascending)
		expect(r.leakage.find((l) => l.column === 'row_id')!.identifier).toBe('row order');
		// missingness: noise missing in 12 rows, all in g1 (12/40 vs 0/40): flagged
		expect(r.missingness.find((m) => m.column === 'noise')).toEqual({ column: 'noise', missing: 12, share: 0.15 });
		const byGroup = r.missingnessByGroup.filter((g) => g.column === 'noise');
		expect(byGroup.map((g) => [g.group, g.missing, g.n, g.flagged])).toEqual([
			['g1', 12, 40, true],
			['g2', 0, 40, true]
		]);
		// class balance 40/40; by grp each 20/20
		expect(r.classBalance.overall!.classes.map((c) => c.share)).toEqual([0.5, 0.5]);
		expect(r.classBalance.byGroup[0]!.groups.map((g) => [g.group, g.n])).toEqual([
			['g1', 40],
			['g2', 40]
		]);
		// rows 58 (train) and 79 (test) share their features: 2 rows, 1 group; rows 76 and 78 are both test
		expect(r.splitOverlap).toEqual({ rows: 2, groups: 1 });
		// labels by split (test first, in text order): test rows 60..79 have 10 yes, 10 no; train 30 and 30: independent
		expect(r.classBalance.bySplit!.counts).toEqual([
			[10, 10],
			[30, 30]
		]);
		expect(r.classBalance.bySplit!.statistic).toBe(0);
		// p_yes is declared a probability but is no feature; nothing impossible among the features
		expect(r.impossibleValues).toEqual([]);
		expect(r.outliers.map((o) => o.column)).toEqual(['leak', 'leak', 'noise', 'noise']);
	});

	test('a label with more than 1000 values is not treated as classes', async () => {
		await db.exec('CREATE TABLE wide AS SELECT i::DOUBLE AS x, (i * 7 % 1500)::VARCHAR AS y FROM range(3000) r(i)');
		const r = await runChecks(db, [{ name: 'x', type: 'DOUBLE' }, { name: 'y', type: 'VARCHAR' }], { table: 'wide', features: ['x'], label: 'y', protected: ['x'] });
		expect(r.classes).toHaveLength(1500);
		expect(r.warnings).toEqual([expect.stringContaining('has 1,500 distinct values (more than 1000)')]);
		expect(r.leakage).toEqual([]);
		expect(r.classBalance).toEqual({ overall: null, byGroup: [], bySplit: null });
		// the label itself is never scored as a feature
		const self = await runChecks(db, columns, { features: ['leak', 'y'], label: 'y' });
		expect(self.leakage.map((l) => l.column)).toEqual(['leak']);
	});

	test('image pixels count as features: duplicates by a pixel hash, with the table features if any', async () => {
		await db.exec(`CREATE TABLE imgs AS SELECT * FROM (VALUES ('a', 'train'), ('b', 'test'), ('a', 'train'), ('a', 'test')) v(y, s)`);
		// 4 images of 1 x 2 pixels: 0, 1 and 3 equal, 2 differs
		const images = { data: Uint8Array.from([5, 6, 5, 6, 7, 7, 5, 6]), n: 4, width: 2, height: 1, channels: 1 };
		const cols = [
			{ name: 'y', type: 'VARCHAR' },
			{ name: 's', type: 'VARCHAR' }
		];
		const r = await runChecks(db, cols, { table: 'imgs', features: [], label: 'y', split: 's', images });
		// rows 0, 1, 3 share their pixels: labels a, b, a conflict; splits train, test, test: 3 rows across splits
		expect(r.duplicates.groups).toEqual([[0, 1, 3]]);
		expect(r.duplicates.conflicting).toEqual([[0, 1, 3]]);
		expect(r.splitOverlap).toEqual({ rows: 3, groups: 1 });
		// with the label as a table feature too, only rows 0 and 3 (both 'a') are duplicates
		const both = await runChecks(db, cols, { table: 'imgs', features: ['y'], images });
		expect(both.duplicates.groups).toEqual([[0, 3]]);
		await expect(runChecks(db, cols, { table: 'imgs', features: [] })).rejects.toThrow(/No feature columns/);
	});

	test('a column that is not in the table is named', async () => {
		await expect(runChecks(db, columns, { features: ['nope'] })).rejects.toThrow('The feature column "nope" is not in the table');
	});
});
