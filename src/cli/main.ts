import { PLUMB_VERSION } from '../lib/version';
import { COMMON_FLAGS, parseArgs, UsageError, type Args } from './args';
import type { AuditSession } from '../lib/data/session';
import { stdoutOut, type Out } from './output';

// Only this file, args.ts and output.ts load for `plumb --help` / `--version`: each command's module
// (and native DuckDB, parquet-wasm, the statistics) is imported when that command runs.

const HELP = `plumb: data-quality and bias audits (the same statistics as the app, with native DuckDB)

Usage: plumb <command> [options]

Commands:
  inspect FILE...        Load files as one dataset (a table plus .npy files joined by
                         row order) and print the overview: rows, columns, types, nulls,
                         distinct values, min/max or top values.
  label-issues           Find likely label errors with confident learning (cleanlab's
                         results). plumb label-issues --help for its options.
  slices FILE...         Rates by protected/nuisance groups with intervals and disparities.
                         plumb slices --help for its options.
  drift REF CUR          Column-by-column drift between two datasets (or one split by time).
                         plumb drift --help for its options.
  report FILE... --out F The stakeholder report as one self-contained HTML file.
  annotators FILE        Agreement between annotators, consensus labels (CROWDLAB), which
                         examples to label again. plumb annotators --help for its options.
  checks FILE...         Duplicates, conflicting labels, missingness by group, outliers,
                         leakage, split contamination. plumb checks --help for its options.
  balance FILE...        A validation set balanced over attribute cells (e.g. label x
                         lighting), seeded. plumb balance --help for its options.
  baseline FILE...       No model yet: cross-validated probabilities from a logistic
                         regression (as scikit-learn). plumb baseline --help.
  sql label-issues       Print the audit as portable SQL (ANSI, DuckDB, Spark, Trino,
  sql slices             BigQuery) to run where the table lives. plumb sql --help.
  help                   Show this help.

Options:
  --json                 Print one JSON object instead of text.
  --memory-limit SIZE    DuckDB's memory limit (e.g. 2GB, 50%; default the smaller of 1GB and
                         half the RAM); beyond it DuckDB spills to a temporary folder.
  --quiet                No progress lines on stderr (they show only on a terminal).
  -h, --help             Show this help.
  --version              Print Plumb's version.

CSV and Parquet files are queried where they are by native DuckDB (only the columns a
computation needs are read), so files larger than memory work.
`;

/** A command: parsed arguments in, exit code out. */
export type Command = (args: Args, out: Out, open: (files: string[]) => Promise<AuditSession>) => Promise<number>;

interface CommandModule {
	run: Command;
	help: string;
}

/** Options taking a value that every command reading data accepts. */
const DATA_OPTIONS = ['memory-limit'] as const;

/** Each command: its module, loaded when it runs, and the options that take a value (others are usage errors). */
const COMMANDS: Record<string, { load: () => Promise<CommandModule>; options?: readonly string[]; flags?: readonly string[] }> = {
	inspect: { load: async () => ({ run: (await import('./inspect')).inspectCommand, help: HELP }), options: [] },
	'label-issues': {
		load: async () => {
			const m = await import('./label-issues');
			return { run: m.labelIssuesCommand, help: m.LABEL_ISSUES_HELP };
		},
		options: ['data', 'labels', 'pred-probs', 'label', 'prob-columns', 'filter-by', 'rank-by', 'min-examples-per-class', 'frac-noise', 'top', 'out', 'features', 'folds', 'C', 'class-stats', 'joint', 'issues', 'num-classes'],
		flags: ['baseline']
	},
	slices: {
		load: async () => {
			const m = await import('./slices');
			return { run: m.slicesCommand, help: m.SLICES_HELP };
		},
		options: ['label', 'by', 'pred', 'score', 'threshold', 'prob-columns', 'pred-probs', 'positive', 'reference', 'min-size', 'cube', 'bins']
	},
	drift: {
		load: async () => {
			const m = await import('./drift');
			return { run: m.driftCommand, help: m.DRIFT_HELP };
		},
		options: ['id', 'label', 'pred', 'score', 'time', 'cut']
	},
	report: {
		load: async () => {
			const m = await import('./report');
			return { run: m.reportCommand, help: m.REPORT_HELP };
		},
		options: ['out', 'label', 'pred', 'score', 'threshold', 'prob-columns', 'id', 'time', 'cut', 'protected', 'nuisance', 'by']
	},
	annotators: {
		load: async () => {
			const m = await import('./annotators');
			return { run: (args, out) => m.annotatorsCommand(args, out), help: m.ANNOTATORS_HELP };
		},
		flags: ['long']
	},
	checks: {
		load: async () => {
			const m = await import('./checks');
			return { run: m.checksCommand, help: m.CHECKS_HELP };
		}
	},
	balance: {
		load: async () => {
			const m = await import('./balance');
			return { run: m.balanceCommand, help: m.BALANCE_HELP };
		}
	},
	baseline: {
		load: async () => {
			const m = await import('./baseline');
			return { run: m.baselineCommand, help: m.BASELINE_HELP };
		}
	},
	sql: {
		load: async () => {
			const m = await import('./sql');
			return { run: (args, out) => m.sqlCommand(args, out), help: m.SQL_HELP };
		}
	}
};

/** Open a session over native DuckDB with the given files (CSV/Parquet queried in place). */
export async function openSession(paths: string[], args?: Args): Promise<AuditSession> {
	return (await import('./open')).openSession(paths, args);
}

/** Run the CLI; returns the exit code (0 ok, 1 bad data, 2 bad usage). */
export async function main(argv: string[], out: Out = stdoutOut, err: (s: string) => void = console.error): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === 'help' || name === '--help' || name === '-h') {
		out(HELP);
		return 0;
	}
	if (name === '--version' || name === '-v' || name === 'version') {
		out(PLUMB_VERSION);
		return 0;
	}
	const entry = COMMANDS[name];
	if (!entry) {
		err(`plumb: unknown command "${name}". Run plumb --help for the list.`);
		return 2;
	}
	try {
		const args = parseArgs(rest, [...COMMON_FLAGS, ...(entry.flags ?? [])], entry.options ? [...entry.options, ...DATA_OPTIONS] : undefined);
		const cmd = await entry.load();
		if (args.options.has('help')) {
			out(cmd.help);
			return 0;
		}
		return await cmd.run(args, out, (files) => openSession(files, args));
	} catch (e) {
		if (e instanceof UsageError) {
			err(`plumb ${name}: ${e.message}`);
			return 2;
		}
		err(`plumb ${name}: ${(e as Error).message}`);
		return 1;
	}
}
