/**
 * The pure half of drift: sorting typed arrays, counting sorted runs,
 * histograms for charts, and each column's test over typed arrays or counts.
 * The data layer (data/drift/) reads the columns and schedules the work.
 */
export * from './types';
export * from './sort';
export * from './sorted-runs';
export * from './histograms';
export * from './column-tests';
export * from './aggregated';
export { DRIFT_AGGREGATE_DEFAULTS, type DriftAggregateOptions } from '../options/drift';
