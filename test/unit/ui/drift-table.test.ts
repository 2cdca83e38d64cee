import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { ReportingSession as AuditSession } from '../../../src/lib/report/session-report';
import type { ColumnDrift, DriftHistogram } from '../../../src/lib/data/drift';
import { parseTargetCsv } from '../../../src/lib/data/representativeness';
import {
	applicableTests,
	ariaSort,
	nextDriftSort,
	parseThreshold,
	sortDriftRows,
	targetFileError,
	targetRows,
	targetShares,
	withOverride
} from '../../../src/lib/ui/drift-table';
import { DRIFT_TEST_PARAM, overridesFromParams, overridesToParams } from '../../../src/lib/state/url';

const numericHist: DriftHistogram = { kind: 'numeric', edges: [0, 1], reference: { counts: [1], shares: [1] }, current: { counts: [1], shares: [1] } };
const catHist = (categories: string[], other = 0): DriftHistogram => ({
	kind: 'categorical',
	categories,
	other,
	reference: { counts: categories.map(() => 1), shares: categories.map(() => 1 / categories.length) },
	current: { counts: categories.map(() => 1), shares: categories.map(() => 1 / categories.length) }
});

/** A drift row with the fields sorting and test choice read; the rest is filler. */
function row(column: string, o: Partial<ColumnDrift> = {}): ColumnDrift {
	return {
		column,
		type: 'DOUBLE',
		kind: 'numeric',
		test: 'wasserstein',
		statistic: 0,
		pValue: null,
		distance: 0,
		threshold: 0.1,
		drifted: false,
		overridden: false,
		psi: 0,
		psiBand: 'stable',
		nRef: 10,
		nCur: 10,
		nullsRef: 0,
		nullsCur: 0,
		histogram: numericHist,
		...o
	} as ColumnDrift;
}

describe('drift table sorting', () => {
	const rows = [
		row('a', { statistic: 0.05, psi: 0.02 }),
		row('b', { statistic: 0.3, drifted: true, psi: 0.4 }),
		row('c', { statistic: 0.2, psi: NaN }),
		row('d', { statistic: 0.15, drifted: true, psi: 0.1 }),
		row('e', { statistic: NaN, kind: 'categorical', test: 'chisquare', pValue: 0.5, distance: null, threshold: 0.05 })
	];
	const names = (r: ColumnDrift[]) => r.map((c) => c.column).join('');

	test('default: drifted first, then by statistic largest first, missing statistics last', () => {
		expect(names(sortDriftRows(rows, null))).toBe('bdcae');
	});

	test('a header sorts ascending, again descending; missing values stay last both ways', () => {
		const asc = nextDriftSort(null, 'psi');
		expect(asc).toEqual({ key: 'psi', direction: 'ascending' });
		// psi: a 0.02, e 0, d 0.1, b 0.4, c NaN
		expect(names(sortDriftRows(rows, asc))).toBe('eadbc');
		const desc = nextDriftSort(asc, 'psi');
		expect(desc.direction).toBe('descending');
		expect(names(sortDriftRows(rows, desc))).toBe('bdaec');
		expect(nextDriftSort(desc, 'column')).toEqual({ key: 'column', direction: 'ascending' });
	});

	test('text columns sort by name; ties fall back to the default order', () => {
		expect(names(sortDriftRows(rows, { key: 'column', direction: 'descending' }))).toBe('edcba');
		// kind: e (categorical), then the four numeric ones in the default order b d c a
		expect(names(sortDriftRows(rows, { key: 'kind', direction: 'ascending' }))).toBe('ebdca');
		expect(names(sortDriftRows(rows, { key: 'verdict', direction: 'descending' }))).toBe('bdcae');
		// p-value or distance: a 0, b 0, c 0, d 0 (distances) and e 0.5
		expect(names(sortDriftRows(rows, { key: 'value', direction: 'descending' }))).toBe('ebdca');
	});

	test('the input is not reordered; aria-sort names the sorted header only', () => {
		const copy = [...rows];
		sortDriftRows(rows, { key: 'psi', direction: 'ascending' });
		expect(rows).toEqual(copy);
		expect(ariaSort({ key: 'psi', direction: 'descending' }, 'psi')).toBe('descending');
		expect(ariaSort({ key: 'psi', direction: 'descending' }, 'column')).toBe('none');
		expect(ariaSort(null, 'column')).toBe('none');
	});
});

describe('per-column test choice', () => {
	test('numeric columns: KS and Wasserstein, and the categorical tests on binned values; never the z-test', () => {
		expect(applicableTests(row('age'))).toEqual(['ks', 'wasserstein', 'chisquare', 'jensenshannon']);
	});

	test('text columns: chi-square and Jensen–Shannon; the z-test only with at most two categories ("other" counted)', () => {
		const sex = row('sex', { type: 'VARCHAR', kind: 'categorical', histogram: catHist(['Male', 'Female']) });
		expect(applicableTests(sex)).toEqual(['chisquare', 'jensenshannon', 'z']);
		const race = row('race', { type: 'VARCHAR', kind: 'categorical', histogram: catHist(['a', 'b', 'c']) });
		expect(applicableTests(race)).toEqual(['chisquare', 'jensenshannon']);
		// one shown category plus "other (3 more)": 4 categories
		const many = row('many', { type: 'VARCHAR', kind: 'categorical', histogram: catHist(['a', 'other (3 more)'], 3) });
		expect(applicableTests(many)).not.toContain('z');
	});

	test('a numeric column with few values (tested as categorical) can still get KS or Wasserstein', () => {
		const flag = row('is_recid', { type: 'BIGINT', kind: 'categorical', histogram: catHist(['0', '1']) });
		expect(applicableTests(flag)).toEqual(['ks', 'wasserstein', 'chisquare', 'jensenshannon', 'z']);
	});

	test('thresholds: empty is the default; p-values in (0, 1]; distances above 0', () => {
		expect(parseThreshold('', 'ks')).toEqual({ value: null });
		expect(parseThreshold(' 0.01 ', 'ks')).toEqual({ value: 0.01 });
		expect(parseThreshold('1', 'chisquare')).toEqual({ value: 1 });
		expect(parseThreshold('1.5', 'wasserstein')).toEqual({ value: 1.5 });
		const bad = parseThreshold('1.5', 'ks');
		expect('error' in bad && bad.error).toMatch(/p-value: a number above 0 and at most 1 \(default 0.05\)/);
		for (const t of ['0', '-0.1', 'abc', 'NaN', 'Infinity']) expect(parseThreshold(t, 'jensenshannon')).toHaveProperty('error');
	});

	test('withOverride sets, replaces and removes one column without touching the others', () => {
		const a = withOverride({}, 'age', { test: 'ks' });
		expect(a).toEqual({ age: { test: 'ks' } });
		const b = withOverride(a, 'race', { threshold: 0.2 });
		expect(b).toEqual({ age: { test: 'ks' }, race: { threshold: 0.2 } });
		expect(withOverride(b, 'age', { test: 'wasserstein', threshold: 0.3 })).toEqual({ age: { test: 'wasserstein', threshold: 0.3 }, race: { threshold: 0.2 } });
		expect(withOverride(b, 'age', null)).toEqual({ race: { threshold: 0.2 } });
		expect(withOverride(b, 'age', {})).toEqual({ race: { threshold: 0.2 } });
		expect(a).toEqual({ age: { test: 'ks' } });
	});
});

describe('target population file in the form', () => {
	const parseError = (text: string) => {
		try {
			parseTargetCsv(text, 'county.csv');
		} catch (e) {
			return e;
		}
		throw new Error('expected an error');
	};

	test('every error names the file and the line', () => {
		expect(targetFileError(parseError('race,Asian,0.5\n'), 'county.csv')).toMatch(/^county\.csv line 1: the first line must be the header/);
		expect(targetFileError(parseError('attribute,value,share\nrace,Asian,x\nrace,Other,1\n'), 'county.csv')).toBe('county.csv line 2: share "x" is not a number.');
		// parseTargetCsv gives the line of a bad sum only as `row`: it is put in the message.
		expect(targetFileError(parseError('attribute,value,share\nsex,Male,0.5\nsex,Female,0.5\nrace,Asian,0.5\nrace,Other,0.4\n'), 'county.csv')).toBe(
			'county.csv line 4: the shares of attribute "race" sum to 0.9; they must sum to 1 (or 100 for percentages) within 0.001.'
		);
		expect(targetFileError(new Error('boom'), 'county.csv')).toBe('county.csv: boom');
	});

	test('form rows: data groups filled from the file, groups only in the file added, NULL groups not given a share', () => {
		const target = parseTargetCsv('attribute,value,share\n"race,sex","A,Male",60\n"race,sex","B,Female",30\n"race,sex","C,Female",10\n', 't.csv');
		const attr = target.get('race,sex')!;
		const rows = targetRows(
			[
				{ value: 'A,Male', values: ['A', 'Male'], n: 50 },
				{ value: 'A,Female', values: ['A', 'Female'], n: 30 },
				{ value: null, values: [null, 'Male'], n: 5 },
				{ value: 'B,Female', values: ['B', 'Female'], n: 15 }
			],
			attr
		);
		expect(rows.map((r) => [r.value, r.n, r.expected])).toEqual([
			['A,Male', 50, '60'],
			['A,Female', 30, ''],
			[null, 5, ''],
			['B,Female', 15, '30'],
			['C,Female', 0, '10']
		]);
		expect(rows[4]!.values).toEqual(['C', 'Female']);
		expect(targetShares(rows)).toEqual({ 'A,Male': 0.6, 'B,Female': 0.3, 'C,Female': 0.1 });
		expect(targetRows([{ value: 'x', values: ['x'], n: 3 }], undefined)).toEqual([{ value: 'x', values: ['x'], n: 3, expected: '' }]);
	});
});

describe('session: group combinations and drift settings for the report', () => {
	let db: NodeDuckDB;
	let s: AuditSession;
	beforeAll(async () => {
		db = await NodeDuckDB.open();
		s = new AuditSession(db);
		await s.load([{ name: 'compas.csv', bytes: readFileSync('static/demo/compas/compas.csv') }]);
	});
	afterAll(() => db.close());

	test('groupValues of two columns: combinations keyed as parseTargetCsv keys them, counts from an independent query', async () => {
		const groups = await s.groupValues(['race', 'sex']);
		const [check] = await db.query(`SELECT count(*) AS n FROM dataset WHERE race = 'African-American' AND sex = 'Male'`);
		expect(groups[0]).toEqual({ value: 'African-American,Male', values: ['African-American', 'Male'], n: Number(check!.n) });
		expect(groups.reduce((t, g) => t + g.n, 0)).toBe(7214);
		const [combos] = await db.query(`SELECT count(*) AS n FROM (SELECT DISTINCT race, sex FROM dataset)`);
		expect(groups).toHaveLength(Number(combos!.n));
		const one = await s.groupValues('sex');
		expect(one.map((g) => g.value)).toEqual(['Male', 'Female']);
	});

	test('a values split with an override: the report lists the comparison and the override', async () => {
		const roles = { protected: [], nuisance: [], label: 'two_year_recid', score: 'decile_score' };
		const r = await s.drift({ kind: 'values', column: 'sex', reference: ['Male'], current: ['Female'], overrides: { age: { test: 'ks', threshold: 0.01 } } }, roles);
		expect(r.reference).toEqual({ label: 'Male', rows: 5819 });
		expect(r.current).toEqual({ label: 'Female', rows: 1395 });
		const age = r.features.find((c) => c.column === 'age')!;
		expect(age).toMatchObject({ test: 'ks', threshold: 0.01, overridden: true });
		expect(s.driftSettings).toEqual({ comparison: 'split by sex: Male (reference) vs Female (current)', overrides: { age: { test: 'ks', threshold: 0.01 } } });
		const html = await s.report(roles, { createdAt: '2026-12-02T00:00:00Z', plumbVersion: '0.1.0', madeIn: 'cli' });
		expect(html).toContain('split by sex: Male (reference) vs Female (current)');
		expect(html).toMatch(/<span class="mono">age<\/span> → [^<]*Kolmogorov[^<]* at 0\.01/);
	});
});

describe('per-column tests in the address bar', () => {
	test('round trip, names with commas and backslashes included, in column order', () => {
		const overrides = { race: { threshold: 0.2 }, 'a,b\\c': { test: 'ks' as const, threshold: 0.01 }, age: { test: 'wasserstein' as const } };
		const p = overridesToParams(overrides, new URLSearchParams('demo=compas'));
		expect(p.getAll(DRIFT_TEST_PARAM)).toEqual(['a\\,b\\\\c,ks,0.01', 'age,wasserstein,', 'race,,0.2']);
		expect(p.get('demo')).toBe('compas');
		expect(overridesFromParams(new URLSearchParams(p.toString()))).toEqual({ overrides, bad: [] });
	});

	test('malformed parameters are listed and ignored', () => {
		const p = new URLSearchParams();
		for (const v of ['age,ks,0.01', 'age', 'x,anova,', 'y,ks,2', ',ks,0.1', 'z,,abc', 'w,,']) p.append(DRIFT_TEST_PARAM, v);
		expect(overridesFromParams(p)).toEqual({ overrides: { age: { test: 'ks', threshold: 0.01 } }, bad: ['age', 'x,anova,', 'y,ks,2', ',ks,0.1', 'z,,abc'] });
	});
});
