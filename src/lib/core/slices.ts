/**
 * Slice tables: per-group rates, disparities and significance, assembled from
 * pre-aggregated counts (one row per group, computed in SQL by
 * data/sql/slices.ts). Pure: typed objects in, plain objects out.
 *
 * For each group: size and share of the dataset, class balance, error rate,
 * label-issue rate and, for a binary task, TPR, FPR, FNR, PPV, selection rate
 * and accuracy, each with a 95% Wilson interval. Against a reference group
 * (default the largest): ratio and difference per rate, the four-fifths rule on
 * the selection rate, the equalized-odds difference. Each group is tested
 * against the rest of the data (chi-square, or Fisher's exact test for small
 * expected counts) on the error rate and, for a binary task, on the selection
 * rate, FPR and FNR; Benjamini-Hochberg runs over all tests of the table.
 * Groups smaller than `minSize` are marked small: their p-values are shown but
 * left out of the BH family, and they are never flagged.
 */
import {
	DEFAULT_MIN_GROUP_SIZE,
	FOUR_FIFTHS_LOWER,
	FOUR_FIFTHS_UPPER,
	compareRates,
	equalizedOddsDifference,
	fourFifthsRule,
	groupVsRestTest,
	type FourFifthsResult,
	type GroupVsRestTest,
	type RateComparison
} from './stats/disparity';
import { DEFAULT_FDR_ALPHA, benjaminiHochbergTest } from './stats/multiple-testing';
import { confusionRates, rateEstimate, type ConfusionCounts, type RateEstimate } from './stats/rates';

/** How a group's value of one attribute selects rows (see data/sql/slice-discovery.ts `sliceFilterSql`). */
export type SlicePredicate =
	/** `CAST(column AS VARCHAR) = value`, or `column IS NULL` when value is null. */
	| { column: string; kind: 'equals'; value: string | null }
	/** `lo <= column < hi` compared as DOUBLE; a null bound is open. `label` is the bin's label. */
	| { column: string; kind: 'range'; lo: number | null; hi: number | null; label: string }
	/** `year(column)` as text equals value, or `column IS NULL` when value is null. */
	| { column: string; kind: 'year'; value: string | null };

/** Counts of one group, as the slice SQL returns them. */
export interface SliceCounts {
	/** Indices of the sliced attributes this row groups by: [] for the whole dataset, [0], [1] or [0, 1]. */
	attrs: number[];
	/** The group's value of each attribute in `attrs` (same order) as text; null is the missing-value group. */
	values: (string | null)[];
	/** Filter of each attribute in `attrs` (same order). */
	predicates: SlicePredicate[];
	/** Rows in the group. */
	n: number;
	/** Rows with a label. */
	labeled: number;
	/** Rows with both a label and a prediction. */
	predicted: number;
	/** Rows whose prediction differs from the label. */
	errors: number;
	/** Rows flagged as label issues, and rows where the flag was computed. */
	issues: number;
	issuesKnown: number;
	/** Rows per given label, one per class of the table's `classes`. */
	classCounts: number[];
	/** Confusion counts for a binary task (rows with both label and prediction), else null. */
	confusion: ConfusionCounts | null;
}

/** Rates shown per group. */
export type SliceRateName = 'errorRate' | 'issueRate' | 'tpr' | 'fpr' | 'fnr' | 'ppv' | 'selectionRate' | 'accuracy';
/** Rates tested group-vs-rest. */
export type TestedRateName = 'errorRate' | 'selectionRate' | 'fpr' | 'fnr';

export const SLICE_RATES: readonly SliceRateName[] = ['errorRate', 'issueRate', 'tpr', 'fpr', 'fnr', 'ppv', 'selectionRate', 'accuracy'];
const BINARY_RATES: readonly SliceRateName[] = ['tpr', 'fpr', 'fnr', 'ppv', 'selectionRate', 'accuracy'];
const TESTED_BINARY: readonly TestedRateName[] = ['errorRate', 'selectionRate', 'fpr', 'fnr'];

/** How a missing (NULL) value is shown. */
export const MISSING_LABEL = '(missing)';
/** Separator of the values in an intersection group's label. */
export const INTERSECTION_SEPARATOR = ' × ';

/** One rate per name; null when it does not apply (no predictions, not binary, issues not computed). */
export type SliceRates = Record<SliceRateName, RateEstimate | null>;

export interface ClassShare {
	cls: string;
	count: number;
	/** count / labeled rows of the group (NaN when none is labeled). */
	share: number;
}

/** A group-vs-rest test after Benjamini-Hochberg over the table. */
export interface SliceTest extends GroupVsRestTest {
	/** The group's rate and the rate of all other rows. */
	rate: number;
	restRate: number;
	/** BH-adjusted p-value; NaN for small groups (left out of the family). */
	adjustedPValue: number;
	/** Rejected by BH at the table's alpha, and the group is not small. */
	significant: boolean;
}

export interface SliceGroup {
	/** Stable id: JSON of `values`. */
	key: string;
	values: (string | null)[];
	/** Values for display, null as `(missing)`, joined with ` × `. */
	label: string;
	predicates: SlicePredicate[];
	n: number;
	/** n / rows in the dataset. */
	share: number;
	labeled: number;
	predicted: number;
	/** Binary tasks: TP, FP, TN, FN (null otherwise). */
	confusion: ConfusionCounts | null;
	/** n < minSize: never flagged. */
	small: boolean;
	isReference: boolean;
	classBalance: ClassShare[];
	rates: SliceRates;
	/** Ratio and difference of each rate against the reference group (null where either rate does not apply). */
	disparity: Record<SliceRateName, RateComparison | null>;
	/** Four-fifths rule on the selection rate (binary tasks); never flagged when small. */
	fourFifths: FourFifthsResult | null;
	/** max(|dTPR|, |dFPR|) against the reference (binary tasks). */
	equalizedOddsDifference: number | null;
	/** Group-vs-rest tests; absent where the group or the rest has no row for that rate. */
	tests: Partial<Record<TestedRateName, SliceTest>>;
	/** Some test is significant after BH. */
	significant: boolean;
	/** significant or the four-fifths rule is violated; always false for small groups. */
	flagged: boolean;
}

export interface SliceTable {
	/** The sliced attributes (column names), one or two. */
	attributes: string[];
	binary: boolean;
	positive: string | null;
	classes: string[];
	minSize: number;
	/** FDR level of Benjamini-Hochberg. */
	alpha: number;
	/** Four-fifths band shown with the selection-rate ratio. */
	fourFifthsBand: [number, number];
	/** Key of the reference group (null when the table has no group). */
	referenceKey: string | null;
	/** Rates tested group-vs-rest. */
	testedRates: TestedRateName[];
	overall: { n: number; labeled: number; predicted: number; classBalance: ClassShare[]; rates: SliceRates };
	groups: SliceGroup[];
}

export interface SliceTableOptions {
	/** Column names of the sliced attributes (all of them, indexed by `SliceCounts.attrs`). */
	columns: string[];
	/** Classes whose counts are in `classCounts`. */
	classes?: string[];
	/** The positive class of a binary task; rows then carry `confusion`. */
	positive?: string | null;
	/** Values of the reference group (aligned with the table's attributes); default the largest group. */
	reference?: (string | null)[];
	/** Minimum group size to be flagged (default 30). */
	minSize?: number;
	/** FDR level (default 0.05). */
	alpha?: number;
	/** Attribute indices of a table built by {@link buildSliceTable} (default: those of its first group). */
	attrs?: number[];
}

/** Stable key of a group. */
export function groupKey(values: readonly (string | null)[]): string {
	return JSON.stringify(values);
}

/** Display label of a group. */
export function groupLabel(values: readonly (string | null)[]): string {
	return values.map((v) => v ?? MISSING_LABEL).join(INTERSECTION_SEPARATOR);
}

/**
 * Split counts rows by grouping set and build one table per set (single
 * attributes first), each against its largest group; the overall row is the
 * one with no attribute. To choose reference groups, call
 * {@link buildSliceTable} per set.
 */
export function sliceTables(rows: readonly SliceCounts[], options: Omit<SliceTableOptions, 'reference' | 'attrs'>): SliceTable[] {
	const overall = rows.find((r) => r.attrs.length === 0);
	if (!overall) throw new RangeError('sliceTables: the counts have no overall row (grouping set ()).');
	const sets = new Map<string, SliceCounts[]>();
	for (const r of rows) {
		if (r.attrs.length === 0) continue;
		const id = r.attrs.join(',');
		const list = sets.get(id) ?? [];
		list.push(r);
		sets.set(id, list);
	}
	return [...sets.values()]
		.sort((a, b) => a[0]!.attrs.length - b[0]!.attrs.length)
		.map((groups) => buildSliceTable(groups, overall, { ...options, attrs: groups[0]!.attrs }));
}

/** Which rates a table shows: decided once from the overall row, so every group has the same columns. */
export interface RatesApplicable {
	/** Some row has both a label and a prediction. */
	errors: boolean;
	/** Label issues were computed for some row. */
	issues: boolean;
	/** Binary task (confusion counts present). */
	binary: boolean;
}

/** What applies to a table whose overall counts are `overall`. */
export function applicableRates(overall: SliceCounts, binary: boolean): RatesApplicable {
	return { errors: overall.predicted > 0, issues: overall.issuesKnown > 0, binary };
}

/**
 * Rates of one group from its counts; a rate that applies but has a zero
 * denominator in this group is NaN with null bounds.
 */
export function sliceRates(c: SliceCounts, applies: RatesApplicable): SliceRates {
	const out = Object.fromEntries(SLICE_RATES.map((r) => [r, null])) as SliceRates;
	if (applies.errors) out.errorRate = rateEstimate(c.errors, c.predicted);
	if (applies.issues) out.issueRate = rateEstimate(c.issues, c.issuesKnown);
	if (applies.binary && applies.errors && c.confusion) {
		const r = confusionRates(c.confusion);
		for (const name of BINARY_RATES) out[name] = r[name as keyof typeof r];
	}
	return out;
}

/** Class counts as shares of the labeled rows. */
export function classBalance(c: SliceCounts, classes: readonly string[]): ClassShare[] {
	return classes.map((cls, i) => {
		const count = c.classCounts[i] ?? 0;
		return { cls, count, share: c.labeled > 0 ? count / c.labeled : NaN };
	});
}

/** Numerator and denominator of a tested rate. */
function testCounts(c: SliceCounts, rate: TestedRateName): [number, number] | null {
	if (rate === 'errorRate') return [c.errors, c.predicted];
	const m = c.confusion;
	if (!m) return null;
	if (rate === 'selectionRate') return [m.tp + m.fp, m.tp + m.fp + m.tn + m.fn];
	if (rate === 'fpr') return [m.fp, m.fp + m.tn];
	return [m.fn, m.fn + m.tp];
}

/** Index of the reference group: the one with the given values, else the largest (first on ties). */
function referenceIndex(groups: readonly SliceCounts[], reference?: readonly (string | null)[]): number {
	if (reference) {
		const key = groupKey(reference);
		const i = groups.findIndex((g) => groupKey(g.values) === key);
		if (i < 0) throw new RangeError(`Reference group ${groupLabel(reference)} is not in the table.`);
		return i;
	}
	let best = 0;
	groups.forEach((g, i) => {
		if (g.n > groups[best]!.n) best = i;
	});
	return best;
}

/** A group-vs-rest test before the BH adjustment. */
type RawTest = GroupVsRestTest & { rate: number; restRate: number };

/**
 * One slice table from the groups of one grouping set and the overall row
 * (whose counts minus a group's are the rest of the data).
 */
export function buildSliceTable(groups: readonly SliceCounts[], overall: SliceCounts, options: SliceTableOptions): SliceTable {
	const classes = options.classes ?? [];
	const positive = options.positive ?? null;
	const binary = positive !== null;
	const minSize = options.minSize ?? DEFAULT_MIN_GROUP_SIZE;
	const alpha = options.alpha ?? DEFAULT_FDR_ALPHA;
	const applies = applicableRates(overall, binary);
	const testedRates: TestedRateName[] = !applies.errors ? [] : binary ? [...TESTED_BINARY] : ['errorRate'];
	const rates = groups.map((g) => sliceRates(g, applies));
	const ref = groups.length > 0 ? referenceIndex(groups, options.reference) : -1;
	const refRates = ref >= 0 ? rates[ref]! : null;
	const small = groups.map((g) => g.n < minSize);
	const tests = adjustAcrossTable(
		groups.map((g) => testsOf(g, overall, testedRates)),
		small,
		alpha
	);
	return {
		attributes: (options.attrs ?? groups[0]?.attrs ?? []).map((a) => options.columns[a] ?? String(a)),
		binary,
		positive,
		classes: [...classes],
		minSize,
		alpha,
		fourFifthsBand: [FOUR_FIFTHS_LOWER, FOUR_FIFTHS_UPPER],
		referenceKey: ref >= 0 ? groupKey(groups[ref]!.values) : null,
		testedRates,
		overall: {
			n: overall.n,
			labeled: overall.labeled,
			predicted: overall.predicted,
			classBalance: classBalance(overall, classes),
			rates: sliceRates(overall, applies)
		},
		groups: groups.map((g, i) => sliceGroup(g, overall.n, classes, rates[i]!, refRates, tests[i]!, small[i]!, i === ref))
	};
}

/**
 * Benjamini-Hochberg over every test of the table (all groups, all rates) at
 * FDR `alpha`; small groups' tests keep their raw p-value but stay out of the
 * family (adjusted NaN) and are never significant.
 */
function adjustAcrossTable(raw: readonly Partial<Record<TestedRateName, RawTest>>[], small: readonly boolean[], alpha: number): Partial<Record<TestedRateName, SliceTest>>[] {
	const family = raw.flatMap((tests, i) => (Object.entries(tests) as [TestedRateName, RawTest][]).map(([rate, t]) => ({ group: i, rate, t })));
	const bh = benjaminiHochbergTest(
		family.map((f) => (small[f.group] ? NaN : f.t.pValue)),
		alpha
	);
	const out = raw.map((): Partial<Record<TestedRateName, SliceTest>> => ({}));
	family.forEach((f, j) => {
		out[f.group]![f.rate] = { ...f.t, adjustedPValue: bh.adjusted[j]!, significant: bh.reject[j]! && !small[f.group] };
	});
	return out;
}

/** One group's row of the table. */
function sliceGroup(
	g: SliceCounts,
	totalRows: number,
	classes: readonly string[],
	r: SliceRates,
	ref: SliceRates | null,
	tests: Partial<Record<TestedRateName, SliceTest>>,
	small: boolean,
	isReference: boolean
): SliceGroup {
	const significant = Object.values(tests).some((t) => t.significant);
	const ff = r.selectionRate && ref?.selectionRate ? fourFifthsRule(r.selectionRate.value, ref.selectionRate.value) : null;
	const fourFifths = ff ? { ...ff, flagged: ff.flagged && !small } : null;
	return {
		key: groupKey(g.values),
		values: g.values,
		label: groupLabel(g.values),
		predicates: g.predicates,
		n: g.n,
		share: totalRows > 0 ? g.n / totalRows : NaN,
		labeled: g.labeled,
		predicted: g.predicted,
		confusion: g.confusion,
		small,
		isReference,
		classBalance: classBalance(g, classes),
		rates: r,
		disparity: disparities(r, ref),
		fourFifths,
		equalizedOddsDifference:
			r.tpr && r.fpr && ref?.tpr && ref.fpr ? equalizedOddsDifference({ tpr: r.tpr.value, fpr: r.fpr.value }, { tpr: ref.tpr.value, fpr: ref.fpr.value }) : null,
		tests,
		significant,
		flagged: !small && (significant || (fourFifths?.flagged ?? false))
	};
}

/** Ratio and difference of each rate against the reference's. */
function disparities(r: SliceRates, ref: SliceRates | null): Record<SliceRateName, RateComparison | null> {
	const out = {} as Record<SliceRateName, RateComparison | null>;
	for (const name of SLICE_RATES) {
		const a = r[name];
		const b = ref?.[name];
		out[name] = a && b ? compareRates(a.value, b.value) : null;
	}
	return out;
}

/** Group-vs-rest tests of one group; a rate is skipped when the group or the rest has no row for it. */
function testsOf(
	g: SliceCounts,
	overall: SliceCounts,
	rates: readonly TestedRateName[]
): Partial<Record<TestedRateName, RawTest>> {
	const out: Partial<Record<TestedRateName, RawTest>> = {};
	for (const rate of rates) {
		const mine = testCounts(g, rate);
		const all = testCounts(overall, rate);
		if (!mine || !all) continue;
		const [pos, n] = mine;
		const restPos = all[0] - pos;
		const restN = all[1] - n;
		if (n <= 0 || restN <= 0) continue;
		out[rate] = { ...groupVsRestTest(pos, n, restPos, restN), rate: pos / n, restRate: restPos / restN };
	}
	return out;
}
