/**
 * Section 3: slices. Per slice table, the groups with their rates and 95%
 * intervals, ratios to the reference group, the four-fifths rule, BH-adjusted
 * p-values and marks; charts from the shared slice-chart mappers; then the
 * slices found by automatic discovery.
 */
import { layoutDisparityDots, layoutRateIntervals, layoutStackedShares } from '../charts/index';
import { RATE_NAMES, balanceChartData, chartedRates, disparityChartData, rateChartData } from '../charts/slice-charts';
import type { SliceDiscovery } from '../core/slice-discovery';
import { SLICE_RATES, type SliceGroup, type SliceRateName, type SliceTable, type TestedRateName } from '../core/slices';
import type { SliceReport } from '../data/slice-report';
import { count, fixed, pValue, pct, pctInterval, plural, ratio } from './format';
import { html, joinHtml, type HtmlValue, type SafeHtml } from './html';
import { REPORT_CHART_WIDTH, chart, mark, section, table, td, th, tr } from './parts';
import type { ReportDiscovery } from './types';

/** Column titles of the rates, with what each means for a reader who is not a statistician. */
const RATE_INFO: Record<SliceRateName, { title: string; meaning: string }> = {
	errorRate: { title: 'Error rate', meaning: 'share of rows where the prediction differs from the given label' },
	issueRate: { title: 'Label-issue rate', meaning: 'share of rows whose given label was flagged as probably wrong' },
	tpr: { title: 'TPR', meaning: 'true positive rate: of the rows that are truly positive, the share predicted positive' },
	fpr: { title: 'FPR', meaning: 'false positive rate: of the rows that are truly negative, the share wrongly predicted positive' },
	fnr: { title: 'FNR', meaning: 'false negative rate: of the rows that are truly positive, the share wrongly predicted negative' },
	ppv: { title: 'PPV', meaning: 'precision: of the rows predicted positive, the share that are truly positive' },
	selectionRate: { title: 'Selection rate', meaning: 'share of rows predicted positive' },
	accuracy: { title: 'Accuracy', meaning: 'share of rows where the prediction matches the given label' }
};

const TESTED_TITLES: Record<string, string> = { errorRate: 'error', selectionRate: 'selection', fpr: 'FPR', fnr: 'FNR' };

/** Rates shown in a table: those that apply to some group or to the whole data. */
function shownRates(t: SliceTable): SliceRateName[] {
	return SLICE_RATES.filter((r) => t.groups.some((g) => g.rates[r] !== null) || t.overall.rates[r] !== null);
}

/** Intervals in tables: one decimal keeps the columns narrow enough for a printed page. */
const INTERVAL_DIGITS = 1;

function rateCell(g: SliceGroup, r: SliceRateName): SafeHtml {
	const rate = g.rates[r];
	if (!rate) return td('–', true);
	const interval = pctInterval(rate.lo, rate.hi, INTERVAL_DIGITS);
	const d = g.disparity[r];
	const showRatio = !g.isReference && d !== null && (Number.isFinite(d.ratio) || d.ratio === Infinity);
	return td(
		html`${pct(rate.value)}${interval ? html`<span class="sub">${interval}</span>` : ''}${showRatio ? html`<span class="sub">×${ratio(d.ratio)}</span>` : ''}`,
		true
	);
}

function pCell(g: SliceGroup, rate: TestedRateName): SafeHtml {
	const t = g.tests[rate];
	if (!t) return td('–', true);
	if (!Number.isFinite(t.adjustedPValue)) return td(html`–<span class="sub">raw ${pValue(t.pValue)}</span>`, true);
	return td(`${pValue(t.adjustedPValue)}${t.significant ? ' *' : ''}`, true);
}

function marks(g: SliceGroup, t: SliceTable): SafeHtml {
	const out: SafeHtml[] = [];
	if (g.isReference) out.push(mark('reference'));
	if (g.flagged) out.push(mark('flagged', 'bad'));
	if (g.significant) out.push(mark('significant', 'bad'));
	if (g.fourFifths?.flagged) out.push(mark('below four-fifths', 'bad'));
	if (g.small) out.push(mark(`small (< ${t.minSize})`));
	return joinHtml(out, ' ');
}

function rowClass(g: SliceGroup): string {
	return [g.isReference ? 'reference' : '', g.small ? 'small' : ''].filter(Boolean).join(' ');
}

/** Rates per group, each with its interval and its ratio to the reference. */
function ratesTable(t: SliceTable, by: string, refLabel: string): SafeHtml {
	const rates = shownRates(t);
	const rows = t.groups.map((g) => tr([td(g.label), td(count(g.n), true), td(pct(g.share, 1), true), ...rates.map((r) => rateCell(g, r))], rowClass(g)));
	rows.push(
		tr(
			[
				td('All rows'),
				td(count(t.overall.n), true),
				td('100%', true),
				...rates.map((r) => {
					const rate = t.overall.rates[r];
					return td(rate ? html`${pct(rate.value)}<span class="sub">${pctInterval(rate.lo, rate.hi, INTERVAL_DIGITS)}</span>` : '–', true);
				})
			],
			'overall'
		)
	);
	return table(
		html`Rates by <strong>${by}</strong>${t.binary && t.positive !== null ? html` (positive class <span class="mono">${t.positive}</span>)` : ''}. Under each rate: its 95% interval, then its ratio to the reference group <strong>${refLabel}</strong> (×1.00 = equal).`,
		[th('Group'), th('Rows', true), th('Share', true), ...rates.map((r) => th(RATE_INFO[r].title, true))],
		rows
	);
}

/** Four-fifths rule, equalized odds and the significance tests per group, with the marks. */
function comparisonTable(t: SliceTable, by: string): SafeHtml {
	const tested = t.testedRates;
	const rows = t.groups.map((g) =>
		tr(
			[
				td(g.label),
				...(t.binary
					? [
							td(g.isReference ? 'reference' : g.fourFifths ? html`${ratio(g.fourFifths.ratio)}${g.fourFifths.flagged ? html`<span class="sub">below 0.8</span>` : ''}` : '–', true),
							td(g.isReference ? '–' : fixed(g.equalizedOddsDifference, 3), true)
						]
					: []),
				...tested.map((r) => pCell(g, r)),
				td(marks(g, t))
			],
			rowClass(g)
		)
	);
	return table(
		html`Comparisons by <strong>${by}</strong>.${t.binary ? ' Selection ratio: the group’s selection rate divided by the reference’s (the four-fifths rule flags below 0.8). Equalized-odds difference: the larger gap to the reference in TPR or FPR.' : ''} Adjusted p: each group against all other rows, Benjamini–Hochberg adjusted; * marks a significant difference at a false discovery rate of ${pct(t.alpha, 0)}. Small groups are left out of the adjustment (their raw p-value is shown).`,
		[
			th('Group'),
			...(t.binary ? [th('Selection ratio (4/5 rule)', true), th('Equalized-odds difference', true)] : []),
			...tested.map((r) => th(`Adjusted p, ${TESTED_TITLES[r] ?? r}`, true)),
			th('Marks')
		],
		rows
	);
}

function sliceTableHtml(t: SliceTable, index: number): SafeHtml {
	const by = t.attributes.join(' × ');
	const refLabel = t.groups.find((g) => g.isReference)?.label ?? 'none';
	const flagged = t.groups.filter((g) => g.flagged);
	const charts = chartedRates(t).map((r) =>
		chart(
			() => layoutRateIntervals(rateChartData(t, r), { width: REPORT_CHART_WIDTH }),
			html`${RATE_INFO[r].title} per group (dot) with its 95% interval (whisker); the dashed line is the reference group. Highlighted dots are flagged groups; hollow grey dots are groups too small to judge.`
		)
	);
	const disparity = disparityChartData(t);
	if (disparity.rows.length > 0) {
		charts.push(
			chart(
				() => layoutDisparityDots(disparity, { width: REPORT_CHART_WIDTH }),
				html`Each group’s rate divided by the reference group’s, on a log scale. The shaded band (0.8 to 1.25) is the usual “four-fifths” tolerance; dots outside it differ by more than a fifth.`
			)
		);
	}
	if (t.classes.length > 0 && t.groups.some((g) => g.labeled > 0)) {
		charts.push(chart(() => layoutStackedShares(balanceChartData(t), { width: REPORT_CHART_WIDTH }), html`Share of each given label within each group.`));
	}
	return html`<h3 id="${`slices-${index + 1}`}">By ${by}</h3>
<p>${plural(t.groups.length, 'group')}, compared with the reference group <strong>${refLabel}</strong>; ${
		flagged.length
			? html`<strong>${plural(flagged.length, 'group')} flagged</strong>: ${joinHtml(
					flagged.map((g) => html`<strong>${g.label}</strong>`),
					', '
				)}.`
			: 'no group flagged.'
	}</p>
${ratesTable(t, by, refLabel)}
${comparisonTable(t, by)}
${charts}`;
}

function discoveryList(d: ReportDiscovery): SliceDiscovery[] {
	if (Array.isArray(d)) return [...(d as readonly SliceDiscovery[])];
	const pair = d as { error: SliceDiscovery; issue: SliceDiscovery | null };
	return pair.issue ? [pair.error, pair.issue] : [pair.error];
}

function discoveryHtml(d: SliceDiscovery): SafeHtml {
	const what = d.metric === 'error' ? 'errors (prediction differs from the given label)' : 'label issues';
	const rows = d.slices.map((s) =>
		tr([
			td(s.label),
			td(count(s.size), true),
			td(count(s.hits), true),
			td(html`${pct(s.rate.value)}<span class="sub">${pctInterval(s.rate.lo, s.rate.hi)}</span>`, true),
			td(`×${ratio(s.lift)}`, true),
			td(fixed(s.score, 3), true)
		])
	);
	return html`<h4>Most ${d.metric === 'error' ? 'errors' : 'label issues'}</h4>
${
	d.slices.length
		? table(
				html`The ${plural(d.slices.length, 'slice')} with the highest SliceLine score among ${count(d.searched)} candidates of at least ${count(d.minSupport)} rows; rate of ${what} with its 95% interval, against ${pct(d.overall.value)} over all rows.`,
				[th('Slice'), th('Rows', true), th(d.metric === 'error' ? 'Errors' : 'Issues', true), th('Rate', true), th('× overall', true), th('Score', true)],
				rows
			)
		: html`<p>Among ${plural(d.searched, 'candidate slice')} of at least ${count(d.minSupport)} rows, none has clearly more ${what} than the data as a whole (${pct(d.overall.value)}).</p>`
}`;
}

export function slicesSection(report: SliceReport | null | undefined, discovery: ReportDiscovery | null | undefined): SafeHtml {
	const tables = report?.tables ?? [];
	const found = discovery ? discoveryList(discovery) : [];
	const definitions = [...new Set(tables.flatMap(shownRates))].map((r) => html`<strong>${RATE_INFO[r].title}</strong>: ${RATE_INFO[r].meaning}`);
	const how: HtmlValue[] = [
		'The rows are split into groups by an attribute (for example race), and the same rates are computed in every group. A fair model has similar rates across groups. Each group is compared with a reference group (by default the largest).',
		'Every rate comes with a 95% interval: the range the true rate probably lies in. Small groups have wide intervals, so a difference between two groups only matters when it is larger than the noise. The “ratio” is a group’s rate divided by the reference group’s: 1 means equal, 2 means twice as high. The four-fifths rule flags a group whose selection rate is below 0.8 times the reference’s.',
		'A group is flagged when its difference from all other rows is statistically significant after correcting for the many comparisons made (Benjamini–Hochberg), or when it fails the four-fifths rule. Groups smaller than the minimum size are shown in grey and never flagged: there is too little data to judge them.'
	];
	if (definitions.length) how.push(html`${joinHtml(definitions, '; ')}.`);
	if (found.length) how.push('“Slices found automatically” searches combinations of up to two attribute values for groups with unusually many errors, weighing how much worse a slice is against how many rows it holds (SliceLine).');
	return section(
		'slices',
		'Slices',
		how,
		html`${tables.map(sliceTableHtml)}${
			found.length ? html`<h3 id="slices-discovered">Slices found automatically</h3>${found.map(discoveryHtml)}` : ''
		}${tables.length === 0 && found.length === 0 ? html`<p>No slice was computed.</p>` : ''}`
	);
}
