import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { chooseFiles, closeClean, open, type Session } from './browser';
import { solidPng } from './png';
import { remoteImageHeader } from '../../csp.js';

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

/**
 * A small labelled CSV with an image column: 40 rows whose labels agree with a
 * confident model and, after them, one row per `flagged` value whose label the
 * model contradicts (so exactly those are reviewed). `extra` rows make a
 * different file (another fingerprint) with the same images.
 */
function csv(column: string, flagged: string[], clean: (i: number) => string, extra = 0): Buffer {
	const q = (v: string) => `"${v.replaceAll('"', '""')}"`;
	const lines = [`id,${column},label,p_0,p_1`];
	for (let i = 0; i < 40 + extra; i++) lines.push(`${i},${q(clean(i))},${i % 2},${i % 2 ? 0.05 : 0.95},${i % 2 ? 0.95 : 0.05}`);
	flagged.forEach((v, k) => lines.push(`${1000 + k},${q(v)},${k % 2},${k % 2 ? 0.97 : 0.03},${k % 2 ? 0.03 : 0.97}`));
	return Buffer.from(lines.join('\n'));
}

/** Open the review workspace on a file (roles as suggested) and wait for the flagged rows. */
async function review(page: Session['page'], name: string, data: Buffer, flagged: number) {
	const before = await page.evaluate(() => document.querySelector('[data-testid="dataset"]')?.getAttribute('data-fingerprint') ?? null);
	await chooseFiles(page, [{ name, buffer: data }]);
	// (After a reload or a first load the view may already be the review: wait for the new dataset, not a view.)
	await page.waitForFunction(
		([name, before]) => {
			const d = document.querySelector('[data-testid="dataset"]');
			return d?.querySelector('[data-testid="dataset-name"]')?.textContent === name && d.getAttribute('data-fingerprint') !== before;
		},
		[name, before] as const,
		{ timeout: 60_000 }
	);
	await page.getByTestId('tab-review').click();
	await page.waitForFunction((n) => Number(document.querySelector('[data-testid="review-progress"]')?.getAttribute('data-flagged')) === n, flagged, { timeout: 60_000 });
}

/** naturalWidth of each loaded image under `selector`, keyed by the data-row of its holder. */
async function widths(page: Session['page'], holder: string): Promise<Record<string, number>> {
	return page.evaluate((holder) => {
		const out: Record<string, number> = {};
		for (const el of document.querySelectorAll(holder)) {
			const img = el.querySelector('img');
			if (img && img.complete && img.naturalWidth > 0) out[el.getAttribute('data-row')!] = img.naturalWidth;
		}
		return out;
	}, holder);
}

const HOSTILE = ['<script>window.__pwned = 1</script>.png', '<img src=x onerror="window.__pwned = 2">.png', 'javascript:window.__pwned = 3'];

describe('images from paths in a picked folder', () => {
	test('paths resolve by relative path, path suffix and file name; thumbnails in list and grid; hostile values stay text', async () => {
		// A folder of small PNGs, each of a distinct width, made here.
		const dir = mkdtempSync(join(tmpdir(), 'plumb-images-'));
		const pics = join(dir, 'pics');
		for (const sub of ['cat', 'dog', 'misc']) mkdirSync(join(pics, sub), { recursive: true });
		const files: Record<string, number> = { 'cat/r0.png': 11, 'dog/r1.png': 12, 'misc/r2.png': 13, 'cat/clean.png': 5 };
		for (const [p, w] of Object.entries(files)) writeFileSync(join(pics, p), solidPng(w, 7, [w * 10, 80, 160]));
		const flagged = ['cat/r0.png', '/home/someone/datasets/pics/dog/r1.png', 'C:\\elsewhere\\r2.png', 'missing/r3.png', ...HOSTILE];
		s = await open('');
		const page = s.page;
		// The column is not named like an image column: its values get it the image role.
		await review(page, 'pictures.csv', csv('picture', flagged, () => 'cat/clean.png'), flagged.length);
		expect(new URL(page.url()).searchParams.get('image')).toBe('picture');
		const list = '[data-testid="review-list"] .item';
		await page.locator(`${list}[data-row="43"] .row-image`).waitFor();
		expect(await page.locator(`${list}[data-row="40"] .reason`).innerText()).toBe('choose the image folder');

		await page.getByTestId('image-folder').setInputFiles(pics);
		await expect.poll(() => page.getByTestId('image-folder-name').innerText()).toMatch(/^pics: 4 files/);
		const expected = { '40': 11, '41': 12, '42': 13 };
		await expect.poll(() => widths(page, list)).toEqual(expected);
		expect(await page.locator(`${list}[data-row="43"] .reason`).innerText()).toBe('not in the chosen folder');
		// Thumbnails are blob: URLs of the chosen files.
		const srcs = await page.locator(`${list} img`).evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
		expect(srcs.length).toBe(3);
		for (const src of srcs) expect(src).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
		// How each was found, in the detail pane of the selected row.
		await page.locator(`${list}[data-row="41"]`).click();
		await expect.poll(() => page.getByTestId('image-note').innerText()).toContain('(found in pics by path suffix)');
		// Hostile values: shown as text, nothing runs, no link or frame is made.
		for (const [k, v] of HOSTILE.entries()) expect(await page.locator(`${list}[data-row="${44 + k}"] .value`).innerText()).toBe(v);
		expect(await page.locator(`${list}[data-row="46"] .reason`).innerText()).toMatch(/javascript: URLs are not loaded/);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		expect(await page.locator('[data-testid="review"] script, [data-testid="review"] iframe, a[href^="javascript:"]').count()).toBe(0);

		// The grid shows the same thumbnails, with given -> suggested on each tile.
		await page.getByTestId('layout-grid').click();
		const tiles = '[data-testid="review-grid"] .tile-body';
		await expect.poll(() => widths(page, tiles)).toEqual(expected);
		expect(await page.locator(`${tiles}[data-row="40"] .labels`).innerText()).toBe('0 → 1');
		// Blob URLs of thumbnails no longer shown are revoked: the list's are gone.
		// (Checked from a second tab of ours: fetching a revoked URL logs an error, which the first tab must not have.)
		const other = await s.context.newPage();
		await other.goto(new URL('favicon.svg', s.base).href);
		const revoked = await other.evaluate(async (urls) => {
			const out: boolean[] = [];
			for (const u of urls) out.push(await fetch(u).then(() => false, () => true));
			return out;
		}, srcs);
		expect(revoked).toEqual([true, true, true]);
		await other.close();
	});
});

describe('images at URLs on another origin', () => {
	const HOST = 'https://images.example.test';

	test('nothing is requested before consent; after it images load; consent survives reload for that dataset only; revoking stops it', async () => {
		// Sandboxed frames get processes of their own in current Chromium, and a frame's first
		// request could leave before the test's route reached that process (it then failed on
		// this machine's missing DNS); in one process every request of the frames is routed.
		s = await open('', { allowOrigins: [HOST], args: ['--disable-features=IsolateSandboxedIframes'] });
		const page = s.page;
		const referers: (string | undefined)[] = [];
		await s.context.route(`${HOST}/**`, (route) => {
			referers.push(route.request().headers()['referer']);
			const n = Number(/(\d+)\.png$/.exec(route.request().url())?.[1] ?? 1);
			return route.fulfill({ status: 200, contentType: 'image/png', body: solidPng(20 + n, 9, [200, 40, 40]) });
		});
		const toHost = () => s!.offOriginRequests.filter((u) => u.startsWith(`${HOST}/`));
		const flagged = [0, 1, 2, 3].map((n) => `${HOST}/img/${n}.png`).concat(['javascript:alert(1)']);
		const data = csv('image_url', flagged, (i) => `${HOST}/clean/${100 + i}.png`);
		await review(page, 'remote.csv', data, flagged.length);

		// The frame page is served with its own policy (http(s) images, nothing else), not the app's.
		const frameHeaders = (await page.request.get(new URL('remote-image.html', s.base).href)).headers();
		expect(frameHeaders['content-security-policy']).toBe(remoteImageHeader());
		// Before consent: the URL as text, a button naming the host, and not one request to it.
		const allow = page.getByTestId('allow-remote');
		await allow.waitFor();
		const list = '[data-testid="review-list"] .item';
		await page.locator(`${list}[data-row="43"]`).waitFor();
		await page.waitForTimeout(500);
		expect(toHost()).toEqual([]);
		expect(await page.locator('iframe').count()).toBe(0);
		expect(await allow.innerText()).toBe('Load images from images.example.test');
		expect(await page.locator(`${list}[data-row="42"] .value`).innerText()).toBe(`${HOST}/img/2.png`);

		/** Widths of the images the frames in the list show, by row (waits until each frame has loaded or failed). */
		const frameWidths = async () => {
			const out: Record<string, number> = {};
			for (const el of await page.locator(`${list} iframe`).all()) {
				const row = await el.evaluate((e) => e.closest('[data-row]')!.getAttribute('data-row')!);
				const frame = (await (await el.elementHandle())!.contentFrame())!;
				await frame.waitForFunction(() => !!document.body?.getAttribute('data-state'));
				out[row] = await frame.evaluate(() => (document.body.getAttribute('data-state') === 'loaded' ? document.querySelector('img')!.naturalWidth : -1));
			}
			return out;
		};
		const loaded = { '40': 20, '41': 21, '42': 22, '43': 23 };

		await allow.click();
		await expect.poll(frameWidths, { timeout: 20_000 }).toEqual(loaded);
		expect(toHost().length).toBeGreaterThanOrEqual(4);
		expect(referers.every((r) => r === undefined)).toBe(true);
		// The frames are sandboxed, without the app's origin, and javascript: never becomes one.
		const frames = await page.locator('iframe').evaluateAll((els) => els.map((e) => [e.getAttribute('sandbox'), e.getAttribute('referrerpolicy'), e.getAttribute('src')]));
		for (const [sandbox, referrer, src] of frames) {
			expect(sandbox).toBe('allow-scripts');
			expect(referrer).toBe('no-referrer');
			expect(src).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/remote-image\.html#https%3A%2F%2Fimages\.example\.test%2F/);
		}
		expect(await page.locator(`${list}[data-row="44"] .reason`).innerText()).toMatch(/javascript: URLs are not loaded/);
		expect(await page.locator('a[href^="javascript:"], iframe[src^="javascript:"]').count()).toBe(0);
		// The grid shows them too.
		await page.getByTestId('layout-grid').click();
		await expect.poll(() => page.locator('[data-testid="review-grid"] iframe').count()).toBe(4);
		await page.getByTestId('layout-list').click();

		// Reload and open the same file: still allowed for it.
		await page.reload();
		await review(page, 'remote.csv', data, flagged.length);
		await page.getByTestId('remote-allowed').waitFor();
		await expect.poll(frameWidths, { timeout: 20_000 }).toEqual(loaded);

		// Another dataset (a different file) with the same host: not allowed, nothing requested.
		const before = toHost().length;
		await review(page, 'other.csv', csv('image_url', flagged, (i) => `${HOST}/clean/${100 + i}.png`, 3), flagged.length);
		await allow.waitFor();
		await page.waitForTimeout(500);
		expect(await page.locator('iframe').count()).toBe(0);
		expect(toHost().length).toBe(before);

		// Back to the first: allowed; revoke, and the frames go with no further requests.
		await review(page, 'remote.csv', data, flagged.length);
		await expect.poll(frameWidths, { timeout: 20_000 }).toEqual(loaded);
		await page.getByTestId('revoke-remote').click();
		await allow.waitFor();
		expect(await page.locator('iframe').count()).toBe(0);
		const afterRevoke = toHost().length;
		await page.keyboard.press('j');
		await page.keyboard.press('j');
		await page.waitForTimeout(500);
		expect(toHost().length).toBe(afterRevoke);
		await page.reload();
		await review(page, 'remote.csv', data, flagged.length);
		await allow.waitFor();
		expect(await page.locator('iframe').count()).toBe(0);
		expect(toHost().length).toBe(afterRevoke);
	});
});

describe('grid view', () => {
	test('MNIST: switch to the grid, decide three tiles with the keyboard, the decisions show on the tiles', async () => {
		s = await open('?demo=mnist&view=review');
		const page = s.page;
		await page.getByTestId('review-detail').waitFor({ timeout: 90_000 });
		await page.getByTestId('layout-grid').click();
		const grid = page.getByTestId('review-grid');
		await grid.locator('canvas').first().waitFor();
		const tiles = grid.locator('.tile');
		expect(await tiles.count()).toBe(15);
		expect(await grid.locator('.tile.active').getAttribute('data-pos')).toBe('0');
		const labels = await grid.locator('.tile[data-pos="0"] .labels').innerText();
		expect(labels).toMatch(/^\d → \d$/);
		for (const k of ['a', 'g', '7']) await page.keyboard.press(k);
		const decision = (pos: number) => grid.locator(`.tile[data-pos="${pos}"] .tile-body`).getAttribute('data-decision');
		await expect.poll(() => Promise.all([0, 1, 2, 3].map(decision))).toEqual(['accept', 'keep', 'relabel', '']);
		expect(await grid.locator('.tile[data-pos="2"] .status').innerText()).toBe('relabel 7');
		expect(await grid.locator('.tile.active').getAttribute('data-pos')).toBe('3');
		// Arrows move by a row of tiles; j/k by one; the selected tile is outlined.
		const columns = Number(await grid.getAttribute('data-columns'));
		expect(columns).toBeGreaterThan(1);
		await page.keyboard.press('ArrowDown');
		expect(await grid.locator('.tile.active').getAttribute('data-pos')).toBe(String(Math.min(14, 3 + columns)));
		await page.keyboard.press('k');
		expect(await grid.locator('.tile.active').getAttribute('data-pos')).toBe(String(Math.min(14, 3 + columns) - 1));
		expect(await grid.locator('.tile.active').evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
		// z undoes the last decision and selects its tile.
		await page.keyboard.press('z');
		await expect.poll(() => decision(2)).toBe('');
		expect(await grid.locator('.tile.active').getAttribute('data-pos')).toBe('2');
		await page.waitForFunction(() => document.querySelector('[data-testid="review-progress"]')?.getAttribute('data-saved') === 'true');
	});
});
