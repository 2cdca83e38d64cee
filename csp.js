import { readFileSync } from 'node:fs';

/**
 * Plumb's Content-Security-Policy, in one place: nothing but our own origin,
 * so no dataset byte can leave the browser. `wasm-unsafe-eval` lets
 * DuckDB-wasm and parquet-wasm compile; `blob:`/`data:` serve thumbnails and
 * exports made in the browser. Pages get it as a <meta> tag from SvelteKit
 * (with hashes of its inline bootstrap script); worker scripts and other
 * files get it as a response header (vite preview, and static/_headers for
 * hosts that read that file).
 */
export const CSP_DIRECTIVES = {
	'default-src': ["'self'"],
	'script-src': ["'self'", "'wasm-unsafe-eval'"],
	'worker-src': ["'self'", 'blob:'],
	'connect-src': ["'self'", 'blob:', 'data:'],
	'img-src': ["'self'", 'blob:', 'data:'],
	'style-src': ["'self'", "'unsafe-inline'"],
	'object-src': ["'none'"],
	'base-uri': ["'self'"],
	'form-action': ["'none'"]
};

/**
 * The one page with a different policy: `static/remote-image.html`, the
 * sandboxed frame that shows an image from another origin once the user has
 * allowed that origin for the dataset. Its policy is the one in its own
 * <meta> tag (images from http(s), its one hashed script and style, nothing
 * else) plus `frame-ancestors 'self'`, which only a header can carry. The app's
 * policy above is not widened: the app only frames this page of its own origin.
 */
export const REMOTE_IMAGE_PATH = '/remote-image.html';

/** The remote-image page's policy as a header value, read from the page's <meta> tag. */
export function remoteImageHeader() {
	const html = readFileSync(new URL('./static/remote-image.html', import.meta.url), 'utf8');
	const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
	if (!meta) throw new Error('static/remote-image.html has no Content-Security-Policy meta tag');
	return `${meta}; frame-ancestors 'self'`;
}

/** The policy as a header value. */
export const CSP_HEADER = Object.entries(CSP_DIRECTIVES)
	.map(([k, v]) => `${k} ${v.join(' ')}`)
	.join('; ');

/** SvelteKit's form of the directives (keywords without quotes). */
export const KIT_CSP_DIRECTIVES = Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, v.map((s) => s.replace(/^'(.*)'$/, '$1'))]));

/** A Vite plugin adding the policy header to every non-HTML response of `vite preview` and `vite dev`. */
export function cspHeaders() {
	const remote = remoteImageHeader();
	/** @param {import('vite').Connect.Server} middlewares */
	const add = (middlewares) =>
		middlewares.use((req, res, next) => {
			const path = (req.url ?? '').split(/[?#]/)[0] ?? '';
			if (path === REMOTE_IMAGE_PATH || path === REMOTE_IMAGE_PATH.slice(0, -'.html'.length)) res.setHeader('Content-Security-Policy', remote);
			else if (!path.endsWith('/') && !path.endsWith('.html')) res.setHeader('Content-Security-Policy', CSP_HEADER);
			res.setHeader('X-Content-Type-Options', 'nosniff');
			res.setHeader('Referrer-Policy', 'no-referrer');
			next();
		});
	return {
		name: 'plumb-csp-headers',
		/** @param {import('vite').PreviewServer} server */
		configurePreviewServer(server) {
			add(server.middlewares);
		}
	};
}
