import { afterEach, expect, test } from 'vitest';
import { chooseFiles, open, type Session, closeClean } from './browser';
import { encodeNpy } from '../../src/lib/data/load/npy';
import { syntheticProbs } from '../../bench/synthetic';

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

test('the page keeps responding while a 1,000,000-row audit runs in the worker', async () => {
	const n = 1_000_000;
	const k = 4;
	const { labels, probs } = syntheticProbs(n, k);
	s = await open('?view=issues&label=label');
	await chooseFiles(s.page, [
		{ name: 'labels.npy', buffer: Buffer.from(encodeNpy(labels, [n], '<i4')) },
		{ name: 'pred_probs.npy', buffer: Buffer.from(encodeNpy(probs, [n, k], '<f4')) }
	]);
	// While the worker loads and runs confident learning, the main thread's event loop keeps turning:
	// the longest gap between timer ticks stays far below what a person notices.
	const longestGap = await s.page.evaluate(async () => {
		let last = performance.now();
		let worst = 0;
		const done = () => document.querySelector('[data-testid="num-issues"]') !== null;
		while (!done()) {
			await new Promise((r) => setTimeout(r, 10));
			const now = performance.now();
			worst = Math.max(worst, now - last);
			last = now;
		}
		return worst;
	});
	expect(longestGap).toBeLessThan(500);
	// And it reacts to clicks once the result is in, with the audit intact.
	await s.page.getByTestId('tab-overview').click();
	expect(await s.page.getByTestId('overview-rows').innerText()).toBe('1,000,000');
	await s.page.getByTestId('tab-issues').click();
	expect(Number((await s.page.getByTestId('num-issues').innerText()).replaceAll(',', ''))).toBeGreaterThan(0);
});
