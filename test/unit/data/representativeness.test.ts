import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../../src/lib/data/session';
import { DataError } from '../../../src/lib/data/load/errors';
import {
	compareToDataset,
	compareToTarget,
	parseTargetCsv,
	targetColumnProblems,
	type RepresentationReport
} from '../../../src/lib/data/representativeness';
import { ident } from '../../../src/lib/data/sql/quote';
import { chiSquareGoodnessOfFit } from '../../../src/lib/core/stats/index';

const golden = JSON.parse(readFileSync('test/fixtures/golden/stats/stats.expected.json', 'utf8')) as {
	goodness_of_fit: { observed: number[]; expected_share: number[]; chisquare_statistic: number; representation_ratio: number[] }[];
};

/** A hand-entered population for COMPAS race (the shares of the golden goodness-of-fit vector). */
const RACE_CSV = `attribute,value,share
race,African-American,0.27
race,Caucasian,0.44
race,Hispanic,0.25
race,Other,0.005
race,Asian,0.03
race,Native American,0.005
`;
const RACES = ['African-American', 'Caucasian', 'Hispanic', 'Other', 'Asian', 'Native American'];

const group = (r: RepresentationReport, key: string) => {
	const g = r.groups.find((x) => x.key === key);
	if (!g) throw new Error(`no group ${key}`);
	return g;
};

/** The DataError thrown by parsing `text`. */
function parseError(text: string): DataError {
	try {
		parseTargetCsv(text, 'target.csv');
	} catch (e) {
		expect(e).toBeInstanceOf(DataError);
		return e as DataError;
	}
	throw new Error('expected a DataError');
}

describe('representativeness: COMPAS', () => {
	let db: NodeDuckDB;
	beforeAll(async () => {
		db = await NodeDuckDB.open();
		await new AuditSession(db).load([{ name: 'compas.csv', bytes: readFileSync('static/demo/compas/compas.csv') }]);
	});
	afterAll(() => db.close());

	test('race against a hand-entered population: ratios = observed share / expected share', async () => {
		const target = parseTargetCsv(RACE_CSV, 'pop.csv');
		const r = await compareToTarget(db, { table: 'dataset', attribute: 'race', target: target.get('race')!.shares });
		const counted = new Map((await db.query(`SELECT race, count(*) AS n FROM dataset GROUP BY race`)).map((x) => [String(x.race), Number(x.n)]));
		const total = [...counted.values()].reduce((s, v) => s + v, 0);
		expect(total).toBe(7214);
		const shares = [0.27, 0.44, 0.25, 0.005, 0.03, 0.005];
		expect(r.groups.map((g) => g.key)).toEqual(RACES);
		RACES.forEach((race, i) => {
			const g = group(r, race);
			// e.g. African-American: 3696 / 7214 = 0.512337; / 0.27 = 1.897545
			expect(g.observed).toBe(counted.get(race));
			expect(g.observedShare).toBeCloseTo(counted.get(race)! / 7214, 14);
			expect(g.ratio).toBeCloseTo(counted.get(race)! / 7214 / shares[i]!, 12);
			expect(g.expectedCount).toBeCloseTo(shares[i]! * 7214, 9);
		});
		expect(group(r, 'African-American').ratio).toBeCloseTo(1.897545, 6);
		// flags: below 0.8 under, above 1.25 over
		expect(r.groups.map((g) => g.flag)).toEqual(['over', 'under', 'under', 'over', 'under', 'under']);
		// the same counts and shares as the golden vector (scipy chisquare)
		const gv = golden.goodness_of_fit[0]!;
		expect(r.groups.map((g) => g.observed)).toEqual(gv.observed);
		expect(r.chiSquare.statistic).toBeCloseTo(gv.chisquare_statistic, 8);
		expect(r.chiSquare).toMatchObject({ dof: 5, rows: 7214 });
		r.groups.forEach((g, i) => expect(g.ratio).toBeCloseTo(gv.representation_ratio[i]!, 10));
		expect(r.notInTarget).toEqual({ groups: 0, rows: 0 });
	});

	test('intersection race x sex: target for the pair, quoted fields, observed counts from SQL', async () => {
		const csv = `attribute,value,share
"race,sex","African-American,Male",40%
"race,sex","African-American,Female",10%
"race,sex","Caucasian,Male",30%
"race,sex","Caucasian,Female",20%
`;
		const target = parseTargetCsv(csv, 'pairs.csv');
		const pair = target.get('race,sex')!;
		expect(pair.columns).toEqual(['race', 'sex']);
		expect(pair.percent).toBe(true);
		expect(pair.shares.get('African-American,Male')).toBeCloseTo(0.4, 15);
		const r = await compareToTarget(db, { table: 'dataset', attribute: pair.columns, target: pair.shares });
		const [c] = await db.query(`SELECT count(*) FILTER (WHERE race = 'African-American' AND sex = 'Male') AS am, count(*) AS n FROM dataset`);
		const am = group(r, 'African-American, Male');
		expect(am.values).toEqual(['African-American', 'Male']);
		expect(am.observed).toBe(c!.am);
		expect(am.ratio).toBeCloseTo(Number(c!.am) / 7214 / 0.4, 12);
		// the other races x sexes are in the data but not in the target
		const others = r.groups.filter((g) => g.flag === 'not in target');
		expect(others.length).toBe(8); // 6 races x 2 sexes - 4 listed
		expect(others.every((g) => g.ratio === Infinity && g.expectedShare === 0)).toBe(true);
		expect(r.notInTarget.rows).toBe(7214 - r.chiSquare.rows);
		// goodness of fit over the rows of listed groups only
		const listed = r.groups.slice(0, 4).map((g) => g.observed);
		const n = listed.reduce((s, v) => s + v, 0);
		const gof = chiSquareGoodnessOfFit(listed, [0.4 * n, 0.1 * n, 0.3 * n, 0.2 * n]);
		expect(r.chiSquare.statistic).toBeCloseTo(gof.statistic, 8);
		expect(r.chiSquare.rows).toBe(n);
	});

	test('targetColumnProblems names unknown attributes', () => {
		const t = parseTargetCsv(`attribute,value,share\ngender,f,0.5\ngender,m,0.5\nrace,Other,1\n`, 't.csv');
		expect(targetColumnProblems(t, ['race', 'sex'])).toEqual(['Target attribute "gender" (line 2): the dataset has no column "gender".']);
	});

	test('an unknown column or table is a DataError naming it', async () => {
		await expect(compareToTarget(db, { table: 'dataset', attribute: 'gender', target: new Map([['f', 1]]) })).rejects.toThrow(/no column "gender"/);
		await expect(compareToDataset(db, { table: 'dataset', otherTable: 'nope', attribute: 'race' })).rejects.toThrow(/no table "nope"/);
	});
});

describe('representativeness: NULL group, missing groups, another table', () => {
	let db: NodeDuckDB;
	beforeAll(async () => {
		db = await NodeDuckDB.open();
		// g: a x 50, b x 30, NULL x 20 (100 rows); other: a x 60, b x 20, c x 10, NULL x 10 (100 rows)
		await db.exec(`CREATE TABLE t AS SELECT CASE WHEN i < 50 THEN 'a' WHEN i < 80 THEN 'b' ELSE NULL END AS ${ident('g"rp')} FROM range(100) r(i)`);
		await db.exec(`CREATE TABLE other AS SELECT CASE WHEN i < 60 THEN 'a' WHEN i < 80 THEN 'b' WHEN i < 90 THEN 'c' ELSE NULL END AS ${ident('g"rp')} FROM range(100) r(i)`);
	});
	afterAll(() => db.close());

	test('NULL is its own group, not in the target; a target group absent from the data is under-represented', async () => {
		const target = new Map([
			['a', 0.5],
			['b', 0.25],
			['c', 0.25]
		]);
		const r = await compareToTarget(db, { table: 't', attribute: 'g"rp', target });
		expect(r.rows).toBe(100);
		expect(r.groups.map((g) => [g.key, g.observed, g.flag])).toEqual([
			['a', 50, null], // 0.50 / 0.50 = 1
			['b', 30, null], // 0.30 / 0.25 = 1.2
			['c', 0, 'under'], // 0 / 0.25 = 0
			['(missing)', 20, 'not in target'] // 0.20 / 0 = Infinity
		]);
		expect(group(r, '(missing)').values).toEqual([null]);
		expect(group(r, '(missing)').ratio).toBe(Infinity);
		expect(group(r, 'b').ratio).toBeCloseTo(1.2, 14);
		expect(r.notInTarget).toEqual({ groups: 1, rows: 20 });
		// fit over the 80 rows in target groups: expected 40, 20, 20; (50-40)^2/40 + (30-20)^2/20 + (0-20)^2/20 = 2.5 + 5 + 20 = 27.5
		expect(r.chiSquare).toMatchObject({ dof: 2, rows: 80 });
		expect(r.chiSquare.statistic).toBeCloseTo(27.5, 12);
	});

	test('against another table: expected shares from its counts, NULL matched to NULL', async () => {
		const r = await compareToDataset(db, { table: 't', otherTable: 'other', attribute: ['g"rp'] });
		expect(r.against).toEqual({ kind: 'table', table: 'other', rows: 100 });
		expect(r.groups.map((g) => [g.key, g.observed, g.expectedShare])).toEqual([
			['a', 50, 0.6],
			['b', 30, 0.2],
			['c', 0, 0.1],
			['(missing)', 20, 0.1]
		]);
		// ratios 0.5/0.6 = 0.833, 0.3/0.2 = 1.5, 0/0.1 = 0, 0.2/0.1 = 2
		expect(r.groups.map((g) => g.flag)).toEqual([null, 'over', 'under', 'over']);
		expect(group(r, '(missing)').ratio).toBeCloseTo(2, 14);
	});

	test('target shares must sum to 1', async () => {
		await expect(compareToTarget(db, { table: 't', attribute: 'g"rp', target: new Map([['a', 0.5]]) })).rejects.toThrow(/sum to 0.5/);
	});
});

describe('parseTargetCsv', () => {
	test('fractions, percentages (plain or with %), trimming, escaped commas', () => {
		const t = parseTargetCsv(
			'\uFEFFAttribute , Value , Share\r\nsex, Male ,60\r\nsex,Female,40\r\n\r\nage_cat,young,0.25\nage_cat,"old, very",0.75\n"a\\,b,c","x\\,y,z",1\n',
			't.csv'
		);
		expect([...t.keys()]).toEqual(['sex', 'age_cat', 'a\\,b,c']);
		expect(t.get('sex')).toMatchObject({ percent: true, line: 2, columns: ['sex'] });
		expect([...t.get('sex')!.shares]).toEqual([
			['Male', 0.6],
			['Female', 0.4]
		]);
		expect(t.get('age_cat')!.shares.get('old, very')).toBe(0.75);
		expect(t.get('a\\,b,c')!.columns).toEqual(['a,b', 'c']);
		expect([...t.get('a\\,b,c')!.shares.keys()]).toEqual(['x\\,y,z']);
	});

	test('missing or wrong header, empty file', () => {
		expect(parseError('race,Asian,0.5\nrace,Other,0.5\n').message).toMatch(/target\.csv line 1: the first line must be the header "attribute,value,share"/);
		expect(parseError('').message).toMatch(/is empty/);
		expect(parseError('attribute,value,share\n').message).toMatch(/no groups/);
	});

	test('bad rows are named by line number', () => {
		const e = parseError('attribute,value,share\nrace,Asian,0.5\nrace,Other,abc\n');
		expect(e.message).toBe('target.csv line 3: share "abc" is not a number.');
		expect(e.row).toBe(3);
		expect(parseError('attribute,value,share\nrace,Asian,-0.5\n').message).toMatch(/line 2: share -0.5 is negative/);
		expect(parseError('attribute,value,share\nrace,Asian,\n').message).toMatch(/line 2: share "" is not a number/);
		expect(parseError('attribute,value,share\nrace,Asian,0.5,extra\n').message).toMatch(/line 2: expected 3 fields .* found 4/);
		expect(parseError('attribute,value,share\nrace,Asian,0.5\nrace,Asian,0.5\n').message).toMatch(/line 3: "race" = "Asian" was already given on line 2/);
		expect(parseError('attribute,value,share\n"race,sex",Male,1\n').message).toMatch(/line 2: attribute "race,sex" has 2 columns but value "Male" has 1 part/);
		expect(parseError('attribute,value,share\n,Male,1\n').message).toMatch(/line 2: the attribute is empty/);
		expect(parseError('attribute,value,share\nrace,"Asian,1\n').message).toMatch(/line 2: a quoted field is never closed/);
	});

	test('shares that do not sum to 1 (or 100) name the attribute and the sum', () => {
		const e = parseError('attribute,value,share\nrace,Asian,0.5\nrace,Other,0.4\nsex,m,1\n');
		expect(e.message).toBe('target.csv: the shares of attribute "race" sum to 0.9; they must sum to 1 (or 100 for percentages) within 0.001.');
		expect(parseError('attribute,value,share\nrace,Asian,50%\nrace,Other,40%\n').message).toMatch(/"race" sum to 90/);
		expect(parseError('attribute,value,share\nrace,Asian,50%\nrace,Other,0.5\n').message).toMatch(/"race" mixes percentages/);
		// within 1e-3: accepted
		expect(parseTargetCsv('attribute,value,share\nrace,Asian,0.3333\nrace,Other,0.6665\n', 't.csv').get('race')!.shares.size).toBe(2);
		expect(parseTargetCsv('attribute,value,share\nrace,Asian,33.33\nrace,Other,66.6\n', 't.csv').get('race')!.percent).toBe(true);
	});
});
