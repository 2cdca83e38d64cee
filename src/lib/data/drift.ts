/**
 * Drift between a reference and a current relation (two tables, or one table
 * split by a time or a categorical column), column by column, with the tests
 * Evidently picks by default (see core/stats/drift-test-selection.ts), PSI for
 * every column, histograms for charts, and label / prediction / probability
 * drift reported apart from feature drift.
 *
 * I/O is a handful of queries per side, whatever the number of columns:
 * `DESCRIBE`, one `UNION ALL` of `GROUP BY`s for every categorical column
 * (with each column's distinct and non-NULL counts, so identifiers are
 * skipped without sending their values), and a `readNumeric` per few numeric
 * columns unless the relation holds them in memory (kept from the load path,
 * see {@link InMemoryColumns}). The categorical queries run in DuckDB while
 * the numeric columns are tested here. Small numeric columns are sorted once
 * per side (typed arrays) and every statistic of the core runs on the sorted
 * arrays; large ones are counted on fine bins instead (see
 * {@link DriftAggregateOptions}).
 *
 * A numeric column is tested as categorical when reference and current
 * together hold at most 5 distinct values: the union, as chooseDriftTest and
 * columnDrift count them (Evidently counts `concat(reference, current)`).
 */
import type { DbAdapter, NumericColumns } from './adapter';
import { columnKind, type ColumnKind, type Roles } from './roles';
import { ident, literal } from './sql/quote';
import type { InMemoryColumns } from './kept-columns';
import {
	DEFAULT_DATASET_DRIFT_SHARE,
	NUMERIC_AS_CATEGORICAL_MAX_UNIQUE,
	WASSERSTEIN_MIN_STD,
	chooseDriftTest,
	columnDrift,
	datasetDrift,
	defaultDriftThreshold,
	driftThresholdKind,
	ks2sampSorted,
	populationStd,
	sampleExtent,
	psiBand,
	psiNumericSorted,
	wassersteinDistanceSorted,
	SMALL_REFERENCE_MAX_ROWS,
	countsBelowEdges,
	countBelowFromCounts,
	fineHistogram,
	histogramValueCounts,
	valuesAtRanks,
	lerpQuantile,
	populationStdFromCounts,
	psiFromShares,
	psiNumericFromCounts,
	quantileRanks,
	sharesBelowEdges,
	wassersteinBinned,
	wassersteinFromCounts,
	PSI_NUMERIC_BINS,
	type DriftTestName,
	type BinGrid,
	type FineHistogram,
	type PsiBand,
	type SampleExtent,
	type ValueCounts
} from '../core/stats/index';

// ---------------------------------------------------------------------------
// Constants

/** Bins of the numeric histogram, equal width over the pooled range of both sides. */
export const DRIFT_HISTOGRAM_BINS = 20;
/** Categories shown in a categorical histogram; the rest are summed into one "other" entry. */
export const DRIFT_TOP_CATEGORIES = 20;
/**
 * A text column whose reference holds more distinct values than this share of
 * its non-NULL values (and more than {@link NEARLY_UNIQUE_MIN_DISTINCT}) is an
 * identifier or free text, not a category: it is skipped, not tested.
 */
export const NEARLY_UNIQUE_SHARE = 0.5;
/** See {@link NEARLY_UNIQUE_SHARE}: small columns are always tested. */
export const NEARLY_UNIQUE_MIN_DISTINCT = 50;
/** Below this many values a numeric column is sorted with the built-in typed-array sort. */
const BUCKET_SORT_MIN = 4096;
/** Buckets of bucketSort hold this many values on average; larger ones fall back to the built-in sort. */
const BUCKET_FILL = 4;
const INSERTION_SORT_MAX = 32;
/** Numeric columns read out of DuckDB per query (per side). */
const NUMERIC_READ_BATCH = 8;

// ---------------------------------------------------------------------------
// Sides of a comparison

/** A value a split column is compared with (SQL `=`; text compares the column cast to VARCHAR). */
export type SplitValue = string | number | boolean;

/** A half-open period `from <= t < until` of a time column; a missing bound is open. */
export interface TimeRange {
	from?: string | number;
	until?: string | number;
}

/**
 * How to obtain the two sides:
 * - `tables`: two tables, e.g. `reference_dataset` and `dataset`;
 * - `time`: one table, rows by period of a time column (NULL times in neither);
 * - `values`: one table, rows by value(s) of a split or categorical column.
 */
export type DriftSpec =
	| { kind: 'tables'; reference: string; current: string; referenceLabel?: string; currentLabel?: string }
	| { kind: 'time'; table: string; column: string; reference: TimeRange; current: TimeRange; referenceLabel?: string; currentLabel?: string }
	| {
			kind: 'values';
			table: string;
			column: string;
			reference: readonly SplitValue[];
			current: readonly SplitValue[];
			referenceLabel?: string;
			currentLabel?: string;
	  };

/** One side as a SQL relation (`SELECT * FROM t WHERE ...`) and a label for charts ("2013"). */
export interface DriftRelation {
	sql: string;
	label: string;
	/** Numeric columns of this relation in memory, used instead of reading them from DuckDB. */
	inMemory?: InMemoryColumns;
}

/** Rows of the split table in neither side: SQL returning one row `rows`, `nulls` (NULL split value). */
export interface ExcludedRowsQuery {
	sql: string;
	why: string;
}

export interface DriftSides {
	reference: DriftRelation;
	current: DriftRelation;
	/** The column the sides were cut on (not tested), or null for two tables. */
	splitColumn: string | null;
	excluded: ExcludedRowsQuery | null;
	/** For a split of one table: the table and each side's SQL condition on its rows (null for two tables). */
	split: { table: string; reference: string; current: string } | null;
}

/** `from <= col < until` on a non-NULL column. */
function rangePredicate(column: string, range: TimeRange): string {
	const parts = [`${ident(column)} IS NOT NULL`];
	if (range.from !== undefined) parts.push(`${ident(column)} >= ${literal(range.from)}`);
	if (range.until !== undefined) parts.push(`${ident(column)} < ${literal(range.until)}`);
	return parts.join(' AND ');
}

/** `col` equal to one of the values (numbers and booleans as such, text against `CAST(col AS VARCHAR)`). */
function valuesPredicate(column: string, values: readonly SplitValue[]): string {
	if (values.length === 0) throw new RangeError(`A split by "${column}" needs at least one value on each side.`);
	return `(${values.map((v) => (typeof v === 'string' ? `CAST(${ident(column)} AS VARCHAR) = ${literal(v)}` : `${ident(column)} = ${literal(v)}`)).join(' OR ')})`;
}

/** Label of a period: "before X", "from X" or "[X, Y)". */
function rangeLabel(range: TimeRange): string {
	if (range.from !== undefined && range.until !== undefined) return `[${range.from}, ${range.until})`;
	if (range.until !== undefined) return `before ${range.until}`;
	if (range.from !== undefined) return `from ${range.from}`;
	return 'all';
}

/** The two sides of a comparison as SQL relations built with ident / literal only. */
export function driftSides(spec: DriftSpec): DriftSides {
	if (spec.kind === 'tables') {
		return {
			reference: { sql: `SELECT * FROM ${ident(spec.reference)}`, label: spec.referenceLabel ?? spec.reference },
			current: { sql: `SELECT * FROM ${ident(spec.current)}`, label: spec.currentLabel ?? spec.current },
			splitColumn: null,
			excluded: null,
			split: null
		};
	}
	const t = ident(spec.table);
	const c = ident(spec.column);
	const [ref, cur, refLabel, curLabel] =
		spec.kind === 'time'
			? [rangePredicate(spec.column, spec.reference), rangePredicate(spec.column, spec.current), rangeLabel(spec.reference), rangeLabel(spec.current)]
			: [valuesPredicate(spec.column, spec.reference), valuesPredicate(spec.column, spec.current), spec.reference.join(', '), spec.current.join(', ')];
	const outside = spec.kind === 'time' ? 'outside both periods' : 'in neither value list';
	return {
		reference: { sql: `SELECT * FROM ${t} WHERE ${ref}`, label: spec.referenceLabel ?? refLabel },
		current: { sql: `SELECT * FROM ${t} WHERE ${cur}`, label: spec.currentLabel ?? curLabel },
		splitColumn: spec.column,
		excluded: {
			sql: `SELECT count(*) AS "rows", count(*) FILTER (WHERE ${c} IS NULL) AS "nulls" FROM ${t} WHERE NOT coalesce(${ref}, FALSE) AND NOT coalesce(${cur}, FALSE)`,
			why: `rows whose "${spec.column}" is NULL or ${outside}`
		},
		split: { table: spec.table, reference: ref, current: cur }
	};
}

/** Cut a time column at `cut`: `col < cut` is the reference, `col >= cut` the current data. */
export function timeCutSplit(table: string, column: string, cut: string | number): DriftSpec {
	return { kind: 'time', table, column, reference: { until: cut }, current: { from: cut } };
}

/**
 * Calendar year against calendar year of a DATE / TIMESTAMP (or ISO text)
 * column, e.g. COMPAS `compas_screening_date` 2013 vs 2014; labels "2013" and
 * "2014". For a column that holds the year as a number, use a `values` split.
 */
export function yearSplit(table: string, column: string, referenceYear: number, currentYear: number): DriftSpec {
	for (const y of [referenceYear, currentYear]) {
		if (!Number.isInteger(y) || y < 1 || y > 9998) throw new RangeError(`A year must be a whole number between 1 and 9998, got ${y}.`);
	}
	if (referenceYear === currentYear) throw new RangeError(`Compare two different years, not ${referenceYear} with itself.`);
	const start = (y: number) => `${String(y).padStart(4, '0')}-01-01`;
	return {
		kind: 'time',
		table,
		column,
		reference: { from: start(referenceYear), until: start(referenceYear + 1) },
		current: { from: start(currentYear), until: start(currentYear + 1) },
		referenceLabel: String(referenceYear),
		currentLabel: String(currentYear)
	};
}

// ---------------------------------------------------------------------------
// Result types

/** Per-column override of the default test and / or its threshold. */
export interface DriftOverride {
	test?: DriftTestName;
	threshold?: number;
}

export interface DriftHistogramSide {
	counts: number[];
	/** counts / values on this side (NULLs left out). */
	shares: number[];
}

/**
 * What a chart needs. Numeric: `edges` (bins + 1, equal width over the pooled
 * range; bin i is [edges[i], edges[i+1]), the last one closed). Categorical:
 * the most frequent categories over both sides (numeric categories in
 * ascending order); when `other` > 0 the last entry sums that many more.
 */
export type DriftHistogram =
	| { kind: 'numeric'; edges: number[]; reference: DriftHistogramSide; current: DriftHistogramSide }
	| { kind: 'categorical'; categories: string[]; other: number; reference: DriftHistogramSide; current: DriftHistogramSide };

export interface ColumnDrift {
	column: string;
	/** DuckDB type on the reference side. */
	type: string;
	/** How the column was tested (a numeric column with <= 5 distinct values is categorical). */
	kind: 'numeric' | 'categorical';
	test: DriftTestName;
	/** KS D, chi-square, z, or the distance for distance tests. */
	statistic: number;
	pValue: number | null;
	distance: number | null;
	threshold: number;
	drifted: boolean;
	/** Whether the test or threshold came from an override. */
	overridden: boolean;
	psi: number;
	psiBand: PsiBand;
	/** Values tested on each side (NULL and NaN left out). */
	nRef: number;
	nCur: number;
	nullsRef: number;
	nullsCur: number;
	histogram: DriftHistogram;
	/**
	 * How the statistics were computed: 'exact' (sorted values), 'exact, from
	 * value counts' (fine bins holding one value each; same numbers), or for a large
	 * continuous column 'Wasserstein (normed), binned 4100' (see
	 * {@link DriftAggregateOptions}); the PSI is exact on every path.
	 */
	method?: string;
	/** Bound on |distance - exact distance| when binned, else null. */
	maxError?: number | null;
}

export interface SkippedColumn {
	column: string;
	why: string;
}

export interface DriftReport {
	reference: { label: string; rows: number };
	current: { label: string; rows: number };
	/** Rows of the split table in neither side (NULL split value among them), or null for two tables. */
	excluded: { rows: number; nulls: number; why: string } | null;
	features: ColumnDrift[];
	label: ColumnDrift | null;
	/** The predicted label and the score column, when given. */
	prediction: ColumnDrift[];
	/** One entry per class probability (per column, or `list[k]` of a probability list). */
	probabilities: ColumnDrift[];
	skipped: SkippedColumn[];
	/** Over `features` only: drifted when share >= threshold. */
	datasetDrift: { share: number; drifted: boolean; driftedColumns: number; totalColumns: number; threshold: number };
	/** Wall time of computeDrift (ms), and how many numeric columns took each path. */
	timings?: {
		totalMs: number;
		/** DESCRIBE and the categorical counts (SQL), from the start; runs alongside the numeric columns. */
		categoricalMs: number;
		/** Getting the numeric columns as typed arrays: read out of DuckDB, or from memory. */
		readMs: number;
		/** Numeric statistics in JS. */
		numericMs: number;
		exactColumns: number;
		countsColumns: number;
		binnedColumns: number;
		/** Numeric columns taken from memory on both sides (not read out of DuckDB). */
		inMemoryColumns: number;
	};
}

/** The roles computeDrift looks at. */
export type DriftRoles = Partial<Pick<Roles, 'id' | 'label' | 'predLabel' | 'score' | 'predProbs' | 'predProbsList' | 'time' | 'text' | 'image'>>;

export interface DriftOptions {
	reference: DriftRelation;
	current: DriftRelation;
	splitColumn?: string | null;
	excluded?: ExcludedRowsQuery | null;
	/** Feature columns to compare (default: every shared column without a role). */
	columns?: readonly string[];
	overrides?: Readonly<Record<string, DriftOverride>>;
	roles?: DriftRoles;
	/** Chi-square flavour (core default 'contingency'; Evidently's is 'goodness-of-fit'). */
	chiSquareMode?: 'contingency' | 'goodness-of-fit';
	/** Share of drifted features for dataset drift (default 0.5). */
	datasetDriftShare?: number;
	bins?: number;
	topCategories?: number;
	/** When large numeric columns are binned instead of sorted; false: always sort. */
	aggregate?: DriftAggregateOptions | false;
}

/**
 * Large numeric columns are not sorted. Both sides' values (typed arrays) are
 * counted on fine equal-width bins over the pooled range, noting whether any
 * bin holds two different values (one pass each; core/stats/fine-histogram.ts):
 * - when every bin holds a single value (integers, scores, ratings: any column
 *   with few distinct values), the bins are the exact value counts and every
 *   statistic is exact (core/stats/value-counts.ts);
 * - otherwise (a continuous column) with at least `binnedMinValues` values on
 *   both sides, the Wasserstein distance is computed between the binned
 *   samples, within one bin width of the exact one
 *   (core/stats/binned-wasserstein.ts), and normalised by the exact reference
 *   std; the PSI stays exact (reference deciles from the few bins holding
 *   them, counts below them in one pass). When the bound exceeds `maxError`
 *   or could flip the verdict, the column is sorted (exact).
 * Everything else (fewer than `minValues` values, a reference of <= 1000
 * values, KS or categorical overrides, infinite values) is sorted (exact).
 */
export interface DriftAggregateOptions {
	/** Columns with fewer non-NULL values on both sides together are read and sorted. Default 20,000. */
	minValues?: number;
	/** Binned Wasserstein only when both sides hold at least this many values. Default 100,000. */
	binnedMinValues?: number;
	/** Fine bins, rounded up to a multiple of the chart bins. Default 4096. */
	fineBins?: number;
	/** Largest accepted bound on the error of the normalised distance. Default 0.01. */
	maxError?: number;
}

/** Defaults of {@link DriftAggregateOptions}. */
export const DRIFT_AGGREGATE_DEFAULTS: Required<DriftAggregateOptions> = {
	minValues: 20_000,
	binnedMinValues: 100_000,
	fineBins: 4096,
	maxError: 0.01
};

// ---------------------------------------------------------------------------
// Planning: which columns, how read, why skipped

type Section = 'features' | 'label' | 'prediction' | 'probabilities';

/** A column (or list element) to test: the SQL reading it, how, and which section it belongs to. */
interface Source {
	name: string;
	/** SQL over the relation's columns. */
	expr: string;
	type: string;
	read: 'numeric' | 'categorical';
	section: Section;
}

interface Described {
	name: string;
	type: string;
}

type TypeFamily = 'numeric' | 'boolean' | 'string' | 'date' | 'list' | 'other';

function family(kind: ColumnKind): TypeFamily {
	return kind === 'integer' || kind === 'float' ? 'numeric' : kind;
}

/** Why a column of these types cannot be tested, or null. */
function typeProblem(refType: string, curType: string): string | null {
	const rf = family(columnKind(refType));
	const cf = family(columnKind(curType));
	if (rf !== cf) return `types differ: ${refType} in the reference, ${curType} in the current data`;
	if (rf === 'date') return `date/time column (${refType}): dates move with time by construction, so they are not tested (as in Evidently)`;
	if (rf === 'list') return `list column (${refType})`;
	if (rf === 'other') return `type ${refType} cannot be tested for drift`;
	return null;
}

/** Throw a RangeError for an override naming no known column or with a threshold that is not a positive number (<= 1 for a p-value test). */
function validateOverrides(overrides: Readonly<Record<string, DriftOverride>>, known: ReadonlySet<string>): void {
	for (const [column, o] of Object.entries(overrides)) {
		if (!known.has(column)) throw new RangeError(`Override for "${column}": no such column on either side.`);
		if (o.threshold === undefined) continue;
		const pValue = o.test !== undefined && driftThresholdKind(o.test) === 'p_value';
		if (!(Number.isFinite(o.threshold) && o.threshold > 0 && (!pValue || o.threshold <= 1))) {
			throw new RangeError(`Override for "${column}": threshold ${o.threshold} must be a positive number (at most 1 for a p-value).`);
		}
	}
}

interface Plan {
	sources: Source[];
	skipped: SkippedColumn[];
}

/** Decide what to test from the two sides' columns and the roles; pure. */
function planColumns(refCols: Described[], curCols: Described[], o: DriftOptions): Plan {
	const roles = o.roles ?? {};
	const cur = new Map(curCols.map((c) => [c.name, c.type]));
	const ref = new Map(refCols.map((c) => [c.name, c.type]));
	const skipped: SkippedColumn[] = [];
	const sources: Source[] = [];
	const why = (name: string): string | null => {
		const rt = ref.get(name);
		const ct = cur.get(name);
		if (rt === undefined && ct === undefined) return 'in neither side';
		if (rt === undefined) return 'only in the current data';
		if (ct === undefined) return 'only in the reference';
		return typeProblem(rt, ct);
	};
	const add = (name: string, section: Section, prefix = '') => {
		const problem = why(name);
		if (problem) {
			skipped.push({ column: name, why: prefix + problem });
			return;
		}
		const type = ref.get(name)!;
		sources.push({ name, expr: ident(name), type, read: family(columnKind(type)) === 'numeric' ? 'numeric' : 'categorical', section });
	};

	if (roles.label !== undefined) add(roles.label, 'label', 'label: ');
	if (roles.predLabel !== undefined) add(roles.predLabel, 'prediction', 'prediction: ');
	if (roles.score !== undefined) add(roles.score, 'prediction', 'score: ');
	for (const p of roles.predProbs ?? []) add(p, 'probabilities', 'probability: ');

	const roleOf = new Map<string, string>();
	const mark = (name: string | undefined | null, what: string) => {
		if (name !== undefined && name !== null && !roleOf.has(name)) roleOf.set(name, what);
	};
	mark(o.splitColumn, 'defines the split');
	mark(roles.id, 'row id');
	mark(roles.time, 'time column');
	mark(roles.text, 'free text');
	mark(roles.image, 'image column');
	for (const s of [roles.label, roles.predLabel, roles.score, roles.predProbsList, ...(roles.predProbs ?? [])]) mark(s, '');

	const wanted = o.columns ?? [...refCols.map((c) => c.name), ...curCols.filter((c) => !ref.has(c.name)).map((c) => c.name)];
	for (const name of new Set(wanted)) {
		const role = roleOf.get(name);
		if (role === '') continue;
		if (role !== undefined) skipped.push({ column: name, why: role });
		else add(name, 'features');
	}
	return { sources, skipped };
}

/** Sources for each element of a probability list column, `name[1]` ... `name[k]`. */
function listSources(name: string, k: number): Source[] {
	return Array.from({ length: k }, (_, i) => ({
		name: `${name}[${i + 1}]`,
		expr: `${ident(name)}[${i + 1}]`,
		type: 'DOUBLE',
		read: 'numeric' as const,
		section: 'probabilities' as const
	}));
}

// ---------------------------------------------------------------------------
// SQL (pure builders)

const REL = '"r"';
const from = (rel: DriftRelation) => `FROM (${rel.sql}) AS ${REL}`;

/** Column names and types of a relation. */
export function describeRelationSql(rel: DriftRelation): string {
	return `DESCRIBE SELECT * ${from(rel)}`;
}

/** Every numeric source as DOUBLE, aliased `v{i}` (for readNumeric; NULL becomes NaN). */
export function numericSql(rel: DriftRelation, numeric: readonly { expr: string }[]): string {
	return `SELECT ${numeric.map((s, i) => `CAST(${s.expr} AS DOUBLE) AS ${ident(`v${i}`)}`).join(', ')} ${from(rel)}`;
}

/**
 * Counts per value (as VARCHAR, NULL kept) of every categorical source, in
 * one query: rows `i`, `v`, `n`, each with its source's number of distinct
 * non-NULL values `d`, of non-NULL rows `k`, and the relation's `rows`. The
 * values of a source listed in `dropNearlyUnique` whose distinct values are
 * more than {@link NEARLY_UNIQUE_SHARE} of its non-NULL rows (and more than
 * {@link NEARLY_UNIQUE_MIN_DISTINCT}) are left out but for one row with
 * `dropped` true: an identifier's million values are counted, not sent.
 */
export function categoryCountsSql(rel: DriftRelation, categorical: readonly { expr: string }[], dropNearlyUnique: readonly number[] = []): string {
	const groups = categorical
		.map((s, i) => `SELECT ${literal(i)} AS "i", CAST(${s.expr} AS VARCHAR) AS "v", count(*) AS "n" ${from(rel)} GROUP BY 2`)
		.join(' UNION ALL ');
	const w = 'OVER (PARTITION BY "i")';
	const totals = `SELECT "i", "v", "n", count("v") ${w} AS "d", sum(CASE WHEN "v" IS NULL THEN 0 ELSE "n" END) ${w} AS "k", sum("n") ${w} AS "rows", row_number() ${w} AS "first" FROM (${groups})`;
	const dropped = dropNearlyUnique.length
		? `"i" IN (${dropNearlyUnique.map((i) => literal(i)).join(', ')}) AND "d" > ${NEARLY_UNIQUE_MIN_DISTINCT} AND "d" > ${NEARLY_UNIQUE_SHARE} * "k"`
		: 'FALSE';
	return `SELECT "i", "v", "n", "d", "k", "rows", "dropped" FROM (SELECT *, ${dropped} AS "dropped" FROM (${totals})) WHERE NOT "dropped" OR "first" = 1`;
}

/** `rows`: the number of rows of a relation. */
export function rowCountSql(rel: DriftRelation): string {
	return `SELECT count(*) AS "rows" ${from(rel)}`;
}

// ---------------------------------------------------------------------------
// Sorting (typed arrays, in place)

/** Move the non-NaN values of `values` to its front, in order; returns how many there are. */
function compactNaN(values: Float64Array): number {
	let k = 0;
	for (let i = 0; i < values.length; i++) {
		const v = values[i]!;
		if (v === v) values[k++] = v;
	}
	return k;
}

/** Reusable work space for {@link sortPrefix}, sized for the longest column. */
interface SortScratch {
	values: Float64Array;
	buckets: Int32Array;
	starts: Int32Array;
}

function scratchFor(n: number): SortScratch {
	return { values: new Float64Array(n), buckets: new Int32Array(n), starts: new Int32Array(Math.floor(n / BUCKET_FILL) + 2) };
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
	for (let i = lo + 1; i < hi; i++) {
		const x = a[i]!;
		let j = i - 1;
		while (j >= lo && a[j]! > x) {
			a[j + 1] = a[j]!;
			j--;
		}
		a[j + 1] = x;
	}
}

/** Sort a[lo, hi): insertion sort when short, nothing when all equal (integer data), else the built-in sort. */
function sortBucket(a: Float64Array, lo: number, hi: number): void {
	if (hi - lo <= INSERTION_SORT_MAX) {
		insertionSort(a, lo, hi);
		return;
	}
	const first = a[lo]!;
	let i = lo + 1;
	while (i < hi && a[i] === first) i++;
	if (i < hi) a.subarray(lo, hi).sort();
}

/**
 * Sort the first `n` values (NaN-free) of `a` ascending, in place: a bucket
 * sort by value into n / 4 equal-width buckets, each finished by
 * {@link sortBucket}. Same result as `Float64Array.prototype.sort`, about
 * twice as fast on a million values.
 */
function sortPrefix(a: Float64Array, n: number, scratch: SortScratch): void {
	if (n < BUCKET_SORT_MIN) {
		a.subarray(0, n).sort();
		return;
	}
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < n; i++) {
		const x = a[i]!;
		if (x < min) min = x;
		if (x > max) max = x;
	}
	const count = Math.floor(n / BUCKET_FILL);
	const scale = count / (max - min);
	if (!(max > min) || !Number.isFinite(scale) || !Number.isFinite(max - min)) {
		a.subarray(0, n).sort();
		return;
	}
	const { values: out, buckets, starts } = scratch;
	starts.fill(0, 0, count + 1);
	for (let i = 0; i < n; i++) {
		const b = Math.min(((a[i]! - min) * scale) | 0, count - 1);
		buckets[i] = b;
		starts[b + 1]!++;
	}
	for (let b = 0; b < count; b++) starts[b + 1]! += starts[b]!;
	for (let i = 0; i < n; i++) out[starts[buckets[i]!]!++] = a[i]!;
	// starts[b] is now the end of bucket b
	let lo = 0;
	for (let b = 0; b < count; b++) {
		const hi = starts[b]!;
		if (hi - lo > 1) sortBucket(out, lo, hi);
		lo = hi;
	}
	a.set(out.subarray(0, n));
}

/** The non-NaN values of `values` sorted ascending, as a view on `values` (which is reordered). */
function sortedValues(values: Float64Array, scratch: SortScratch): Float64Array {
	const n = compactNaN(values);
	sortPrefix(values, n, scratch);
	return values.subarray(0, n);
}

// ---------------------------------------------------------------------------
// Pure computation on sorted arrays and counts

/** Number of values < x in an ascending array (lower bound). */
function countBelow(sorted: Float64Array, x: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid]! < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Distinct values of two ascending arrays together, counting no further than `cap + 1`. */
function distinctUpTo(a: Float64Array, b: Float64Array, cap: number): number {
	let i = 0;
	let j = 0;
	let count = 0;
	let last = NaN;
	while ((i < a.length || j < b.length) && count <= cap) {
		const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
		if (count === 0 || v !== last) {
			count++;
			last = v;
		}
	}
	return count;
}

/** Counts per value of an ascending array, keys as `String(value)` (as columnDrift names numeric categories). */
function runCounts(sorted: Float64Array): Map<string, number> {
	const out = new Map<string, number>();
	let i = 0;
	while (i < sorted.length) {
		const v = sorted[i]!;
		let j = i + 1;
		while (j < sorted.length && sorted[j] === v) j++;
		out.set(String(v), j - i);
		i = j;
	}
	return out;
}

const side = (counts: number[], total: number): DriftHistogramSide => ({ counts, shares: counts.map((c) => (total > 0 ? c / total : 0)) });

/** Chart edges: `bins` equal-width bins over [lo, hi] (the last edge exactly hi; lo = hi = 0 when empty). */
function histogramEdges(lo: number, hi: number, bins: number): number[] {
	if (!(lo <= hi)) lo = hi = 0;
	return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins));
}

/** Counts per chart bin from a "values < x" function (the last bin closed). */
function histogramCounts(edges: readonly number[], below: (x: number) => number, total: number): number[] {
	const out: number[] = [];
	let before = 0;
	for (let b = 0; b < edges.length - 1; b++) {
		const upto = b === edges.length - 2 ? total : below(edges[b + 1]!);
		out.push(upto - before);
		before = upto;
	}
	return out;
}

/** Equal-width histogram of two ascending arrays over their pooled finite range. */
export function numericHistogram(ref: Float64Array, cur: Float64Array, bins = DRIFT_HISTOGRAM_BINS): DriftHistogram {
	let lo = Infinity;
	let hi = -Infinity;
	for (const s of [ref, cur]) {
		let i = 0;
		while (i < s.length && !Number.isFinite(s[i]!)) i++;
		let j = s.length - 1;
		while (j >= 0 && !Number.isFinite(s[j]!)) j--;
		if (i <= j) {
			lo = Math.min(lo, s[i]!);
			hi = Math.max(hi, s[j]!);
		}
	}
	const edges = histogramEdges(lo, hi, bins);
	const counts = (s: Float64Array) => histogramCounts(edges, (x) => countBelow(s, x), s.length);
	return { kind: 'numeric', edges, reference: side(counts(ref), ref.length), current: side(counts(cur), cur.length) };
}

/** {@link numericHistogram} of two samples given as value counts (finite values). */
function numericHistogramFromCounts(ref: ValueCounts, cur: ValueCounts, bins: number): DriftHistogram {
	const lo = Math.min(ref.values[0]!, cur.values[0]!);
	const hi = Math.max(ref.values[ref.values.length - 1]!, cur.values[cur.values.length - 1]!);
	const edges = histogramEdges(lo, hi, bins);
	const counts = (s: ValueCounts) => histogramCounts(edges, (x) => countBelowFromCounts(s, x), s.total);
	return { kind: 'numeric', edges, reference: side(counts(ref), ref.total), current: side(counts(cur), cur.total) };
}

/**
 * Chart histogram from fine bins: `fine.length / bins` consecutive fine bins
 * per chart bin (a value within rounding of a chart edge may land on either
 * side of it, unlike the sorted path).
 */
function numericHistogramFromBins(ref: Float64Array, cur: Float64Array, range: BinGrid, bins: number): DriftHistogram {
	const edges = histogramEdges(range.lo, range.hi, bins);
	const per = range.bins / bins;
	const counts = (fine: Float64Array) => Array.from({ length: bins }, (_, b) => fine.subarray(b * per, (b + 1) * per).reduce((a, c) => a + c, 0));
	const total = (fine: Float64Array) => fine.reduce((a, c) => a + c, 0);
	return { kind: 'numeric', edges, reference: side(counts(ref), total(ref)), current: side(counts(cur), total(cur)) };
}

/**
 * Histogram of two count maps: the `top` most frequent categories over both
 * sides (ties by name), the rest summed into a last "other (N more)" entry;
 * `numericOrder` lists numeric categories in ascending value order instead.
 */
export function categoricalHistogram(
	ref: ReadonlyMap<string, number>,
	cur: ReadonlyMap<string, number>,
	top = DRIFT_TOP_CATEGORIES,
	numericOrder = false
): DriftHistogram {
	const all = [...new Set([...ref.keys(), ...cur.keys()])];
	const pooled = (k: string) => (ref.get(k) ?? 0) + (cur.get(k) ?? 0);
	all.sort((a, b) => pooled(b) - pooled(a) || (a < b ? -1 : a > b ? 1 : 0));
	const shown = all.slice(0, top);
	if (numericOrder) shown.sort((a, b) => Number(a) - Number(b));
	const rest = all.slice(top);
	const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
	const counts = (m: ReadonlyMap<string, number>) => {
		const c = shown.map((k) => m.get(k) ?? 0);
		if (rest.length) c.push(rest.reduce((s, k) => s + (m.get(k) ?? 0), 0));
		return c;
	};
	return {
		kind: 'categorical',
		categories: rest.length ? [...shown, `other (${rest.length} more)`] : shown,
		other: rest.length,
		reference: side(counts(ref), total(ref)),
		current: side(counts(cur), total(cur))
	};
}

interface TestOutcome {
	test: DriftTestName;
	statistic: number;
	pValue: number | null;
	distance: number | null;
	threshold: number;
	drifted: boolean;
	psi: number;
}

interface TestSettings {
	override: DriftOverride | undefined;
	chiSquareMode: 'contingency' | 'goodness-of-fit';
}

/** Run columnDrift with the column's name on any RangeError (e.g. a z-test forced on 3 categories). */
function namedDrift(column: string, run: () => ReturnType<typeof columnDrift>): TestOutcome {
	let r: ReturnType<typeof columnDrift>;
	try {
		r = run();
	} catch (e) {
		if (e instanceof RangeError) throw new RangeError(`Column "${column}": ${e.message}`);
		throw e;
	}
	return { test: r.test, statistic: r.statistic, pValue: r.pValue ?? null, distance: r.distance ?? null, threshold: r.threshold, drifted: r.drifted, psi: r.psi };
}

/** Categorical drift of two count maps (NULLs left out), through columnDrift. */
function categoricalTest(column: string, ref: ReadonlyMap<string, number>, cur: ReadonlyMap<string, number>, s: TestSettings): TestOutcome {
	if (s.override?.test === 'ks' || s.override?.test === 'wasserstein') {
		throw new RangeError(`Override for "${column}": test '${s.override.test}' needs a numeric column.`);
	}
	return namedDrift(column, () => columnDrift(ref, cur, { test: s.override?.test, threshold: s.override?.threshold, chiSquareMode: s.chiSquareMode }));
}

/**
 * Numeric drift of two ascending NaN-free arrays with many distinct values:
 * KS and normalised Wasserstein straight on the sorted arrays (the core's
 * `ks2sampSorted`, and `wassersteinDistanceSorted / max(populationStd(ref),
 * 0.001)`, i.e. normalizedWasserstein without re-sorting), PSI over reference
 * deciles. A categorical test forced by an override goes through columnDrift.
 */
function numericTest(column: string, ref: Float64Array, cur: Float64Array, nUnique: number, s: TestSettings): TestOutcome {
	const test = s.override?.test ?? chooseDriftTest({ kind: 'numeric', refSize: ref.length, nUnique }).test;
	const threshold = s.override?.threshold ?? defaultDriftThreshold(test);
	const psi = psiNumericSorted(ref, cur).psi;
	if (test === 'ks') {
		const r = ks2sampSorted(ref, cur);
		return { test, statistic: r.statistic, pValue: r.pValue, distance: null, threshold, drifted: r.pValue < threshold, psi };
	}
	if (test === 'wasserstein') {
		const d = wassersteinDistanceSorted(ref, cur) / Math.max(populationStd(ref), WASSERSTEIN_MIN_STD);
		return { test, statistic: d, pValue: null, distance: d, threshold, drifted: d >= threshold, psi };
	}
	return { ...namedDrift(column, () => columnDrift(ref, cur, { test, threshold, chiSquareMode: s.chiSquareMode })), psi };
}

const CATEGORICAL_TESTS: readonly (DriftTestName | undefined)[] = [undefined, 'chisquare', 'z', 'jensenshannon'];

/** Drift of one numeric source from its two (unsorted, NaN for NULL) columns; sorts them in place. */
function numericColumnDrift(
	src: Source,
	refValues: Float64Array,
	curValues: Float64Array,
	scratch: SortScratch,
	s: TestSettings,
	bins: number,
	top: number
): ColumnDrift | SkippedColumn {
	const ref = sortedValues(refValues, scratch);
	const cur = sortedValues(curValues, scratch);
	const empty = emptySide(ref.length, cur.length);
	if (empty) return { column: src.name, why: empty };
	const nUnique = distinctUpTo(ref, cur, NUMERIC_AS_CATEGORICAL_MAX_UNIQUE);
	const base = { column: src.name, type: src.type, nRef: ref.length, nCur: cur.length, nullsRef: refValues.length - ref.length, nullsCur: curValues.length - cur.length };
	if (nUnique <= NUMERIC_AS_CATEGORICAL_MAX_UNIQUE && CATEGORICAL_TESTS.includes(s.override?.test)) {
		const rc = runCounts(ref);
		const cc = runCounts(cur);
		const out = categoricalTest(src.name, rc, cc, s);
		return finish(base, 'categorical', out, s, categoricalHistogram(rc, cc, top, true));
	}
	return finish(base, 'numeric', numericTest(src.name, ref, cur, nUnique, s), s, numericHistogram(ref, cur, bins));
}

function finish(
	base: Pick<ColumnDrift, 'column' | 'type' | 'nRef' | 'nCur' | 'nullsRef' | 'nullsCur'>,
	kind: 'numeric' | 'categorical',
	out: TestOutcome,
	s: TestSettings,
	histogram: DriftHistogram
): ColumnDrift {
	return {
		column: base.column,
		type: base.type,
		kind,
		...out,
		overridden: s.override?.test !== undefined || s.override?.threshold !== undefined,
		psiBand: psiBand(out.psi),
		nRef: base.nRef,
		nCur: base.nCur,
		nullsRef: base.nullsRef,
		nullsCur: base.nullsCur,
		histogram
	};
}

/** Why a column with these non-NULL counts cannot be tested, or null. */
function emptySide(nRef: number, nCur: number): string | null {
	if (nRef === 0 && nCur === 0) return 'only NULLs on both sides';
	if (nRef === 0) return 'only NULLs in the reference';
	if (nCur === 0) return 'only NULLs in the current data';
	return null;
}

// ---------------------------------------------------------------------------
// Orchestration (I/O)

async function describeRelation(db: DbAdapter, rel: DriftRelation): Promise<Described[]> {
	return (await db.query(describeRelationSql(rel))).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/** One side's counts per value of each categorical source, with its non-NULL and distinct counts. */
interface SideCounts {
	rows: number;
	counts: Map<string, number>[];
	nulls: number[];
	nonNull: number[];
	distinct: number[];
	/** Nearly unique sources whose values were not sent (their counts are empty). */
	dropped: boolean[];
}

/**
 * One side's category counts (one query; see {@link categoryCountsSql}), and
 * its row count (from the counts, or one more query when there is no
 * categorical source).
 */
async function readCounts(db: DbAdapter, rel: DriftRelation, categorical: Source[], dropNearlyUnique: readonly number[] = []): Promise<SideCounts> {
	const out: SideCounts = {
		rows: 0,
		counts: categorical.map(() => new Map<string, number>()),
		nulls: categorical.map(() => 0),
		nonNull: categorical.map(() => 0),
		distinct: categorical.map(() => 0),
		dropped: categorical.map(() => false)
	};
	if (categorical.length === 0) {
		const [row] = await db.query(rowCountSql(rel));
		out.rows = Number(row?.rows ?? 0);
		return out;
	}
	for (const r of await db.query(categoryCountsSql(rel, categorical, dropNearlyUnique))) {
		const i = Number(r.i);
		out.rows = Number(r.rows);
		out.nonNull[i] = Number(r.k);
		out.distinct[i] = Number(r.d);
		if (r.dropped) out.dropped[i] = true;
		else if (r.v === null || r.v === undefined) out.nulls[i] = Number(r.n);
		else out.counts[i]!.set(String(r.v), Number(r.n));
	}
	return out;
}

/** Number of elements of a probability list column (longest list on the reference side). */
async function listLength(db: DbAdapter, rel: DriftRelation, column: string): Promise<number> {
	const [row] = await db.query(`SELECT max(len(${ident(column)})) AS "k" ${from(rel)}`);
	return Number(row?.k ?? 0);
}

/** The columns of both sides, what to test and what is skipped (with the list column expanded and overrides checked). */
async function planSources(db: DbAdapter, options: DriftOptions): Promise<Plan & { order: string[] }> {
	const refCols = await describeRelation(db, options.reference);
	const curCols = await describeRelation(db, options.current);
	const plan = planColumns(refCols, curCols, options);
	const list = options.roles?.predProbsList;
	if (list !== undefined) {
		const rt = refCols.find((c) => c.name === list)?.type;
		const ct = curCols.find((c) => c.name === list)?.type;
		if (rt && ct && columnKind(rt) === 'list' && columnKind(ct) === 'list') plan.sources.push(...listSources(list, await listLength(db, options.reference, list)));
		else plan.skipped.push({ column: list, why: `probability list: ${rt && ct ? 'not a list column on both sides' : rt ? 'only in the reference' : ct ? 'only in the current data' : 'in neither side'}` });
	}
	const order = [...new Set([...refCols.map((c) => c.name), ...curCols.map((c) => c.name)])];
	validateOverrides(options.overrides ?? {}, new Set([...order, ...plan.sources.map((s) => s.name)]));
	return { ...plan, order };
}

interface Settings {
	of: (column: string) => TestSettings;
	bins: number;
	top: number;
}

/**
 * Drift of the categorical sources from per-value counts, one query per side:
 * the reference first, whose nearly unique text features (identifiers) are
 * skipped, then the current side for the rest. Also the sides' row counts.
 */
async function categoricalResults(
	db: DbAdapter,
	options: DriftOptions,
	sources: Source[],
	settings: Settings
): Promise<{ rows: [number, number]; results: Map<Source, ColumnDrift>; skipped: SkippedColumn[] }> {
	const features = sources.flatMap((s, i) => (s.section === 'features' ? [i] : []));
	const ref = await readCounts(db, options.reference, sources, features);
	const skipped: SkippedColumn[] = [];
	const asked = sources.filter((s, i) => {
		if (!ref.dropped[i]) return true;
		skipped.push({ column: s.name, why: `nearly unique text: ${ref.distinct[i]} distinct values in ${ref.nonNull[i]} reference values (an identifier or free text, not a category)` });
		return false;
	});
	const cur = await readCounts(db, options.current, asked);
	const results = new Map<Source, ColumnDrift>();
	asked.forEach((src, j) => {
		const i = sources.indexOf(src);
		const empty = emptySide(ref.nonNull[i]!, cur.nonNull[j]!);
		if (empty) {
			skipped.push({ column: src.name, why: empty });
			return;
		}
		const rc = ref.counts[i]!;
		const cc = cur.counts[j]!;
		const s = settings.of(src.name);
		const base = { column: src.name, type: src.type, nRef: ref.nonNull[i]!, nCur: cur.nonNull[j]!, nullsRef: ref.nulls[i]!, nullsCur: cur.nulls[j]! };
		results.set(src, finish(base, 'categorical', categoricalTest(src.name, rc, cc, s), s, categoricalHistogram(rc, cc, settings.top)));
	});
	return { rows: [ref.rows, cur.rows], results, skipped };
}

/** Drift of one numeric source from its value counts on both sides (exact). */
function countsColumnDrift(src: Source, ref: ValueCounts, cur: ValueCounts, rows: [number, number], s: TestSettings, bins: number, top: number): ColumnDrift {
	const base = { column: src.name, type: src.type, nRef: ref.total, nCur: cur.total, nullsRef: rows[0] - ref.total, nullsCur: rows[1] - cur.total };
	const method = { method: 'exact, from value counts', maxError: null };
	const nUnique = distinctUpTo(ref.values, cur.values, NUMERIC_AS_CATEGORICAL_MAX_UNIQUE);
	if (nUnique <= NUMERIC_AS_CATEGORICAL_MAX_UNIQUE && CATEGORICAL_TESTS.includes(s.override?.test)) {
		const map = (vc: ValueCounts) => new Map(Array.from(vc.values, (v, i) => [String(v), vc.counts[i]!] as const));
		const rc = map(ref);
		const cc = map(cur);
		return { ...finish(base, 'categorical', categoricalTest(src.name, rc, cc, s), s, categoricalHistogram(rc, cc, top, true)), ...method };
	}
	const test = s.override?.test ?? chooseDriftTest({ kind: 'numeric', refSize: ref.total, nUnique }).test;
	if (test !== 'wasserstein') throw new Error(`Column "${src.name}": value counts cannot run '${test}' (internal routing error).`);
	const threshold = s.override?.threshold ?? defaultDriftThreshold(test);
	const d = wassersteinFromCounts(ref, cur) / Math.max(populationStdFromCounts(ref), WASSERSTEIN_MIN_STD);
	const out: TestOutcome = { test, statistic: d, pValue: null, distance: d, threshold, drifted: d >= threshold, psi: psiNumericFromCounts(ref, cur).psi };
	return { ...finish(base, 'numeric', out, s, numericHistogramFromCounts(ref, cur, bins)), ...method };
}

/**
 * Exact numeric PSI without sorting: the reference deciles from the values at
 * their ranks (valuesAtRanks: only the few bins holding them are sorted), then
 * the counts below them from the histograms and the values of the deciles'
 * bins (one more pass over the current values).
 */
function psiFromHistograms(refValues: Float64Array, curValues: Float64Array, hr: FineHistogram, hc: FineHistogram): number {
	const ranks = Array.from({ length: PSI_NUMERIC_BINS - 1 }, (_, k) => quantileRanks(hr.total, (k + 1) / PSI_NUMERIC_BINS));
	const at = valuesAtRanks(refValues, hr, ranks.flatMap((r) => [r.below, r.above]));
	const edges = ranks.map((r, k) => lerpQuantile(at.values[2 * k]!, at.values[2 * k + 1]!, r.t));
	const refBelow = countsBelowEdges(refValues, hr, edges, at.inBins);
	const curBelow = countsBelowEdges(curValues, hc, edges);
	const shares = (below: number[], total: number) => sharesBelowEdges(edges, (_, k) => below[k]!, total);
	return psiFromShares(shares(refBelow, hr.total), shares(curBelow, hc.total));
}

/**
 * Drift of a large numeric source without sorting (see
 * {@link DriftAggregateOptions}): from value counts when every fine bin holds
 * one value (exact), else binned Wasserstein with its bound and exact PSI.
 * Null when the column must be read and sorted instead.
 */
function aggregatedColumnDrift(
	src: Source,
	sides: { ref: Float64Array; cur: Float64Array; refExtent?: SampleExtent; curExtent?: SampleExtent; scratch?: [Uint16Array, Uint16Array] },
	s: TestSettings,
	bins: number,
	top: number,
	agg: Required<DriftAggregateOptions>
): ColumnDrift | null {
	// KS and categorical overrides need every value; a reference of <= 1000 values gets p-value tests (sorted samples).
	if (s.override?.test !== undefined && s.override.test !== 'wasserstein') return null;
	const { ref: refValues, cur: curValues } = sides;
	const r = sides.refExtent ?? sampleExtent(refValues);
	const c = sides.curExtent ?? sampleExtent(curValues);
	if (r.n <= SMALL_REFERENCE_MAX_ROWS || c.n === 0 || r.n + c.n < agg.minValues) return null;
	const grid: BinGrid = { lo: Math.min(r.lo, c.lo), hi: Math.max(r.hi, c.hi), bins: Math.ceil(agg.fineBins / bins) * bins };
	if (!Number.isFinite(grid.lo) || !Number.isFinite(grid.hi) || !Number.isFinite(grid.hi - grid.lo)) return null;
	const hr = fineHistogram(refValues, grid, { deviationsFrom: r.sum / r.n, scratch: sides.scratch?.[0] });
	const hc = fineHistogram(curValues, grid, { scratch: sides.scratch?.[1] });
	const rows: [number, number] = [refValues.length, curValues.length];
	if (hr.singleValued && hc.singleValued) return countsColumnDrift(src, histogramValueCounts(hr), histogramValueCounts(hc), rows, s, bins, top);
	// several values share a bin: continuous, unless it might have <= 5 distinct values
	let nonEmpty = 0;
	for (let b = 0; b < grid.bins; b++) if (hr.counts[b]! > 0 || hc.counts[b]! > 0) nonEmpty++;
	if (nonEmpty < NUMERIC_AS_CATEGORICAL_MAX_UNIQUE || Math.min(r.n, c.n) < agg.binnedMinValues) return null;
	const norm = Math.max(Math.sqrt(hr.squaredDeviations! / r.n), WASSERSTEIN_MIN_STD);
	const w = wassersteinBinned(hr.counts, hc.counts, (grid.hi - grid.lo) / grid.bins);
	const d = w.distance / norm;
	const maxError = w.maxError / norm;
	const threshold = s.override?.threshold ?? defaultDriftThreshold('wasserstein');
	if (!(maxError <= agg.maxError) || !(Math.abs(d - threshold) > maxError)) return null;
	const out: TestOutcome = { test: 'wasserstein', statistic: d, pValue: null, distance: d, threshold, drifted: d >= threshold, psi: psiFromHistograms(refValues, curValues, hr, hc) };
	const base = { column: src.name, type: src.type, nRef: r.n, nCur: c.n, nullsRef: rows[0] - r.n, nullsCur: rows[1] - c.n };
	return { ...finish(base, 'numeric', out, s, numericHistogramFromBins(hr.counts, hc.counts, grid, bins)), method: `Wasserstein (normed), binned ${grid.bins}`, maxError };
}

/** Let other work queued on the event loop run (the categorical queries' replies) between columns. */
function nextTask(): Promise<void> {
	if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/** The relation's in-memory columns that can stand for a source (a plain column, not an expression). */
function memoryFor(rel: DriftRelation, src: Source): InMemoryColumns | null {
	return rel.inMemory && src.expr === ident(src.name) ? rel.inMemory : null;
}

/**
 * Drift of numeric sources from typed arrays: from memory when both sides
 * hold the column there (see {@link InMemoryColumns}), else read out of
 * DuckDB (one readNumeric per side for a few columns at a time). Large
 * columns without sorting when possible (aggregatedColumnDrift), the rest
 * sorted column by column (exact; a copy when the array is shared). Yields to
 * the event loop between columns, so that queries started before (the
 * categorical counts) go on meanwhile.
 */
async function numericResults(
	db: DbAdapter,
	options: DriftOptions,
	sources: Source[],
	settings: Settings,
	timing: { readMs: number; numericMs: number }
): Promise<{ results: Map<Source, ColumnDrift>; skipped: SkippedColumn[]; routes: { exact: number; counts: number; binned: number; inMemory: number } }> {
	const results = new Map<Source, ColumnDrift>();
	const skipped: SkippedColumn[] = [];
	const routes = { exact: 0, counts: 0, binned: 0, inMemory: 0 };
	const agg = options.aggregate === false ? null : { ...DRIFT_AGGREGATE_DEFAULTS, ...options.aggregate };
	let scratch: SortScratch | null = null;
	// the fine histograms' bins of every value, one array per side reused column after column
	let bins: [Uint16Array, Uint16Array] = [new Uint16Array(0), new Uint16Array(0)];
	const test = (src: Source, ref: Float64Array, cur: Float64Array, shared: boolean, extents?: [SampleExtent, SampleExtent]) => {
		const t0 = performance.now();
		const s = settings.of(src.name);
		if (agg && (bins[0].length < ref.length || bins[1].length < cur.length)) bins = [new Uint16Array(Math.max(ref.length, bins[0].length)), new Uint16Array(Math.max(cur.length, bins[1].length))];
		const a = agg ? aggregatedColumnDrift(src, { ref, cur, refExtent: extents?.[0], curExtent: extents?.[1], scratch: bins }, s, settings.bins, settings.top, agg) : null;
		if (a) {
			results.set(src, a);
			if (a.maxError) routes.binned++;
			else routes.counts++;
		} else {
			const longest = Math.max(ref.length, cur.length);
			if (!scratch || scratch.values.length < longest) scratch = scratchFor(longest);
			// sorting is in place: never on an array someone else holds
			const r = numericColumnDrift(src, shared ? ref.slice() : ref, shared ? cur.slice() : cur, scratch, s, settings.bins, settings.top);
			routes.exact++;
			if ('why' in r) skipped.push(r);
			else results.set(src, { ...r, method: 'exact', maxError: null });
		}
		timing.numericMs += performance.now() - t0;
	};
	// a side read out of DuckDB, offered to its relation's memory for next time (then shared)
	type Side = { values: Float64Array; extent?: SampleExtent; shared: boolean };
	const remembered = (rel: DriftRelation, src: Source, values: Float64Array): Side => {
		const extent = memoryFor(rel, src)?.remember?.(src.name, values) ?? undefined;
		return { values, extent, shared: extent !== undefined };
	};
	const run = (src: Source, ref: Side, cur: Side) =>
		test(src, ref.values, cur.values, ref.shared || cur.shared, ref.extent && cur.extent ? [ref.extent, cur.extent] : undefined);
	const toRead: { src: Source; ref: Side | null; cur: Side | null }[] = [];
	for (const src of sources) {
		const t0 = performance.now();
		const fromMemory = (rel: DriftRelation): Side | null => {
			const memory = memoryFor(rel, src);
			return memory?.has(src.name) ? { ...memory.get(src.name), shared: true } : null;
		};
		const ref = fromMemory(options.reference);
		const cur = fromMemory(options.current);
		timing.readMs += performance.now() - t0;
		if (ref && cur) {
			routes.inMemory++;
			run(src, ref, cur);
			await nextTask();
		} else toRead.push({ src, ref, cur });
	}
	// a few columns at a time, only the sides not in memory: less memory at once (in wasm, smaller results to grow the heap for)
	for (let first = 0; first < toRead.length; first += NUMERIC_READ_BATCH) {
		const batch = toRead.slice(first, first + NUMERIC_READ_BATCH);
		const r0 = performance.now();
		const read = async (rel: DriftRelation, wanted: typeof batch): Promise<NumericColumns> => (wanted.length ? db.readNumeric(numericSql(rel, wanted.map((x) => x.src))) : {});
		const refMissing = batch.filter((x) => !x.ref);
		const curMissing = batch.filter((x) => !x.cur);
		const refRead = await read(options.reference, refMissing);
		const curRead = await read(options.current, curMissing);
		timing.readMs += performance.now() - r0;
		for (const x of batch) {
			const ref = x.ref ?? remembered(options.reference, x.src, refRead[`v${refMissing.indexOf(x)}`]!);
			const cur = x.cur ?? remembered(options.current, x.src, curRead[`v${curMissing.indexOf(x)}`]!);
			run(x.src, ref, cur);
		}
	}
	return { results, skipped, routes };
}

/**
 * Compare `current` with `reference` column by column. Usage:
 * `computeDrift(db, { ...driftSides(yearSplit('dataset', 'compas_screening_date', 2013, 2014)), roles })`.
 * Throws RangeError for an override naming no column, a bad threshold, or a
 * test that does not fit the column.
 */
export async function computeDrift(db: DbAdapter, options: DriftOptions): Promise<DriftReport> {
	const share = options.datasetDriftShare ?? DEFAULT_DATASET_DRIFT_SHARE;
	const settings: Settings = {
		of: (name) => ({ override: options.overrides?.[name], chiSquareMode: options.chiSquareMode ?? 'contingency' }),
		bins: options.bins ?? DRIFT_HISTOGRAM_BINS,
		top: options.topCategories ?? DRIFT_TOP_CATEGORIES
	};
	const t0 = performance.now();
	const plan = await planSources(db, options);
	// the categorical counts run in DuckDB while the numeric columns are tested here
	let categoricalMs = 0;
	const categoricalWork = (async () => {
		const categorical = await categoricalResults(db, options, plan.sources.filter((s) => s.read === 'categorical'), settings);
		categoricalMs = performance.now() - t0;
		return categorical;
	})();
	const timing = { readMs: 0, numericMs: 0 };
	const numericWork = numericResults(db, options, plan.sources.filter((s) => s.read === 'numeric'), settings, timing);
	const [categorical, numeric] = await Promise.all([categoricalWork, numericWork]);
	const results = new Map([...categorical.results, ...numeric.results]);
	const inOrder = (section: Section) => plan.sources.filter((s) => s.section === section && results.has(s)).map((s) => results.get(s)!);
	const position = new Map(plan.order.map((name, i) => [name, i]));
	const skipped = [...plan.skipped, ...categorical.skipped, ...numeric.skipped].sort((a, b) => (position.get(a.column) ?? Infinity) - (position.get(b.column) ?? Infinity));
	const features = inOrder('features');
	const dd = datasetDrift(features, share);
	const excluded = options.excluded ? (await db.query(options.excluded.sql))[0] : undefined;
	return {
		reference: { label: options.reference.label, rows: categorical.rows[0] },
		current: { label: options.current.label, rows: categorical.rows[1] },
		excluded: options.excluded ? { rows: Number(excluded?.rows ?? 0), nulls: Number(excluded?.nulls ?? 0), why: options.excluded.why } : null,
		features,
		label: inOrder('label')[0] ?? null,
		prediction: inOrder('prediction'),
		probabilities: inOrder('probabilities'),
		skipped,
		datasetDrift: { share: dd.share, drifted: dd.drifted, driftedColumns: dd.driftedColumns, totalColumns: dd.totalColumns, threshold: share },
		timings: {
			totalMs: performance.now() - t0,
			categoricalMs,
			...timing,
			exactColumns: numeric.routes.exact,
			countsColumns: numeric.routes.counts,
			binnedColumns: numeric.routes.binned,
			inMemoryColumns: numeric.routes.inMemory
		}
	};
}
