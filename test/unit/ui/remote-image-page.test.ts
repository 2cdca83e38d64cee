import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CSP_HEADER, remoteImageHeader } from '../../../csp.js';

const html = readFileSync('static/remote-image.html', 'utf8');
const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

/** Directive -> sources of a policy string. */
function directives(policy: string): Map<string, string[]> {
	return new Map(
		policy
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([k, ...v]) => [k!, v])
	);
}

describe('the remote-image frame page', () => {
	const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
	const policy = directives(meta);

	test('its policy allows only http(s) images plus its own hashed script and style', () => {
		const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
		const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
		expect(scripts).toHaveLength(1);
		expect(styles).toHaveLength(1);
		expect(policy.get('default-src')).toEqual(["'none'"]);
		expect(policy.get('img-src')).toEqual(['https:', 'http:']);
		expect(policy.get('script-src')).toEqual([sha(scripts[0]!)]);
		expect(policy.get('style-src')).toEqual([sha(styles[0]!)]);
		expect(meta).not.toMatch(/unsafe|connect-src|frame-src|\*/);
		expect(html.replace(/<!--[\s\S]*?-->/g, '')).not.toMatch(/<script[^>]*src=|<link|<iframe/);
	});

	test('its script takes the URL from the fragment and accepts only http(s)', () => {
		const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
		expect(script).toContain('location.hash');
		expect(script).toMatch(/url\.protocol !== 'https:' && url\.protocol !== 'http:'/);
		expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval|Function\(|fetch|XMLHttpRequest|postMessage/);
	});

	test('the header policy (vite preview, static/_headers) is its own, not the app policy', () => {
		const header = remoteImageHeader();
		expect(header).toBe(`${meta}; frame-ancestors 'self'`);
		const headers = readFileSync('static/_headers', 'utf8');
		for (const path of ['/remote-image.html', '/remote-image']) {
			const start = headers.split('\n').indexOf(path);
			expect(start, path).toBeGreaterThan(0);
			const block = headers.split('\n').slice(start + 1).join('\n');
			expect(/^((?:[ \t]+.*\n?)+)/.exec(block)?.[1] ?? '').toContain(`Content-Security-Policy: ${header}\n`);
		}
		// The app's policy is unchanged: images only from itself, blob: and data:, and frames only from itself.
		expect(directives(CSP_HEADER).get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
		expect(directives(CSP_HEADER).get('default-src')).toEqual(["'self'"]);
		expect(directives(CSP_HEADER).has('frame-src')).toBe(false);
	});
});
