/**
 * Options of a drift comparison, declared once: defaults and validation.
 */
import { DEFAULT_DATASET_DRIFT_SHARE } from '../stats/column-drift';
import { defaultsOf, type EnumSpec, type NumberSpec } from './schema';

export const DRIFT_SCHEMA = {
	datasetDriftShare: {
		kind: 'number',
		key: 'drift_share',
		default: DEFAULT_DATASET_DRIFT_SHARE,
		min: 0,
		minExclusive: true,
		max: 1,
		describe: 'the dataset drifts when at least this share of its features drift'
	} satisfies NumberSpec,
	chiSquareMode: {
		kind: 'enum',
		key: 'chi_square',
		values: ['contingency', 'goodness-of-fit'],
		default: 'contingency',
		describe: "chi-square as a test of independence (scipy chi2_contingency) or of goodness of fit (Evidently's)"
	} satisfies EnumSpec<'contingency' | 'goodness-of-fit'>,
	bins: {
		kind: 'number',
		key: 'bins',
		default: 20,
		min: 1,
		integer: true,
		describe: 'bins of the numeric histograms, equal width over the pooled range'
	} satisfies NumberSpec,
	topCategories: {
		kind: 'number',
		key: 'top_categories',
		default: 20,
		min: 1,
		integer: true,
		describe: 'categories shown in a categorical histogram; the rest are summed into one'
	} satisfies NumberSpec
} as const;

export const DRIFT_DEFAULTS = defaultsOf(DRIFT_SCHEMA);

/**
 * When large numeric columns are binned instead of sorted (see
 * core/drift/aggregated.ts); false: always sort.
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
