import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { open, type Session, closeClean } from './browser';

const MNIST = JSON.parse(readFileSync('test/fixtures/golden/cleanlab/mnist.expected.json', 'utf8'));

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

describe('label issues in the browser', () => {
	test('MNIST: the 15 issues cleanlab finds, ranked the same, with digit thumbnails', async () => {
		s = await open('?demo=mnist&view=issues');
		const count = s.page.getByTestId('num-issues');
		await count.waitFor({ timeout: 90_000 });
		expect(await count.innerText()).toBe(String(MNIST.label_issues.prune_by_noise_rate.length));
		expect(await s.page.getByTestId('health-score').innerText()).toBe(MNIST.overall_label_health_score.toFixed(4));
		const rows = await s.page.locator('[data-testid="top-issues"] li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-row'))));
		expect(rows).toEqual(MNIST.ranked_by.self_confidence);
		await s.page.locator('[data-testid="top-issues"] canvas').first().waitFor();
		expect(await s.page.locator('[data-testid="top-issues"] canvas').count()).toBe(15);
		// A digit thumbnail is drawn from the real pixels: not a blank canvas.
		const ink = await s.page.locator('[data-testid="top-issues"] canvas').first().evaluate((c: HTMLCanvasElement) => {
			const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
			let lit = 0;
			for (let i = 0; i < d.length; i += 4) if (d[i]! > 128) lit++;
			return lit;
		});
		expect(ink).toBeGreaterThan(20);
	});

	test('changing filter_by recomputes in place and lands in the URL', async () => {
		s = await open('?demo=mnist&view=issues');
		await s.page.getByTestId('num-issues').waitFor({ timeout: 90_000 });
		await s.page.getByTestId('filter-by').selectOption('predicted_neq_given');
		await s.page.waitForFunction(
			(n) => document.querySelector('[data-testid="num-issues"]')?.textContent === String(n),
			MNIST.label_issues.predicted_neq_given.length,
			{ timeout: 30_000 }
		);
		expect(new URL(s.page.url()).searchParams.get('filter_by')).toBe('predicted_neq_given');
	});
});

describe('slices in the browser', () => {
	test("COMPAS by race reproduces ProPublica's false positive and false negative rates", async () => {
		s = await open('?demo=compas&view=slices&by=race');
		const table = s.page.locator('[data-testid="slice-table"][data-attributes="race"]');
		await table.waitFor({ timeout: 90_000 });
		const rate = async (group: string, r: string) =>
			(await table.locator(`tr[data-group="${group}"] td[data-rate="${r}"]`).innerText()).split('\n')[0]!.trim();
		expect(await rate('African-American', 'fpr')).toBe('44.85%');
		expect(await rate('African-American', 'fnr')).toBe('27.99%');
		expect(await rate('Caucasian', 'fpr')).toBe('23.45%');
		expect(await rate('Caucasian', 'fnr')).toBe('47.72%');
	});

	test('COMPAS by age with bin edges typed by the user matches the data\'s own age categories', async () => {
		s = await open('?demo=compas&view=slices&by=age');
		const edges = s.page.getByTestId('slice-edges-age');
		await edges.waitFor({ timeout: 90_000 });
		await edges.fill('25, 45');
		await edges.dispatchEvent('change');
		await s.page.waitForFunction(() => !!document.querySelector('[data-testid="slice-table"][data-attributes="age"] tr[data-group="[25, 45)"]'), undefined, { timeout: 30_000 });
		const n = async (g: string) => (await s!.page.locator(`[data-testid="slice-table"][data-attributes="age"] tr[data-group="${g}"] td`).nth(1).innerText()).replaceAll(',', '');
		// age_cat in the data: Less than 25 = 1,529, 25 - 45 = 4,109, Greater than 45 = 1,576.
		const csv = readFileSync('static/demo/compas/compas.csv', 'utf8').trim().split('\n');
		const col = csv[0]!.split(',').indexOf('age_cat');
		const count = (v: string) => csv.slice(1).filter((l) => l.split(',')[col] === v).length;
		expect(Number(await n('< 25'))).toBe(count('Less than 25'));
		expect(Number(await n('[25, 45)'))).toBe(count('25 - 45'));
		expect(Number(await n('>= 45'))).toBe(count('Greater than 45'));
	});

	test('MNIST by measured brightness shows error and label-issue rates per bin', async () => {
		s = await open('?demo=mnist&view=slices&by=brightness');
		const table = s.page.locator('[data-testid="slice-table"][data-attributes="brightness"]');
		await table.waitFor({ timeout: 90_000 });
		const groups = await table.locator('tbody tr[data-group]').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
		expect(groups).toEqual(['dark', 'normal', 'bright']);
		for (const g of ['dark', 'normal', 'bright']) {
			expect(await table.locator(`tr[data-group="${g}"] td[data-rate="errorRate"]`).innerText()).toMatch(/%/);
			expect(await table.locator(`tr[data-group="${g}"] td[data-rate="issueRate"]`).innerText()).toMatch(/%/);
		}
	});
});
