/**
 * Options of a drift comparison, declared once: defaults and validation.
 */

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
