import { execFileSync } from 'node:child_process';

/** Build the `plumb` command once before the unit tests, so CLI tests run what users run. */
export default function setup() {
	execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
