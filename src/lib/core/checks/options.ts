/**
 * Options of the data-quality checks (duplicates, missingness, outliers,
 * leakage, class balance, split contamination, near duplicates), each with its
 * default and validation, declared once here.
 */
import { DEFAULT_MIN_GROUP_SIZE } from '../stats/disparity';
import { DEFAULT_FDR_ALPHA } from '../stats/multiple-testing';

export interface CheckOptions {
	/** Inter-quartile fence multipliers: a value below Q1 - k IQR or above Q3 + k IQR is outlying (default 1.5 and 3). */
	fences: number[];
	/** A feature whose leakage score is at or above this is flagged as a likely leak (default 0.95). */
	leakThreshold: number;
	/** Most quantile bins of a numeric feature for the multi-class majority rule (default 20). */
	leakBins: number;
	/** Categories with fewer rows than this are pooled into one category by the majority rule (default 5). */
	minCategoryRows: number;
	/** Groups smaller than this are shown but never flagged (default 30, as slices). */
	minGroupSize: number;
	/** False-discovery rate of the Benjamini-Hochberg procedure over a table's group-vs-rest tests (default 0.05). */
	alpha: number;
	/** The smallest class is flagged when its share of the labelled rows is below this (default 0.05: MNIST's 8.9% smallest digit is not imbalance; with more than 20 classes set it lower). */
	minClassShare: number;
	/** Near duplicates: Euclidean distance between standardised numeric feature vectors at or below this (default 0.05). */
	nearDistance: number;
	/** Near duplicates: most candidate pairs whose distance is computed before the search stops (default 20,000,000). */
	nearBudget: number;
	/** Near duplicates: most pairs listed (default 10,000). */
	nearMaxPairs: number;
}

export const CHECK_DEFAULTS: Readonly<CheckOptions> = Object.freeze({
	fences: [1.5, 3],
	leakThreshold: 0.95,
	leakBins: 20,
	minCategoryRows: 5,
	minGroupSize: DEFAULT_MIN_GROUP_SIZE,
	alpha: DEFAULT_FDR_ALPHA,
	minClassShare: 0.05,
	nearDistance: 0.05,
	nearBudget: 20_000_000,
	nearMaxPairs: 10_000
});

/** Defaults filled in and every option checked; throws RangeError naming the option and what it must be. */
export function checkOptions(given: Partial<CheckOptions> = {}): CheckOptions {
	const o: CheckOptions = { ...CHECK_DEFAULTS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
	const need = (ok: boolean, what: string) => {
		if (!ok) throw new RangeError(what);
	};
	need(Array.isArray(o.fences) && o.fences.length > 0 && o.fences.every((k) => Number.isFinite(k) && k > 0), 'fences must be positive numbers (e.g. 1.5 and 3).');
	need(o.leakThreshold > 0 && o.leakThreshold <= 1, 'leakThreshold must be in (0, 1].');
	need(Number.isInteger(o.leakBins) && o.leakBins >= 2 && o.leakBins <= 1000, 'leakBins must be an integer from 2 to 1000.');
	need(Number.isInteger(o.minCategoryRows) && o.minCategoryRows >= 1, 'minCategoryRows must be an integer >= 1.');
	need(Number.isInteger(o.minGroupSize) && o.minGroupSize >= 0, 'minGroupSize must be an integer >= 0.');
	need(o.alpha > 0 && o.alpha < 1, 'alpha must be in (0, 1).');
	need(o.minClassShare >= 0 && o.minClassShare <= 1, 'minClassShare must be in [0, 1].');
	need(Number.isFinite(o.nearDistance) && o.nearDistance >= 0, 'nearDistance must be a finite number >= 0.');
	need(Number.isInteger(o.nearBudget) && o.nearBudget >= 0, 'nearBudget must be an integer >= 0.');
	need(Number.isInteger(o.nearMaxPairs) && o.nearMaxPairs >= 0, 'nearMaxPairs must be an integer >= 0.');
	return { ...o, fences: [...o.fences] };
}
