import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { chooseFiles, open, type Session, closeClean } from './browser';

const MNIST = JSON.parse(readFileSync('test/fixtures/golden/cleanlab/mnist.expected.json', 'utf8'));

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

/** Parse a small RFC 4180 CSV (quoted fields, CRLF or LF). */
function parseCsv(text: string): Record<string, string>[] {
	const rows: string[][] = [];
	let field = '';
	let row: string[] = [];
	let q = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (q) {
			if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') q = false;
			else field += c;
		} else if (c === '"') q = true;
		else if (c === ',') row.push(field), (field = '');
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field), rows.push(row), (row = []), (field = '');
		} else field += c;
	}
	if (field || row.length) row.push(field), rows.push(row);
	const [header, ...body] = rows;
	return body.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j] ?? ''])));
}

/** Wait until `n` rows are reviewed and every decision is committed to IndexedDB. */
async function reviewed(page: Session['page'], n: number) {
	await page.waitForFunction((n) => {
		const el = document.querySelector('[data-testid="review-progress"]');
		return Number(el?.getAttribute('data-reviewed')) === n && el?.getAttribute('data-saved') === 'true';
	}, n);
}

async function progress(page: Session['page']) {
	const el = page.getByTestId('review-progress');
	return { reviewed: Number(await el.getAttribute('data-reviewed')), flagged: Number(await el.getAttribute('data-flagged')) };
}

async function download(page: Session['page'], testId: string): Promise<string> {
	const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
	return readFileSync((await d.path())!, 'utf8');
}

describe('review workspace', () => {
	test('MNIST: review ten with the keyboard, reload, export: the decisions match, and survive a killed tab', async () => {
		const profile = mkdtempSync(join(tmpdir(), 'plumb-profile-'));
		s = await open('?demo=mnist&view=review', { profile });
		const page = s.page;
		await page.getByTestId('review-detail').waitFor({ timeout: 90_000 });
		// The flagged digits are shown as images.
		await page.locator('[data-testid="review-list"] canvas').first().waitFor();
		expect(await progress(page)).toEqual({ reviewed: 0, flagged: 15 });
		// a accept, g keep, u unsure, x exclude, digit relabel; z undoes the last one.
		const keys = ['a', 'a', 'g', 'u', 'x', 'a', '7', 'g', 'a', 'x', 'z', 'a'];
		const expected = new Map<number, string>();
		const order: number[] = MNIST.ranked_by.self_confidence;
		let pos = 0;
		for (const k of keys) {
			const before = pos;
			await page.keyboard.press(k);
			if (k === 'z') {
				pos -= 1;
				expected.delete(order[pos]!);
			} else {
				expected.set(order[before]!, { a: 'accept', g: 'keep', u: 'unsure', x: 'exclude', '7': 'relabel' }[k]!);
				pos += 1;
			}
			await reviewed(page, expected.size);
		}
		expect(expected.size).toBe(10);
		// Reload: the decisions come back from IndexedDB.
		await page.reload();
		await page.getByTestId('review-detail').waitFor({ timeout: 90_000 });
		await reviewed(page, 10);
		// Export the flagged rows: the decisions in the file are the ones made.
		const rows = parseCsv(await download(page, 'export-flagged-csv'));
		expect(rows.map((r) => Number(r.row)).sort((a, b) => a - b)).toEqual([...MNIST.label_issues.prune_by_noise_rate]);
		for (const r of rows) expect(r.review_decision).toBe(expected.get(Number(r.row)) ?? '');
		const relabelled = rows.find((r) => r.review_decision === 'relabel')!;
		expect(relabelled.corrected_label).toBe('7');
		expect(rows.every((r) => r.is_label_issue === 'true')).toBe(true);
		// Decisions alone, then clear, then import: the same decisions again (round trip).
		const decisionsCsv = await download(page, 'export-decisions');
		expect(parseCsv(decisionsCsv).map((r) => [Number(r.row), r.decision])).toEqual([...expected].sort((a, b) => a[0] - b[0]));
		page.once('dialog', (d) => d.accept());
		await page.getByRole('button', { name: 'Clear all decisions…' }).click();
		await reviewed(page, 0);
		await page.getByTestId('import-decisions').setInputFiles({ name: 'decisions.csv', mimeType: 'text/csv', buffer: Buffer.from(decisionsCsv) });
		await reviewed(page, 10);
		const again = await download(page, 'export-decisions');
		expect(parseCsv(again).map((r) => [r.row, r.decision, r.corrected_label])).toEqual(parseCsv(decisionsCsv).map((r) => [r.row, r.decision, r.corrected_label]));
		// One more decision, then the browser is killed without warning; reopening restores it.
		await page.keyboard.press('End');
		await page.getByTestId('review-status').selectOption('todo');
		await page.keyboard.press('g');
		await reviewed(page, 11);
		const faults = s.faults;
		await s.context.close(); // no beforeunload, no chance to flush: what was acknowledged must be on disk
		s = await open('?demo=mnist&view=review', { profile });
		await s.page.getByTestId('review-detail').waitFor({ timeout: 90_000 });
		await reviewed(s.page, 11);
		expect(faults).toEqual([]);
	});

	test('text holding HTML or script is shown as text, never run', async () => {
		s = await open('');
		const lines = ['id,text,label,p_0,p_1'];
		for (let i = 0; i < 60; i++) lines.push(`${i},plain ${i},${i % 2},${i % 2 ? 0.1 : 0.9},${i % 2 ? 0.9 : 0.1}`);
		// Two rows whose label disagrees with a confident model: flagged, so they are reviewed.
		lines.push('60,"<script>window.__pwned = 1</script>",0,0.02,0.98');
		lines.push('61,"<img src=x onerror=""window.__pwned = 2"">",1,0.99,0.01');
		await chooseFiles(s.page, [{ name: 'texts.csv', buffer: Buffer.from(lines.join('\n')) }]);
		await s.page.getByTestId('overview-table').waitFor();
		await s.page.goto(new URL(`?label=label&pred_probs=p_0,p_1&text=text&id=id&view=review`, s.base).href);
		// A link alone does not bring the file back (nothing is uploaded anywhere): load it again with the roles in the URL.
		await chooseFiles(s.page, [{ name: 'texts.csv', buffer: Buffer.from(lines.join('\n')) }]);
		const detail = s.page.getByTestId('review-detail');
		await detail.waitFor({ timeout: 60_000 });
		const texts: string[] = [];
		for (let i = 0; i < 2; i++) {
			await s.page.getByTestId('review-text').waitFor();
			texts.push(await s.page.getByTestId('review-text').locator('p').innerText());
			await s.page.keyboard.press('j');
		}
		expect(texts.sort()).toEqual(['<img src=x onerror="window.__pwned = 2">', '<script>window.__pwned = 1</script>']);
		expect(await s.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		expect(await s.page.locator('[data-testid="review-detail"] script, [data-testid="review-detail"] img').count()).toBe(0);
	});

	test('rows without a label are listed for labelling, most uncertain first, and the measure can be changed', async () => {
		s = await open('');
		const lines = ['id,label,p_0,p_1'];
		for (let i = 0; i < 40; i++) lines.push(`${i},${i % 2},${i % 2 ? 0.1 : 0.9},${i % 2 ? 0.9 : 0.1}`);
		lines.push('40,1,0.98,0.02'); // one clear label error, so there is something to review
		for (const [i, p] of [[41, 0.99], [42, 0.5], [43, 0.9], [44, 0.6]] as const) lines.push(`${i},,${p},${1 - p}`);
		await chooseFiles(s.page, [{ name: 'partly-labelled.csv', buffer: Buffer.from(lines.join('\n')) }]);
		await s.page.getByTestId('overview-table').waitFor();
		await s.page.getByTestId('tab-review').click();
		const list = s.page.getByTestId('to-label');
		await list.waitFor({ timeout: 60_000 });
		const order = () => list.locator('li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-row'))));
		expect(await order()).toEqual([42, 44, 43, 41]);
		await s.page.getByTestId('uncertainty-by').selectOption('margin');
		expect(await order()).toEqual([42, 44, 43, 41]);
	});

	test('a damaged store is detected and reported, and the intact decisions are kept', async () => {
		s = await open('?demo=mnist&view=review');
		const page = s.page;
		await page.getByTestId('review-detail').waitFor({ timeout: 90_000 });
		for (const k of ['a', 'g', 'u']) await page.keyboard.press(k);
		await reviewed(page, 3);
		// Damage it as a bad extension or a disk fault might: one record overwritten with garbage.
		const fingerprint = await page.getByTestId('dataset').getAttribute('data-fingerprint');
		await page.evaluate(
			(fp) =>
				new Promise<void>((resolve, reject) => {
					const req = indexedDB.open('plumb');
					req.onsuccess = () => {
						const tx = req.result.transaction('decisions', 'readwrite');
						tx.objectStore('decisions').put({ fingerprint: fp, row: 947, kind: 'garbage', label: 42, at: 'yesterday' });
						tx.oncomplete = () => (req.result.close(), resolve());
						tx.onerror = () => reject(tx.error);
					};
					req.onerror = () => reject(req.error);
				}),
			fingerprint
		);
		await page.reload();
		await page.getByTestId('review-detail').waitFor({ timeout: 90_000 });
		const notices = await page.getByTestId('review-notice').allInnerTexts();
		expect(notices.join(' ')).toMatch(/947/);
		// The other two decisions are still there.
		await reviewed(page, 2);
	});
});
