import { describe, expect, test } from 'vitest';
import {
	DecisionsCsvError,
	decisionsToCsv,
	guardFormula,
	parseCsvRecords,
	parseDecisionsCsv,
	unguardFormula,
	type DecisionsCsvTarget
} from '../../../src/lib/review/decisions-csv';
import type { Decision, DecisionKind } from '../../../src/lib/review/decisions';

const T = Date.UTC(2024, 4, 1, 12, 30, 0, 123);
const d = (row: number, kind: DecisionKind, label: string | null, at = T + row): Decision => ({ row, kind, label, at });

/** CSV text back into rows of fields (the test's reader is the module's RFC 4180 parser). */
const readCsv = (text: string): string[][] => parseCsvRecords(text, 'test.csv').map((r) => r.fields);

const TRICKY = [
	'plain',
	'a,b',
	'say "hi"',
	'two\nlines',
	'crlf\r\ninside',
	'naïve café 日本語 🙂',
	'=cmd|\' /C calc\'!A0',
	'+1',
	'-x',
	'@SUM(A1)',
	'\tTab',
	'\rCR',
	"'=already quoted",
	"'plain apostrophe",
	'',
	null
];

describe('CSV cells', () => {
	test('guardFormula / unguardFormula are inverse on any text', () => {
		const samples = [...TRICKY.filter((s): s is string => s !== null), "''-x", "'", "''", 'a=b', '-', "'@"];
		for (const s of samples) expect(unguardFormula(guardFormula(s))).toBe(s);
		expect(guardFormula('=1+1')).toBe("'=1+1");
		expect(guardFormula("'=1")).toBe("''=1");
		expect(guardFormula("'a")).toBe("'a");
		expect(unguardFormula("'a")).toBe("'a");
	});

});

describe('decisions CSV', () => {
	const classes = ['cat', 'dog', 'a,b', 'say "hi"', 'two\nlines', '=SUM(A1)', "'=x", 'café 🙂', '-1'];
	const given = ['cat', 'dog', 'a,b', '=SUM(A1)', 'café 🙂', "'=x", 'cat', 'two\nlines', 'dog', '-1'];
	const suggested = ['dog', 'cat', 'say "hi"', 'cat', '-1', 'dog', "'=x", 'cat', 'two\nlines', 'cat'];
	const ids = given.map((_, i) => (i === 4 ? '=id4' : `id,${i}`));
	const source = { given: (r: number) => given[r] ?? null, suggested: (r: number) => suggested[r] ?? null, id: (r: number) => ids[r] ?? null };
	const target: DecisionsCsvTarget = { rows: given.length, classes, ids: (r) => ids[r] ?? null, given: (r) => given[r] ?? null };
	const decisions: Decision[] = [
		d(0, 'keep', 'cat'),
		d(1, 'accept', 'cat'),
		d(2, 'relabel', 'say "hi"'),
		d(3, 'keep', '=SUM(A1)'),
		d(4, 'accept', '-1'),
		d(5, 'relabel', 'two\nlines'),
		d(6, 'unsure', null),
		d(7, 'exclude', null),
		d(8, 'relabel', "'=x"),
		d(9, 'keep', '-1', Date.UTC(1999, 11, 31, 23, 59, 59, 999))
	];

	test('header and lines', () => {
		const text = decisionsToCsv([decisions[1] as Decision, decisions[0] as Decision], source);
		expect(text).toBe('row,id,given_label,decision,corrected_label,decided_at\r\n0,"id,0",cat,keep,cat,2024-05-01T12:30:00.123Z\r\n1,"id,1",dog,accept,cat,2024-05-01T12:30:00.124Z\r\n');
	});

	test('round trip is exact, tricky labels and formula-like cells included', () => {
		const text = decisionsToCsv(decisions, source);
		expect(text).toContain("\r\n3,\"id,3\",'=SUM(A1),keep,'=SUM(A1),");
		expect(text).toContain("\r\n4,'=id4,café 🙂,accept,'-1,");
		const back = parseDecisionsCsv(text, 'decisions.csv', target);
		expect(back.decisions).toEqual(decisions);
		expect(back.warnings).toEqual([]);
		// Without the guard too (and then nothing to reverse).
		expect(parseDecisionsCsv(decisionsToCsv(decisions, source, { formulaGuard: false }), 'd.csv', { ...target, formulaGuard: false }).decisions).toEqual(decisions);
	});

	test('columns found by name, in any order; LF line ends and a BOM accepted; optional columns', () => {
		const text = '\ufeffDecision,corrected_label,ROW,notes\n relabel ,dog,4,whatever\nexclude,,5,\n';
		const { decisions: out } = parseDecisionsCsv(text, 'hand.csv', { rows: 10, classes: ['cat', 'dog'], now: T });
		expect(out).toEqual([d(4, 'relabel', 'dog', T), d(5, 'exclude', null, T)]);
	});

	/** The issues an import raises. */
	const issuesOf = (text: string, t: DecisionsCsvTarget = target): { line: number; column: string | null; message: string }[] => {
		try {
			parseDecisionsCsv(text, 'bad.csv', t);
		} catch (e) {
			expect(e).toBeInstanceOf(DecisionsCsvError);
			return (e as DecisionsCsvError).issues;
		}
		throw new Error('expected a DecisionsCsvError');
	};
	const header = 'row,id,given_label,decision,corrected_label,decided_at';

	test('import errors name the line and column', () => {
		const text = [
			header,
			'0,"id,0",cat,maybe,cat,2024-05-01T12:30:00.000Z',
			'1,"id,1",dog,relabel,"multi',
			'line",2024-05-01T12:30:00.000Z',
			'99,,cat,keep,cat,',
			'2,,a,b,relabel,fish,',
			'3,,x,keep,dog,',
			'4,"id,9",x,keep,cat,',
			'5,,,exclude,cat,',
			'6,,,accept,,',
			'7,,,keep,cat,yesterday',
			'8,,,keep,cat,',
			'8,,,keep,cat,',
			'x,,,keep,cat,',
			'9,,,keep'
		].join('\r\n');
		expect(issuesOf(text)).toEqual([
			{ line: 2, column: 'decision', message: expect.stringContaining('unknown decision "maybe" (expected keep, accept, relabel, unsure, exclude)') },
			{ line: 3, column: 'corrected_label', message: expect.stringContaining('class "multi\r\nline" is not one of') },
			{ line: 5, column: 'row', message: 'row 99 is out of range: the dataset has 10 rows (0 to 9)' },
			{ line: 6, column: null, message: '7 fields, but the header has 6' },
			{ line: 7, column: 'corrected_label', message: expect.stringContaining('"keep" leaves the given label "x", but the corrected label is "dog"') },
			{ line: 8, column: 'id', message: expect.stringContaining('id "id,9" does not match row 4\'s id "=id4"') },
			{ line: 9, column: 'corrected_label', message: expect.stringContaining('"exclude" leaves the row without a corrected label') },
			{ line: 10, column: 'corrected_label', message: '"accept" needs a corrected label' },
			{ line: 11, column: 'decided_at', message: expect.stringContaining('"yesterday" is not a time') },
			{ line: 13, column: 'row', message: 'row 8 already has a decision on line 12' },
			{ line: 14, column: 'row', message: expect.stringContaining('"x" is not a row number') },
			{ line: 15, column: null, message: '4 fields, but the header has 6' }
		]);
		try {
			parseDecisionsCsv(text, 'bad.csv', target);
		} catch (e) {
			expect((e as Error).message).toMatch(/^bad\.csv cannot be imported: line 2, column "decision": unknown decision "maybe".*; and 7 more problems\. Nothing was imported\.$/s);
		}
	});

	test('a class not in the list, alone', () => {
		expect(issuesOf(`${header}\r\n0,,,relabel,fish,\r\n`)).toEqual([{ line: 2, column: 'corrected_label', message: expect.stringContaining('class "fish" is not one of') }]);
	});

	test('structural errors: empty file, missing columns, unclosed or stray quotes', () => {
		expect(issuesOf('')[0]?.message).toContain('the file is empty');
		expect(issuesOf('row,decision\r\n1,keep\r\n')).toEqual([{ line: 1, column: null, message: expect.stringContaining('lacks the column "corrected_label"') }]);
		expect(issuesOf('row,decision,decision,corrected_label\r\n')[0]).toMatchObject({ line: 1, column: 'decision', message: expect.stringContaining('appears twice') });
		expect(issuesOf(`${header}\r\n0,,,keep,cat,\r\n1,"id,1,dog,keep,cat,\r\n`)).toEqual([{ line: 3, column: null, message: 'a quoted field (column 2) is never closed' }]);
		expect(issuesOf(`${header}\r\n0,i"d,,keep,cat,\r\n`)[0]).toMatchObject({ line: 2, message: expect.stringContaining('double quote inside unquoted column 2') });
		expect(issuesOf(`${header}\r\n0,"id"x,,keep,cat,\r\n`)[0]).toMatchObject({ line: 2, message: expect.stringContaining('after the closing quote of column 2') });
	});

	test('a differing given label is a warning, not an error', () => {
		const { decisions: out, warnings } = parseDecisionsCsv(`${header}\r\n1,,cat,relabel,dog,\r\n`, 'old.csv', { ...target, now: T });
		expect(out).toEqual([d(1, 'relabel', 'dog', T)]);
		expect(warnings).toEqual(['line 2: row 1 has the given label "dog" in the dataset, but "cat" in old.csv.']);
	});
});
