/**
 * What a drift comparison returns: per-column results with their histograms,
 * skipped columns and dataset drift. Plain objects, as the report, the page
 * and the CLI read them.
 */
import { DRIFT_DEFAULTS } from '../options/drift';
import type { DriftTestName, PsiBand } from '../stats/index';

/** Bins of the numeric histogram, equal width over the pooled range of both sides. */
export const DRIFT_HISTOGRAM_BINS = DRIFT_DEFAULTS.bins;
/** Categories shown in a categorical histogram; the rest are summed into one "other" entry. */
export const DRIFT_TOP_CATEGORIES = DRIFT_DEFAULTS.topCategories;
/**
 * A text column whose reference holds more distinct values than this share of
 * its non-NULL values (and more than {@link NEARLY_UNIQUE_MIN_DISTINCT}) is an
 * identifier or free text, not a category: it is skipped, not tested.
 */
export const NEARLY_UNIQUE_SHARE = 0.5;
/** See {@link NEARLY_UNIQUE_SHARE}: small columns are always tested. */
export const NEARLY_UNIQUE_MIN_DISTINCT = 50;

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
	 * DriftAggregateOptions); the PSI is exact on every path.
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

/** A column being tested: its name (`list[k]` for an element of a list) and DuckDB type. */
export interface DriftColumnRef {
	name: string;
	type: string;
}
