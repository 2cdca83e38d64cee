import { afterEach, expect, test } from 'vitest';
import { chooseFiles, open, type Session, closeClean } from './browser';
import { syntheticTable, toParquet } from '../../bench/generate';

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

type Page = Session['page'];

/** Wait until no load, reopen or computation is in progress. */
async function idle(page: Page) {
	await page.waitForFunction(() => document.querySelector('[data-testid="progress"]') === null, null, { timeout: 90_000 });
}

async function setTimeLimit(page: Page, seconds: number) {
	const details = page.getByTestId('settings');
	if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
	await page.getByTestId('time-limit').fill(String(seconds));
	await page.getByTestId('time-limit').press('Enter');
	await page.getByTestId('time-limit').blur();
}

async function reviewedCount(page: Page): Promise<number> {
	return Number(await page.getByTestId('review-progress').getAttribute('data-reviewed'));
}

test('a computation past the time limit is stopped, the dataset reopens, and decisions and results are kept', async () => {
	s = await open('?demo=mnist&view=review');
	const page = s.page;
	await page.getByTestId('review-detail').waitFor({ timeout: 90_000 });
	await page.keyboard.press('a');
	await page.keyboard.press('g');
	await page.waitForFunction(() => {
		const el = document.querySelector('[data-testid="review-progress"]');
		return el?.getAttribute('data-reviewed') === '2' && el.getAttribute('data-saved') === 'true';
	});

	// A limit far below what slicing 10,000 images takes.
	await setTimeLimit(page, 0.01);
	await page.getByTestId('tab-slices').click();
	const problem = page.getByTestId('problem');
	await problem.waitFor();
	expect(await problem.innerText()).toContain('Slices took longer than 0.01 s');
	await idle(page);

	// A load under that limit is stopped too, with the same message; the page stays usable.
	await setTimeLimit(page, 250);
	await page.reload();
	await page.getByTestId('dataset').waitFor({ timeout: 90_000 });
	// The setting is kept in this browser.
	expect(await page.getByTestId('time-limit').inputValue()).toBe('250');
	await idle(page);

	// Nothing was lost: the label issues, the review decisions, and slices can be computed again.
	await page.getByTestId('tab-issues').click();
	await page.getByTestId('num-issues').waitFor({ timeout: 60_000 });
	expect(await page.getByTestId('num-issues').innerText()).toBe('15');
	await page.getByTestId('tab-review').click();
	await page.getByTestId('review-detail').waitFor();
	expect(await reviewedCount(page)).toBe(2);
	await page.getByTestId('tab-slices').click();
	await page.getByTestId('slice-table').first().waitFor({ timeout: 60_000 });
});

test('Cancel stops a running computation; the engine restarts with the dataset and earlier results', async () => {
	const n = 250_000;
	s = await open('?view=issues&label=label');
	const page = s.page;
	await chooseFiles(page, [{ name: 'big.parquet', buffer: Buffer.from(toParquet(syntheticTable(n))) }]);
	await page.getByTestId('num-issues').waitFor({ timeout: 90_000 });
	const issues = await page.getByTestId('num-issues').innerText();

	// Slices over 250,000 rows (tables and discovery) take long enough to cancel.
	await page.getByTestId('tab-slices').click();
	await page.locator('[data-testid="slices"] [data-testid="progress"] button', { hasText: 'Cancel' }).click();
	const problem = page.getByTestId('problem');
	await problem.waitFor();
	expect(await problem.innerText()).toContain('Cancelled slices.');
	await idle(page);
	expect(await page.getByTestId('slice-table').count()).toBe(0);

	// The reopened engine has the dataset and the label issues the page shows.
	await page.getByTestId('tab-issues').click();
	expect(await page.getByTestId('num-issues').innerText()).toBe(issues);
	await page.getByTestId('tab-overview').click();
	expect(await page.getByTestId('overview-rows').innerText()).toBe('250,000');
	const exported = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
	expect(exported[0].suggestedFilename()).toMatch(/\.html$/);
});
