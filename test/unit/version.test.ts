import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { PLUMB_VERSION } from '../../src/lib/version';

test('the version in reports is the package version', () => {
	expect(PLUMB_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
});
