import { parseArgs as parseArgv } from 'node:util';

/** Parsed command line: positional arguments and `--name value` / `--flag` options. */
export interface Args {
	positional: string[];
	options: Map<string, string | true>;
}

/** Boolean options every command takes. */
export const COMMON_FLAGS = ['json', 'help', 'all', 'quiet'] as const;

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
	name = 'UsageError';
}

/**
 * Parse argv with node:util's parseArgs: `--name=value`, `--name value` and
 * boolean `--flag` (the `flags`), `-h` for `--help`. With `values` (the
 * options that take a value), any other option is a usage error; without,
 * every option not in `flags` takes a value (commands that do not declare
 * their options). A value may start with one dash (`--threshold -1`).
 */
export function parseArgs(argv: string[], flags: readonly string[] = [], values?: readonly string[]): Args {
	const valued = new Set(values ?? optionNames(argv).filter((n) => !flags.includes(n)));
	const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
	for (const f of flags) options[f] = { type: 'boolean', ...(f === 'help' ? { short: 'h' } : {}) };
	for (const v of valued) options[v] = { type: 'string' };
	// `--name -1`: a value that starts with one dash, given to an option that takes a value.
	const joined: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i]!;
		const next = argv[i + 1];
		if (a.startsWith('--') && !a.includes('=') && valued.has(a.slice(2)) && next !== undefined && /^-[^-]/.test(next)) {
			joined.push(`${a}=${next}`);
			i++;
		} else joined.push(a);
	}
	let parsed;
	try {
		parsed = parseArgv({ args: joined, options, allowPositionals: true, strict: true });
	} catch (e) {
		throw new UsageError(usageMessage(e as Error & { code?: string }));
	}
	const out = new Map<string, string | true>();
	for (const [k, v] of Object.entries(parsed.values)) {
		if (v === true) out.set(k, true);
		else if (typeof v === 'string') out.set(k, v);
	}
	return { positional: parsed.positionals, options: out };
}

/** The names of the `--name` options on a command line. */
function optionNames(argv: string[]): string[] {
	const names = new Set<string>();
	for (const a of argv) {
		if (a === '--') break;
		if (a.startsWith('--') && a.length > 2) names.add(a.slice(2).split('=')[0]!);
	}
	return [...names];
}

/** node:util's parse errors in today's words. */
function usageMessage(e: Error & { code?: string }): string {
	const name = /'(?:-\w, )?--([^ ']+)/.exec(e.message)?.[1];
	if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name) {
		return /argument missing|ambiguous/.test(e.message) ? `--${name} needs a value.` : `--${name} does not take a value.`;
	}
	if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
		const opt = /Unknown option '([^']+)'/.exec(e.message)?.[1] ?? '';
		return `unknown option ${opt}. Run with --help for the options.`;
	}
	return e.message;
}

export function str(args: Args, name: string): string | undefined {
	const v = args.options.get(name);
	return typeof v === 'string' ? v : undefined;
}

export function num(args: Args, name: string): number | undefined {
	const v = str(args, name);
	if (v === undefined) return undefined;
	const n = Number(v);
	if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${v}".`);
	return n;
}
