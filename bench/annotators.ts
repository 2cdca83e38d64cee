/** `npm run bench -- annotators`: the annotators core in Node, then in headless Chromium. */
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './browser';
import { runAnnotatorsBench } from './annotators-core';

function print(title: string, results: Record<string, [number, number]>) {
	const width = Math.max(...Object.keys(results).map((s) => s.length));
	console.log(title);
	for (const [name, [wall, cpu]] of Object.entries(results))
		console.log(`  ${name.padEnd(width)}  ${wall.toFixed(0).padStart(7)} ms${Number.isNaN(cpu) ? '' : `  (CPU ${cpu.toFixed(0)} ms)`}`);
}

export async function benchAnnotators(): Promise<void> {
	print('annotators, 1,000,000 items x 50 annotators, 10 classes (Node, median of 3 after a warm-up)', runAnnotatorsBench());
	const bundle = await build({ entryPoints: ['bench/annotators-browser-entry.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022' });
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
	try {
		const page = await browser.newPage();
		await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
		const results = await page.evaluate(() => (globalThis as unknown as { runAnnotatorsBench: () => Record<string, [number, number]> }).runAnnotatorsBench());
		print('annotators, the same in headless Chromium (median of 3 after a warm-up)', results);
	} finally {
		await browser.close();
	}
}
