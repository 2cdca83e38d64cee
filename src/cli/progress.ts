import type { StageHook } from '../lib/data/native/open';

/** Progress shown after this long on one step. */
const SHOW_AFTER_MS = 1000;

export interface Progress extends StageHook {
	/** The work is over: clear the progress line. */
	done(): void;
}

/**
 * Progress on stderr: the current step and the seconds it has taken, on one
 * line rewritten in place, once the work has taken over a second; only when
 * stderr is a terminal and --quiet is not given. PLUMB_TRACE=1 prints every
 * step as it starts instead (for tests and the curious).
 */
export function progressOnStderr(quiet: boolean): Progress {
	const trace = !!process.env.PLUMB_TRACE;
	const live = !quiet && !trace && !!process.stderr.isTTY;
	const start = Date.now();
	let stage = '';
	let stageStart = start;
	let shown = false;
	const draw = () => {
		if (!stage || Date.now() - start < SHOW_AFTER_MS) return;
		const line = `plumb: ${stage}… ${((Date.now() - stageStart) / 1000).toFixed(0)} s (${((Date.now() - start) / 1000).toFixed(0)} s in all)`;
		process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 80) - 1)}`);
		shown = true;
	};
	const timer = live ? setInterval(draw, 500) : null;
	timer?.unref();
	const hook = ((name: string, detail?: string) => {
		stage = `${name.replace(/^(check|scan) /, '')}${detail ? ` (${detail})` : ''}`;
		stageStart = Date.now();
		if (trace) process.stderr.write(`plumb trace: ${name}${detail ? ` (${detail})` : ''} at ${((Date.now() - start) / 1000).toFixed(2)} s\n`);
		if (live) draw();
	}) as Progress;
	hook.done = () => {
		if (timer) clearInterval(timer);
		if (shown) process.stderr.write('\r\x1b[2K');
		shown = false;
		stage = '';
	};
	return hook;
}
