#!/usr/bin/env node
// The `plumb` command: runs the JavaScript built from src/cli by
// scripts/build-cli.mjs (`npm ci` / `npm install` run it; so does `npm run build:cli`).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(built)) {
	console.error('plumb: the command is not built yet. Run `npm run build:cli` (npm ci and npm install do it).');
	process.exit(1);
}
const { main } = await import(built.href);
process.exitCode = await main(process.argv.slice(2));
