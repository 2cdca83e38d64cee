/**
 * Chart data from slice tables, shared by the Slices page and the report:
 * rate per group with intervals, class balance per group, disparity ratios.
 */
import type { SliceRateName, SliceTable } from '../core/slices';
import type { DisparityDotsData } from './disparity-dots';
import type { RateIntervalsData } from './rate-intervals';
import type { StackedSharesData } from './stacked-shares';

export const RATE_NAMES: Record<SliceRateName, string> = {
	errorRate: 'error rate',
	issueRate: 'label-issue rate',
	tpr: 'TPR',
	fpr: 'FPR',
	fnr: 'FNR',
	ppv: 'PPV',
	selectionRate: 'selection rate',
	accuracy: 'accuracy'
};

/** The rates worth a chart for this table: FPR/FNR/selection for binary tasks, else error and label-issue rates. */
export function chartedRates(t: SliceTable): SliceRateName[] {
	const wanted: SliceRateName[] = t.binary ? ['selectionRate', 'fpr', 'fnr', 'errorRate', 'issueRate'] : ['errorRate', 'issueRate'];
	return wanted.filter((r) => t.groups.some((g) => g.rates[r] !== null));
}

/** One rate per group with its 95% interval and the reference group's rate as the line. */
export function rateChartData(t: SliceTable, rate: SliceRateName): RateIntervalsData {
	const ref = t.groups.find((g) => g.isReference);
	const refRate = ref?.rates[rate];
	return {
		title: `${RATE_NAMES[rate]} by ${t.attributes.join(' × ')}`,
		groups: t.groups
			.filter((g) => g.rates[rate] !== null)
			.map((g) => {
				const r = g.rates[rate]!;
				return { key: g.key, label: g.label, value: r.value, lo: r.lo ?? r.value, hi: r.hi ?? r.value, n: g.n, flagged: g.flagged, small: g.small };
			}),
		reference: refRate && ref ? { label: `reference: ${ref.label}`, value: refRate.value } : undefined
	};
}

/** Class balance (given labels) per group. */
export function balanceChartData(t: SliceTable): StackedSharesData {
	return {
		title: `class balance by ${t.attributes.join(' × ')}`,
		classes: t.classes,
		groups: t.groups.map((g) => ({ key: g.key, label: g.label, shares: t.classes.map((c) => g.classBalance.find((b) => b.cls === c)?.share ?? 0) }))
	};
}

/** Ratios to the reference group for the charted rates, on the 0.8-1.25 band. */
export function disparityChartData(t: SliceTable): DisparityDotsData {
	const rates = chartedRates(t).filter((r) => r !== 'issueRate');
	return {
		title: `ratio to the reference group by ${t.attributes.join(' × ')}`,
		rows: t.groups
			.filter((g) => !g.isReference)
			.flatMap((g) =>
				rates
					.filter((r) => g.disparity[r] && Number.isFinite(g.disparity[r]!.ratio))
					.map((r) => ({ key: g.key, group: g.label, metric: RATE_NAMES[r], ratio: g.disparity[r]!.ratio, flagged: !g.small && (g.disparity[r]!.ratio < 0.8 || g.disparity[r]!.ratio > 1.25) }))
			)
	};
}
