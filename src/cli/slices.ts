import type { SliceTable } from '../lib/core/slices';
import type { Roles } from '../lib/data/roles';
import { checkLabelClasses, checkTwoClassLabel, requireColumns } from '../lib/data/native/prechecks';
import { ensureRows, readProbColumns } from '../lib/data/native/open';
import { matchColumns } from './label-issues';
import { num, str, UsageError, type Args } from './args';
import { textTable } from './format';
import { openDataset } from './open';
import type { Out } from './output';

export const SLICES_HELP = `plumb slices: error rates, label-issue rates and class balance by group, with 95% Wilson
intervals and disparities against a reference group

Usage: plumb slices FILE... --label COL (--pred COL | --score COL --threshold T | --prob-columns PATTERN [--positive V])
                   --by COL[,COL] [--reference VALUE] [--min-size N] [--json]
  --by A,B       one attribute, or two for their intersections (numeric ones are binned by quartiles)
  --positive V   the positive class of a binary task (default 1 / true / yes, else the second class)
  --reference V  reference group (default: the largest)
  --min-size N   groups below N rows are shown but never flagged (default 30)

       plumb slices --cube CUBE.csv|parquet --by COL[,COL] [--bins 'COL=E1,E2'] [--positive V] [...]
  --cube FILE    the result of plumb sql slices, run where the data lives: the same tables
`;

/** `plumb slices` */
export async function slicesCommand(args: Args, out: Out): Promise<number> {
	if (str(args, 'cube')) return (await import('./slices-cube')).slicesFromCubeCommand(args, out);
	const label = str(args, 'label');
	const by = str(args, 'by');
	if (!label) throw new UsageError('Name the given-label column with --label COL.');
	if (!by) throw new UsageError('Name the attribute(s) to slice by with --by COL[,COL].');
	const pred = str(args, 'pred');
	const score = str(args, 'score');
	const threshold = num(args, 'threshold');
	const pattern = str(args, 'prob-columns');
	if (score && threshold === undefined) throw new UsageError('--score needs --threshold T (score >= T is positive).');
	if (!pred && !score && !pattern && !str(args, 'pred-probs')) throw new UsageError('Give the predictions: --pred COL, --score COL --threshold T, or --prob-columns PATTERN.');
	const attrs = by.split(',').map((s) => s.trim());
	if (attrs.length > 2) throw new UsageError('--by takes one attribute or two (for intersections).');
	const files = [...args.positional, str(args, 'pred-probs')].filter((f): f is string => !!f);
	const d = await openDataset(files, args);
	const s = d.session;
	try {
		const columns = s.columns.map((c) => c.name);
		const roles: Roles = {
			label,
			predLabel: pred,
			score,
			threshold,
			predProbs: pattern ? matchColumns(pattern, columns) : undefined,
			protected: attrs,
			nuisance: []
		};
		const reference = str(args, 'reference');
		// Checks before any pass over the data: the columns exist; the label fits the predictions.
		requireColumns(s, [label, pred, score, ...attrs, ...(roles.predProbs ?? [])]);
		const k = roles.predProbs?.length ?? s.probs?.k;
		if (k) await checkLabelClasses(s, label, k, roles.predProbs ?? null, d.progress);
		// (as AuditSession.slices: a score with a threshold, or a predicted label with no --positive, is a binary task)
		let positive = str(args, 'positive');
		if (!k && ((score && threshold !== undefined && !pred) || (pred && positive === undefined))) positive = (await checkTwoClassLabel(s, label, positive, d.progress)).positive;
		if (d.plan) {
			await ensureRows(s, d.plan, d.progress);
			if (roles.predProbs) await readProbColumns(s, roles.predProbs, d.progress);
		}
		d.progress('scan slice tables', attrs.join(' x '));
		const result = await s.slices(roles, { by: attrs, positive, reference, minSize: num(args, 'min-size'), discover: false });
		const tables = result.report?.tables ?? [];
		if (args.options.has('json')) out(JSON.stringify({ positive: result.positive, tables: tables.map(tableJson) }, null, 1));
		else out(tables.map(formatTable).join('\n\n'));
		return 0;
	} finally {
		d.progress.done();
		s.close();
	}
}

/** One slice table as JSON rows per group: counts, every rate with its interval, disparities. */
export function tableJson(t: SliceTable) {
	return {
		attributes: t.attributes,
		binary: t.binary,
		positive: t.positive,
		reference: t.groups.find((g) => g.isReference)?.values ?? null,
		min_size: t.minSize,
		groups: t.groups.map((g) => ({
			group: g.values,
			label: g.label,
			n: g.n,
			share: g.share,
			...(g.confusion ? { tp: g.confusion.tp, fp: g.confusion.fp, tn: g.confusion.tn, fn: g.confusion.fn } : {}),
			reference: g.isReference,
			small: g.small,
			flagged: g.flagged,
			rates: Object.fromEntries(Object.entries(g.rates).filter(([, r]) => r !== null)),
			disparity: Object.fromEntries(Object.entries(g.disparity).filter(([, d]) => d !== null)),
			four_fifths: g.fourFifths,
			equalized_odds_difference: g.equalizedOddsDifference,
			tests: g.tests,
			class_balance: g.classBalance
		})),
		overall: t.overall
	};
}

export function formatTable(t: SliceTable): string {
	const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `${(100 * x).toFixed(2)}%`);
	const rates = (['errorRate', 'issueRate', 'fpr', 'fnr', 'selectionRate'] as const).filter((r) => t.groups.some((g) => g.rates[r]));
	const header = ['group', 'n', ...(t.binary ? ['TP', 'FP', 'TN', 'FN'] : []), ...rates.map((r) => `${r} [95% CI]`), ...(t.binary ? ['4/5 ratio'] : []), 'flag'];
	const rows = t.groups.map((g) => [
		g.label + (g.isReference ? ' (ref)' : ''),
		String(g.n),
		...(t.binary && g.confusion ? [g.confusion.tp, g.confusion.fp, g.confusion.tn, g.confusion.fn].map(String) : t.binary ? ['-', '-', '-', '-'] : []),
		...rates.map((r) => {
			const e = g.rates[r];
			return e ? `${pct(e.value)} [${pct(e.lo ?? NaN)}, ${pct(e.hi ?? NaN)}]` : '-';
		}),
		...(t.binary ? [g.fourFifths ? g.fourFifths.ratio.toFixed(2) : '-'] : []),
		g.small ? 'small' : g.flagged ? 'FLAGGED' : ''
	]);
	return `By ${t.attributes.join(' x ')}${t.binary ? ` (positive class "${t.positive}")` : ''}\n${textTable(header, rows)}`;
}
