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

if (want('load')) await benchLoad();
if (want('cl')) {
	const { benchConfidentLearning } = await import('./confident-learning');
	await benchConfidentLearning();
	const { benchConfidentLearningBrowser } = await import('./cl-browser');
	await benchConfidentLearningBrowser();
}
if (want('drift')) {
	const { benchDrift } = await import('./drift');
	await benchDrift();
}
