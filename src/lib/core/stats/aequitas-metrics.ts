/**
 * Aequitas' group metrics and their disparities, from per-group confusion counts.
 *
 * Aequitas (dssg/aequitas, `Group.get_crosstabs` and `Bias`) defines per group, with
 * PP = TP + FP predicted positives and PN = TN + FN predicted negatives:
 *   TPR = TP / (TP + FN)      TNR = TN / (TN + FP)      FOR = FN / (FN + TN) = FN / PN
 *   FPR = FP / (FP + TN)      FNR = FN / (FN + TP)      FDR = FP / (FP + TP) = FP / PP
 *   NPV = TN / (TN + FN)      precision (PPV) = TP / (TP + FP)
 *   PPR   = PP / (PP of all groups)   the group's share of all predicted positives
 *   PPREV = PP / group size           the group's predicted prevalence (selection rate)
 *   PREV  = (TP + FN) / group size    the group's label prevalence
 * Every ratio with a zero denominator is NaN (undefined), as Aequitas' `divide` makes it.
 * The disparity of a metric is group value / reference group value (`Bias`), which is
 * Infinity when only the reference is 0 and NaN when both are (pandas division).
 * Aequitas' `Fairness` calls a disparity fair when tau <= disparity <= 1 / tau (tau = 0.8).
 */
import { compareRates } from './disparity';
import { overallCounts, type GroupCounts } from './fairness-aggregates';
import type { ConfusionCounts } from './rates';

export const AEQUITAS_METRICS = ['tpr', 'tnr', 'for', 'fdr', 'fpr', 'fnr', 'npv', 'precision', 'ppr', 'pprev', 'prev'] as const;
export type AequitasMetric = (typeof AEQUITAS_METRICS)[number];

export type AequitasGroupMetrics = Record<AequitasMetric, number>;

/** Aequitas' default fairness threshold tau: fair when tau <= disparity <= 1 / tau. */
export const AEQUITAS_TAU = 0.8;

/** x / y, NaN when y is 0 (Aequitas' `divide`). */
function divide(x: number, y: number): number {
	return y === 0 ? NaN : x / y;
}

/** The metrics of one group; `totalPredictedPositives` is PP summed over all groups (for PPR). */
export function aequitasGroupMetrics(c: ConfusionCounts, totalPredictedPositives: number): AequitasGroupMetrics {
	const pp = c.tp + c.fp;
	const pn = c.tn + c.fn;
	const n = pp + pn;
	return {
		tpr: divide(c.tp, c.tp + c.fn),
		tnr: divide(c.tn, c.tn + c.fp),
		for: divide(c.fn, pn),
		fdr: divide(c.fp, pp),
		fpr: divide(c.fp, c.fp + c.tn),
		fnr: divide(c.fn, c.fn + c.tp),
		npv: divide(c.tn, pn),
		precision: divide(c.tp, pp),
		ppr: divide(pp, totalPredictedPositives),
		pprev: divide(pp, n),
		prev: divide(c.tp + c.fn, n)
	};
}

export interface AequitasGroupResult {
	key: string;
	size: number;
	metrics: AequitasGroupMetrics;
	/** metric / the reference group's metric */
	disparities: AequitasGroupMetrics;
	/** per metric: tau <= disparity <= 1 / tau (false when the disparity is undefined) */
	fair: Record<AequitasMetric, boolean>;
}

/** Whether a disparity lies in Aequitas' parity band [tau, 1 / tau]. */
export function aequitasParity(disparity: number, tau: number = AEQUITAS_TAU): boolean {
	if (!(tau > 0 && tau <= 1)) throw new RangeError(`tau must be in (0, 1], got ${tau}.`);
	return disparity >= tau && disparity <= 1 / tau;
}

/**
 * Every group's Aequitas metrics and their disparities against `referenceKey` (which must be
 * one of the groups: the reference's own disparities are 1 where its metric is defined).
 */
export function aequitasDisparities(
	groups: readonly GroupCounts[],
	referenceKey: string,
	tau: number = AEQUITAS_TAU
): AequitasGroupResult[] {
	const overall = overallCounts(groups);
	const totalPp = overall.tp + overall.fp;
	const metrics = groups.map((g) => aequitasGroupMetrics(g.counts, totalPp));
	const refIndex = groups.findIndex((g) => g.key === referenceKey);
	if (refIndex < 0) {
		throw new RangeError(`Reference group '${referenceKey}' is not among the groups (${groups.map((g) => g.key).join(', ')}).`);
	}
	const ref = metrics[refIndex] as AequitasGroupMetrics;
	return groups.map((g, i) => {
		const m = metrics[i] as AequitasGroupMetrics;
		const disparities = {} as AequitasGroupMetrics;
		const fair = {} as Record<AequitasMetric, boolean>;
		for (const name of AEQUITAS_METRICS) {
			const d = compareRates(m[name], ref[name]).ratio;
			disparities[name] = d;
			fair[name] = aequitasParity(d, tau);
		}
		const { tp, fp, tn, fn } = g.counts;
		return { key: g.key, size: tp + fp + tn + fn, metrics: m, disparities, fair };
	});
}
