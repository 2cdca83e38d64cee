/**
 * Column and dataset drift: runs the default (or an overridden) drift test on a
 * numeric column (arrays) or a categorical column (count maps) and reports PSI too.
 *
 * - Numeric input: NaN values are dropped first (as Evidently drops missing values);
 *   both samples are sorted once and shared by KS, Wasserstein and PSI. A numeric column
 *   with <= 5 distinct values is tested as categorical (each value a category, PSI over
 *   categories).
 * - Categorical tests run on the union of categories: 'chisquare' is Pearson's test of
 *   independence on the 2 x k table [reference counts; current counts] (scipy
 *   `chi2_contingency`, no correction; the golden vectors' definition). Evidently instead
 *   tests current counts against reference shares (goodness of fit); pass
 *   `chiSquareMode: 'goodness-of-fit'` for that. 'z' compares the share of the first
 *   category (two-sided, symmetric in the choice); with a single category p = 1.
 * - A sample that is empty after dropping NaN gives NaN statistics and drifted = false.
 * Dataset drift: drifted when the share of drifted columns >= 0.5 (Evidently's default).
 */
import { distinctUpTo, runCounts } from '../drift/sorted-runs';
import { alignCounts, countEntries, type CategoryCounts } from './categorical-counts';
import { chiSquareGoodnessOfFit, chiSquareIndependence } from './chi-square';
import {
	NUMERIC_AS_CATEGORICAL_MAX_UNIQUE,
	chooseDriftTest,
	defaultDriftThreshold,
	driftThresholdKind,
	type DriftTestName,
	type DriftThresholdKind
} from './drift-test-selection';
import { jensenShannonDistance } from './jensen-shannon';
import { ks2sampSorted } from './ks';
import { dropNaN, type NumericArray } from './numeric-utils';
import { psiCategorical, psiNumericSorted } from './psi';
import { twoProportionZTest } from './two-proportion-z';
import { WASSERSTEIN_MIN_STD, populationStd, wassersteinDistanceSorted } from './wasserstein';

/** Evidently's default share of drifted columns for dataset drift. */
export const DEFAULT_DATASET_DRIFT_SHARE = 0.5;

export interface ColumnDriftOptions {
	/** Run this test instead of the default choice. */
	test?: DriftTestName;
	/** Override the test's default threshold (0.05 for p-values, 0.1 for distances). */
	threshold?: number;
	/** Which chi-square to run for 'chisquare' (default 'contingency'). */
	chiSquareMode?: 'contingency' | 'goodness-of-fit';
}

export interface ColumnDriftResult {
	test: DriftTestName;
	kind: DriftThresholdKind;
	/** Test statistic (KS D, chi-square, z) or the distance for distance tests. */
	statistic: number;
	/** p-value for p-value tests. */
	pValue?: number;
	/** Distance for distance tests. */
	distance?: number;
	threshold: number;
	drifted: boolean;
	/** Population Stability Index (reference deciles, or categories). */
	psi: number;
	/** Whether the column was tested as numeric or categorical. */
	testedAs: 'numeric' | 'categorical';
}

/** Arrays and typed arrays are numeric samples; Maps and plain records are category counts. */
function isCategorical(x: NumericArray | CategoryCounts): x is CategoryCounts {
	return !Array.isArray(x) && !ArrayBuffer.isView(x);
}

function nanResult(test: DriftTestName, threshold: number, testedAs: 'numeric' | 'categorical'): ColumnDriftResult {
	const kind = driftThresholdKind(test);
	return {
		test,
		kind,
		statistic: NaN,
		...(kind === 'p_value' ? { pValue: NaN } : { distance: NaN }),
		threshold,
		drifted: false,
		psi: NaN,
		testedAs
	};
}

function finish(
	test: DriftTestName,
	statistic: number,
	value: number,
	threshold: number,
	psi: number,
	testedAs: 'numeric' | 'categorical'
): ColumnDriftResult {
	const kind = driftThresholdKind(test);
	if (kind === 'p_value') {
		return { test, kind, statistic, pValue: value, threshold, drifted: value < threshold, psi, testedAs };
	}
	return { test, kind, statistic, distance: value, threshold, drifted: value >= threshold, psi, testedAs };
}

/** Categorical drift on two count maps. */
function categoricalDrift(
	reference: CategoryCounts,
	current: CategoryCounts,
	refSize: number,
	options: ColumnDriftOptions
): ColumnDriftResult {
	const aligned = alignCounts(reference, current);
	const test = options.test ?? chooseDriftTest({ kind: 'categorical', refSize, nUnique: aligned.categories.length }).test;
	const threshold = options.threshold ?? defaultDriftThreshold(test);
	if (aligned.referenceTotal === 0 || aligned.currentTotal === 0) return nanResult(test, threshold, 'categorical');
	const psi = psiCategorical(reference, current).psi;
	switch (test) {
		case 'chisquare': {
			if (options.chiSquareMode === 'goodness-of-fit') {
				const scale = aligned.currentTotal / aligned.referenceTotal;
				const expected = aligned.reference.map((v) => v * scale);
				const r = chiSquareGoodnessOfFit(aligned.current, expected);
				return finish(test, r.statistic, r.pValue, threshold, psi, 'categorical');
			}
			const r = chiSquareIndependence([Array.from(aligned.reference), Array.from(aligned.current)]);
			return finish(test, r.statistic, r.pValue, threshold, psi, 'categorical');
		}
		case 'z': {
			if (aligned.categories.length > 2) {
				throw new RangeError('columnDrift: the z-test needs at most 2 categories');
			}
			const r = twoProportionZTest(
				aligned.reference[0] as number,
				aligned.referenceTotal,
				aligned.current[0] as number,
				aligned.currentTotal
			);
			return finish(test, r.statistic, r.pValue, threshold, psi, 'categorical');
		}
		case 'jensenshannon': {
			const d = jensenShannonDistance(aligned.reference, aligned.current);
			return finish(test, d, d, threshold, psi, 'categorical');
		}
		default:
			throw new RangeError(`columnDrift: test '${test}' needs numeric data`);
	}
}

/**
 * Drift of one column. Numeric columns: pass arrays; categorical: pass count maps
 * (Map or record of category -> count).
 */
export function columnDrift(
	reference: NumericArray | CategoryCounts,
	current: NumericArray | CategoryCounts,
	options: ColumnDriftOptions = {}
): ColumnDriftResult {
	const refCategorical = isCategorical(reference);
	if (refCategorical !== isCategorical(current)) {
		throw new RangeError('columnDrift: reference and current must both be arrays or both be count maps');
	}
	if (refCategorical) {
		let refSize = 0;
		for (const [, v] of countEntries(reference as CategoryCounts)) refSize += v;
		return categoricalDrift(reference as CategoryCounts, current as CategoryCounts, refSize, options);
	}
	const ref = dropNaN(reference as NumericArray).sort();
	const cur = dropNaN(current as NumericArray).sort();
	const nUnique = distinctUpTo(ref, cur);
	const asCategorical =
		nUnique <= NUMERIC_AS_CATEGORICAL_MAX_UNIQUE && (options.test === undefined || options.test === 'chisquare' || options.test === 'z' || options.test === 'jensenshannon');
	if (asCategorical) return categoricalDrift(runCounts(ref), runCounts(cur), ref.length, options);
	const test = options.test ?? chooseDriftTest({ kind: 'numeric', refSize: ref.length, nUnique }).test;
	const threshold = options.threshold ?? defaultDriftThreshold(test);
	if (ref.length === 0 || cur.length === 0) return nanResult(test, threshold, 'numeric');
	const psi = psiNumericSorted(ref, cur).psi;
	switch (test) {
		case 'ks': {
			const r = ks2sampSorted(ref, cur);
			return finish(test, r.statistic, r.pValue, threshold, psi, 'numeric');
		}
		case 'wasserstein': {
			const d = wassersteinDistanceSorted(ref, cur) / Math.max(populationStd(ref), WASSERSTEIN_MIN_STD);
			return finish(test, d, d, threshold, psi, 'numeric');
		}
		default:
			// A categorical test forced on a numeric column with many values: bin by value.
			return categoricalDrift(runCounts(ref), runCounts(cur), ref.length, { ...options, test });
	}
}

export interface DatasetDriftResult {
	driftedColumns: number;
	totalColumns: number;
	/** driftedColumns / totalColumns (NaN with no columns). */
	share: number;
	/** share >= the drift share threshold. */
	drifted: boolean;
}

/** Dataset drift: the share of drifted columns is at least `share` (default 0.5). */
export function datasetDrift(
	columns: readonly Pick<ColumnDriftResult, 'drifted'>[],
	share: number = DEFAULT_DATASET_DRIFT_SHARE
): DatasetDriftResult {
	const totalColumns = columns.length;
	let driftedColumns = 0;
	for (const c of columns) if (c.drifted) driftedColumns++;
	const s = totalColumns > 0 ? driftedColumns / totalColumns : NaN;
	return { driftedColumns, totalColumns, share: s, drifted: s >= share };
}
