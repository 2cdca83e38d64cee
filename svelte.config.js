import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { KIT_CSP_DIRECTIVES } from './csp.js';

/** Content-Security-Policy for every page (see csp.js). */
const csp = { mode: 'hash', directives: KIT_CSP_DIRECTIVES };

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ fallback: undefined }),
		csp
	}
};
