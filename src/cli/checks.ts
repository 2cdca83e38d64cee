import type { AuditSession } from '../lib/data/session';
import { AuditSession as Session } from '../lib/data/session';
import { NodeDuckDB } from '../lib/data/db/duckdb-node';
import { suggestRoles, type ColumnInfo, type Roles } from '../lib/data/roles';
import { defaultFeatures, selectFeatures } from '../lib/data/checks/feature-set';
import { runChecks, type ChecksResult } from '../lib/data/checks/run-checks';
import { MISSING_SENTINELS } from '../lib/core/checks/missingness';
import { CHECK_DEFAULTS } from '../lib/core/checks/options';
import { num, str, UsageError, type Args } from './args';
import { textTable } from './format';
import { readSources } from './sources';

export const CHECKS_HELP = `plumb checks: data-quality checks beyond labels: exact duplicates and conflicting labels,
missingness (overall and by protected group), outliers and impossible values, leakage,
class balance, split contamination and (on request) near duplicates

Usage: plumb checks FILE... [--label COL] [--features PATTERN] [--split COL] [--protected COL,...]
                    [--id COL] [--time COL] [--leak-threshold X] [--min-class-share X]
                    [--min-size N] [--near-distance D] [--json]
  --features P       the columns rows are compared on: comma-separated names or globs (* ?);
                     -NAME removes a column. Default: every column except the id, label,
                     split and time columns and model outputs (probabilities, predicted
                     label, score); id, time and outputs are suggested from column names
                     unless given.
  --protected A,B    missingness and class balance by these attributes (numbers in quartiles)
  --leak-threshold X features scoring at or above X are flagged as likely leaks (default ${CHECK_DEFAULTS.leakThreshold})
  --min-class-share  the smallest class is flagged below this share (default ${CHECK_DEFAULTS.minClassShare})
  --min-size N       groups below N rows are shown but never flagged (default ${CHECK_DEFAULTS.minGroupSize})
  --near-distance D  also list near duplicates: rows whose standardised numeric features lie
                     within Euclidean distance D (exact search by bucketing, with a work budget)
Missing means ${MISSING_SENTINELS}.
Leakage scores: two classes and a numeric feature: AUC (ties count half); more classes: accuracy
of the majority rule over up to 20 quantile bins; categorical: accuracy of the per-category
majority rule (categories under 5 rows pooled). Outliers: beyond the inter-quartile fences
at k = 1.5 and 3 (numpy's quantiles). Impossible values: negative counts, probabilities outside
[0, 1], dates in the future or before 1900.
With image pixel arrays (an IDX or .npy of images), the images count as features: rows are
duplicates when their pixels are identical too (a pixel hash, then an exact comparison).
--json keys: duplicate_groups, conflicting_label_groups (lists of 0-based row indices),
missingness, missingness_by_group, outliers, impossible_values, leakage, split_overlap,
class_balance, near_duplicates.
`;

async function openFiles(files: string[]): Promise<AuditSession> {
	if (files.length === 0) throw new UsageError('Give at least one file.');
	const s = new Session(await NodeDuckDB.open());
	try {
		await s.load(await readSources(files));
	} catch (e) {
		s.close();
		throw e;
	}
	return s;
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : []);

/** `plumb checks` */
export async function checksCommand(args: Args, out: (s: string) => void, open: (files: string[]) => Promise<AuditSession> = openFiles): Promise<number> {
	const s = await open(args.positional);
	try {
		const names = s.columns.map((c) => c.name);
		const known = (c: string | undefined, opt: string) => {
			if (c !== undefined && !names.includes(c)) throw new UsageError(`--${opt}: no column named "${c}". Columns: ${names.join(', ')}`);
			return c;
		};
		const overview = s.summary!.overview;
		const info: ColumnInfo[] = overview.columns.map((c) => ({ name: c.name, type: c.type, distinct: c.distinct, nulls: c.nulls, rows: overview.rows }));
		const suggested = suggestRoles(info).roles;
		const label = known(str(args, 'label'), 'label');
		const roles: Partial<Roles> = {
			label,
			split: known(str(args, 'split'), 'split'),
			id: known(str(args, 'id'), 'id') ?? (suggested.id !== label ? suggested.id : undefined),
			time: known(str(args, 'time'), 'time') ?? (suggested.time !== label ? suggested.time : undefined),
			predProbs: suggested.predProbs,
			predProbsList: suggested.predProbsList,
			predLabel: suggested.predLabel !== label ? suggested.predLabel : undefined,
			score: suggested.score !== label ? suggested.score : undefined
		};
		const protectedAttrs = list(str(args, 'protected'));
		protectedAttrs.forEach((p) => known(p, 'protected'));
		const defaults = defaultFeatures(names, roles);
		const pattern = str(args, 'features');
		let features: string[];
		try {
			features = pattern ? selectFeatures(pattern, names, defaults) : defaults;
		} catch (e) {
			throw new UsageError(`--features: ${(e as Error).message}`);
		}
		const near = num(args, 'near-distance');
		const result = await runChecks(s.db, s.columns, {
			features,
			label,
			split: roles.split,
			protected: protectedAttrs,
			id: roles.id,
			probabilities: roles.predProbs,
			nearDuplicates: near !== undefined,
			images: s.images,
			options: { leakThreshold: num(args, 'leak-threshold'), minClassShare: num(args, 'min-class-share'), minGroupSize: num(args, 'min-size'), nearDistance: near }
		}).catch((e: unknown) => {
			throw e instanceof RangeError ? new UsageError(e.message) : e;
		});
		out(args.options.has('json') ? JSON.stringify(checksJson(result), null, 1) : formatChecks(result, roles));
		return 0;
	} finally {
		s.close();
	}
}

/** The result under the documented --json keys. */
export function checksJson(r: ChecksResult) {
	const cb = r.classBalance;
	const shares = (b: NonNullable<typeof cb.overall>) => ({
		n: b.n,
		classes: b.classes.map((c) => ({ class: c.cls, n: c.n, share: c.share })),
		smallest: b.smallest?.cls ?? null,
		flagged: b.flagged
	});
	return {
		duplicate_groups: r.duplicates.groups,
		conflicting_label_groups: r.duplicates.conflicting,
		missingness: r.missingness,
		missingness_by_group: r.missingnessByGroup.map((g) => ({ column: g.column, attribute: g.attribute, group: g.group, missing: g.missing, n: g.n, share: g.share, low: g.low, high: g.high, flagged: g.flagged })),
		outliers: r.outliers.map((o) => ({ column: o.column, k: o.k, low_fence: o.lowFence, high_fence: o.highFence, count: o.count })),
		impossible_values: r.impossibleValues,
		leakage: r.leakage.map((l) => ({ column: l.column, score: l.score, method: l.method, flagged: l.flagged, identifier: l.identifier })),
		split_overlap: r.splitOverlap,
		class_balance: cb.overall
			? {
					...shares(cb.overall),
					threshold: r.options.minClassShare,
					by_group: cb.byGroup.map((a) => ({ attribute: a.attribute, groups: a.groups.map((g) => ({ group: g.group, ...shares(g) })) })),
					by_split: cb.bySplit ? { splits: cb.bySplit.splits, classes: cb.bySplit.classes, counts: cb.bySplit.counts, chi_square: cb.bySplit.statistic, dof: cb.bySplit.dof, p_value: cb.bySplit.pValue } : null
				}
			: null,
		near_duplicates: r.nearDuplicates
			? { distance: r.nearDuplicates.eps, method: r.nearDuplicates.method, columns: r.nearDuplicates.columns, complete: r.nearDuplicates.complete, found: r.nearDuplicates.found, skipped_rows: r.nearDuplicates.skippedRows, pairs: r.nearDuplicates.pairs.map((p) => [p.a, p.b, p.distance]) }
			: null
	};
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : '-');
const groups = (gs: number[][], max = 10) => gs.slice(0, max).map((g) => `  rows ${g.join(', ')}`).join('\n') + (gs.length > max ? `\n  ... and ${gs.length - max} more` : '');

/** The result as text sections. */
export function formatChecks(r: ChecksResult, roles: Partial<Roles>): string {
	const parts: string[] = [];
	const left = Object.entries({ id: roles.id, label: roles.label, split: roles.split, time: roles.time, 'predicted label': roles.predLabel, score: roles.score })
		.filter(([, v]) => v)
		.map(([k, v]) => `${v} (${k})`);
	parts.push(`${r.rows.toLocaleString('en-US')} rows; ${r.features.length} feature columns${r.pixels ? ' and the image pixels' : ''}${left.length ? `; not features: ${left.join(', ')}` : ''}`);
	for (const w of r.warnings) parts.push(`warning: ${w}`);
	const d = r.duplicates;
	parts.push(`Exact duplicates: ${d.groups.length} groups (${d.extraRows} repeated rows)${d.groups.length ? `\n${groups(d.groups)}` : ''}`);
	if (r.label) parts.push(`Conflicting labels: ${d.conflicting.length} duplicate groups carry more than one label (likely label issues)${d.conflicting.length ? `\n${groups(d.conflicting)}` : ''}`);
	const missing = r.missingness.filter((m) => m.missing > 0);
	parts.push(`Missingness (${r.sentinels}):\n` + (missing.length ? textTable(['column', 'missing', 'share'], missing.map((m) => [m.column, String(m.missing), pct(m.share)])) : '  no missing values'));
	const flagged = r.missingnessByGroup.filter((g) => g.flagged);
	if (r.missingnessByGroup.length) {
		parts.push(
			`Missingness by group (${flagged.length} flagged):\n` +
				textTable(
					['column', 'attribute', 'group', 'missing', 'n', 'share [95% CI]', 'rest', 'flag'],
					r.missingnessByGroup.map((g) => [g.column, g.attribute, g.group ?? '(missing)', String(g.missing), String(g.n), `${pct(g.share)} [${pct(g.low)}, ${pct(g.high)}]`, pct(g.restShare), g.small ? 'small' : g.flagged ? (g.share > g.restShare ? 'FLAGGED higher' : 'FLAGGED lower') : ''])
				)
		);
	}
	if (r.outliers.length) {
		parts.push(`Outliers (inter-quartile fences):\n` + textTable(['column', 'k', 'low fence', 'high fence', 'count'], r.outliers.map((o) => [o.column, String(o.k), String(o.lowFence), String(o.highFence), String(o.count)])));
		parts.push(`Rows outlying in 1, 2, 3... or more columns (k = ${r.outlyingRows.k}): ${r.outlyingRows.atLeast.join(', ') || 'none'}`);
	}
	if (r.impossibleValues.length) {
		const broken = r.impossibleValues.filter((v) => v.count > 0);
		parts.push(
			`Impossible values (${r.impossibleValues.length} rules on ${new Set(r.impossibleValues.map((v) => v.column)).size} columns): ` +
				(broken.length ? `\n${textTable(['column', 'rule', 'rows'], broken.map((v) => [v.column, v.rule, String(v.count)]))}` : 'none found')
		);
	}
	if (r.leakage.length) {
		parts.push(
			`Leakage (how well each feature alone predicts ${r.label}; a constant guess scores ${pct(r.leakBaseline)} accuracy or 0.5 AUC):\n` +
				textTable(['column', 'score', 'method', 'flag'], r.leakage.map((l) => [l.column, Number.isFinite(l.score) ? l.score.toFixed(4) : '-', l.method, [l.flagged ? 'LIKELY LEAK' : '', l.identifier ?? ''].filter(Boolean).join(', ')]))
		);
	}
	const b = r.classBalance.overall;
	if (b) {
		parts.push(`Class balance${b.flagged ? ` (smallest class "${b.smallest?.cls}" below ${pct(r.options.minClassShare)}: FLAGGED)` : ''}:\n` + textTable(['class', 'n', 'share'], b.classes.map((c) => [c.cls, String(c.n), pct(c.share)])));
		for (const a of r.classBalance.byGroup) {
			parts.push(`Class balance by ${a.attribute}:\n` + textTable(['group', 'n', ...r.classes, 'flag'], a.groups.map((g) => [g.group ?? '(missing)', String(g.n), ...g.classes.map((c) => pct(c.share)), g.flagged ? 'FLAGGED' : ''])));
		}
	}
	if (r.splitOverlap) {
		const t = r.classBalance.bySplit;
		parts.push(`Split contamination: ${r.splitOverlap.rows} rows in ${r.splitOverlap.groups} groups of equal features occur in more than one split` + (t ? `\nLabels by split: chi-square ${t.statistic.toFixed(3)}, dof ${t.dof}, p = ${t.pValue.toPrecision(3)}` : ''));
	}
	const nd = r.nearDuplicates;
	if (nd) parts.push(`Near duplicates within ${nd.eps} (${nd.method}): ${nd.found} pairs${nd.complete ? '' : ' (INCOMPLETE: work budget reached)'}${nd.skippedRows ? `; ${nd.skippedRows} rows with a missing value skipped` : ''}` + nd.pairs.slice(0, 10).map((p) => `\n  rows ${p.a}, ${p.b}: ${p.distance.toPrecision(4)}`).join(''));
	return parts.join('\n\n');
}
