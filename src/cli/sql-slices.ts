import type { Dialect } from '../lib/data/sql/portable/dialect';
import { sliceCubePortableSql, type PortablePrediction, type PortableSliceAttr } from '../lib/data/sql/portable/slice-cube';
import { num, str, UsageError, type Args } from './args';

export const SQL_SLICES_HELP = `plumb sql slices: the slice cube as portable SQL; run it where the table lives, save the
result (CSV or Parquet) and give it to plumb slices --cube FILE for every table, rate and test

Usage: plumb sql slices --table NAME --label COL --by A[,B]
                 (--pred COL | --score COL --threshold T [--positive V] [--negative V]
                  | --prob-columns A,B,C [--classes NAME,NAME,...])
                 [--bins 'COL=E1,E2,E3;COL=...'] [--issue-column COL
                  | --row-id COL --class-stats PASS1 --joint PASS2 (from plumb sql label-issues)]
                 [--dialect ansi|duckdb|spark|trino|bigquery]
  --by A,B          one attribute or two; numeric ones need --bins (their edges), else each
                    value is a group
  --positive V      score >= T is class V (default 1), below it --negative (default 0)
  --classes         names of the probability columns' classes (default 0..K-1)
  --issue-column    a column flagging label issues (boolean or 0/1); or give the results of
                    queries 1 and 2 of plumb sql label-issues to flag them in the same query
The result has at most (values of A + 1) x (values of B + 1) x labels x predictions x 3 rows.
`;

/** `--bins 'age=25,35,45;priors_count=1,4'`: edges per column. */
export function parseBins(spec: string | undefined): Map<string, number[]> {
	const out = new Map<string, number[]>();
	if (!spec) return out;
	for (const part of spec.split(';').filter((p) => p.trim() !== '')) {
		const eq = part.indexOf('=');
		const column = part.slice(0, eq).trim();
		const edges = part
			.slice(eq + 1)
			.split(',')
			.map((s) => Number(s.trim()));
		if (eq < 1 || edges.length === 0 || edges.some((e) => !Number.isFinite(e))) {
			throw new UsageError(`--bins: "${part}" is not COL=E1,E2,...; write numbers after the column name, e.g. --bins 'age=25,35,45'.`);
		}
		out.set(column, edges);
	}
	return out;
}

function prediction(args: Args): PortablePrediction {
	const pred = str(args, 'pred');
	const score = str(args, 'score');
	const probs = str(args, 'prob-columns');
	if ([pred, score, probs].filter(Boolean).length > 1) throw new UsageError('Give the predictions one way: --pred, --score with --threshold, or --prob-columns.');
	if (pred) return { kind: 'column', column: pred };
	if (score) {
		const threshold = num(args, 'threshold');
		if (threshold === undefined) throw new UsageError('--score needs --threshold T (score >= T is positive).');
		return { kind: 'score', column: score, threshold, positive: str(args, 'positive') ?? '1', negative: str(args, 'negative') ?? '0' };
	}
	if (probs) {
		const columns = probs.split(',').map((s) => s.trim());
		const classes = str(args, 'classes')?.split(',').map((s) => s.trim());
		if (classes && classes.length !== columns.length) throw new UsageError(`--classes names ${classes.length} classes for ${columns.length} probability columns.`);
		return { kind: 'probs', columns, classNames: classes };
	}
	return { kind: 'none' };
}

/** The cube query of `plumb sql slices`; `flagged`: query 3 of label-issues when its inputs were given. */
export function slicesQuery(args: Args, d: Dialect, flagged?: string): string {
	const table = str(args, 'table');
	const label = str(args, 'label');
	const by = str(args, 'by');
	if (!table) throw new UsageError('Name the table with --table NAME (SCHEMA.NAME allowed).');
	if (!label) throw new UsageError('Name the given-label column with --label COL.');
	if (!by) throw new UsageError('Name the attribute(s) to slice by with --by COL[,COL].');
	const bins = parseBins(str(args, 'bins'));
	const attrs: PortableSliceAttr[] = by.split(',').map((c) => ({ column: c.trim(), ...(bins.has(c.trim()) ? { bins: bins.get(c.trim()) } : {}) }));
	if (attrs.length > 2) throw new UsageError('--by takes one attribute or two (for intersections).');
	const unknown = [...bins.keys()].filter((c) => !attrs.some((a) => a.column === c));
	if (unknown.length) throw new UsageError(`--bins names "${unknown[0]}", which is not in --by.`);
	const rowId = str(args, 'row-id');
	const issueColumn = str(args, 'issue-column');
	if (issueColumn && flagged) throw new UsageError('Give the issue flags one way: --issue-column, or --class-stats with --joint.');
	return sliceCubePortableSql(d, {
		table,
		label,
		prediction: prediction(args),
		by: attrs,
		issueColumn,
		flagged: flagged && rowId ? { sql: flagged, rowId } : undefined
	});
}
