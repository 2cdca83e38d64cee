/**
 * Default drift test per column, following Evidently's default stat-test choice:
 * - reference with <= 1000 rows:
 *     numeric with more than 5 distinct values -> two-sample Kolmogorov-Smirnov;
 *     otherwise (categorical, or numeric with <= 5 distinct values) -> chi-square,
 *     or the two-proportion z-test when there are at most 2 categories;
 *     drift when p-value < 0.05;
 * - larger reference:
 *     numeric with more than 5 distinct values -> Wasserstein distance normalised by
 *     the reference std; otherwise -> Jensen-Shannon distance; drift when distance >= 0.1.
 * `nUnique` is the number of distinct non-missing values over reference and current
 * together (Evidently counts the union).
 */

/** Reference sizes up to this use p-value tests (KS, chi-square, z). */
export const SMALL_REFERENCE_MAX_ROWS = 1000;
/** Numeric columns with at most this many distinct values are treated as categorical. */
export const NUMERIC_AS_CATEGORICAL_MAX_UNIQUE = 5;
/** At most this many categories: two-proportion z-test instead of chi-square. */
export const Z_TEST_MAX_CATEGORIES = 2;
/** Drift when p < 0.05 for p-value tests. */
export const DEFAULT_P_VALUE_THRESHOLD = 0.05;
/** Drift when distance >= 0.1 for distance tests. */
export const DEFAULT_DISTANCE_THRESHOLD = 0.1;

export type DriftTestName = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon';
export type DriftThresholdKind = 'p_value' | 'distance';
export type ColumnKind = 'numeric' | 'categorical';

export interface DriftTestChoice {
	test: DriftTestName;
	threshold: number;
	kind: DriftThresholdKind;
}

export interface DriftTestSelectionInput {
	kind: ColumnKind;
	/** Number of reference rows (non-missing). */
	refSize: number;
	/** Distinct non-missing values in reference and current together. */
	nUnique: number;
}

/** Whether a test reports a p-value (drift when below the threshold) or a distance (drift when >= threshold). */
export function driftThresholdKind(test: DriftTestName): DriftThresholdKind {
	return test === 'wasserstein' || test === 'jensenshannon' ? 'distance' : 'p_value';
}

/** Default threshold of a test. */
export function defaultDriftThreshold(test: DriftTestName): number {
	return driftThresholdKind(test) === 'distance' ? DEFAULT_DISTANCE_THRESHOLD : DEFAULT_P_VALUE_THRESHOLD;
}

/** Evidently's default drift test for a column. */
export function chooseDriftTest(input: DriftTestSelectionInput): DriftTestChoice {
	const numeric = input.kind === 'numeric' && input.nUnique > NUMERIC_AS_CATEGORICAL_MAX_UNIQUE;
	let test: DriftTestName;
	if (input.refSize <= SMALL_REFERENCE_MAX_ROWS) {
		if (numeric) test = 'ks';
		else test = input.nUnique <= Z_TEST_MAX_CATEGORIES ? 'z' : 'chisquare';
	} else {
		test = numeric ? 'wasserstein' : 'jensenshannon';
	}
	return { test, threshold: defaultDriftThreshold(test), kind: driftThresholdKind(test) };
}
