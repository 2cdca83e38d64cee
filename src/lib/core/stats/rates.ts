/**
 * Classification rates from confusion counts, each with a 95% Wilson interval.
 *
 *   TPR (recall)  = TP / (TP + FN)     FNR = FN / (TP + FN)
 *   FPR           = FP / (FP + TN)     TNR = TN / (FP + TN)
 *   PPV (precision) = TP / (TP + FP)   NPV = TN / (TN + FN)
 *   selection rate = (TP + FP) / N     accuracy = (TP + TN) / N
 *   error rate    = (FP + FN) / N      prevalence = (TP + FN) / N
 *
 * A rate whose denominator is 0 is undefined: value NaN and lo = hi = null
 * (e.g. the TPR of a group without positive labels). Callers show "n/a".
 */
import { assertNonNegative } from './numeric-utils';
import { Z_95, wilsonInterval } from './wilson';

/** Confusion-matrix counts (positive class = 1). */
export interface ConfusionCounts {
	tp: number;
	fp: number;
	tn: number;
	fn: number;
}

/** A proportion num / den with its Wilson interval (null bounds when den = 0). */
export interface RateEstimate {
	value: number;
	lo: number | null;
	hi: number | null;
	num: number;
	den: number;
}

export interface ConfusionRates {
	tpr: RateEstimate;
	fpr: RateEstimate;
	fnr: RateEstimate;
	tnr: RateEstimate;
	ppv: RateEstimate;
	npv: RateEstimate;
	selectionRate: RateEstimate;
	accuracy: RateEstimate;
	errorRate: RateEstimate;
	prevalence: RateEstimate;
}

/** num / den with a Wilson interval at normal quantile z (default 95%). */
export function rateEstimate(num: number, den: number, z: number = Z_95): RateEstimate {
	if (den === 0) {
		assertNonNegative(num, 'num');
		if (num !== 0) throw new RangeError('rateEstimate: num > den');
		return { value: NaN, lo: null, hi: null, num, den };
	}
	const { lo, hi } = wilsonInterval(num, den, z);
	return { value: num / den, lo, hi, num, den };
}

/** All ten rates of a confusion matrix. Throws RangeError on negative / non-finite counts. */
export function confusionRates(counts: ConfusionCounts, z: number = Z_95): ConfusionRates {
	const { tp, fp, tn, fn } = counts;
	assertNonNegative(tp, 'tp');
	assertNonNegative(fp, 'fp');
	assertNonNegative(tn, 'tn');
	assertNonNegative(fn, 'fn');
	const n = tp + fp + tn + fn;
	return {
		tpr: rateEstimate(tp, tp + fn, z),
		fpr: rateEstimate(fp, fp + tn, z),
		fnr: rateEstimate(fn, tp + fn, z),
		tnr: rateEstimate(tn, fp + tn, z),
		ppv: rateEstimate(tp, tp + fp, z),
		npv: rateEstimate(tn, tn + fn, z),
		selectionRate: rateEstimate(tp + fp, n, z),
		accuracy: rateEstimate(tp + tn, n, z),
		errorRate: rateEstimate(fp + fn, n, z),
		prevalence: rateEstimate(tp + fn, n, z)
	};
}

/** Element-wise sum of confusion counts (e.g. "all other groups"). */
export function addConfusion(a: ConfusionCounts, b: ConfusionCounts): ConfusionCounts {
	return { tp: a.tp + b.tp, fp: a.fp + b.fp, tn: a.tn + b.tn, fn: a.fn + b.fn };
}
