/**
 * The data-quality checks against a loaded table (the service behind the
 * Checks view, the report section and `plumb checks`): SQL from
 * data/sql/checks*.ts run on a DbAdapter, statistics from core/checks/.
 * The browser worker and the CLI share it through an AuditSession's DbAdapter.
 */
import { checkOptions, type CheckOptions } from '../../core/checks/options';
import { duplicateReport, intersectGroups, labelsPerGroup, pixelDuplicateGroups, type DuplicateReport } from '../../core/checks/duplicates';
import { missingShares, missingnessByGroup, MISSING_SENTINELS, type ColumnMissing, type GroupMissing, type GroupMissingCounts } from '../../core/checks/missingness';
import { outlyingRows, type ColumnOutliers } from '../../core/checks/outliers';
import { categoryMajorityAccuracy, identifierKind, majorityShare, rankLeakage, type LeakScore } from '../../core/checks/leakage';
import { balanceByGroup, balanceOf, splitLabelTest, type Balance, type GroupBalance, type SplitLabelTest } from '../../core/checks/class-balance';
import type { DbAdapter } from '../db/adapter';
import type { Row } from '../db/connector';
import { DATASET_TABLE } from '../dataset';
import { columnKind } from '../roles';
import { ident } from '../sql/quote';
import { binsOf, isNumericType, isTemporalType, parseEdges, quantileEdgesSql } from '../sql/bins';
import { groupValueSql } from '../sql/slices';
import {
	categoryLabelCountsSql,
	classCodeSql,
	classCountsSql,
	duplicateGroupsSql,
	groupLabelCountsSql,
	missingAlias,
	missingByGroupSql,
	missingCountsSql,
	missingGroupAlias,
	missingGroupingAlias,
	parseRowList,
	type TypedColumn
} from '../sql/checks';
import { impossibleCountsSql, impossibleRules, type ImpossibleRule } from '../sql/checks-values';
import { numericChecks, readsAsNumber } from './numeric-checks';
import { nearDuplicateCheck, type NearDuplicateReport } from './near-duplicates';

export interface ChecksSpec {
	/** Table to check (default the loaded dataset). */
	table?: string;
	/** Feature columns rows are compared on (see feature-set.ts). */
	features: string[];
	label?: string;
	split?: string;
	protected?: string[];
	/** The id column: scored for leakage too, as an identifier. */
	id?: string;
	/** Columns holding probabilities (their values must lie in [0, 1]). */
	probabilities?: string[];
	options?: Partial<CheckOptions>;
	/** The date "in the future" is after (YYYY-MM-DD; default today, UTC). */
	today?: string;
	/** Look for near duplicates (numeric features; slower). */
	nearDuplicates?: boolean;
	/** Pixel arrays of an image dataset (row order): the images are compared too, by a pixel hash. */
	images?: { data: Uint8Array; n: number; width: number; height: number; channels: number } | null;
}

export interface ChecksResult {
	table: string;
	rows: number;
	features: string[];
	/** Whether image pixels were compared as features too. */
	pixels: boolean;
	label: string | null;
	classes: string[];
	options: CheckOptions;
	/** What counts as missing, in words. */
	sentinels: string;
	duplicates: DuplicateReport;
	missingness: ColumnMissing[];
	missingnessByGroup: GroupMissing[];
	outliers: ColumnOutliers[];
	outlyingRows: { k: number; atLeast: number[]; top: { row: number; columns: number }[] };
	impossibleValues: { column: string; rule: ImpossibleRule; count: number }[];
	leakage: LeakScore[];
	/** Majority-class share: the accuracy a constant prediction gets. */
	leakBaseline: number;
	classBalance: {
		overall: Balance | null;
		byGroup: { attribute: string; groups: GroupBalance[] }[];
		bySplit: SplitLabelTest | null;
	};
	splitOverlap: { rows: number; groups: number } | null;
	nearDuplicates: NearDuplicateReport | null;
	/** Milliseconds per check. */
	timings: Record<string, number>;
	/** Checks left out, and why (e.g. a label with too many classes). */
	warnings: string[];
}

/** Above this many classes the label is not treated as classes: no leak scores, no class balance by group. */
export const MAX_CHECK_CLASSES = 1000;

const n = (v: unknown): number => Number(v ?? 0);

/** Rows (with a split) and groups of equal features that occur in more than one split, from the duplicate groups. */
function overlapOf(groups: readonly Row[]): { rows: number; groups: number } {
	let rows = 0;
	let count = 0;
	for (const g of groups) {
		if (n(g.splits) > 1) {
			rows += n(g.in_split);
			count++;
		}
	}
	return { rows, groups: count };
}
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The expression an attribute is grouped by: quartile bins for numbers, years for dates, else its text. */
async function groupExpr(db: DbAdapter, table: string, c: TypedColumn): Promise<string> {
	if (isNumericType(c.type)) {
		const edges = parseEdges(await db.query(quantileEdgesSql(table, c.name)));
		return groupValueSql({ column: c.name, bins: binsOf(edges).length > 1 ? edges : undefined });
	}
	return groupValueSql({ column: c.name, byYear: isTemporalType(c.type) });
}

/** Run every check; throws Error naming a column that is not in the table. */
export async function runChecks(db: DbAdapter, columns: readonly TypedColumn[], spec: ChecksSpec): Promise<ChecksResult> {
	const table = spec.table ?? DATASET_TABLE;
	const options = checkOptions(spec.options);
	const byName = new Map(columns.map((c) => [c.name, c]));
	const col = (name: string, what: string): TypedColumn => {
		const c = byName.get(name);
		if (!c) throw new Error(`The ${what} column "${name}" is not in the table. Columns: ${columns.map((x) => x.name).join(', ')}`);
		return c;
	};
	const features = spec.features.map((f) => col(f, 'feature'));
	const images = spec.images ?? null;
	if (features.length === 0 && !images) throw new Error('No feature columns to check: choose at least one.');
	const label = spec.label ? col(spec.label, 'label').name : null;
	const split = spec.split ? col(spec.split, 'split').name : null;
	const attrs = (spec.protected ?? []).map((p) => col(p, 'protected'));
	const timings: Record<string, number> = {};
	let t = performance.now();
	const lap = (name: string) => {
		const now = performance.now();
		timings[name] = now - t;
		t = now;
	};
	const featureNames = features.map((f) => f.name);

	// Exact duplicates and conflicting labels (and rows shared between splits, from the same groups)
	const dupRows = features.length ? await db.query(duplicateGroupsSql(table, featureNames, label ?? undefined, split ?? undefined)) : [];
	let duplicates = duplicateReport(dupRows.map((r) => ({ rows: parseRowList(r.rows), labels: n(r.labels) })));
	let splitOverlap = split ? overlapOf(dupRows) : null;
	if (images) {
		// the images are features too: rows are duplicates when their pixels (and table features, if any) are equal
		const pixels = pixelDuplicateGroups(images.data, images.n, images.width * images.height * images.channels);
		const groups = features.length ? intersectGroups(duplicates.groups, pixels) : pixels;
		const codeOf = async (col: string | null) => {
			if (!col) return new Float64Array(images.n).fill(-1);
			const vals = (await db.query(`SELECT DISTINCT CAST(${ident(col)} AS VARCHAR) AS v FROM ${ident(table)} WHERE ${ident(col)} IS NOT NULL ORDER BY 1`)).map((r) => String(r.v));
			return (await db.readNumeric(`SELECT CAST(${classCodeSql(col, vals)} AS DOUBLE) AS y FROM ${ident(table)} ORDER BY rowid`)).y!;
		};
		duplicates = duplicateReport(labelsPerGroup(groups, await codeOf(label)));
		if (split) {
			const codes = await codeOf(split);
			const across = labelsPerGroup(groups, codes).filter((g) => g.labels > 1);
			splitOverlap = { rows: across.reduce((t, g) => t + g.rows.filter((r) => codes[r]! >= 0).length, 0), groups: across.length };
		}
	}
	lap('duplicates');

	// Missingness, overall and by group (one scan)
	const groupExprs = new Map<string, string>();
	for (const a of attrs) groupExprs.set(a.name, await groupExpr(db, table, a));
	const exprs = attrs.map((a) => groupExprs.get(a.name)!);
	const missRows = await db.query(attrs.length ? missingByGroupSql(table, columns, exprs) : missingCountsSql(table, columns));
	const isOverall = (r: Row) => attrs.every((_, j) => n(r[missingGroupingAlias(j)]) === 1);
	const overall = attrs.length ? missRows.find(isOverall) : missRows[0];
	const rows = n(overall?.n);
	const missingness = missingShares(columns.map((c, i) => ({ column: c.name, missing: n(overall?.[missingAlias(i)]) })), rows);
	const groupCounts: GroupMissingCounts[] = [];
	attrs.forEach((a, j) => {
		const cols = columns.flatMap((c, i) => (missingness[i]!.missing > 0 && c.name !== a.name ? [{ c, i }] : []));
		for (const r of missRows) {
			if (n(r[missingGroupingAlias(j)]) !== 0) continue;
			for (const { c, i } of cols) groupCounts.push({ column: c.name, attribute: a.name, group: text(r[missingGroupAlias(j)]), missing: n(r[missingAlias(i)]), n: n(r.n) });
		}
	});
	const byGroup = missingnessByGroup(groupCounts, options);
	lap('missingness');

	// Impossible values
	const today = spec.today ?? new Date().toISOString().slice(0, 10);
	const rules = impossibleRules(features, spec.probabilities ?? []);
	const [bad] = rules.length > 0 ? await db.query(impossibleCountsSql(table, rules, today)) : [{}];
	const impossibleValues = rules.map((r, i) => ({ ...r, count: n(bad?.[`v${i}`]) }));
	lap('impossible');

	// Classes
	const classRows = label ? await db.query(classCountsSql(table, label)) : [];
	const classes = classRows.map((r) => String(r.cls));
	const classCounts = classRows.map((r) => n(r.n));
	const leakBaseline = majorityShare(classCounts);

	// Outliers and leakage of numeric features
	const warnings: string[] = [];
	const manyClasses = classes.length > MAX_CHECK_CLASSES;
	if (manyClasses) warnings.push(`The label ${label} has ${classes.length.toLocaleString('en-US')} distinct values (more than ${MAX_CHECK_CLASSES}): leakage and class balance by group are skipped. Is it a class label?`);
	const y = label !== null && classes.length >= 2 && !manyClasses;
	const idCol = spec.id ? col(spec.id, 'id') : null;
	const numeric = [...features, ...(idCol && !featureNames.includes(idCol.name) ? [idCol] : [])].filter(readsAsNumber);
	const outlierColumns = new Set(features.filter((c) => ['integer', 'float'].includes(columnKind(c.type))).map((c) => c.name));
	const num = await numericChecks(db, table, rows, numeric, {
		outlierColumns,
		leakColumns: new Set(y ? numeric.map((c) => c.name).filter((c) => c !== label) : []),
		label,
		classes,
		options,
		keep: spec.nearDuplicates ? outlierColumns : undefined
	});
	const outlying = outlyingRows(num.outlying);
	lap('numeric');

	// Leakage of categorical features
	const leakRaw = [...num.leakage];
	if (y && label) {
		const categorical = [...features, ...(idCol && !featureNames.includes(idCol.name) ? [idCol] : [])].filter((c) => !readsAsNumber(c) && columnKind(c.type) !== 'list' && c.name !== label);
		const index = new Map(classes.map((c, i) => [c, i]));
		for (const c of categorical) {
			const cells = (await db.query(categoryLabelCountsSql(table, c.name, label, options.minCategoryRows))).map((r) => ({
				category: r.pooled === true ? '\u0000pooled' : text(r.v),
				cls: index.get(String(r.cls)) ?? -1,
				n: n(r.n)
			}));
			const [d] = await db.query(`SELECT count(DISTINCT ${ident(c.name)}) AS d, count(${ident(c.name)}) AS p FROM ${ident(table)}`);
			leakRaw.push({
				column: c.name,
				score: categoryMajorityAccuracy(cells, classes.length, options.minCategoryRows),
				method: 'category-majority',
				identifier: identifierKind(n(d?.d), n(d?.p))
			});
		}
	}
	for (const s of leakRaw) if (idCol && s.column === idCol.name) s.identifier ??= 'identifier';
	const leakage = rankLeakage(leakRaw, options.leakThreshold, leakBaseline);
	lap('leakage');

	// Class balance overall, by protected attribute and by split
	const balance: ChecksResult['classBalance'] = { overall: label && !manyClasses ? balanceOf(classes, classCounts, options.minClassShare) : null, byGroup: [], bySplit: null };
	if (label && !manyClasses) {
		for (const a of attrs) {
			const cells = (await db.query(groupLabelCountsSql(table, groupExprs.get(a.name)!, label))).map((r) => ({ group: text(r.g), cls: String(r.cls), n: n(r.n) }));
			balance.byGroup.push({ attribute: a.name, groups: balanceByGroup(classes, cells, options.minClassShare) });
		}
	}
	lap('classBalance');

	// Labels by split
	if (split && label && classes.length > 0 && !manyClasses) {
		const cells = (await db.query(groupLabelCountsSql(table, `CAST(${ident(split)} AS VARCHAR)`, label))).map((r) => ({ group: text(r.g), cls: String(r.cls), n: n(r.n) }));
		balance.bySplit = splitLabelTest(classes, cells);
	}
	lap('split');

	const nearDuplicates = spec.nearDuplicates ? nearDuplicateCheck(num.kept, rows, options) : null;
	lap('nearDuplicates');

	return {
		table,
		rows,
		features: featureNames,
		pixels: images !== null,
		label,
		classes,
		options,
		sentinels: MISSING_SENTINELS,
		duplicates,
		missingness,
		missingnessByGroup: byGroup,
		outliers: num.outliers,
		outlyingRows: { k: options.fences[0]!, ...outlying },
		impossibleValues,
		leakage,
		leakBaseline,
		classBalance: balance,
		splitOverlap,
		nearDuplicates,
		timings,
		warnings
	};
}
