/**
 * `npm run bench -- grid`: the review workspace with 100,000 flagged rows.
 * Loads a 250,000-row CSV (100,000 labels contradict a confident model, each
 * row has an image path), opens the review grid and list, scrolls each from
 * top to bottom in 200 steps and prints frame times and how many tiles the DOM
 * holds. Figures only; nothing is asserted.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBench, timeLoad } from './browser';
import { quantile as pct } from './stats';

const ROWS = 250_000;
const FLAGGED = 100_000;

function makeCsv(path: string) {
	const lines = ['id,image_path,label,p_0,p_1'];
	for (let i = 0; i < ROWS; i++) {
		const truth = i % 2;
		const label = i < FLAGGED ? 1 - truth : truth; // the first 100,000 contradict the model
		lines.push(`${i},imgs/${truth}/${i}.png,${label},${truth ? 0.04 : 0.96},${truth ? 0.96 : 0.04}`);
	}
	writeFileSync(path, lines.join('\n'));
}


export async function benchReviewGrid() {
	const dir = join('bench', '.data');
	mkdirSync(dir, { recursive: true });
	const csv = join(dir, 'bench-review-100k.csv');
	if (!existsSync(csv)) makeCsv(csv);
	const b = await openBench();
	try {
		await timeLoad(b.page, [csv]);
		await b.page.getByTestId('tab-review').click();
		await b.page.waitForFunction(() => Number(document.querySelector('[data-testid="review-progress"]')?.getAttribute('data-flagged')) > 0, undefined, { timeout: 300_000 });
		const flagged = Number(await b.page.getByTestId('review-progress').getAttribute('data-flagged'));
		for (const layout of ['grid', 'list'] as const) {
			await b.page.getByTestId(`layout-${layout}`).click();
			const selector = layout === 'grid' ? '[data-testid="review-grid"]' : '[data-testid="review-list"]';
			await b.page.locator(selector).waitFor();
			// Scroll top to bottom in 200 jumps, one per animation frame; record each frame's time and the DOM size.
			const r = await b.page.evaluate(async (selector) => {
				const box = document.querySelector(selector) as HTMLElement;
				const frames: number[] = [];
				let maxItems = 0;
				// (No named functions in here: tsx would wrap them in a helper the page does not have.)
				let t = await new Promise<number>((res) => requestAnimationFrame(res));
				for (let k = 0; k <= 200; k++) {
					box.scrollTop = ((box.scrollHeight - box.clientHeight) * k) / 200;
					const now = await new Promise<number>((res) => requestAnimationFrame(res));
					frames.push(now - t);
					t = now;
					maxItems = Math.max(maxItems, box.querySelectorAll('button').length);
				}
				return { frames, maxItems, height: box.scrollHeight };
			}, selector);
			console.log(
				`review ${layout}, ${flagged.toLocaleString('en-US')} flagged: scroll frame median ${pct(r.frames, 0.5).toFixed(1)} ms, p95 ${pct(r.frames, 0.95).toFixed(1)} ms, max ${Math.max(...r.frames).toFixed(1)} ms; at most ${r.maxItems} items in the DOM (scroll height ${r.height} px)`
			);
		}
		// Keyboard: 100 moves with j, time until the selection has moved (grid).
		await b.page.getByTestId('layout-grid').click();
		const t0 = Date.now();
		for (let k = 0; k < 100; k++) await b.page.keyboard.press('j');
		await b.page.waitForFunction(() => document.querySelector('[data-testid="review-grid"] .tile.active')?.getAttribute('data-pos') === '100');
		console.log(`review grid: 100 j presses (through Playwright) took ${Date.now() - t0} ms`);
	} finally {
		await b.close();
	}
}
