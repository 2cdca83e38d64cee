/**
 * The bad-input corpus (test/fixtures/bad) dropped on the app one file after
 * another: each gives its message or its warning, nothing crashes, and the
 * dataset loaded first stays open after every failure.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chooseFiles, closeClean, open, type Session } from './browser';

const BAD = 'test/fixtures/bad/';
const file = (name: string) => ({ name, buffer: readFileSync(BAD + name) });

let s: Session;
beforeAll(async () => {
	s = await open('');
	await chooseFiles(s.page, [file('tab.tsv')]);
	await s.page.getByTestId('overview-table').waitFor({ timeout: 60_000 });
});
afterAll(() => closeClean(s));

/** Drop files and wait for either a problem or a newly loaded dataset. */
async function drop(names: string[]): Promise<{ problem: string | null; name: string; warnings: string }> {
	const before = await s.page.getByTestId('dataset').getAttribute('data-fingerprint');
	await s.page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="problem"] button:last-child')?.click());
	await chooseFiles(s.page, names.map(file));
	await s.page.waitForFunction(
		(prev) => !!document.querySelector('[data-testid="problem"]') || document.querySelector('[data-testid="dataset"]')?.getAttribute('data-fingerprint') !== prev,
		before,
		{ timeout: 60_000 }
	);
	const problem = (await s.page.getByTestId('problem').count()) ? await s.page.getByTestId('problem').innerText() : null;
	const warnings = (await s.page.getByTestId('warnings').count()) ? await s.page.getByTestId('warnings').innerText() : '';
	return { problem, name: await s.page.getByTestId('dataset-name').innerText(), warnings };
}

describe('bad inputs in the browser', () => {
	test.each([
		[['empty.csv'], 'empty.csv is empty.'],
		[['header-only.csv'], 'header-only.csv has a header row but no data rows.'],
		[['ragged.csv'], 'ragged.csv line 3: expected 2 fields'],
		[['truncated.parquet'], 'truncated.parquet: not a readable Parquet file'],
		[['lying-header.npy'], 'lying-header.npy: header says 99 x 2 values'],
		[['unsupported-dtype.npy'], "unsupported dtype '<c8'"],
		[['labels-9-rows.npy', 'probs.npy'], 'probs.npy has 10 rows but labels-9-rows.npy has 9.']
	])('%s is refused with a clear message; the open dataset stays', async (names, message) => {
		const r = await drop(names);
		expect(r.problem).toContain(message);
		expect(r.name).toBe('tab.tsv');
	});

	test.each([
		['bom.csv', 'removed a byte-order mark'],
		['latin1.csv', 'is not UTF-8 (first invalid byte on line 2)'],
		['duplicate-names.csv', 'repeats the name "a"; it is called "a_2"'],
		['empty-names.csv', 'column 2 has no name'],
		['mixed-types.csv', 'line 25002, column "value": the value "not a number" is not a BIGINT'],
		['hostile-names.csv', ''],
		['quoted-newlines.csv', ''],
		['semicolon.csv', ''],
		['wide-10000.csv', '']
	])('%s loads and says what was done', async (name, warning) => {
		const r = await drop([name]);
		expect(r.problem).toBeNull();
		expect(r.name).toBe(name);
		expect(r.warnings).toContain(warning);
		// Back to the reference dataset for the next case.
		await drop(['tab.tsv']);
	});
});
