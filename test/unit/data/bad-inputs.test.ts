/**
 * The bad-input corpus (test/fixtures/bad, made by make.ts there): every file
 * either loads with a warning that says what was done, or fails with a
 * message naming the file and, where it applies, the row and column. A failed
 * load never replaces the dataset loaded before.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../../src/lib/data/session';
import { DataError } from '../../../src/lib/data/load/errors';

const BAD = 'test/fixtures/bad/';
const file = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(BAD + name)) });

let db: NodeDuckDB;
let s: AuditSession;
beforeEach(async () => {
	db = await NodeDuckDB.open();
	s = new AuditSession(db);
	await s.load([file('tab.tsv')]); // earlier work that must survive every failure below
});
afterEach(() => s.close());

async function fails(names: string[]): Promise<DataError> {
	const e = await s.load(names.map(file)).then(
		() => null,
		(e: unknown) => e
	);
	expect(e).toBeInstanceOf(DataError);
	expect(s.summary!.name).toBe('tab.tsv');
	expect((await db.query('SELECT count(*) AS n FROM dataset'))[0]!.n).toBe(2);
	return e as DataError;
}

async function labelIssueError(probs: string, labels: string): Promise<DataError> {
	await s.load([file(labels), file(probs)]);
	const e = await s.labelIssues({ label: 'label', protected: [], nuisance: [] }).then(
		() => null,
		(e: unknown) => e
	);
	expect(e).toBeInstanceOf(DataError);
	return e as DataError;
}

describe('files that cannot be loaded say why, and earlier work stays', () => {
	test.each([
		['empty.csv', 'empty.csv is empty. Choose a file with a header row and at least one data row.', undefined],
		['header-only.csv', 'header-only.csv has a header row but no data rows. Add at least one row of data.', 1],
		['ragged.csv', 'ragged.csv line 3: expected 2 fields (as in the header) but found 3.', 3],
		['lying-header.npy', 'lying-header.npy: header says 99 x 2 values (1584 bytes) but the file holds 160 bytes of data', undefined],
		['unsupported-dtype.npy', "unsupported-dtype.npy: unsupported dtype '<c8' (complex).", undefined]
	])('%s', async (name, message, row) => {
		const e = await fails([name]);
		expect(e.message).toContain(message);
		expect(e.file).toBe(name);
		expect(e.row).toBe(row);
	});

	test('truncated Parquet names the file, not a temporary path', async () => {
		const e = await fails(['truncated.parquet']);
		expect(e.message).toMatch(/^truncated\.parquet: not a readable Parquet file/);
		expect(e.message).not.toContain('/tmp/');
	});

	test('row counts that differ', async () => {
		const e = await fails(['labels-9-rows.npy', 'probs.npy']);
		expect(e.message).toBe('probs.npy has 10 rows but labels-9-rows.npy has 9. Files are joined by row order, so they must have the same number of rows.');
	});
});

describe('files that load with a warning saying what was done', () => {
	test.each([
		['bom.csv', ['id', 'label'], ['bom.csv: removed a byte-order mark at the start of the file.']],
		['duplicate-names.csv', ['a', 'a_2', 'A_3', 'b'], ['duplicate-names.csv: column 2 repeats the name "a"; it is called "a_2".', 'duplicate-names.csv: column 3 repeats the name "A"; it is called "A_3".']],
		['empty-names.csv', ['a', 'column_2', 'b', 'column_4'], ['empty-names.csv: column 2 has no name; it is called "column_2".', 'empty-names.csv: column 4 has no name; it is called "column_4".']],
		['semicolon.csv', ['id', 'label', 'score'], []],
		['quoted-newlines.csv', ['id', 'text', 'label'], []],
		['hostile-names.csv', ['q"uote', "it's", 'semi;colon', 'x -- y', 'new\nline', 'ünï ✓ 年齢', 'a"); DROP TABLE dataset; --'], []]
	])('%s', async (name, columns, warnings) => {
		await s.load([file(name)]);
		expect(s.summary!.overview.columns.map((c) => c.name)).toEqual(columns);
		expect(s.summary!.warnings).toEqual(warnings);
	});

	test('non-UTF-8 text is read as Windows-1252 and the line is named', async () => {
		await s.load([file('latin1.csv')]);
		expect((await db.query('SELECT city FROM dataset ORDER BY rowid')).map((r) => r.city)).toEqual(['Montréal', 'Köln']);
		expect(s.summary!.warnings[0]).toContain('latin1.csv is not UTF-8 (first invalid byte on line 2)');
	});

	test('a late value of another type: the column is read as text, line and column named', async () => {
		await s.load([file('mixed-types.csv')]);
		expect(s.summary!.overview.columns.find((c) => c.name === 'value')!.type).toBe('VARCHAR');
		expect(s.summary!.warnings).toEqual([
			'mixed-types.csv line 25002, column "value": the value "not a number" is not a BIGINT like the values above it. The column was read as text; fix the value to analyse it as numbers.'
		]);
	});

	test('a 10,000-column CSV and a 1 MB cell', async () => {
		await s.load([file('wide-10000.csv')]);
		expect(s.summary!.overview.columns.length).toBe(10000);
		expect(s.summary!.overview.columns[999]).toMatchObject({ name: 'c999', min: '999', nulls: 0 });
		// Beyond 1,000 columns the overview lists names and types only, and says so.
		expect(s.summary!.overview.describedColumns).toBe(1000);
		expect(s.summary!.overview.columns[9999]).toMatchObject({ name: 'c9999', type: 'BIGINT' });
		const big = 'x'.repeat(1 << 20);
		await s.load([{ name: 'big-cell.csv', bytes: new TextEncoder().encode(`id,text\n1,"${big}"\n2,small\n`) }]);
		expect((await db.query('SELECT length(text) AS n FROM dataset ORDER BY rowid'))[0]!.n).toBe(1 << 20);
	}, 30_000);
});

describe('probabilities and labels that confident learning refuses, with the row named', () => {
	test.each([
		['probs-nan.npy', 'Row 3, column 1 of probs-nan.npy is NaN', 3],
		['probs-inf.npy', 'Row 2, column 0 of probs-inf.npy is Infinity', 2],
		['probs-negative.npy', 'Row 4 of probs-negative.npy is not a probability distribution: column 0 is negative (-0.1)', 4]
	])('%s', async (probs, message, row) => {
		const e = await labelIssueError(probs, 'labels.npy');
		expect(e.message).toContain(message);
		expect(e.file).toBe(probs);
		expect(e.row).toBe(row);
	});

	test('logits are recognised and softmax is offered, never applied silently', async () => {
		const e = await labelIssueError('probs-logits.npy', 'labels.npy');
		expect(e.message).toContain('they look like logits');
		expect((e as DataError & { action?: string }).action).toBe('softmax');
		const r = await s.labelIssues({ label: 'label', protected: [], nuisance: [] }, { softmax: true });
		expect(r.warnings[0]).toContain('Applied softmax');
		expect(r.numIssues).toBe(0);
	});

	test('a label outside the classes names its row', async () => {
		const e = await labelIssueError('probs.npy', 'labels-out-of-range.npy');
		expect(e.message).toBe(
			'Row 7 (0-based): the label 5 in column "label" is outside the classes 0..1 of the probabilities (2 classes). Fix the label, or give probabilities for every class.'
		);
		expect(e.row).toBe(7);
	});

	test('a label column with a single class runs, with a warning', async () => {
		await s.load([file('labels-single-class.npy'), file('probs.npy')]);
		const r = await s.labelIssues({ label: 'label', protected: [], nuisance: [] });
		expect(r.warnings.some((w) => w.startsWith('Only 1 of the 2 classes occur among the given labels'))).toBe(true);
	});
});
