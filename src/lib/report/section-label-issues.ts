/**
 * Section 2: label issues found by confident learning: how many, the label
 * health score, per-class summary, the confident joint and the top issues.
 * The report's per-issue fields are typed arrays: read by index.
 */
import { layoutHeatmap } from '../charts/index';
import type { LabelIssueReport } from '../data/label-issues';
import { count, fixed, pct, plural } from './format';
import { html, type SafeHtml } from './html';
import { REPORT_CHART_WIDTH, chart, keyFigures, section, table, td, th, tr } from './parts';
import { DEFAULT_TOP_ISSUES } from './types';

/** Overlapping class pairs listed. */
const MAX_OVERLAPPING_LISTED = 5;

function className(r: LabelIssueReport, k: number): string {
	return r.classNames[k] ?? String(k);
}

export function labelIssuesSection(r: LabelIssueReport, topIssues = DEFAULT_TOP_ISSUES): SafeHtml {
	const n = Math.max(0, Math.min(Math.floor(topIssues), r.ranked.length));
	const top: SafeHtml[] = [];
	for (let i = 0; i < n; i++) {
		top.push(
			tr([
				td(count(i + 1), true),
				td(String(r.ranked[i] ?? ''), true),
				td(className(r, r.given[i] ?? -1)),
				td(className(r, r.suggested[i] ?? -1)),
				td(pct(r.suggestedProb[i], 1), true),
				td(fixed(r.quality[i], 4), true)
			])
		);
	}
	const classRows = r.classSummary.map((c) =>
		tr([
			td(c.className),
			td(count(c.givenCount), true),
			td(count(c.labelIssues), true),
			td(count(c.inverseLabelIssues), true),
			td(pct(c.labelNoise, 1), true),
			td(pct(c.inverseLabelNoise, 1), true),
			td(fixed(c.labelQualityScore, 3), true),
			td(fixed(c.meanSelfConfidence, 3), true)
		])
	);
	const overlapping = r.overlapping.slice(0, MAX_OVERLAPPING_LISTED).filter((p) => p.numOverlapping > 0);
	return section(
		'label-issues',
		'Label issues',
		[
			'A model gave every row a probability for each class. Where the model is confident that a row belongs to another class than the one it was given, the given label is probably wrong: that row is a “label issue”. The method is confident learning (Northcutt et al., 2021), as in the cleanlab library.',
			'The label health score runs from 0 to 1: it is 1 minus the estimated share of wrong labels, so 0.99 means about 1 label in 100 is wrong. Each flagged row has a quality score between 0 and 1; the lower it is, the more likely the label is wrong. Flagged rows are candidates for a person to check, not proven mistakes: a weak model flags correct labels too.',
			'The heatmap counts rows by their given label (rows) and the label the model suggests (columns). Counts on the diagonal agree; counts off the diagonal are the likely mislabels, and show which classes get confused with which.'
		],
		html`${keyFigures([
			{ value: count(r.numIssues), what: 'label issues found' },
			{ value: pct(r.labeled > 0 ? r.numIssues / r.labeled : NaN), what: html`of the ${count(r.labeled)} labeled rows` },
			{ value: fixed(r.healthScore, 4), what: 'label health score (1 = no wrong labels found)' }
		])}
<p>${plural(r.rows, 'row')} in the dataset, ${count(r.labeled)} with a label${r.unlabeled > 0 ? html`, ${count(r.unlabeled)} without (left out here)` : ''}; ${plural(r.classNames.length, 'class', 'classes')}; probabilities from <span class="mono">${r.probsSource}</span>.</p>
${
	r.warnings.length
		? html`<div class="note"><h3>Warnings</h3><ul class="warnings">${r.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>`
		: ''
}
<h3>Per class</h3>
${table(
	'Per class, worst first. Issues: rows given this label that probably belong to another class. Hidden: rows of other labels that probably belong to this class. Noise: issues as a share of the rows given the label. Quality: 1 − noise. Confidence: the model’s mean probability for the given label.',
	[th('Class'), th('Given', true), th('Issues', true), th('Hidden', true), th('Noise', true), th('Hidden share', true), th('Quality', true), th('Confidence', true)],
	classRows
)}
<h3>Given label against suggested label</h3>
${chart(
	() => layoutHeatmap({ title: 'Confident joint: given label × suggested label', classNames: r.classNames, counts: r.confidentJoint }, { width: REPORT_CHART_WIDTH }),
	'Rows counted by given label (rows) and the label the model is confident about (columns); darker is more rows, on a compressed (symmetric log) scale.'
)}
${
	overlapping.length
		? html`<p>Classes most often confused with each other: ${overlapping.map(
				(p, i) => html`${i > 0 ? '; ' : ''}<strong>${className(r, p.classA)}</strong> and <strong>${className(r, p.classB)}</strong> (about ${count(p.numOverlapping)} rows)`
			)}.</p>`
		: ''
}
<h3>Most likely mislabeled rows</h3>
${
	n > 0
		? table(
				html`The ${count(n)} flagged rows most likely to be mislabeled${r.ranked.length > n ? html` (of ${count(r.ranked.length)})` : ''}, ranked by <span class="mono">${r.options.rankBy}</span>. Rows are numbered from 0 in file order.`,
				[th('Rank', true), th('Row', true), th('Given label'), th('Suggested label'), th('Probability of suggested', true), th('Quality', true)],
				top
			)
		: html`<p>No row was flagged.</p>`
}`
	);
}
