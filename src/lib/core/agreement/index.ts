/**
 * Many labels per example: agreement between annotators (Cohen, Fleiss,
 * Krippendorff), consensus (majority vote, CROWDLAB), which items to label
 * again (ActiveLab), labeling-function analysis and agreement by slice.
 * Pure: sparse annotations (typed arrays) in, plain results out; parity with
 * cleanlab 2.9 / statsmodels / scikit-learn on test/fixtures/golden/multiannotator.
 */
export * from './annotations';
export * from './kappa';
export * from './krippendorff';
export * from './majority-vote';
export * from './crowdlab';
export * from './annotator-stats';
export * from './activelab';
export * from './labeling-functions';
export * from './by-slice';
