/**
 * Plumb's charts: pure layouts from data to an `SvgNode` tree (d3 for scales,
 * shapes and formats), rendered by `toSvgString` in the report and by
 * `SvgTree.svelte` in the app.
 */
export * from './svg';
export { CATEGORICAL, OKABE_ITO, type ChartOptions } from './common';
export * from './rate-intervals';
export * from './stacked-shares';
export * from './disparity-dots';
export * from './heatmap';
export * from './overlaid-histogram';
export * from './grouped-bars';
