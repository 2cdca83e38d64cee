import { spawn, type ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';

/** Port of the production preview the e2e tests drive (PLUMB_E2E_PORT overrides, for parallel checkouts). */
export const PORT = Number(process.env.PLUMB_E2E_PORT ?? 4179);

let server: ChildProcess | undefined;

/** Serve the production build (`vite build` ran before) with `vite preview`. */
export default async function setup(project: TestProject) {
	server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	let log = '';
	server.stdout?.on('data', (d) => (log += d));
	server.stderr?.on('data', (d) => (log += d));
	const base = `http://127.0.0.1:${PORT}/`;
	for (let i = 0; i < 150; i++) {
		try {
			const r = await fetch(base);
			if (r.ok) break;
		} catch {
			/* not up yet */
		}
		if (server.exitCode !== null) throw new Error(`vite preview exited: ${log}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	project.provide('baseUrl', base);
	return () => {
		if (server?.pid) process.kill(-server.pid, 'SIGTERM');
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
	}
}
