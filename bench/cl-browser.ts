/** Confident-learning core timed in headless Chromium (bundled with esbuild, run in a blank page). */
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './browser';

export async function benchConfidentLearningBrowser(): Promise<Record<string, number>> {
	const bundle = await build({ entryPoints: ['bench/cl-browser-entry.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022' });
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
	try {
		const page = await browser.newPage();
		await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
		const results = await page.evaluate(() => (globalThis as unknown as { runClBench: () => Record<string, number> }).runClBench());
		const width = Math.max(...Object.keys(results).map((s) => s.length));
		console.log('confident learning (headless Chromium, median of 5 after a warm-up, float32 input)');
		for (const [name, ms] of Object.entries(results)) console.log(`  ${name.padEnd(width)}  ${ms.toFixed(1).padStart(7)} ms`);
		return results;
	} finally {
		await browser.close();
	}
}
