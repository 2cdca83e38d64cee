/** Parsed command line: positional arguments and `--name value` / `--flag` options. */
export interface Args {
	positional: string[];
	options: Map<string, string | true>;
}

/** Parse argv; `--name=value`, `--name value` and boolean `--flag` (when listed in `flags`). */
export function parseArgs(argv: string[], flags: readonly string[] = []): Args {
	const positional: string[] = [];
	const options = new Map<string, string | true>();
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i]!;
		if (a.startsWith('--')) {
			const eq = a.indexOf('=');
			const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
			if (eq > 0) options.set(name, a.slice(eq + 1));
			else if (flags.includes(name)) options.set(name, true);
			else {
				const v = argv[i + 1];
				if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
				options.set(name, v);
				i++;
			}
		} else positional.push(a);
	}
	return { positional, options };
}

/** A mistake in how the command was called (exit code 2). */
export class UsageError extends Error {
	name = 'UsageError';
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
