/**
 * Drift on the data side: the sides of a comparison as SQL, which columns to
 * test, reading them (category counts in DuckDB, numeric columns as typed
 * arrays) and scheduling the pure tests of core/drift.
 */
export * from './types';
export { driftSides, timeCutSplit, yearSplit } from './sides';
export { computeDrift } from './compute';
export { categoryCountsSql, describeRelationSql, numericSql, rowCountSql } from '../sql/drift';
export {
	DRIFT_HISTOGRAM_BINS,
	DRIFT_TOP_CATEGORIES,
	NEARLY_UNIQUE_MIN_DISTINCT,
	NEARLY_UNIQUE_SHARE,
	categoricalHistogram,
	numericHistogram,
	type ColumnDrift,
	type DriftHistogram,
	type DriftHistogramSide,
	type DriftOverride,
	type DriftReport,
	type SkippedColumn
} from '../../core/drift/index';
export { DRIFT_AGGREGATE_DEFAULTS, type DriftAggregateOptions } from '../../core/options/drift';
