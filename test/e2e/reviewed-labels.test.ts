import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { open, type Session, closeClean } from './browser';
import { asLabels, asMatrix, parseNpy } from '../../src/lib/data/load/npy';
import * as parquet from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

const labels = asLabels(parseNpy(readFileSync('static/demo/mnist/labels.npy'), 'labels.npy'), 'labels.npy');
const probs = asMatrix(parseNpy(readFileSync('static/demo/mnist/pred_probs.npy'), 'pred_probs.npy'), 'pred_probs.npy');
/** The model's prediction of each row: argmax of its probabilities. */
const pred = Array.from(labels, (_, i) => {
	let best = 0;
	for (let j = 1; j < probs.k; j++) if (probs.data[i * probs.k + j]! > probs.data[i * probs.k + best]!) best = j;
	return best;
});
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

describe('Use reviewed labels', () => {
	test('MNIST: two accepted suggestions change class counts and the error rate when on, and not when off', async () => {
		s = await open('?demo=mnist&view=review');
		const page = s.page;
		await page.getByTestId('review-detail').waitFor({ timeout: 90_000 });
		// Accept the suggestion on the first two flagged digits, noting their given and suggested labels.
		const accepted: { row: number; given: number; suggested: number }[] = [];
		for (let i = 0; i < 2; i++) {
			const row = Number(await page.getByTestId('review-detail').getAttribute('data-row'));
			const [given, suggested] = (await page.locator(`[data-testid="review-list"] [data-row="${row}"] strong`).allInnerTexts()).map(Number);
			accepted.push({ row, given: given!, suggested: suggested! });
			await page.keyboard.press('a');
			await page.waitForFunction((n) => Number(document.querySelector('[data-testid="review-progress"]')?.getAttribute('data-reviewed')) === n, i + 1);
		}
		expect(accepted.every((a) => a.given === labels[a.row])).toBe(true);
		expect(accepted.every((a) => a.given !== a.suggested)).toBe(true);

		// What the two decisions must do: counts per class, and errors (prediction != label) over all 10,000 rows.
		const given = new Map<number, number>();
		for (const l of labels) given.set(l, (given.get(l) ?? 0) + 1);
		const reviewed = new Map(given);
		for (const a of accepted) {
			reviewed.set(a.given, reviewed.get(a.given)! - 1);
			reviewed.set(a.suggested, (reviewed.get(a.suggested) ?? 0) + 1);
		}
		const errorsGiven = pred.filter((p, i) => p !== labels[i]).length;
		const errorsReviewed = errorsGiven - accepted.filter((a) => pred[a.row] !== a.given).length + accepted.filter((a) => pred[a.row] !== a.suggested).length;
		expect(errorsReviewed).not.toBe(errorsGiven);

		// Label issues page: off by default; turned on, it says what changes and counts classes with the reviewed labels.
		await page.getByTestId('tab-issues').click();
		const toggle = page.getByTestId('use-reviewed');
		expect(await toggle.isChecked()).toBe(false);
		await toggle.check();
		expect(page.url()).toContain('reviewed=1');
		await page.getByTestId('reviewed-status').waitFor({ timeout: 30_000 });
		expect(await page.getByTestId('reviewed-status').getAttribute('data-relabelled')).toBe('2');
		expect(await page.getByTestId('reviewed-status').getAttribute('data-excluded')).toBe('0');
		const counts = await page.locator('[data-testid="reviewed-class-counts"] tbody tr').evaluateAll((trs) =>
			trs.map((tr) => [Number(tr.getAttribute('data-label')), Number(tr.getAttribute('data-given')), Number(tr.getAttribute('data-reviewed'))])
		);
		expect(counts).toEqual([...given.keys()].sort((a, b) => a - b).map((c) => [c, given.get(c), reviewed.get(c)]));
		// Confident learning's own table stays on the labels as given (its flags are what is reviewed).
		for (const a of accepted) {
			const cell = page.locator(`[data-testid="class-summary"] tr[data-class="${a.given}"] td`).nth(1);
			expect(Number((await cell.innerText()).replaceAll(',', ''))).toBe(given.get(a.given));
		}

		// An export made meanwhile keeps every row and its label as given, with the decisions beside them.
		await page.getByTestId('tab-review').click();
		const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'All rows (Parquet)' }).click()]);
		const t = tableFromIPC(parquet.readParquet(new Uint8Array(readFileSync((await dl.path())!))).intoIPCStream());
		expect(t.numRows).toBe(labels.length);
		const col = (name: string) => Array.from({ length: t.numRows }, (_, i) => t.getChild(name)!.get(i));
		expect(col('row').map(Number)).toEqual(Array.from(labels, (_, i) => i));
		expect(col('given_label')).toEqual(Array.from(labels, String));
		const decided = col('review_decision').flatMap((d, i) => (d === null ? [] : [[i, d, t.getChild('corrected_label')!.get(i)]]));
		expect(decided).toEqual(accepted.map((a) => [a.row, 'accept', String(a.suggested)]).sort((x, y) => (x[0] as number) - (y[0] as number)));

		// Slices page: the overall error rate and class balance use the reviewed labels while the toggle is on.
		const overallError = () => page.locator('[data-testid="slice-table"] tr.overall td').nth(3).innerText();
		const overallBalance = () => page.locator('[data-testid="slice-table"] tr.overall td.balance').innerText();
		const balanceText = (m: Map<number, number>) =>
			[...m.keys()]
				.sort((a, b) => a - b)
				.slice(0, 4)
				.map((c) => `${c}: ${pct(m.get(c)! / labels.length)}`)
				.join(' · ');
		await page.getByTestId('tab-slices').click();
		await page.waitForFunction((t) => document.querySelector('[data-testid="slice-table"] tr.overall td:nth-child(4)')?.textContent?.trim() === t, pct(errorsReviewed / labels.length), {
			timeout: 60_000
		});
		expect(await page.getByTestId('use-reviewed').isChecked()).toBe(true);
		expect(await overallBalance()).toBe(balanceText(reviewed));
		// Off again: the labels as given.
		await page.getByTestId('use-reviewed').uncheck();
		await page.waitForFunction((t) => document.querySelector('[data-testid="slice-table"] tr.overall td:nth-child(4)')?.textContent?.trim() === t, pct(errorsGiven / labels.length), {
			timeout: 60_000
		});
		expect(await overallError()).toBe(pct(errorsGiven / labels.length));
		expect(await overallBalance()).toBe(balanceText(given));
		expect(page.url()).not.toContain('reviewed=1');
		expect(await page.getByTestId('reviewed-status').count()).toBe(0);
	});
});
