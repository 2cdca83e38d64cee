import { afterEach, describe, expect, test } from 'vitest';
import { open, type Session, closeClean } from './browser';

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
