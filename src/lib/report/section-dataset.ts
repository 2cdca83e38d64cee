/**
 * Section 1: what was audited (files, fingerprint, size, date, version) and
 * every setting that shaped the numbers in the other sections.
 */
import { groupLabel, type SliceTable } from '../core/slices';
import { DEFAULT_DISTANCE_THRESHOLD, DEFAULT_P_VALUE_THRESHOLD, NUMERIC_AS_CATEGORICAL_MAX_UNIQUE, SMALL_REFERENCE_MAX_ROWS } from '../core/stats/drift-test-selection';
import type { Roles } from '../data/roles';
import { count, pct, plural, utcDateTime } from './format';
import { html, joinHtml, type HtmlValue, type SafeHtml } from './html';
import { facts, section, table, td, th, tr } from './parts';
import type { ReportInput } from './types';

/** Column names as code, comma-separated; `none` when empty. */
export function columnList(names: readonly string[] | undefined, none = 'none'): SafeHtml {
	if (!names || names.length === 0) return html`${none}`;
	return joinHtml(
		names.map((n) => html`<span class="mono">${n}</span>`),
		', '
	);
}

/** Probability columns listed in full up to this many, then summarised. */
const MAX_PROB_COLUMNS_LISTED = 12;

/** Where the predictions came from, in words. */
function predictionSource(roles: Roles, probsSource: string | undefined): HtmlValue {
	const parts: SafeHtml[] = [];
	const probs = roles.predProbs ?? [];
	if (probs.length > 0) {
		const shown = probs.slice(0, MAX_PROB_COLUMNS_LISTED);
		parts.push(html`predicted probabilities in ${plural(probs.length, 'column')}: ${columnList(shown)}${probs.length > shown.length ? ` and ${count(probs.length - shown.length)} more` : ''}`);
	} else if (roles.predProbsList) parts.push(html`predicted probabilities in the list column ${columnList([roles.predProbsList])}`);
	else if (probsSource) parts.push(html`predicted probabilities from <span class="mono">${probsSource}</span>`);
	if (roles.predLabel) parts.push(html`predicted label in ${columnList([roles.predLabel])}`);
	if (roles.score) {
		parts.push(
			roles.threshold !== undefined
				? html`score ${columnList([roles.score])}; a row with score ≥ ${roles.threshold} counts as a positive decision`
				: html`score ${columnList([roles.score])} (no threshold set)`
		);
	}
	return parts.length ? joinHtml(parts, '; ') : 'none (only label and attribute statistics are possible)';
}

/** The reference group of each slice table, in words. */
function referenceGroups(tables: readonly SliceTable[]): SafeHtml {
	return joinHtml(
		tables.map((t) => {
			const ref = t.groups.find((g) => g.isReference);
			return html`${t.attributes.join(' × ')}: <strong>${ref ? ref.label : t.referenceKey ? groupLabel(JSON.parse(t.referenceKey) as (string | null)[]) : 'none'}</strong>`;
		}),
		'; '
	);
}

/** The default test choice in words (core/stats/drift-test-selection.ts). */
const DEFAULT_DRIFT_TESTS =
	`chosen per column as Evidently does by default: with at most ${count(SMALL_REFERENCE_MAX_ROWS)} reference values, Kolmogorov–Smirnov for numeric columns and chi-square ` +
	`(the z-test for two categories) otherwise, drift when p < ${DEFAULT_P_VALUE_THRESHOLD}; with more, the Wasserstein distance (numeric) or the Jensen–Shannon distance ` +
	`(categorical), drift when ≥ ${DEFAULT_DISTANCE_THRESHOLD}. Numeric columns with at most ${NUMERIC_AS_CATEGORICAL_MAX_UNIQUE} distinct values count as categorical`;

const TEST_NAMES: Record<string, string> = {
	ks: 'Kolmogorov–Smirnov',
	chisquare: 'chi-square',
	z: 'two-proportion z',
	wasserstein: 'Wasserstein distance (normed)',
	jensenshannon: 'Jensen–Shannon distance'
};

export function testName(test: string): string {
	return TEST_NAMES[test] ?? test;
}

function settingsRows(input: ReportInput): [HtmlValue, HtmlValue][] {
	const { roles } = input.settings;
	const rows: [HtmlValue, HtmlValue][] = [
		['Given label', roles.label ? columnList([roles.label]) : 'not set'],
		['Predictions', predictionSource(roles, input.labelIssues?.probsSource)],
		['Protected attributes', columnList(roles.protected)],
		['Nuisance attributes', columnList(roles.nuisance, 'none (attributes that should not matter, e.g. site or device)')]
	];
	if (roles.id) rows.push(['Row identifier', columnList([roles.id])]);
	if (roles.time) rows.push(['Time', columnList([roles.time])]);
	if (roles.split) rows.push(['Split', columnList([roles.split])]);
	const cl = input.settings.labelIssues ?? input.labelIssues?.options;
	if (cl) {
		const extra = [
			cl.minExamplesPerClass !== undefined ? `min examples per class ${cl.minExamplesPerClass}` : '',
			cl.fracNoise !== undefined ? `frac_noise ${cl.fracNoise}` : '',
			cl.softmax ? 'softmax applied to the scores' : ''
		].filter(Boolean);
		rows.push(['Confident learning', html`filter_by <span class="mono">${cl.filterBy}</span>, rank_by <span class="mono">${cl.rankBy}</span>${extra.length ? `; ${extra.join(', ')}` : ''}`]);
	}
	const tables = input.slices?.tables ?? [];
	if (input.slices) {
		rows.push(['Sliced by', columnList(input.slices.attributes.map((a) => a.column))]);
		const reviewed = input.settings.slices?.reviewedLabels;
		if (reviewed) {
			rows.push([
				'Labels in the slices',
				html`reviewed: ${count(reviewed.relabelled)} rows relabelled and ${count(reviewed.excluded)} excluded by review decisions (label issues were found on the labels as given)`
			]);
		}
		const positive = input.settings.slices?.positive ?? tables.find((t) => t.binary)?.positive;
		if (positive !== undefined && positive !== null) rows.push(['Positive class', html`<span class="mono">${positive}</span>`]);
		rows.push(['Slice reference group', tables.length ? referenceGroups(tables) : (input.settings.slices?.reference ?? 'the largest group')]);
		const minSize = input.settings.slices?.minSize ?? tables[0]?.minSize;
		if (minSize !== undefined) rows.push(['Minimum group size', html`${count(minSize)} rows (smaller groups are shown but never flagged)`]);
		const alpha = tables[0]?.alpha;
		if (alpha !== undefined) rows.push(['False discovery rate', html`${pct(alpha, 0)} (Benjamini–Hochberg over every test of a table)`]);
	} else if (input.settings.slices?.minSize !== undefined) {
		rows.push(['Minimum group size', html`${count(input.settings.slices.minSize)} rows`]);
	}
	const drift = input.drift;
	const ds = input.settings.drift;
	if (drift || ds) {
		const comparison = ds?.comparison ?? (drift ? `${drift.reference.label} (reference) vs ${drift.current.label} (current)` : 'not set');
		rows.push(['Drift comparison', comparison]);
		const overrides = Object.entries(ds?.overrides ?? {});
		rows.push([
			'Drift tests',
			html`${DEFAULT_DRIFT_TESTS}.${ds?.chiSquareMode ? ` Chi-square run as a ${ds.chiSquareMode} test.` : ''}${
				overrides.length
					? html` Overridden: ${joinHtml(
							overrides.map(([c, o]) => html`<span class="mono">${c}</span> → ${o.test ? testName(o.test) : 'default test'}${o.threshold !== undefined ? ` at ${o.threshold}` : ''}`),
							'; '
						)}.`
					: ''
			}`
		]);
		if (drift) rows.push(['Dataset drift threshold', html`the dataset counts as drifted when at least ${pct(drift.datasetDrift.threshold, 0)} of the feature columns drift`]);
	}
	if (input.representativeness?.length) {
		rows.push(['Representation flags', 'ratio of observed to expected share below 0.8 (under-represented) or above 1.25 (over-represented)']);
	}
	return rows;
}

export function datasetSection(input: ReportInput): SafeHtml {
	const d = input.dataset;
	const ids = input.identifierLikeColumns ?? [];
	const files = d.files.length
		? html`<ul>${d.files.map(
				(f) => html`<li><span class="mono">${f.name}</span>${f.bytes !== undefined ? ` (${count(f.bytes)} bytes)` : ''}${f.role ? ` — ${f.role}` : ''}</li>`
			)}</ul>`
		: html`<span class="mono">${d.name}</span>`;
	const identifierNote = ids.length
		? html`<div class="note" id="identifiers"><h3>Columns that look like direct identifiers</h3>
<p>These columns may identify people directly. Drop them (or replace them with codes) before sharing the data or a report built from it.</p>
${table(
	'Identifier-like columns',
	[th('Column'), th('Why')],
	ids.map((c) => tr([td(html`<span class="mono">${c.column}</span>`), td(c.why)]))
)}</div>`
		: '';
	return section(
		'dataset',
		'Dataset',
		[
			'This page says exactly what was checked, so the results can be reproduced. The fingerprint is computed from the files’ bytes: the same files always give the same fingerprint, and any change to them gives a different one.',
			'The settings below decide every number in this report: which column holds the true (given) label, where the model’s predictions come from, and which attributes (such as race or sex) the data was split by.'
		],
		html`${facts([
			['Dataset', html`<span class="mono">${d.name}</span>`],
			['Files', files],
			['Fingerprint', html`<span class="mono">${d.fingerprint}</span>`],
			['Rows', count(d.rows)],
			['Columns', count(d.columns)],
			['Report made', html`<time datetime="${input.createdAt}">${utcDateTime(input.createdAt)}</time>`],
			['Plumb version', input.plumbVersion]
		])}
<h3>Settings used</h3>
${facts(settingsRows(input))}
${identifierNote}`
	);
}
