/**
 * `npm run bench`: prints performance figures (never asserted in tests).
 * Node figures use the core directly; browser figures drive the production
 * build in headless Chromium (run `npm run build` first, or let this do it).
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticTable, toCsv, toParquet } from './generate';
import { openBench, timeLoad } from './browser';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

async function benchLoad() {
	const dir = join('bench', '.data');
	mkdirSync(dir, { recursive: true });
	const pq = join(dir, 'bench-1m.parquet');
	const csv = join(dir, 'bench-1m.csv');
	if (!existsSync(pq) || !existsSync(csv)) {
		console.log('generating 1,000,000 rows x (label + 10 probabilities + 5 attributes)...');
		const t = syntheticTable(1_000_000);
		writeFileSync(pq, toParquet(t));
		writeFileSync(csv, toCsv(t));
	}
	if (!existsSync('build/index.html')) execSync('npx vite build', { stdio: 'inherit' });
	const b = await openBench();
	try {
		const rows: [string, number][] = [];
		for (const [name, path] of [
			['1M-row Parquet: load + overview (Chromium)', pq],
			['1M-row CSV: load + overview (Chromium)', csv]
		] as const) {
			const times: number[] = [];
			for (let i = 0; i < 3; i++) {
				await b.page.reload();
				times.push(await timeLoad(b.page, [path]));
			}
			rows.push([name, median(times)]);
		}
		for (const [name, ms] of rows) console.log(`${name.padEnd(48)} ${fmt(ms)} (median of 3)`);
	} finally {
		await b.close();
	}
}

/** Slice tables and discovery on the 1M-row table in Chromium, timed by the worker (after load and confident learning). */
async function benchSlices() {
	const pq = join('bench', '.data', 'bench-1m.parquet');
	if (!existsSync(pq)) await benchLoad();
	const b = await openBench();
	try {
		await timeLoad(b.page, [pq]);
		const timing = async () => {
			const el = b.page.getByTestId('slice-timing');
			return { tables: Number(await el.getAttribute('data-tables-ms')), discovery: Number(await el.getAttribute('data-discovery-ms')) };
		};
		await b.page.getByTestId('tab-slices').click();
		await b.page.getByTestId('slice-timing').waitFor({ timeout: 300_000 });
		const one = await timing();
		await b.page.getByTestId('slice-by-0').selectOption('race');
		await b.page.waitForTimeout(200);
		await b.page.getByTestId('slice-by-1').selectOption('sex');
		await b.page.waitForFunction(() => document.querySelectorAll('[data-testid="slice-table"]').length === 3, undefined, { timeout: 300_000 });
		const two = await timing();
		// Discovery runs with the first request (after confident learning); later requests reuse it while its inputs stay the same.
		console.log(`1M rows, one-attribute slice table with intervals (Chromium)      ${fmt(one.tables)}`);
		console.log(`1M rows, two-attribute tables (race, sex, race x sex) (Chromium)   ${fmt(two.tables)}`);
		console.log(`1M rows, slice discovery over 5 attributes, error + issue (Chromium) ${fmt(one.discovery)}`);
		console.log(`1M rows, slice discovery again, inputs unchanged (Chromium)        ${fmt(two.discovery)}`);
	} finally {
		await b.close();
	}
}

if (want('load')) await benchLoad();
if (want('slices')) await benchSlices();
if (want('cl')) {
	const { benchConfidentLearning } = await import('./confident-learning');
	await benchConfidentLearning();
	const { benchConfidentLearningBrowser } = await import('./cl-browser');
	await benchConfidentLearningBrowser();
}
if (want('grid')) {
	const { benchReviewGrid } = await import('./review-grid');
	await benchReviewGrid();
}
if (want('review')) {
	const { benchReview } = await import('./review');
	await benchReview();
}
if (want('drift')) {
	const { benchDrift } = await import('./drift');
	await benchDrift();
}
