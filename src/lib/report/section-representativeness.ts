/**
 * Section 5: representativeness: each group's share of the data against its
 * expected share (a target population or another table), the representation
 * ratio with its flags, and the chi-square goodness of fit.
 */
import { layoutDisparityDots } from '../charts/index';
import { OVER_REPRESENTED_RATIO, UNDER_REPRESENTED_RATIO } from '../core/stats/representativeness';
import type { RepresentationGroup, RepresentationReport } from '../data/representativeness';
import { count, pEquals, pct, plural, ratio, stat } from './format';
import { html, joinHtml, type SafeHtml } from './html';
import { REPORT_CHART_WIDTH, chart, mark, section, table, td, th, tr } from './parts';

function flagMark(g: RepresentationGroup): SafeHtml | string {
	if (g.flag === 'under') return mark('under-represented', 'bad');
	if (g.flag === 'over') return mark('over-represented', 'bad');
	if (g.flag === 'not in target') return mark('not in target');
	return '';
}

function reportHtml(r: RepresentationReport, index: number): SafeHtml {
	const attribute = r.attributes.join(' × ');
	const against = r.against.kind === 'target' ? html`a target population` : html`the table <span class="mono">${r.against.table}</span> (${plural(r.against.rows, 'row')})`;
	const rows = r.groups.map((g) =>
		tr([
			td(g.key),
			td(count(g.observed), true),
			td(pct(g.observedShare), true),
			td(pct(g.expectedShare), true),
			td(count(g.expectedCount), true),
			td(ratio(g.ratio), true),
			td(flagMark(g))
		])
	);
	const flagged = r.groups.filter((g) => g.flag === 'under' || g.flag === 'over');
	const chi = r.chiSquare;
	const dots = r.groups
		.filter((g) => g.expectedShare > 0)
		.map((g) => ({ key: g.key, group: g.key, metric: 'observed / expected', ratio: g.ratio, flagged: g.flag === 'under' || g.flag === 'over' }));
	return html`<h3 id="${`representativeness-${index + 1}`}">${attribute} against ${against}</h3>
<p>${plural(r.rows, 'row')} in <span class="mono">${r.table}</span>; ${
		flagged.length
			? html`<strong>${plural(flagged.length, 'group')} outside the ${UNDER_REPRESENTED_RATIO}–${OVER_REPRESENTED_RATIO} band</strong>: ${joinHtml(
					flagged.map((g) => html`<strong>${g.key}</strong> (×${ratio(g.ratio)})`),
					', '
				)}.`
			: `every listed group within the ${UNDER_REPRESENTED_RATIO}–${OVER_REPRESENTED_RATIO} band.`
	}${r.notInTarget.groups > 0 ? html` ${plural(r.notInTarget.groups, 'group')} (${plural(r.notInTarget.rows, 'row')}) not in the expected shares.` : ''}</p>
${table(
	html`Groups of <strong>${attribute}</strong>: rows observed, observed share, expected share, rows expected at that share, and the ratio observed ÷ expected.`,
	[th('Group'), th('Rows', true), th('Observed share', true), th('Expected share', true), th('Expected rows', true), th('Ratio', true), th('Flag')],
	rows
)}
<p>Chi-square goodness of fit over the ${plural(chi.rows, 'row')} in listed groups: χ² = ${stat(chi.statistic)}, ${plural(chi.dof, 'degree')} of freedom, ${pEquals(chi.pValue)}${
		Number.isFinite(chi.pValue) ? (chi.pValue < 0.05 ? ' — the data’s mix of groups differs from the expected one by more than chance.' : ' — no evidence that the mix differs from the expected one.') : '.'
	}</p>
${
	dots.length
		? chart(
				() => layoutDisparityDots({ title: `${attribute}: observed share ÷ expected share`, rows: dots, band: [UNDER_REPRESENTED_RATIO, OVER_REPRESENTED_RATIO], axisLabel: 'observed ÷ expected share (log scale)' }, { width: REPORT_CHART_WIDTH }),
				html`Representation ratio per group on a log scale; the shaded band (${UNDER_REPRESENTED_RATIO} to ${OVER_REPRESENTED_RATIO}) counts as fairly represented.`
			)
		: ''
}`;
}

export function representativenessSection(reports: readonly RepresentationReport[]): SafeHtml {
	return section(
		'representativeness',
		'Representativeness',
		[
			'This compares how often each group appears in the data with how often it should appear: in a target population (for example census figures) or in another table. A model learns little about groups that are rare in its data.',
			html`The ratio is the observed share divided by the expected share: 1 means the group appears exactly as often as expected, 0.5 half as often, 2 twice as often. A ratio below ${UNDER_REPRESENTED_RATIO} is flagged as under-represented, above ${OVER_REPRESENTED_RATIO} as over-represented. Groups found in the data but not in the expected shares are marked “not in target”.`,
			'The chi-square test asks whether the whole mix of groups could differ this much from the expected one by chance alone: a small p-value (below 0.05) means that is unlikely.'
		],
		html`${reports.map(reportHtml)}`
	);
}
