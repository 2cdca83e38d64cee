/**
 * Fairlearn's aggregate fairness numbers, from per-group confusion counts.
 *
 * Fairlearn (fairlearn.metrics, MetricFrame) computes a metric on every group and on all rows
 * ("overall"), then reduces the group values to one number (as documented for
 * `MetricFrame.difference` / `MetricFrame.ratio`):
 *   difference, between_groups: max_g v_g - min_g v_g
 *   difference, to_overall:     max_g |v_g - overall|
 *   ratio, between_groups:      min_g v_g / max_g v_g
 *   ratio, to_overall:          min_g r_g, where r_g = v_g / overall folded below 1
 *                               (r_g > 1 becomes 1 / r_g)
 * Groups whose value is NaN (0 / 0) are skipped, as pandas' max/min skip NaN. If none is left,
 * or the between_groups maximum is 0, the result is NaN.
 * On top of these:
 *   demographic_parity_difference / _ratio: the two reductions of the selection rate
 *     (TP + FP) / n;
 *   equalized_odds_difference: the larger of the TPR and FPR differences; equalized_odds_ratio:
 *     the smaller of the TPR and FPR ratios (`agg: 'mean'` averages the two instead).
 * Rates are Fairlearn's: TPR = TP / (TP + FN) and FPR = FP / (FP + TN) come from
 * scikit-learn's row-normalised confusion matrix, which turns 0 / 0 into 0. So a group without
 * positive labels has TPR 0 (and one without negatives FPR 0), not "undefined".
 * The overall value is the metric on all rows, i.e. on the summed counts.
 */
import { assertNonNegative } from './numeric-utils';
import type { ConfusionCounts } from './rates';

export type AggregateMethod = 'between_groups' | 'to_overall';

/** One group's confusion counts (positive class = 1; prediction 1 = selected). */
export interface GroupCounts {
	key: string;
	counts: ConfusionCounts;
}

/** Rows in a confusion table. */
function total(c: ConfusionCounts): number {
	return c.tp + c.fp + c.tn + c.fn;
}

/** Element-wise sum: the overall counts of all rows. */
export function overallCounts(groups: readonly GroupCounts[]): ConfusionCounts {
	const o = { tp: 0, fp: 0, tn: 0, fn: 0 };
	for (const { key, counts: c } of groups) {
		for (const name of ['tp', 'fp', 'tn', 'fn'] as const) assertNonNegative(c[name], `${name} of group ${key}`);
		if (total(c) === 0) throw new RangeError(`Group ${key} has no rows; leave empty groups out.`);
		o.tp += c.tp;
		o.fp += c.fp;
		o.tn += c.tn;
		o.fn += c.fn;
	}
	return o;
}

/** Selection rate (TP + FP) / n (Fairlearn's `selection_rate`). */
export function selectionRateOf(c: ConfusionCounts): number {
	const n = total(c);
	return n === 0 ? NaN : (c.tp + c.fp) / n;
}

/** TPR as Fairlearn gives it: TP / (TP + FN), 0 when there are no positive labels. */
export function fairlearnTpr(c: ConfusionCounts): number {
	const den = c.tp + c.fn;
	return den === 0 ? 0 : c.tp / den;
}

/** FPR as Fairlearn gives it: FP / (FP + TN), 0 when there are no negative labels. */
export function fairlearnFpr(c: ConfusionCounts): number {
	const den = c.fp + c.tn;
	return den === 0 ? 0 : c.fp / den;
}

/** `MetricFrame.difference(method)` of group values and the overall value. */
export function aggregateDifference(values: readonly number[], overall: number, method: AggregateMethod = 'between_groups'): number {
	const defined = values.filter((v) => !Number.isNaN(v));
	if (defined.length === 0) return NaN;
	if (method === 'between_groups') return Math.max(...defined) - Math.min(...defined);
	const gaps = defined.map((v) => Math.abs(v - overall)).filter((d) => !Number.isNaN(d));
	return gaps.length === 0 ? NaN : Math.max(...gaps);
}

/** `MetricFrame.ratio(method)` of group values and the overall value (always <= 1). */
export function aggregateRatio(values: readonly number[], overall: number, method: AggregateMethod = 'between_groups'): number {
	const defined = values.filter((v) => !Number.isNaN(v));
	if (defined.length === 0) return NaN;
	if (method === 'between_groups') {
		const max = Math.max(...defined);
		return max === 0 ? NaN : Math.min(...defined) / max;
	}
	// overall 0: v / 0 is Infinity (folded to 0) or NaN (skipped)
	const folded = defined.map((v) => v / overall).map((r) => (r > 1 ? 1 / r : r)).filter((r) => !Number.isNaN(r));
	return folded.length === 0 ? NaN : Math.min(...folded);
}

/** Fairlearn's `demographic_parity_difference(..., method)`. */
export function fairlearnDemographicParityDifference(groups: readonly GroupCounts[], method: AggregateMethod = 'between_groups'): number {
	const overall = selectionRateOf(overallCounts(groups));
	return aggregateDifference(groups.map((g) => selectionRateOf(g.counts)), overall, method);
}

/** Fairlearn's `demographic_parity_ratio(..., method)`. */
export function fairlearnDemographicParityRatio(groups: readonly GroupCounts[], method: AggregateMethod = 'between_groups'): number {
	const overall = selectionRateOf(overallCounts(groups));
	return aggregateRatio(groups.map((g) => selectionRateOf(g.counts)), overall, method);
}

/** How the TPR and FPR parts are combined: the worse of the two (default) or their mean. */
export type EqualizedOddsAgg = 'worst_case' | 'mean';

export interface EqualizedOddsOptions {
	method?: AggregateMethod;
	agg?: EqualizedOddsAgg;
}

/** Fairlearn's `equalized_odds_difference`: max (or mean) of the TPR and FPR differences. */
export function fairlearnEqualizedOddsDifference(groups: readonly GroupCounts[], options: EqualizedOddsOptions = {}): number {
	const overall = overallCounts(groups);
	const method = options.method ?? 'between_groups';
	const tpr = aggregateDifference(groups.map((g) => fairlearnTpr(g.counts)), fairlearnTpr(overall), method);
	const fpr = aggregateDifference(groups.map((g) => fairlearnFpr(g.counts)), fairlearnFpr(overall), method);
	return (options.agg ?? 'worst_case') === 'mean' ? (tpr + fpr) / 2 : nanAwareMax(tpr, fpr);
}

/** Fairlearn's `equalized_odds_ratio`: min (or mean) of the TPR and FPR ratios. */
export function fairlearnEqualizedOddsRatio(groups: readonly GroupCounts[], options: EqualizedOddsOptions = {}): number {
	const overall = overallCounts(groups);
	const method = options.method ?? 'between_groups';
	const tpr = aggregateRatio(groups.map((g) => fairlearnTpr(g.counts)), fairlearnTpr(overall), method);
	const fpr = aggregateRatio(groups.map((g) => fairlearnFpr(g.counts)), fairlearnFpr(overall), method);
	return (options.agg ?? 'worst_case') === 'mean' ? (tpr + fpr) / 2 : nanAwareMin(tpr, fpr);
}

/** The larger of two values; NaN if either is NaN (an undefined part leaves the whole undefined). */
function nanAwareMax(a: number, b: number): number {
	return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}

function nanAwareMin(a: number, b: number): number {
	return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b);
}

/** All of Fairlearn's aggregate numbers for one attribute, both methods. */
export interface FairlearnAggregates {
	demographicParityDifference: Record<AggregateMethod, number>;
	demographicParityRatio: Record<AggregateMethod, number>;
	equalizedOddsDifference: Record<AggregateMethod, number>;
	equalizedOddsRatio: Record<AggregateMethod, number>;
}

export function fairlearnAggregates(groups: readonly GroupCounts[]): FairlearnAggregates {
	const both = (f: (m: AggregateMethod) => number) => ({ between_groups: f('between_groups'), to_overall: f('to_overall') });
	return {
		demographicParityDifference: both((m) => fairlearnDemographicParityDifference(groups, m)),
		demographicParityRatio: both((m) => fairlearnDemographicParityRatio(groups, m)),
		equalizedOddsDifference: both((m) => fairlearnEqualizedOddsDifference(groups, { method: m })),
		equalizedOddsRatio: both((m) => fairlearnEqualizedOddsRatio(groups, { method: m }))
	};
}
