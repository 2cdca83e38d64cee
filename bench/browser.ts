/**
 * Drive the production build in headless Chromium for benchmark figures.
 * Starts `vite preview` on a free port (the build must exist).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserBench {
	page: Page;
	base: string;
	close(): Promise<void>;
}

export async function openBench(port = Number(process.env.PLUMB_BENCH_PORT ?? 4191)): Promise<BrowserBench> {
	const server: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
	const base = `http://127.0.0.1:${port}/`;
	for (let i = 0; i < 150; i++) {
		try {
			if ((await fetch(base)).ok) break;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await page.goto(base);
	return {
		page,
		base,
		close: async () => {
			await browser.close();
			if (server.pid) process.kill(-server.pid, 'SIGTERM');
		}
	};
}

/** Load files through the page's file input and return the app's own load time (ms). */
export async function timeLoad(page: Page, paths: string[], timeout = 120_000): Promise<number> {
	const before = await page.getByTestId('dataset').getAttribute('data-fingerprint').catch(() => null);
	await page.getByTestId('file-input').setInputFiles(paths);
	await page.waitForFunction(
		(prev) => {
			const el = document.querySelector('[data-testid="dataset"]');
			return el && el.getAttribute('data-fingerprint') !== prev && el.getAttribute('data-load-ms');
		},
		before,
		{ timeout }
	);
	if (process.env.BENCH_VERBOSE) console.log(await page.getByTestId('dataset').getAttribute('data-timings'));
	return Number(await page.getByTestId('dataset').getAttribute('data-load-ms'));
}
