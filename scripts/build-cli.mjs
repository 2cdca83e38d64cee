#!/usr/bin/env node
// Builds the `plumb` command: src/cli/main.ts -> dist/cli/*.js (ES modules,
// code-split so each command and its dependencies load only when it runs).
// Run by `npm ci` / `npm install` (the `prepare` script) and before the tests.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');
rmSync(outdir, { recursive: true, force: true });
await build({
	absWorkingDir: root,
	entryPoints: { main: 'src/cli/main.ts' },
	outdir,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	// Native and WebAssembly packages stay in node_modules and are imported at run time.
	packages: 'external',
	sourcemap: 'linked',
	legalComments: 'none',
	logLevel: 'warning',
	// The app's tsconfig extends SvelteKit's generated one; the CLI needs none of it.
	tsconfigRaw: { compilerOptions: { target: 'es2022', useDefineForClassFields: true } }
});
