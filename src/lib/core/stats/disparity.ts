/**
 * Group fairness disparities.
 *
 * - Rate comparison of a group against a reference: ratio g / ref and difference g - ref.
 * - Four-fifths rule (US EEOC Uniform Guidelines, 29 CFR 1607.4(D)): adverse impact when
 *   a group's selection rate is below 4/5 of the reference (by default the group with
 *   the highest selection rate); the ratio band [0.8, 1.25] is "within".
 * - Equalized-odds difference (Hardt et al. 2016; as Fairlearn):
 *   max(|TPR_g - TPR_ref|, |FPR_g - FPR_ref|).
 * - Significance: each group against the rest of the data on a 2x2 table
 *   [[group positives, group negatives], [rest positives, rest negatives]] with Pearson's
 *   chi-square without continuity correction, or Fisher's exact test when any expected
 *   count is below 5 (the usual validity rule for the chi-square approximation); then
 *   Benjamini-Hochberg over the tests of the table.
 * - Groups smaller than `minGroupSize` (default 30) are marked `small` and never flagged.
 *   Their raw p-value is reported, but they are left out of the BH family (adjusted
 *   p-value NaN): they cannot be flagged, so counting them would only cost power for
 *   the groups that can (high-cardinality columns have many tiny groups).
 */
import { chiSquareIndependence } from './chi-square';
import { fisherExact } from './fisher';
import { DEFAULT_FDR_ALPHA, benjaminiHochbergTest } from './multiple-testing';
import { assertNonNegative } from './numeric-utils';
import { confusionRates, type ConfusionCounts, type ConfusionRates } from './rates';

/** Four-fifths rule: a selection-rate ratio below this indicates adverse impact. */
export const FOUR_FIFTHS_LOWER = 0.8;
/** Upper end of the "no disparity" band, the reciprocal of 0.8. */
export const FOUR_FIFTHS_UPPER = 1.25;
/** Groups smaller than this are too noisy to flag. */
export const DEFAULT_MIN_GROUP_SIZE = 30;
/** Use Fisher's exact test when any expected count of the 2x2 table is below this. */
export const MIN_EXPECTED_FOR_CHI_SQUARE = 5;

export interface RateComparison {
	/** group / reference: Infinity when only the reference is 0, NaN when both are 0 or either is NaN. */
	ratio: number;
	/** group - reference. */
	difference: number;
}

/** Ratio and difference of a group rate against a reference rate. */
export function compareRates(groupRate: number, referenceRate: number): RateComparison {
	const ratio =
		referenceRate === 0 ? (groupRate === 0 ? NaN : groupRate > 0 ? Infinity : NaN) : groupRate / referenceRate;
	return { ratio, difference: groupRate - referenceRate };
}

export type FourFifthsBand = 'below' | 'within' | 'above' | 'undefined';

export interface FourFifthsResult {
	/** group selection rate / reference selection rate. */
	ratio: number;
	/** 'below' ratio < 0.8, 'within' 0.8..1.25, 'above' > 1.25, 'undefined' if the ratio is NaN. */
	band: FourFifthsBand;
	/** Adverse impact: ratio < 0.8. */
	flagged: boolean;
}

/** Four-fifths rule on selection rates. */
export function fourFifthsRule(groupSelectionRate: number, referenceSelectionRate: number): FourFifthsResult {
	const { ratio } = compareRates(groupSelectionRate, referenceSelectionRate);
	let band: FourFifthsBand;
	if (Number.isNaN(ratio)) band = 'undefined';
	else if (ratio < FOUR_FIFTHS_LOWER) band = 'below';
	else if (ratio > FOUR_FIFTHS_UPPER) band = 'above';
	else band = 'within';
	return { ratio, band, flagged: band === 'below' };
}

/** max(|TPR_g - TPR_ref|, |FPR_g - FPR_ref|); NaN if any rate is undefined. */
export function equalizedOddsDifference(
	group: { tpr: number; fpr: number },
	reference: { tpr: number; fpr: number }
): number {
	const dt = Math.abs(group.tpr - reference.tpr);
	const df = Math.abs(group.fpr - reference.fpr);
	if (Number.isNaN(dt) || Number.isNaN(df)) return NaN;
	return Math.max(dt, df);
}

export type GroupTestKind = 'chisquare' | 'fisher';

export interface GroupVsRestTest {
	test: GroupTestKind;
	/** Chi-square statistic, or the sample odds ratio for Fisher's test. */
	statistic: number;
	pValue: number;
}

/**
 * Test a group's positive rate against the rest: chi-square (no correction) on
 * [[positives, n - positives], [restPositives, restN - restPositives]], or Fisher's
 * exact test when any expected count is below 5 (including empty margins, where
 * Fisher gives p = 1).
 */
export function groupVsRestTest(
	positives: number,
	n: number,
	restPositives: number,
	restN: number
): GroupVsRestTest {
	const table = [
		[positives, n - positives],
		[restPositives, restN - restPositives]
	] as const;
	const chi = chiSquareIndependence(table, { correction: false });
	let minExpected = Infinity;
	for (const row of chi.expected) for (const e of row) minExpected = Math.min(minExpected, e);
	if (!(minExpected >= MIN_EXPECTED_FOR_CHI_SQUARE)) {
		const f = fisherExact(table);
		return { test: 'fisher', statistic: f.oddsRatio, pValue: f.pValue };
	}
	return { test: 'chisquare', statistic: chi.statistic, pValue: chi.pValue };
}

/** A group's size and number of "positive" outcomes (selected, misclassified, ...). */
export interface GroupOutcome {
	key: string;
	n: number;
	positives: number;
}

export interface GroupSignificance extends GroupVsRestTest {
	key: string;
	n: number;
	positives: number;
	/** positives / n of the group and of everyone else. */
	rate: number;
	restRate: number;
	/** BH-adjusted p-value over the non-small groups (NaN for small groups). */
	adjustedPValue: number;
	/** n < minGroupSize. */
	small: boolean;
	/** Rejected by BH at `alpha` and not small. */
	flagged: boolean;
}

export interface GroupSignificanceOptions {
	/** FDR level of the BH procedure (default 0.05). */
	alpha?: number;
	/** Minimum group size to be flagged (default 30). */
	minGroupSize?: number;
}

/** Each group against the rest of the data, BH-corrected across groups. */
export function groupSignificance(
	groups: readonly GroupOutcome[],
	options: GroupSignificanceOptions = {}
): GroupSignificance[] {
	const alpha = options.alpha ?? DEFAULT_FDR_ALPHA;
	const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
	let totalN = 0;
	let totalPositives = 0;
	for (const g of groups) {
		assertNonNegative(g.n, `n of ${g.key}`);
		assertNonNegative(g.positives, `positives of ${g.key}`);
		if (g.positives > g.n) throw new RangeError(`positives > n for group ${g.key}`);
		totalN += g.n;
		totalPositives += g.positives;
	}
	const tests = groups.map((g) => groupVsRestTest(g.positives, g.n, totalPositives - g.positives, totalN - g.n));
	const small = groups.map((g) => g.n < minGroupSize);
	const family = tests.map((t, i) => (small[i] ? NaN : t.pValue));
	const bh = benjaminiHochbergTest(family, alpha);
	return groups.map((g, i) => {
		const t = tests[i] as GroupVsRestTest;
		const restN = totalN - g.n;
		return {
			...t,
			key: g.key,
			n: g.n,
			positives: g.positives,
			rate: g.n > 0 ? g.positives / g.n : NaN,
			restRate: restN > 0 ? (totalPositives - g.positives) / restN : NaN,
			adjustedPValue: bh.adjusted[i] as number,
			small: small[i] as boolean,
			flagged: !(small[i] as boolean) && (bh.reject[i] as boolean)
		};
	});
}

/** Confusion counts of one group. */
export interface GroupConfusion {
	key: string;
	counts: ConfusionCounts;
}

/** Rates that can be compared against the reference group. */
export type RateName = keyof ConfusionRates;

export interface GroupDisparity {
	key: string;
	n: number;
	small: boolean;
	rates: ConfusionRates;
	/** Ratio / difference of each rate against the reference group's rate. */
	comparisons: Record<RateName, RateComparison>;
	/** Four-fifths rule on the selection rate (never flagged for small groups). */
	fourFifths: FourFifthsResult;
	/** max(|dTPR|, |dFPR|) against the reference group. */
	equalizedOddsDifference: number;
	/** The group-vs-rest test of `testMetric`, BH-corrected over the table. */
	significance: GroupSignificance;
}

export interface DisparityOptions extends GroupSignificanceOptions {
	/**
	 * Reference group key. Default: the non-small group with the highest selection rate
	 * (the EEOC comparison group), or the largest group if all groups are small.
	 */
	referenceKey?: string;
	/** Outcome tested group-vs-rest: predicted positive ('selectionRate', default) or misclassified ('errorRate'). */
	testMetric?: 'selectionRate' | 'errorRate';
}

export interface DisparityReport {
	referenceKey: string;
	groups: GroupDisparity[];
}

const RATE_NAMES: readonly RateName[] = [
	'tpr',
	'fpr',
	'fnr',
	'tnr',
	'ppv',
	'npv',
	'selectionRate',
	'accuracy',
	'errorRate',
	'prevalence'
];

function groupSize(c: ConfusionCounts): number {
	return c.tp + c.fp + c.tn + c.fn;
}

/** Disparity metrics of every group against a reference group, with significance tests. */
export function disparityReport(
	groups: readonly GroupConfusion[],
	options: DisparityOptions = {}
): DisparityReport {
	if (groups.length === 0) throw new RangeError('disparityReport: no groups');
	const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
	const rates = groups.map((g) => confusionRates(g.counts));
	let refIndex = -1;
	if (options.referenceKey !== undefined) {
		refIndex = groups.findIndex((g) => g.key === options.referenceKey);
		if (refIndex < 0) throw new RangeError(`disparityReport: unknown reference group ${options.referenceKey}`);
	} else {
		let best = -Infinity;
		groups.forEach((g, i) => {
			const sr = (rates[i] as ConfusionRates).selectionRate.value;
			if (groupSize(g.counts) >= minGroupSize && sr > best) {
				best = sr;
				refIndex = i;
			}
		});
		if (refIndex < 0) {
			let largest = -1;
			groups.forEach((g, i) => {
				if (groupSize(g.counts) > largest) {
					largest = groupSize(g.counts);
					refIndex = i;
				}
			});
		}
	}
	const refRates = rates[refIndex] as ConfusionRates;
	const metric = options.testMetric ?? 'selectionRate';
	const outcomes: GroupOutcome[] = groups.map((g) => ({
		key: g.key,
		n: groupSize(g.counts),
		positives: metric === 'selectionRate' ? g.counts.tp + g.counts.fp : g.counts.fp + g.counts.fn
	}));
	const significance = groupSignificance(outcomes, options);
	const out = groups.map((g, i): GroupDisparity => {
		const r = rates[i] as ConfusionRates;
		const n = groupSize(g.counts);
		const small = n < minGroupSize;
		const comparisons = {} as Record<RateName, RateComparison>;
		for (const name of RATE_NAMES) comparisons[name] = compareRates(r[name].value, refRates[name].value);
		const ff = fourFifthsRule(r.selectionRate.value, refRates.selectionRate.value);
		return {
			key: g.key,
			n,
			small,
			rates: r,
			comparisons,
			fourFifths: { ...ff, flagged: ff.flagged && !small },
			equalizedOddsDifference: equalizedOddsDifference(
				{ tpr: r.tpr.value, fpr: r.fpr.value },
				{ tpr: refRates.tpr.value, fpr: refRates.fpr.value }
			),
			significance: significance[i] as GroupSignificance
		};
	});
	return { referenceKey: (groups[refIndex] as GroupConfusion).key, groups: out };
}

