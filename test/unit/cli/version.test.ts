import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { run } from './run';

test('plumb --version prints the version of package.json and exits 0', async () => {
	const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
	const r = await run('--version');
	expect(r.code).toBe(0);
	expect(r.out).toBe(pkg.version);
	expect(r.err).toBe('');
});

test('an unknown option or a missing value is a usage error (exit 2) naming the option', async () => {
	const unknown = await run('slices', 'x.csv', '--lable', 'y');
	expect(unknown.code).toBe(2);
	expect(unknown.err).toContain('--lable');
	const missing = await run('slices', 'x.csv', '--label');
	expect(missing.code).toBe(2);
	expect(missing.err).toContain('--label needs a value.');
});
