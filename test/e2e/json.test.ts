import { afterEach, expect, test } from 'vitest';
import { chooseFiles, open, type Session, closeClean } from './browser';

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

test('JSON and NDJSON load in the browser under the Content-Security-Policy (no eval)', async () => {
	s = await open('');
	const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, group: i % 5 === 0 ? null : ['a', 'b'][i % 2], score: i / 10, ok: i % 3 === 0, probs: [0.25, 0.75] }));
	await chooseFiles(s.page, [{ name: 'rows.json', buffer: Buffer.from(JSON.stringify(rows)) }]);
	await s.page.getByTestId('overview-table').waitFor({ timeout: 60_000 });
	expect(await s.page.getByTestId('overview-rows').innerText()).toBe('50');
	expect(await s.page.locator('tr[data-column="group"] [data-field="nulls"]').innerText()).toBe('10');
	await chooseFiles(s.page, [{ name: 'rows.ndjson', buffer: Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n')) }]);
	await s.page.waitForFunction(() => document.querySelector('[data-testid="dataset-name"]')?.textContent === 'rows.ndjson');
	expect(await s.page.locator('tr[data-column="score"] [data-field="max"]').innerText()).toBe('4.9');
});
