import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { expect, inject } from 'vitest';

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Session {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	base: string;
	/** Page errors, console errors and requests to any other origin that were not blocked, collected as they happen. */
	readonly faults: string[];
	/** Every request to another origin the browser started (blocked or not, allowed or not), in order. */
	readonly offOriginRequests: string[];
	close(): Promise<void>;
}

/**
 * Start headless Chromium on a fresh profile, watching for page errors and
 * for any request that leaves our origin (Plumb must never send data out).
 */
export async function open(path = '', options: { profile?: string; allowOrigins?: string[]; args?: string[] } = {}): Promise<Session> {
	const base = inject('baseUrl');
	const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(options.args ?? [])];
	let browser: Browser | null = null;
	let context: BrowserContext;
	if (options.profile) {
		// A persistent profile: what the page saved (IndexedDB) is there when it is opened again.
		context = await chromium.launchPersistentContext(options.profile, { executablePath: CHROMIUM, args, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
	} else {
		browser = await chromium.launch({ executablePath: CHROMIUM, args });
		context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
	}
	const page = context.pages()[0] ?? (await context.newPage());
	const faults: string[] = [];
	const origin = new URL(base).origin;
	page.on('pageerror', (e) => faults.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error') faults.push(`console: ${m.text()}`);
	});
	// A request to another origin is a fault unless the Content-Security-Policy stopped it.
	// `allowOrigins`: origins a test serves itself with context.route (nothing leaves the machine) and lets the page reach.
	const offOrigin = new Map<Request, string>();
	const offOriginRequests: string[] = [];
	const allowed = (u: string) => (options.allowOrigins ?? []).some((o) => u.startsWith(`${o}/`));
	context.on('request', (r) => {
		const u = r.url();
		if (u.startsWith(origin) || u.startsWith('blob:') || u.startsWith('data:')) return;
		offOriginRequests.push(u);
		if (!allowed(u)) offOrigin.set(r, u);
	});
	context.on('requestfailed', (r) => {
		const why = r.failure()?.errorText ?? '';
		if (why === 'csp' || why.includes('ERR_BLOCKED_BY_CSP')) offOrigin.delete(r);
	});
	context.on('weberror', (e) => faults.push(`weberror: ${e.error().message}`));
	await page.goto(new URL(path, base).href);
	return {
		browser: browser ?? context.browser()!,
		context,
		page,
		base,
		offOriginRequests,
		get faults() {
			return [...faults, ...[...offOrigin.values()].map((u) => `request to another origin: ${u}`)];
		},
		close: () => (browser ? browser.close() : context.close())
	};
}

/** Close a session, failing the test if the page erred or sent anything to another origin. */
export async function closeClean(s: Session | undefined) {
	const faults = s?.faults ?? [];
	await s?.close();
	expect(faults, 'no page errors and no request to another origin').toEqual([]);
}

/** Drop files on the page's file input, as a user choosing them would. */
export async function chooseFiles(page: Page, files: { name: string; mimeType?: string; buffer: Buffer }[]) {
	await page.getByTestId('file-input').setInputFiles(files.map((f) => ({ mimeType: 'application/octet-stream', ...f })));
}
