import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { open, type Session, closeClean, chooseFiles } from './browser';
import { NodeDuckDB } from '../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../src/lib/data/session';
import { DATASET_TABLE } from '../../src/lib/data/dataset';

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

describe('drift and representativeness in the browser', () => {
	test('COMPAS split by screening year (2013 vs 2014) shows a drift table, label and prediction apart', async () => {
		s = await open('?demo=compas&view=drift');
		await s.page.getByTestId('drift-run').waitFor({ timeout: 60_000 });
		expect(await s.page.getByTestId('drift-cut').inputValue()).toBe('2014-01-01');
		await s.page.getByTestId('drift-run').click();
		const table = s.page.getByTestId('drift-table');
		await table.waitFor({ timeout: 60_000 });
		expect(await s.page.getByTestId('dataset-drift').innerText()).toMatch(/Reference:\s+before 2014-01-01 \(5,111 rows\); current: from 2014-01-01 \(2,103 rows\)/);
		// 5,111 reference rows: Evidently's large-reference tests.
		expect(await table.locator('tr[data-drift-column="age"] [data-field="test"]').innerText()).toBe('wasserstein');
		expect(await table.locator('tr[data-drift-column="race"] [data-field="test"]').innerText()).toBe('jensenshannon');
		expect(await table.locator('tr[data-section="label"]').getAttribute('data-drift-column')).toBe('two_year_recid');
		expect(await table.locator('tr[data-section="prediction"]').first().getAttribute('data-drift-column')).toBe('decile_score');
		// A column's distributions open as a chart.
		await table.locator('tr[data-drift-column="age"] button').click();
		await s.page.locator('[data-testid="drift-table"] .chart-row svg').waitFor();
	});

	test('COMPAS race shares vs a population entered by hand show representation ratios', async () => {
		s = await open('?demo=compas&view=drift');
		await s.page.getByTestId('repr-target').locator('input[data-group="Caucasian"]').waitFor({ timeout: 60_000 });
		await s.page.getByTestId('repr-attribute').selectOption('race');
		const shares: Record<string, string> = { 'African-American': '20', Caucasian: '60', Hispanic: '15', Other: '3', Asian: '1.5', 'Native American': '0.5' };
		for (const [g, v] of Object.entries(shares)) await s.page.getByTestId('repr-target').locator(`input[data-group="${g}"]`).fill(v);
		await s.page.getByTestId('repr-run').click();
		const table = s.page.getByTestId('repr-table');
		await table.waitFor();
		// 3,696 of 7,214 rows are African-American: share 0.5123; ratio 0.5123 / 0.20 = 2.56.
		expect(await table.locator('tr[data-group="African-American"] [data-field="ratio"]').innerText()).toBe(((3696 / 7214) / 0.2).toFixed(2));
		expect(await table.locator('tr[data-group="Caucasian"] [data-field="ratio"]').innerText()).toBe(((2454 / 7214) / 0.6).toFixed(2));
		expect(await table.locator('tr[data-group="Caucasian"]').innerText()).toContain('under-represented');
	});
});

/** Feature rows of the drift table, in the order shown: name and one field's text. */
async function featureColumn(s: Session, field: string): Promise<{ column: string; text: string }[]> {
	return s.page.getByTestId('drift-table').locator('tr[data-section="features"]').evaluateAll(
		(trs, f) => trs.map((tr) => ({ column: tr.getAttribute('data-drift-column') ?? '', text: tr.querySelector(`[data-field="${f}"]`)?.textContent ?? '' })),
		field
	);
}
const num = (t: string) => (t.trim().startsWith('–') ? NaN : parseFloat(t));

describe('drift table: sort, per-column tests, split by values', () => {
	test('COMPAS 2013 vs 2014: drifted first by default; headers sort both ways with aria-sort; a test and threshold chosen for age recompute and reach the report', async () => {
		s = await open('?demo=compas&view=drift');
		const page = s.page;
		await page.getByTestId('drift-run').waitFor({ timeout: 60_000 });
		await page.getByTestId('drift-run').click();
		const table = page.getByTestId('drift-table');
		await table.waitFor({ timeout: 60_000 });

		// Default order: drifted rows first, then by statistic, largest first.
		const verdicts = await featureColumn(s, 'verdict');
		const stats = (await featureColumn(s, 'statistic')).map((r) => num(r.text));
		const firstCalm = verdicts.findIndex((v) => v.text === 'no drift');
		expect(verdicts.slice(firstCalm).every((v) => v.text === 'no drift')).toBe(true);
		const calm = stats.slice(firstCalm).filter(Number.isFinite);
		expect(calm).toEqual([...calm].sort((a, b) => b - a));

		// PSI: ascending, then descending; aria-sort follows.
		const psiHeader = table.locator('th[data-sort="psi"]');
		await psiHeader.getByRole('button').click();
		expect(await psiHeader.getAttribute('aria-sort')).toBe('ascending');
		expect(await table.locator('th[data-sort="column"]').getAttribute('aria-sort')).toBe('none');
		let psi = (await featureColumn(s, 'psi')).map((r) => num(r.text)).filter(Number.isFinite);
		expect(psi.length).toBeGreaterThan(5);
		expect(psi).toEqual([...psi].sort((a, b) => a - b));
		await psiHeader.getByRole('button').click();
		expect(await psiHeader.getAttribute('aria-sort')).toBe('descending');
		psi = (await featureColumn(s, 'psi')).map((r) => num(r.text)).filter(Number.isFinite);
		expect(psi).toEqual([...psi].sort((a, b) => b - a));
		// Sorting stays within sections: the label is still alone in its own.
		expect(await table.locator('tr[data-section="label"]').count()).toBe(1);

		// age: Wasserstein by default (5,111 reference rows); re-run it with KS at p < 0.01.
		const age = table.locator('tr[data-drift-column="age"]');
		expect(await age.locator('[data-field="test"]').innerText()).toBe('wasserstein');
		await age.getByRole('button').click();
		const form = page.getByTestId('drift-override');
		// Not a p-value: refused in the form, nothing recomputed.
		await form.getByLabel('Test').selectOption('ks');
		await form.getByLabel('Threshold').fill('5');
		await form.getByRole('button', { name: 'Recompute with this test' }).click();
		expect(await page.getByTestId('override-error').innerText()).toMatch(/p-value: a number above 0 and at most 1/);
		await form.getByLabel('Threshold').fill('0.01');
		await form.getByRole('button', { name: 'Recompute with this test' }).click();
		await page.waitForFunction(() => document.querySelector('tr[data-drift-column="age"] [data-field="test"]')?.textContent === 'ks (set by you)', null, { timeout: 60_000 });
		expect(await age.locator('[data-field="threshold"]').innerText()).toBe('p < 0.01');
		expect(await age.getAttribute('class')).toContain('overridden');
		expect(await page.getByTestId('drift-overrides').innerText()).toMatch(/1 column uses a test or threshold you chose/);
		// Another comparison keeps the choice.
		await page.getByTestId('drift-cut').fill('2013-07-01');
		await page.getByTestId('drift-run').click();
		await page.waitForFunction(() => /before 2013-07-01/.test(document.querySelector('[data-testid="dataset-drift"]')?.textContent ?? ''), null, { timeout: 60_000 });
		expect(await age.locator('[data-field="test"]').innerText()).toBe('ks (set by you)');

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
		const html = readFileSync((await download.path())!, 'utf8');
		expect(html).toContain('compas_screening_date cut at 2013-07-01');
		expect(html).toMatch(/<span class="mono">age<\/span> → Kolmogorov–Smirnov at 0\.01/);

		// The choice is in the link: reopening it and comparing again uses it.
		expect(page.url()).toContain('drift_test=age,ks,0.01');
		await page.goto(page.url());
		await page.getByTestId('drift-run').waitFor({ timeout: 60_000 });
		await page.getByTestId('drift-run').click();
		await table.waitFor({ timeout: 60_000 });
		expect(await age.locator('[data-field="test"]').innerText()).toBe('ks (set by you)');

		// Back to the default test.
		await age.getByRole('button').click();
		await form.getByRole('button', { name: 'Back to the default' }).click();
		await page.waitForFunction(() => document.querySelector('tr[data-drift-column="age"] [data-field="test"]')?.textContent === 'wasserstein', null, { timeout: 60_000 });
		expect(await page.getByTestId('drift-overrides').count()).toBe(0);
		expect(page.url()).not.toContain('drift_test');
	});

	test('COMPAS split by sex: Male is the reference, Female the current side', async () => {
		s = await open('?demo=compas&view=drift');
		const page = s.page;
		await page.getByTestId('split-column').waitFor({ timeout: 60_000 });
		await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="split-column"] option')].some((o) => (o as HTMLOptionElement).value === 'sex'), null, { timeout: 60_000 });
		await page.getByTestId('split-column').selectOption('sex');
		await page.locator('select[data-split-value="Female"]').waitFor();
		expect(await page.locator('select[data-split-value="Male"]').inputValue()).toBe('reference');
		expect(await page.locator('select[data-split-value="Female"]').inputValue()).toBe('current');
		// Both on one side: nothing to compare.
		await page.locator('select[data-split-value="Female"]').selectOption('reference');
		expect(await page.getByTestId('split-run').isDisabled()).toBe(true);
		await page.locator('select[data-split-value="Female"]').selectOption('current');
		await page.getByTestId('split-run').click();
		await page.getByTestId('drift-table').waitFor({ timeout: 60_000 });
		// 5,819 men and 1,395 women among the 7,214 defendants.
		expect(await page.getByTestId('dataset-drift').innerText()).toMatch(/Reference:\s+Male \(5,819 rows\); current: Female \(1,395 rows\)/);
		// The split column is not tested against itself.
		expect(await page.getByTestId('drift-table').locator('tr[data-drift-column="sex"]').count()).toBe(0);
		expect(await page.getByTestId('drift-table').locator('tr[data-drift-column="race"]').count()).toBe(1);
	});
});

describe('representativeness: target from a CSV, intersections', () => {
	// test/fixtures/target/county-shares.csv: hand-written, illustrative shares of a made-up county (not census data).
	const fixture = readFileSync('test/fixtures/target/county-shares.csv');

	test('COMPAS race × sex against the file: observed vs expected shares, ratios flagged, chi-square; bad files named with their line', async () => {
		s = await open('?demo=compas&view=drift');
		const page = s.page;
		await page.getByTestId('repr-target').locator('input[data-group="Caucasian"]').waitFor({ timeout: 60_000 });
		const input = page.getByTestId('target-input');

		// A bad file: the message names the file and the line; the form stays usable.
		await input.setInputFiles({ name: 'bad-shares.csv', mimeType: 'text/csv', buffer: Buffer.from('attribute,value,share\nrace,Caucasian,0.6\nrace,Hispanic,lots\n') });
		await expect.poll(() => page.getByTestId('target-error').innerText()).toBe('bad-shares.csv line 3: share "lots" is not a number.');
		await input.setInputFiles({ name: 'sum.csv', mimeType: 'text/csv', buffer: Buffer.from('attribute,value,share\nsex,Male,0.5\nsex,Female,0.4\n') });
		await expect.poll(() => page.getByTestId('target-error').innerText()).toMatch(/^sum\.csv line 2: the shares of attribute "sex" sum to 0\.9/);
		await input.setInputFiles({ name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from('group,share\nMale,1\n') });
		await expect.poll(() => page.getByTestId('target-error').innerText()).toMatch(/^header\.csv line 1: the first line must be the header "attribute,value,share"/);
		await input.setInputFiles({ name: 'unknown.csv', mimeType: 'text/csv', buffer: Buffer.from('attribute,value,share\ngender,f,1\n') });
		await expect.poll(() => page.getByTestId('target-error').innerText()).toMatch(/^unknown\.csv: Target attribute "gender" \(line 2\): the dataset has no column "gender"/);
		expect(await page.getByTestId('repr-target').locator('input[data-group="Caucasian"]').isEditable()).toBe(true);

		// The fixture: race first, filled in.
		await input.setInputFiles({ name: 'county-shares.csv', mimeType: 'text/csv', buffer: fixture });
		await page.getByTestId('target-file').waitFor();
		await expect.poll(() => page.getByTestId('target-error').count()).toBe(0);
		expect(await page.getByTestId('repr-attribute').inputValue()).toBe('race');
		await page.waitForFunction(() => (document.querySelector('[data-testid="repr-target"] input[data-group="African-American"]') as HTMLInputElement | null)?.value === '20');

		// race × sex: the file's intersection shares fill the combinations.
		await page.getByTestId('repr-second').selectOption('sex');
		const am = page.getByTestId('repr-target').locator('input[data-group="African-American,Male"]');
		await am.waitFor();
		await page.waitForFunction(() => (document.querySelector('[data-testid="repr-target"] input[data-group="Caucasian,Female"]') as HTMLInputElement | null)?.value === '31');
		expect(await am.inputValue()).toBe('10');
		await page.getByTestId('repr-run').click();
		const table = page.locator('[data-testid="repr-table"][data-attributes="race,sex"]');
		await table.waitFor();
		// 3,044 African-American men of 7,214 rows: share 42.20% against 10%.
		const aaMale = table.locator('tr[data-group="African-American, Male"]');
		expect(await aaMale.locator('[data-field="observed-share"]').innerText()).toBe(`${((100 * 3044) / 7214).toFixed(2)}%`);
		expect(await aaMale.locator('[data-field="expected-share"]').innerText()).toBe('10.00%');
		expect(await aaMale.locator('[data-field="ratio"]').innerText()).toBe((3044 / 7214 / 0.1).toFixed(2));
		expect(await aaMale.locator('[data-field="flag"]').innerText()).toBe('over-represented (> 1.25)');
		// 567 Caucasian women: 7.86% against 31%, ratio 0.25.
		const cf = table.locator('tr[data-group="Caucasian, Female"]');
		expect(await cf.locator('[data-field="ratio"]').innerText()).toBe((567 / 7214 / 0.31).toFixed(2));
		expect(await cf.locator('[data-field="flag"]').innerText()).toBe('under-represented (< 0.8)');
		expect(await page.getByTestId('repr-chi-square').innerText()).toMatch(/χ² = [\d.]+, 11 degrees of freedom, p = /);
	});
});

/** Every row of the drift table: column -> the text of each field, and the worker's timings. */
async function driftRows(s: Session): Promise<{ rows: Record<string, Record<string, string>>; timings: { inMemoryColumns: number; exactColumns: number } }> {
	const rows = await s.page.getByTestId('drift-table').locator('tr[data-drift-column]').evaluateAll((trs) =>
		Object.fromEntries(
			trs.map((tr) => [
				tr.getAttribute('data-drift-column') ?? '',
				Object.fromEntries([...tr.querySelectorAll('[data-field]')].map((td) => [td.getAttribute('data-field') ?? '', td.textContent ?? '']))
			])
		)
	);
	const timings = JSON.parse((await s.page.getByTestId('dataset').getAttribute('data-drift-paths')) ?? '{}');
	return { rows, timings };
}

/** Split the open dataset by year at 2014-01-01 on the Drift page and wait for the table. */
async function splitAt2014(s: Session) {
	await s.page.getByTestId('tab-drift').click();
	await s.page.getByTestId('drift-cut').fill('2014-01-01');
	await s.page.getByTestId('drift-run').click();
	await s.page.getByTestId('dataset-drift').filter({ hasText: '5,111 rows' }).waitFor({ timeout: 60_000 });
}

describe('numeric columns kept from the load path', () => {
	test('COMPAS as Parquet split by year: numeric columns come from memory, and the table equals the one read out of DuckDB from the CSV', async () => {
		// The Parquet holds what the app's own CSV load makes of compas.csv (same read_csv options, same types).
		const db = await NodeDuckDB.open();
		let parquet: Uint8Array;
		try {
			await new AuditSession(db).load([{ name: 'compas.csv', bytes: readFileSync('static/demo/compas/compas.csv') }]);
			parquet = await db.exportParquet(`SELECT * FROM ${DATASET_TABLE}`);
		} finally {
			db.close();
		}

		s = await open('?demo=compas');
		await s.page.getByTestId('overview-table').waitFor({ timeout: 60_000 });
		await splitAt2014(s);
		const fromCsv = await driftRows(s);
		await closeClean(s);

		s = await open('');
		await chooseFiles(s.page, [{ name: 'compas.parquet', buffer: Buffer.from(parquet) }]);
		await s.page.getByTestId('overview-rows').filter({ hasText: '7,214' }).waitFor({ timeout: 60_000 });
		await splitAt2014(s);
		const fromParquet = await driftRows(s);

		// CSV: nothing kept, every numeric column read out of DuckDB; Parquet: every one from memory.
		expect(fromCsv.timings.inMemoryColumns).toBe(0);
		expect(fromParquet.timings.inMemoryColumns).toBeGreaterThanOrEqual(8);
		const shared = Object.keys(fromParquet.rows).filter((c) => c in fromCsv.rows);
		expect(shared).toEqual(expect.arrayContaining(['age', 'priors_count', 'juv_fel_count', 'race', 'sex']));
		for (const column of shared) expect(fromParquet.rows[column], column).toEqual(fromCsv.rows[column]);
	});
});
