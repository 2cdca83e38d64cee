/**
 * Section 4: drift between a reference and a current sample: the dataset
 * verdict, a table per part (features; label and predictions apart), skipped
 * columns, and the distributions of drifted columns.
 */
import { layoutGroupedBars, layoutOverlaidHistogram } from '../charts/index';
import type { ColumnDrift, DriftReport } from '../data/drift';
import { count, fixed, pEquals, pct, plural, stat } from './format';
import { html, joinHtml, type SafeHtml } from './html';
import { REPORT_CHART_WIDTH, chart, keyFigures, mark, section, table, td, th, tr } from './parts';
import { testName } from './section-dataset';

/** Drifted columns charted at most; the rest are named. */
export const MAX_DRIFT_CHARTS = 12;

const PSI_BANDS: Record<string, string> = { none: 'small change', moderate: 'moderate change', significant: 'large change' };

function isDistance(c: ColumnDrift): boolean {
	return c.pValue === null;
}

function columnRow(c: ColumnDrift, part: string): SafeHtml {
	return tr(
		[
			td(html`<span class="mono">${c.column}</span>${c.overridden ? html` ${mark('override')}` : ''}`),
			...(part ? [td(part)] : []),
			td(html`${testName(c.test)}<span class="sub">${c.kind}${c.maxError ? `; binned, error ≤ ${stat(c.maxError)}` : ''}</span>`),
			td(isDistance(c) ? `distance ${fixed(c.distance, 3)}` : html`${pEquals(c.pValue)}<span class="sub">statistic ${stat(c.statistic)}</span>`, true),
			td(isDistance(c) ? `≥ ${c.threshold}` : `p < ${c.threshold}`, true),
			td(c.drifted ? mark('drifted', 'bad') : mark('no drift', 'ok')),
			td(html`${fixed(c.psi, 3)}<span class="sub">${PSI_BANDS[c.psiBand] ?? c.psiBand}</span>`, true),
			td(html`${count(c.nRef)} / ${count(c.nCur)}${c.nullsRef + c.nullsCur > 0 ? html`<span class="sub">missing ${count(c.nullsRef)} / ${count(c.nullsCur)}</span>` : ''}`, true)
		],
		c.drifted ? 'drifted' : ''
	);
}

function columnTable(caption: SafeHtml | string, columns: readonly { c: ColumnDrift; part: string }[], withPart: boolean): SafeHtml {
	return table(
		caption,
		[
			th('Column'),
			...(withPart ? [th('Role')] : []),
			th('Test'),
			th('Result', true),
			th('Drift when', true),
			th('Verdict'),
			th('PSI', true),
			th('Values (reference / current)', true)
		],
		columns.map(({ c, part }) => columnRow(c, withPart ? part : ''))
	);
}

function driftChart(c: ColumnDrift, r: DriftReport): SafeHtml {
	const title = `${c.column}: ${r.reference.label} vs ${r.current.label}`;
	const caption = html`<span class="mono">${c.column}</span>: reference (${r.reference.label}) against current (${r.current.label}), as shares of each side’s non-missing values.`;
	const h = c.histogram;
	if (h.kind === 'numeric') {
		return chart(
			() => layoutOverlaidHistogram({ title, edges: h.edges, reference: h.reference.shares, current: h.current.shares, xLabel: c.column }, { width: REPORT_CHART_WIDTH }),
			caption
		);
	}
	return chart(() => layoutGroupedBars({ title, categories: h.categories, reference: h.reference.shares, current: h.current.shares }, { width: REPORT_CHART_WIDTH }), caption);
}

/** Drifted columns first, then by PSI (largest first); stable otherwise. */
function byConcern(a: ColumnDrift, b: ColumnDrift): number {
	return Number(b.drifted) - Number(a.drifted) || (Number.isFinite(b.psi) ? b.psi : 0) - (Number.isFinite(a.psi) ? a.psi : 0);
}

export function driftSection(r: DriftReport): SafeHtml {
	const dd = r.datasetDrift;
	const features = [...r.features].sort(byConcern);
	const outputs = [
		...(r.label ? [{ c: r.label, part: 'label' }] : []),
		...r.prediction.map((c) => ({ c, part: 'prediction' })),
		...r.probabilities.map((c) => ({ c, part: 'probability' }))
	];
	const drifted = [...outputs.map((o) => o.c), ...features].filter((c) => c.drifted);
	const charted = drifted.slice(0, MAX_DRIFT_CHARTS);
	const notCharted = drifted.slice(MAX_DRIFT_CHARTS);
	return section(
		'drift',
		'Drift',
		[
			html`Drift means the data has changed between two samples: here the <strong>reference</strong> (${r.reference.label}) and the <strong>current</strong> data (${r.current.label}). A model trained on the reference may work worse on data that looks different.`,
			'Each column is compared with a statistical test suited to its type and size. For a p-value test, a column drifts when the p-value is below the threshold (the difference is unlikely to be chance); for a distance, when the distance is at least the threshold. The dataset as a whole counts as drifted when enough of its feature columns drift.',
			'PSI (population stability index) is a second, test-free measure of the same change: below 0.1 the change is small, 0.1 to 0.25 moderate, above 0.25 large. The label and the model’s outputs are reported apart from the features: a change in them means the thing being predicted, or the model’s behaviour, has moved.'
		],
		html`${keyFigures([
			{ value: dd.drifted ? html`<span class="verdict-bad">Drift</span>` : 'No drift', what: 'dataset verdict' },
			{ value: html`${count(dd.driftedColumns)} of ${count(dd.totalColumns)}`, what: 'feature columns drifted' },
			{ value: pct(dd.share, 1), what: html`drifted share (threshold ${pct(dd.threshold, 0)})` }
		])}
<p>Reference: <strong>${r.reference.label}</strong>, ${plural(r.reference.rows, 'row')}. Current: <strong>${r.current.label}</strong>, ${plural(r.current.rows, 'row')}.${
			r.excluded && r.excluded.rows > 0 ? html` ${plural(r.excluded.rows, 'row')} in neither sample (${r.excluded.why}).` : ''
		}</p>
${
	outputs.length
		? html`<h3>Label and predictions</h3>${columnTable(
				'The given label and the model’s outputs, compared apart from the features.',
				outputs,
				true
			)}`
		: ''
}
<h3>Feature columns</h3>
${features.length ? columnTable('Feature columns, drifted first.', features.map((c) => ({ c, part: 'feature' })), false) : html`<p>No feature column could be compared.</p>`}
${
	r.skipped.length
		? html`<h4>Columns not compared</h4><ul class="warnings">${r.skipped.map((s) => html`<li><span class="mono">${s.column}</span>: ${s.why}</li>`)}</ul>`
		: ''
}
${
	charted.length
		? html`<h3>Distributions of drifted columns</h3>${charted.map((c) => driftChart(c, r))}${
				notCharted.length
					? html`<p>Also drifted, not charted: ${joinHtml(
							notCharted.map((c) => html`<span class="mono">${c.column}</span>`),
							', '
						)}.</p>`
					: ''
			}`
		: ''
}`
	);
}
