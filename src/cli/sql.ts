import { readFile } from 'node:fs/promises';
import { dialect, DIALECT_NAMES, type Dialect } from '../lib/data/sql/portable/dialect';
import {
	classStatsSql,
	confidentJointSql,
	flaggedRowsSql,
	SQL_FILTER_BY,
	SQL_RANK_BY,
	type PortableLabelTable,
	type SqlFilterBy,
	type SqlRankBy
} from '../lib/data/sql/portable/confident-learning';
import { classStatsFromRows, jointFromRows, pruneCountsFromJoint, type AggregateRow } from '../lib/data/sql/portable/label-issues-from-aggregates';
import { num, str, UsageError, type Args } from './args';
import { slicesQuery, SQL_SLICES_HELP } from './sql-slices';

export const SQL_HELP = `plumb sql: print the audit as portable SQL, to run where the table lives (a warehouse,
Spark, Trino, BigQuery, DuckDB over Parquet); only small results come back

Usage: plumb sql label-issues --table NAME --label COL --prob-columns A,B,C [--row-id COL]
                 [--dialect ${DIALECT_NAMES.join('|')}]
                 [--class-stats PASS1.csv|json [--joint PASS2.csv|json]]
                 [--filter-by M] [--rank-by M] [--min-examples-per-class N] [--frac-noise F]
  --label COL          class index 0..K-1; --prob-columns: the K probability columns in class order
  --row-id COL         a column that names each row and orders ties (recommended; without it
                       ROW_NUMBER() OVER (), deterministic only where the scan order is)
  --class-stats FILE   the result of query 1 (CSV with a header, or a JSON array of rows):
                       prints query 2, which needs the thresholds
  --joint FILE         also the result of query 2: prints query 3, the flagged rows
  --filter-by M        ${SQL_FILTER_BY.join(' | ')} (default prune_by_noise_rate)
  --rank-by M          ${SQL_RANK_BY.join(' | ')} (default self_confidence)

${SQL_SLICES_HELP}`;

/** Rows of a small result file: a JSON array of objects, or CSV with a header (plain numbers). */
export async function readAggregateRows(file: string): Promise<AggregateRow[]> {
	const text = (await readFile(file, 'utf8')).trim();
	if (text.startsWith('[')) {
		const rows: unknown = JSON.parse(text);
		if (!Array.isArray(rows)) throw new UsageError(`${file}: expected a JSON array of rows.`);
		return rows as AggregateRow[];
	}
	const [head, ...lines] = text.split(/\r?\n/);
	const names = (head ?? '').split(',').map((s) => s.trim().replace(/^"|"$/g, '').toLowerCase());
	return lines
		.filter((l) => l.trim() !== '')
		.map((l, i) => {
			const cells = l.split(',');
			if (cells.length !== names.length) throw new UsageError(`${file}, line ${i + 2}: ${cells.length} values for ${names.length} columns.`);
			return Object.fromEntries(names.map((n, c) => [n, Number((cells[c] as string).trim())]));
		});
}

function labelTable(args: Args): PortableLabelTable {
	const table = str(args, 'table');
	const label = str(args, 'label');
	const probs = str(args, 'prob-columns');
	if (!table) throw new UsageError('Name the table with --table NAME (SCHEMA.NAME allowed).');
	if (!label) throw new UsageError('Name the given-label column with --label COL.');
	if (!probs) throw new UsageError('List the probability columns in class order with --prob-columns A,B,C.');
	const probColumns = probs.split(',').map((s) => s.trim());
	if (probColumns.length < 2 || probColumns.some((c) => c === '')) throw new UsageError('--prob-columns needs at least two non-empty column names, separated by commas.');
	return { table, label, probColumns, rowId: str(args, 'row-id') };
}

interface Step {
	what: string;
	feed: string;
	sql: string;
}

function block(n: number, { what, feed, sql }: Step): string {
	return `-- Query ${n}: ${what}\n-- ${feed}\n${sql};\n`;
}

/** The queries of `plumb sql label-issues`, as far as the given results allow. */
export async function labelIssuesQueries(args: Args, d: Dialect): Promise<string[]> {
	return (await labelIssueSteps(args, d)).map((s, i) => block(i + 1, s));
}

/** The steps of `plumb sql label-issues`: query 1; with --class-stats query 2; with --joint too, query 3. */
async function labelIssueSteps(args: Args, d: Dialect): Promise<Step[]> {
	const t = labelTable(args);
	const k = t.probColumns.length;
	const filterBy = (str(args, 'filter-by') ?? 'prune_by_noise_rate') as SqlFilterBy;
	if (!SQL_FILTER_BY.includes(filterBy)) throw new UsageError(`--filter-by must be one of ${SQL_FILTER_BY.join(', ')} in SQL.`);
	const rankBy = (str(args, 'rank-by') ?? 'self_confidence') as SqlRankBy;
	if (!SQL_RANK_BY.includes(rankBy)) throw new UsageError(`--rank-by must be one of ${SQL_RANK_BY.join(', ')} in SQL.`);
	const out: Step[] = [
		{
			what: 'per given label: n (rows given it) and self_sum (sum of its own probability); a row per label.',
			feed: 'Save the result (CSV with header or JSON) and pass it back with --class-stats FILE to get query 2.',
			sql: classStatsSql(d, t)
		}
	];
	const statsFile = str(args, 'class-stats');
	if (!statsFile) return out;
	const stats = classStatsFromRows(await readAggregateRows(statsFile), k);
	out.push({
		what: `the confident joint: one row per (given_label, confident_class) with n and num_issues; at most ${k * k} rows.`,
		feed: 'Save the result and pass it back with --joint FILE (and --class-stats) to get query 3.',
		sql: confidentJointSql(d, t, stats.thresholds)
	});
	const jointFile = str(args, 'joint');
	if (!jointFile) return out;
	const { joint } = jointFromRows(await readAggregateRows(jointFile), k);
	const prune = pruneCountsFromJoint(joint, stats.labelCounts, k, {
		minExamplesPerClass: num(args, 'min-examples-per-class'),
		fracNoise: num(args, 'frac-noise')
	});
	out.push({
		what: `the flagged rows (filter_by=${filterBy}), ranked by ${rankBy}, most likely mislabelled first: issue_rank, row_id, given_label, predicted, confident_class, score.`,
		feed: 'This is the issue list; with queries 1 and 2 it gives the whole confident-learning report.',
		sql: flaggedRowsSql(d, t, stats.thresholds, filterBy, rankBy, prune)
	});
	return out;
}

/** `plumb sql <audit>` */
export async function sqlCommand(args: Args, out: (s: string) => void): Promise<number> {
	const [what, ...extra] = args.positional;
	if (what !== 'label-issues' && what !== 'slices') throw new UsageError('Say which audit: plumb sql label-issues ... or plumb sql slices ... (drift is not written as portable SQL yet).');
	if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}"; the table is named with --table.`);
	let d: Dialect;
	try {
		d = dialect(str(args, 'dialect') ?? 'ansi');
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	if (what === 'label-issues') out((await labelIssuesQueries(args, d)).join('\n'));
	else out(block(1, await slicesStep(args, d)));
	return 0;
}

/** The one query of `plumb sql slices`, with label issues flagged by query 3 when queries 1 and 2 were answered. */
async function slicesStep(args: Args, d: Dialect): Promise<Step> {
	let flagged: string | undefined;
	if (str(args, 'class-stats') || str(args, 'joint')) {
		if (!str(args, 'class-stats') || !str(args, 'joint') || !str(args, 'row-id')) {
			throw new UsageError('To flag label issues in the cube give --row-id, --class-stats and --joint (the results of plumb sql label-issues queries 1 and 2).');
		}
		const steps = await labelIssueSteps(args, d);
		flagged = `SELECT row_id FROM (${steps[2]!.sql}) q`;
	}
	return {
		what: 'the slice cube: g0 (g1) = the --by attributes, label, pred, issue (1/0/NULL), n = rows.',
		feed: 'Save the result as CSV (with header) or Parquet and run: node bin/plumb.js slices --cube FILE --by <the same attributes>.',
		sql: slicesQuery(args, d, flagged)
	};
}
