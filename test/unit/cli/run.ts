import { execFile } from 'node:child_process';

/** The built command, as `npm exec plumb` runs it. */
export const PLUMB = 'bin/plumb.js';

/** Run the built `plumb` command as a process; returns exit code, stdout and stderr (without the final newline). */
export function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
	return runWith({}, ...argv);
}

/** {@link run} with extra environment variables. */
export function runWith(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, [PLUMB, ...argv], { env: { ...process.env, ...env }, maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, out: stdout.replace(/\n$/, ''), err: stderr.replace(/\n$/, '') });
		});
	});
}
