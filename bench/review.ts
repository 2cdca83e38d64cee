/**
 * `npm run bench -- review`: the review workspace on the 1,000,000-row table
 * (about 100,000 flagged rows) in headless Chromium: opening it until the
 * first rows are on screen, moving to the next example with the keyboard
 * until that frame is painted, deciding with the keyboard, and exporting
 * every row to Parquet. Figures are printed, never asserted.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBench, timeLoad } from './browser';
import { syntheticTable, toParquet } from './generate';
import { median, quantile } from './stats';

/**
 * Press `key` `n` times in the page. Each press is dispatched at the start of
 * a frame (in a requestAnimationFrame callback); a message posted there runs
 * once that frame is rendered, so the time measured is from the key press to
 * the frame showing its effect (handler, Svelte update, style, layout, paint),
 * without the wait for the next vsync.
 */
async function pressTimes(page: Page, key: string, n: number): Promise<number[]> {
	return page.evaluate(
		async ({ key, n }) => {
			const times: number[] = [];
			for (let i = 0; i < n; i++) {
				await new Promise<void>((resolve) =>
					requestAnimationFrame(() => {
						const t0 = performance.now();
						window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
						const ch = new MessageChannel();
						ch.port1.onmessage = () => {
							times.push(performance.now() - t0);
							resolve();
						};
						ch.port2.postMessage(0);
					})
				);
			}
			return times;
		},
		{ key, n }
	);
}

/** Open the Review tab from the Label issues tab; ms until the first list rows exist, and until that frame is painted. */
async function openReview(page: Page): Promise<{ dom: number; painted: number }> {
	await page.getByTestId('tab-issues').click();
	await page.getByTestId('num-issues').waitFor();
	return page.evaluate(async () => {
		const t0 = performance.now();
		(document.querySelector('[data-testid="tab-review"]') as HTMLButtonElement).click();
		// Poll with zero-delay messages (finer than frames) until the rows are in the DOM.
		// (No named functions in here: tsx would wrap them in a helper the page does not have.)
		while (!document.querySelector('[data-testid="review-list"] button[data-row]')) await new Promise<void>((r) => {
			const ch = new MessageChannel();
			ch.port1.onmessage = () => r();
			ch.port2.postMessage(0);
		});
		const dom = performance.now() - t0;
		await new Promise<void>((r) =>
			requestAnimationFrame(() => {
				const ch = new MessageChannel();
				ch.port1.onmessage = () => r();
				ch.port2.postMessage(0);
			})
		);
		return { dom, painted: performance.now() - t0 };
	});
}

export async function benchReview() {
	const dir = join('bench', '.data');
	const pq = join(dir, 'bench-1m.parquet');
	if (!existsSync(pq)) {
		mkdirSync(dir, { recursive: true });
		console.log('generating 1,000,000 rows x (label + 10 probabilities + 5 attributes)...');
		writeFileSync(pq, toParquet(syntheticTable(1_000_000)));
	}
	if (!existsSync('build/index.html')) execSync('npx vite build', { stdio: 'inherit' });
	const b = await openBench();
	const page = b.page;
	if (process.env.BENCH_VERBOSE) page.on('console', (m) => console.log(`  [page] ${m.text()}`));
	try {
		await timeLoad(page, [pq]);
		await page.getByTestId('tab-issues').click();
		await page.getByTestId('num-issues').waitFor({ timeout: 300_000 });
		const flagged = Number((await page.getByTestId('num-issues').innerText()).replaceAll(',', ''));
		console.log(`1M rows: ${flagged.toLocaleString('en-US')} flagged examples (default filter: prune_by_noise_rate)`);

		const opens: { dom: number; painted: number }[] = [];
		for (let i = 0; i < 5; i++) opens.push(await openReview(page));
		await page.getByTestId('review-detail').waitFor();
		const rowBefore = Number(await page.getByTestId('review-detail').getAttribute('data-row'));
		const moves = await pressTimes(page, 'ArrowDown', 50);
		const rowAfter = Number(await page.getByTestId('review-detail').getAttribute('data-row'));
		if (rowAfter === rowBefore) throw new Error('ArrowDown did not move to another example');
		const decides = await pressTimes(page, 'a', 30);
		await page.waitForFunction(() => document.querySelector('[data-testid="review-progress"]')?.getAttribute('data-saved') === 'true');
		const reviewed = Number(await page.getByTestId('review-progress').getAttribute('data-reviewed'));

		const exports: number[] = [];
		let bytes = 0;
		for (let i = 0; i < 3; i++) {
			const t0 = performance.now();
			const [d] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.getByRole('button', { name: 'All rows (Parquet)' }).click()]);
			const path = await d.path();
			exports.push(performance.now() - t0);
			bytes = path ? statSync(path).size : 0;
		}

		const f = (x: number) => `${x.toFixed(1)} ms`;
		console.log(`open review workspace -> first rows in the DOM / painted (median of 5)      ${f(median(opens.map((o) => o.dom)))} / ${f(median(opens.map((o) => o.painted)))}`);
		console.log(`next example (ArrowDown) -> frame painted, 50 presses: median / p95 / max    ${f(median(moves))} / ${f(quantile(moves, 0.95))} / ${f(Math.max(...moves))}`);
		console.log(`accept (a) -> frame painted, 30 presses: median / p95 / max                  ${f(median(decides))} / ${f(quantile(decides, 0.95))} / ${f(Math.max(...decides))} (${reviewed} reviewed)`);
		console.log(`export all 1,000,000 rows to Parquet, click -> download (median of 3)        ${(median(exports) / 1000).toFixed(2)} s (${(bytes / 1e6).toFixed(1)} MB)`);
	} finally {
		await b.close();
	}
}
