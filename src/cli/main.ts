import { NodeDuckDB } from '../lib/data/duckdb-node';
import { AuditSession } from '../lib/data/session';
import { DataError } from '../lib/data/loaders/errors';
import { parseArgs, UsageError, type Args } from './args';
import { readSources } from './sources';
import { driftCommand, DRIFT_HELP } from './drift';
import { reportCommand, REPORT_HELP } from './report';
import { formatOverview } from './format';
import { labelIssuesCommand, LABEL_ISSUES_HELP } from './label-issues';
import { slicesCommand, SLICES_HELP } from './slices';
import { baselineCommand, BASELINE_HELP } from './baseline';

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
  baseline FILE... --label COL --out P.npy
                         Cross-validated probabilities from a logistic regression (no model yet?).
  help                   Show this help.

Options:
  --json                 Print one JSON object instead of text.
  -h, --help             Show this help.
`;

type Command = (args: Args, out: (s: string) => void) => Promise<number>;

/** Open a session over native DuckDB with the given files loaded. */
export async function openSession(paths: string[]): Promise<AuditSession> {
	if (paths.length === 0) throw new UsageError('Give at least one file.');
	const s = new AuditSession(await NodeDuckDB.open());
	await s.load(await readSources(paths));
	return s;
}

const inspect: Command = async (args, out) => {
	const s = await openSession(args.positional);
	try {
		const summary = s.summary!;
		if (args.options.has('json')) out(JSON.stringify({ name: summary.name, fingerprint: summary.fingerprint, warnings: summary.warnings, ...summary.overview }, null, 2));
		else {
			out(formatOverview(summary.name, summary.overview));
			for (const w of summary.warnings) out(`warning: ${w}`);
		}
		return 0;
	} finally {
		s.close();
	}
};

const COMMANDS: Record<string, Command> = {
	inspect,
	'label-issues': (args, out) => labelIssuesCommand(args, out, openSession),
	slices: (args, out) => slicesCommand(args, out, openSession),
	drift: (args, out) => driftCommand(args, out, openSession),
	report: (args, out) => reportCommand(args, out, openSession),
	baseline: (args, out) => baselineCommand(args, out, openSession)
};
const HELPS: Record<string, string> = { 'label-issues': LABEL_ISSUES_HELP, slices: SLICES_HELP, drift: DRIFT_HELP, report: REPORT_HELP, baseline: BASELINE_HELP };

/** Run the CLI; returns the exit code (0 ok, 1 bad data, 2 bad usage). */
export async function main(argv: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === 'help' || name === '--help' || name === '-h') {
		out(HELP);
		return 0;
	}
	const cmd = COMMANDS[name];
	if (!cmd) {
		err(`plumb: unknown command "${name}". Run plumb --help for the list.`);
		return 2;
	}
	try {
		const args = parseArgs(rest, ['json', 'help', 'all', 'baseline']);
		if (args.options.has('help')) {
			out(HELPS[name] ?? HELP);
			return 0;
		}
		return await cmd(args, out);
	} catch (e) {
		if (e instanceof UsageError) {
			err(`plumb ${name}: ${e.message}`);
			return 2;
		}
		if (e instanceof DataError) {
			err(`plumb ${name}: ${e.message}`);
			return 1;
		}
		err(`plumb ${name}: ${(e as Error).message}`);
		return 1;
	}
}
