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
import { median } from './stats';

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
		// One attribute again, each time another one (nothing cached for it): the table alone.
		const warm: number[] = [];
		await b.page.getByTestId('slice-by-1').selectOption('');
		await b.page.waitForFunction(() => document.querySelectorAll('[data-testid="slice-table"]').length === 1, undefined, { timeout: 300_000 });
		for (const attr of ['sex', 'site', 'age', 'brightness']) {
			const before = await b.page.getByTestId('slice-timing').getAttribute('data-tables-ms');
			await b.page.getByTestId('slice-by-0').selectOption(attr);
			await b.page.waitForFunction(
				([a, t]) => document.querySelector('[data-testid="slice-table"]')?.getAttribute('data-attributes') === a && document.querySelector('[data-testid="slice-timing"]')?.getAttribute('data-tables-ms') !== t,
				[attr, before] as const,
				{ timeout: 300_000 }
			);
			warm.push((await timing()).tables);
		}
		// Discovery runs with the first request (after confident learning); later requests reuse it while its inputs stay the same.
		console.log(`1M rows, one-attribute slice table with intervals, first request (Chromium) ${fmt(one.tables)}`);
		console.log(`1M rows, one-attribute slice table with intervals, later requests (Chromium, median of ${warm.length}) ${fmt(median(warm))}`);
		console.log(`1M rows, two-attribute tables (race, sex, race x sex) (Chromium)   ${fmt(two.tables)}`);
		console.log(`1M rows, slice discovery over 5 attributes, error + issue (Chromium) ${fmt(one.discovery)}`);
		console.log(`1M rows, slice discovery again, inputs unchanged (Chromium)        ${fmt(two.discovery)}`);
	} finally {
		await b.close();
	}
}

/**
 * Drift in Chromium: two generated 1M-row x 50-column Parquet files (the
 * tables of bench/drift.ts) loaded as dataset and reference; each load of the
 * reference runs drift. Prints the drift time as the worker measured it
 * (computeDrift) and as the page saw it (request to report), median of 3,
 * with the aggregated paths (default) and with `?drift=exact` (every numeric
 * column read and sorted, the method before aggregation). DRIFT_FORMAT=csv
 * loads CSV files instead (nothing kept at load: the first run reads the
 * numeric columns out of DuckDB, later runs take them from memory).
 */
async function benchDriftBrowser() {
	const dir = join('bench', '.data');
	mkdirSync(dir, { recursive: true });
	const format = process.env.DRIFT_FORMAT === 'csv' ? 'csv' : 'parquet';
	const ref = join(dir, `drift-ref-1m.${format}`);
	const cur = join(dir, `drift-cur-1m.${format}`);
	if (!existsSync(ref) || !existsSync(cur)) {
		console.log(`generating 2 x 1,000,000 rows x 50 columns (${format})...`);
		const { NodeDuckDB } = await import('../src/lib/data/db/duckdb-node');
		const { syntheticTableSql } = await import('./drift');
		const db = await NodeDuckDB.open();
		const write = (sql: string) => (format === 'csv' ? db.exportCsv(sql) : db.exportParquet(sql));
		try {
			await db.exec(syntheticTableSql('reference_dataset', 1_000_000, 1, false));
			writeFileSync(ref, await write('SELECT * FROM reference_dataset'));
			await db.exec(syntheticTableSql('dataset', 1_000_000, 2, true));
			writeFileSync(cur, await write('SELECT * FROM dataset'));
		} finally {
			db.close();
		}
	}
	if (!existsSync('build/index.html')) execSync('npx vite build', { stdio: 'inherit' });
	const runs = Number(process.env.DRIFT_RUNS ?? 3);
	for (const mode of (process.env.DRIFT_MODES ?? 'aggregated,exact').split(',')) {
		const b = await openBench();
		try {
			if (mode === 'exact') await b.page.goto(`${b.base}?drift=exact`);
			const loadMs = await timeLoad(b.page, [cur], 600_000);
			if (process.env.BENCH_VERBOSE) console.log(`  ${mode}: dataset loaded in ${fmt(loadMs)}`);
			await b.page.getByTestId('tab-drift').click();
			const worker: number[] = [];
			const page: number[] = [];
			let paths = '';
			for (let run = 0; run < runs; run++) {
				const ds = b.page.getByTestId('dataset');
				const before = Number(await ds.getAttribute('data-drift-runs'));
				await b.page.getByTestId('reference-input').setInputFiles([ref]);
				await b.page.waitForFunction(
					(n) => Number(document.querySelector('[data-testid="dataset"]')?.getAttribute('data-drift-runs')) > n,
					before,
					{ timeout: 600_000, polling: 100 }
				);
				worker.push(Number(await ds.getAttribute('data-drift-worker-ms')));
				if (process.env.BENCH_VERBOSE) console.log(`  ${mode} run ${run + 1}: worker ${fmt(worker[run]!)}`);
				page.push(Number(await ds.getAttribute('data-drift-ms')));
				paths = (await ds.getAttribute('data-drift-paths')) ?? '';
			}
			const drifted = await b.page.locator('[data-testid="drift-table"] tr.drifted').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-drift-column')));
			console.log(`1M vs 1M rows x 50 columns drift from ${format}, ${mode} (Chromium): worker ${fmt(median(worker))}, page ${fmt(median(page))} (median of ${runs}; worker runs ${worker.map(fmt).join(', ')})`);
			console.log(`  dataset load ${fmt(loadMs)}; numeric paths ${paths}; drifted: ${drifted.join(', ')}`);
			// the same tables again: a threshold set for one column recomputes the comparison
			const again: number[] = [];
			for (let run = 0; run < runs; run++) {
				const ds = b.page.getByTestId('dataset');
				const before = Number(await ds.getAttribute('data-drift-runs'));
				const open = b.page.locator('[data-testid="drift-table"] tr[data-drift-column="t5"]').getByRole('button');
				if ((await open.getAttribute('aria-expanded')) !== 'true') await open.click();
				const form = b.page.getByTestId('drift-override');
				await form.getByLabel('Threshold').fill(String(0.2 + run / 100));
				await form.getByRole('button', { name: 'Recompute with this test' }).click();
				await b.page.waitForFunction(
					(n) => Number(document.querySelector('[data-testid="dataset"]')?.getAttribute('data-drift-runs')) > n,
					before,
					{ timeout: 600_000, polling: 100 }
				);
				again.push(Number(await ds.getAttribute('data-drift-worker-ms')));
				paths = (await ds.getAttribute('data-drift-paths')) ?? '';
			}
			console.log(`  recomputed after a threshold set for one column: worker ${fmt(median(again))} (median of ${runs}; runs ${again.map(fmt).join(', ')}); numeric paths ${paths}`);
		} finally {
			await b.close();
		}
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
if (want('drift') || want('drift-browser')) await benchDriftBrowser();
if (want('annotators')) {
	const { benchAnnotators } = await import('./annotators');
	await benchAnnotators();
}
if (want('checks')) {
	const { benchChecks } = await import('./checks');
	await benchChecks();
}
if (want('cli')) {
	const { benchCli } = await import('./cli');
	await benchCli();
}
if (want('baseline')) {
	const { benchBaseline } = await import('./baseline');
	await benchBaseline();
}
