/**
 * Pure statistics core: fairness slices, drift, representativeness and active-learning
 * uncertainty. Typed arrays / numbers in, plain objects out; parity with scipy 1.10 on
 * the golden vectors (test/fixtures/golden/stats).
 */
export * from './numeric-utils';
export * from './distributions';
export * from './discrete';
export * from './kolmogorov';
export * from './wilson';
export * from './chi-square';
export * from './goodness-of-fit';
export * from './fisher';
export * from './multiple-testing';
export * from './two-proportion-z';
export * from './ks';
export * from './wasserstein';
export * from './jensen-shannon';
export * from './quantile';
export * from './categorical-counts';
export * from './psi';
export * from './value-counts';
export * from './binned-wasserstein';
export * from './fine-histogram';
export * from './sample-extent';
export * from './rates';
export * from './disparity';
export * from './sliceline';
export * from './representativeness';
export * from './drift-test-selection';
export * from './column-drift';
export * from './uncertainty';
export * from './fairness-aggregates';
export * from './aequitas-metrics';
export * from './reference-group';
