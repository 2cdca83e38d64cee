import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { cspHeaders } from './csp.js';

export default defineConfig({
	plugins: [sveltekit(), cspHeaders()],
	worker: { format: 'es' },
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'parquet-wasm'] },
	build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					// The CLI tests run the built command (dist/cli).
					globalSetup: ['test/unit/cli/build.setup.ts'],
					include: ['test/unit/**/*.test.ts', 'test/parity/**/*.test.ts'],
					environment: 'node',
					// Some tests run the CLI or native DuckDB end to end: seconds, not milliseconds, on a busy 2-core machine.
					testTimeout: 30_000,
					// Hooks load real DuckDB tables: on a busy 2-core machine that can take more than the default 10 s.
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 180_000,
					fileParallelism: false,
					globalSetup: ['test/e2e/global-setup.ts']
				}
			}
		]
	}
});
