import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM, open, type Session, closeClean } from './browser';

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

describe('stakeholder report', () => {
	test('COMPAS: export the report after slices, drift and representativeness; it opens with scripts disabled', async () => {
		s = await open('?demo=compas&view=slices&by=race');
		const page = s.page;
		await page.locator('[data-testid="slice-table"][data-attributes="race"]').waitFor({ timeout: 90_000 });
		await page.getByTestId('tab-drift').click();
		await page.getByTestId('drift-run').click();
		await page.getByTestId('drift-table').waitFor({ timeout: 60_000 });
		await page.getByTestId('repr-attribute').selectOption('race');
		const shares: Record<string, string> = { 'African-American': '20', Caucasian: '60', Hispanic: '15', Other: '3', Asian: '1.5', 'Native American': '0.5' };
		for (const [g, v] of Object.entries(shares)) await page.getByTestId('repr-target').locator(`input[data-group="${g}"]`).fill(v);
		await page.getByTestId('repr-run').click();
		await page.getByTestId('repr-table').waitFor();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
		expect(download.suggestedFilename()).toMatch(/^plumb-report-compas-\d{4}-\d{2}-\d{2}\.html$/);
		const path = (await download.path())!;
		const html = readFileSync(path, 'utf8');
		expect(html).not.toMatch(/<script/i);
		expect(html).toContain('44.85%');
		expect(html).toContain('23.45%');
		expect(html).toMatch(/before 2014-01-01/);
		expect(html).toContain('@media print');
		for (const section of ['Dataset', 'Slices', 'Drift', 'Representativeness']) expect(html).toMatch(new RegExp(`<h2[^>]*>[^<]*${section}`));

		// The file on its own, with JavaScript off and no network: it renders, charts included.
		const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
		try {
			const ctx = await browser.newContext({ javaScriptEnabled: false });
			const requests: string[] = [];
			ctx.on('request', (r) => requests.push(r.url()));
			const p = await ctx.newPage();
			const file = join(mkdtempSync(join(tmpdir(), 'plumb-report-')), download.suggestedFilename());
			writeFileSync(file, html);
			await p.goto(`file://${file}`);
			expect(await p.locator('h2').count()).toBeGreaterThanOrEqual(4);
			expect(await p.locator('svg').count()).toBeGreaterThan(3);
			const box = await p.locator('svg').first().boundingBox();
			expect(box!.width).toBeGreaterThan(100);
			expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
		} finally {
			await browser.close();
		}
	});
});
