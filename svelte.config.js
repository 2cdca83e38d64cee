import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Content-Security-Policy for every page: nothing but our own origin, so no
 * dataset byte can leave the browser (issue #7). `wasm-unsafe-eval` lets
 * DuckDB-wasm and parquet-wasm compile; `blob:`/`data:` serve thumbnails
 * and exports made in the browser.
 */
const csp = {
	mode: 'hash',
	directives: {
		'default-src': ['self'],
		'script-src': ['self', 'wasm-unsafe-eval'],
		'worker-src': ['self', 'blob:'],
		'connect-src': ['self', 'blob:', 'data:'],
		'img-src': ['self', 'blob:', 'data:'],
		'style-src': ['self', 'unsafe-inline'],
		'object-src': ['none'],
		'base-uri': ['self'],
		'form-action': ['none']
	}
};

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ fallback: undefined }),
		csp
	}
};
