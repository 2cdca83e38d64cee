import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { ReportingSession as AuditSession } from '../../../src/lib/report/session-report';
import { computeDrift, driftSides, yearSplit, type DriftReport } from '../../../src/lib/data/drift';
import { compareToTarget, parseTargetCsv, type RepresentationReport } from '../../../src/lib/data/representativeness';
import { identifierLikeColumns, type ColumnInfo, type Roles } from '../../../src/lib/data/roles';
import type { LabelIssueReport } from '../../../src/lib/data/label-issues';
import type { DatasetSummary, SourceFile } from '../../../src/lib/data/dataset';
import { buildReport, reportDataset, type ReportInput } from '../../../src/lib/report/build-report';
import { escapeHtml, html, raw } from '../../../src/lib/report/html';
import { reportFileName } from '../../../src/lib/report/report-filename';
import { count, pEquals, pValue, pct, utcDateTime } from '../../../src/lib/report/format';
import { MAX_DRIFT_CHARTS } from '../../../src/lib/report/section-drift';

const CREATED = '2026-11-22T10:15:00Z';
const VERSION = '0.1.0';
const SCRIPT = '<script>alert(1)</script>';
const ONLOAD = '" onload="x';
const IMG = '<img src=x onerror=alert(1)>';

const file = (name: string, bytes: Uint8Array | string): SourceFile => ({ name, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes });

// ---------------------------------------------------------------------------
// A small HTML checker: tags balanced, attributes quoted, nothing that runs or loads.

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['style', 'script', 'textarea', 'title']);
const URL_ATTRS = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'srcset', 'poster', 'data', 'background', 'cite', 'ping']);
const OPEN = /<([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s"'=<>/]+(?:="[^"]*")?)*)\s*(\/?)>/y;
const CLOSE = /<\/([A-Za-z][A-Za-z0-9:-]*)\s*>/y;
const ATTR = /\s+([^\s"'=<>/]+)(?:="([^"]*)")?/g;
const ENTITY = /^&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);/;

interface Checked {
	problems: string[];
	/** Opened elements per tag name. */
	counts: Map<string, number>;
	attributes: { tag: string; name: string; value: string }[];
}

/** Walk the document like a strict parser; every irregularity is a problem. */
function checkDocument(doc: string): Checked {
	const problems: string[] = [];
	const counts = new Map<string, number>();
	const attributes: Checked['attributes'] = [];
	const stack: string[] = [];
	if (!doc.startsWith('<!doctype html>\n')) problems.push('no <!doctype html> first');
	let i = doc.indexOf('\n') + 1;
	const text = (s: string, at: number) => {
		if (s.includes('>')) problems.push(`raw ">" in text at ${at}`);
		for (let j = s.indexOf('&'); j >= 0; j = s.indexOf('&', j + 1)) if (!ENTITY.test(s.slice(j))) problems.push(`bare "&" at ${at + j}`);
	};
	while (i < doc.length) {
		const lt = doc.indexOf('<', i);
		const end = lt < 0 ? doc.length : lt;
		text(doc.slice(i, end), i);
		if (lt < 0) break;
		CLOSE.lastIndex = lt;
		OPEN.lastIndex = lt;
		const close = CLOSE.exec(doc);
		if (close) {
			const top = stack.pop();
			if (top !== close[1]) problems.push(`</${close[1]}> closes <${top}> at ${lt}`);
			i = CLOSE.lastIndex;
			continue;
		}
		const open = OPEN.exec(doc);
		if (!open) {
			problems.push(`stray "<" at ${lt}: ${JSON.stringify(doc.slice(lt, lt + 30))}`);
			i = lt + 1;
			continue;
		}
		const [, tag, attrs, selfClose] = open as unknown as [string, string, string, string];
		counts.set(tag, (counts.get(tag) ?? 0) + 1);
		for (const m of attrs.matchAll(ATTR)) {
			const name = m[1]!;
			const value = m[2];
			if (value === undefined) problems.push(`<${tag}> attribute ${name} has no quoted value`);
			attributes.push({ tag, name, value: value ?? '' });
			if (/^on/i.test(name)) problems.push(`<${tag}> has event handler ${name}`);
			if (URL_ATTRS.has(name.toLowerCase()) && !(value ?? '').startsWith('#')) problems.push(`<${tag} ${name}="${value}"> is not a #fragment`);
			for (let j = (value ?? '').indexOf('&'); j >= 0; j = value!.indexOf('&', j + 1)) if (!ENTITY.test(value!.slice(j))) problems.push(`bare "&" in ${name}`);
		}
		i = OPEN.lastIndex;
		const inSvg = stack.includes('svg') || tag === 'svg';
		if (selfClose) {
			if (!inSvg && !VOID.has(tag)) problems.push(`<${tag}/> self-closed outside SVG`);
			continue;
		}
		if (VOID.has(tag)) continue;
		if (RAW_TEXT.has(tag) && !inSvg) {
			const endTag = doc.indexOf(`</${tag}>`, i);
			if (endTag < 0) {
				problems.push(`<${tag}> never closed`);
				break;
			}
			if (tag !== 'style' && doc.slice(i, endTag).includes('<')) problems.push(`"<" inside <${tag}>`);
			i = endTag + tag.length + 3;
			continue;
		}
		stack.push(tag);
	}
	if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
	return { problems, counts, attributes };
}

/** Text of the cells of the table whose first header cell is `firstHeader` and that has a row starting with `rowLabel`. */
function tableRow(doc: string, header: string, rowLabel: string): Record<string, string> {
	const strip = (s: string) => s.replace(/<span class="sub">/g, ' | ').replace(/<[^>]+>/g, '').trim();
	for (const t of doc.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
		const heads = [...(t.match(/<thead>[\s\S]*?<\/thead>/)?.[0] ?? '').matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => strip(m[1]!));
		if (!heads.includes(header)) continue;
		for (const row of t.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []) {
			const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => strip(m[1]!));
			if (cells[0] === rowLabel) return Object.fromEntries(heads.map((h, j) => [h, cells[j] ?? '']));
		}
	}
	throw new Error(`no table with header ${header} and row ${rowLabel}`);
}

const headings = (doc: string) => [...doc.matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((m) => m[1]);
const sectionOf = (doc: string, id: string) => doc.match(new RegExp(`<section class="report-section" id="${id}"[\\s\\S]*?</section>`))?.[0] ?? '';

/** The checks every report must pass. */
function expectSafeDocument(doc: string) {
	const checked = checkDocument(doc);
	expect(checked.problems).toEqual([]);
	expect(doc).not.toMatch(/<script/i);
	expect(checked.counts.get('script')).toBeUndefined();
	for (const tag of ['iframe', 'object', 'embed', 'img', 'link', 'a', 'form', 'image', 'use', 'foreignObject', 'base']) {
		if (tag === 'a') {
			// Only the table of contents links, to #anchors.
			expect(checked.attributes.filter((a) => a.tag === 'a').every((a) => a.name === 'href' && /^#[a-z-]+$/.test(a.value))).toBe(true);
		} else expect(checked.counts.get(tag), tag).toBeUndefined();
	}
	expect(checked.attributes.filter((a) => /^on/i.test(a.name))).toEqual([]);
	expect(checked.attributes.filter((a) => a.name === 'style')).toEqual([]);
	// The only absolute URL is the SVG namespace, which loads nothing.
	for (const m of doc.matchAll(/https?:\/\/[^\s"<]*/g)) expect(m[0]).toBe('http://www.w3.org/2000/svg');
	expect(doc).not.toMatch(/url\(|@import/i);
	expect(doc).toContain('@media print');
	expect(doc).toMatch(/@media print \{[\s\S]*break-before: page/);
	expect(doc).toContain("Content-Security-Policy\" content=\"default-src &#39;none&#39;");
	return checked;
}

// ---------------------------------------------------------------------------

describe('report helpers', () => {
	test('escapeHtml escapes markup and replaces control characters', () => {
		expect(escapeHtml(`${SCRIPT}&"'`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
		expect(escapeHtml('a\u0000b\u0007c\td')).toBe('a\uFFFDb\uFFFDc\td');
	});

	test('html escapes text and attribute values, passes its own markup through', () => {
		const inner = html`<b>${SCRIPT}</b>`;
		expect(html`<p title="${ONLOAD}">${inner} ${[1, ' & ', raw('<i>x</i>')]} ${null}${undefined}${false}</p>`.value).toBe(
			'<p title="&quot; onload=&quot;x"><b>&lt;script&gt;alert(1)&lt;/script&gt;</b> 1 &amp; <i>x</i> </p>'
		);
		// Our own markup in an attribute is escaped too: it cannot close the quote.
		expect(html`<p title="${html`<b>"</b>`}"></p>`.value).toBe('<p title="&lt;b&gt;&quot;&lt;/b&gt;"></p>');
	});

	test('html refuses interpolations that escaping cannot make safe', () => {
		const v = 'x onload=alert(1)';
		expect(() => html`<p class=${v}></p>`).toThrow(/inside a tag/);
		expect(() => html`<p ${v}></p>`).toThrow(/inside a tag/);
		expect(() => html`<a href="${'javascript:alert(1)'}">x</a>`).toThrow(/#fragment/);
		expect(() => html`<a href="${'https://example.com/'}">x</a>`).toThrow(/#fragment/);
		expect(() => html`<p onclick="${'x'}"></p>`).toThrow(/event-handler/);
		expect(html`<a href="${'#drift'}">x</a>`.value).toBe('<a href="#drift">x</a>');
	});

	test('number formats: percentages, p-values, counts, dates', () => {
		expect([pct(0.448534), pct(NaN), pct(null), pct(1, 0)]).toEqual(['44.85%', '–', '–', '100%']);
		expect([pValue(0.0342), pValue(2.1e-7), pValue(0), pValue(NaN)]).toEqual(['0.034', '2.1e-7', '< 1e-16', '–']);
		expect([pEquals(0.5), pEquals(1e-300)]).toEqual(['p = 0.500', 'p < 1e-16']);
		expect([count(7214), count(1234567.4), count(Infinity)]).toEqual(['7,214', '1,234,567', '–']);
		expect(utcDateTime('2026-11-22T23:30:00-05:00')).toBe('2026-11-23 04:30 UTC');
		expect(() => utcDateTime('22/11/2026')).toThrow(RangeError);
	});

	test('the document checker catches what it is meant to catch', () => {
		const p = (body: string) => checkDocument(`<!doctype html>\n<html><body>${body}</body></html>`).problems;
		expect(p('<p>fine &amp; <b>good</b></p><svg><rect x="1"/></svg><br>')).toEqual([]);
		expect(p('<p onclick="x()">a</p>')).toEqual(['<p> has event handler onclick']);
		expect(p('<p><b>a</p></b>')).toHaveLength(2);
		expect(p('<p>a <x</p>').join()).toMatch(/stray/);
		expect(p('<p>a > b</p>').join()).toMatch(/raw ">"/);
		expect(p('<p>a & b</p>').join()).toMatch(/bare "&"/);
		expect(p('<p class=x>a</p>').join()).toMatch(/stray/);
		expect(p('<a href="https://x.org">a</a>').join()).toMatch(/not a #fragment/);
		expect(p('<div>').join()).toMatch(/unclosed/);
		expect(p('<div/>').join()).toMatch(/self-closed/);
	});

	test('reportFileName makes a safe, dated file name', () => {
		expect(reportFileName('compas.csv', '2026-11-22T10:15:00Z')).toBe('plumb-report-compas-2026-11-22.html');
		expect(reportFileName('labels.npy + pred_probs.npy + t10k-images-idx3-ubyte.gz', '2026-11-22')).toBe('plumb-report-labels-2026-11-22.html');
		expect(reportFileName('../../etc/passwd', '2026-01-02T00:00:00Z')).toBe('plumb-report-passwd-2026-01-02.html');
		expect(reportFileName('C:\\data\\My Données (v2).CSV', '2026-01-02')).toBe('plumb-report-my-donnees-v2-2026-01-02.html');
		expect(reportFileName(`${SCRIPT}.csv`, '2026-01-02')).toBe('plumb-report-script-2026-01-02.html');
		expect(reportFileName('...', '2026-01-02')).toBe('plumb-report-dataset-2026-01-02.html');
		expect(reportFileName('train.parquet.gz', '2026-01-02')).toBe('plumb-report-train-2026-01-02.html');
		expect(reportFileName('x'.repeat(300), '2026-01-02')).toMatch(/^plumb-report-x{60}-2026-01-02\.html$/);
		for (const name of ['a/b\\c:d*e?f"g<h>i|j', '\u0000evil\n.csv', ' .hidden']) expect(reportFileName(name, '2026-01-02')).toMatch(/^plumb-report-[a-z0-9][a-z0-9._-]*-2026-01-02\.html$/);
		expect(() => reportFileName('x.csv', 'yesterday')).toThrow(RangeError);
	});
});

// ---------------------------------------------------------------------------

describe('report: COMPAS (slices, discovery, drift, representativeness)', () => {
	let db: NodeDuckDB;
	let input: ReportInput;
	let doc: string;
	let drift: DriftReport;
	const roles: Roles = { label: 'two_year_recid', score: 'decile_score', threshold: 5, protected: ['race', 'sex', 'age_cat'], nuisance: [], id: 'id', time: 'compas_screening_date' };

	beforeAll(async () => {
		db = await NodeDuckDB.open();
		const s = new AuditSession(db);
		const summary = await s.load([file('compas.csv', readFileSync('static/demo/compas/compas.csv'))]);
		const slices = await s.slices(roles, { by: ['race'], discover: true });
		drift = await computeDrift(db, { ...driftSides(yearSplit('dataset', 'compas_screening_date', 2013, 2014)), roles });
		const target = parseTargetCsv('attribute,value,share\nrace,African-American,0.27\nrace,Caucasian,0.44\nrace,Hispanic,0.25\nrace,Other,0.005\nrace,Asian,0.03\nrace,Native American,0.005\n', 'pop.csv');
		const repr = await compareToTarget(db, { table: 'dataset', attribute: 'race', target: target.get('race')!.shares });
		input = {
			dataset: reportDataset(summary),
			createdAt: CREATED,
			plumbVersion: VERSION,
			settings: { roles, drift: { comparison: 'compas_screening_date: 2013 vs 2014' } },
			identifierLikeColumns: identifierLikeColumns(columnInfo(summary)),
			slices: slices.report,
			discovery: slices.discovery,
			drift,
			representativeness: [repr]
		};
		doc = buildReport(input);
	}, 60_000);
	afterAll(() => db.close());

	test('is one safe, well-formed, script-free document with print styles', () => {
		const checked = expectSafeDocument(doc);
		expect(doc).not.toContain('javascript:');
		// Every opened non-void HTML element was closed (the checker's stack), and there are charts.
		expect(checked.counts.get('svg')).toBeGreaterThanOrEqual(5);
		expect(checked.counts.get('section')).toBe(4);
	});

	test('has the sections present, each with a "How to read this"', () => {
		expect(headings(doc)).toEqual(['Dataset', 'Slices', 'Drift', 'Representativeness']);
		expect(doc.match(/<h3>How to read this<\/h3>/g)).toHaveLength(4);
		expect(doc).toContain('Made with Plumb, in the browser; no data left the machine.');
		for (const id of ['dataset', 'slices', 'drift', 'representativeness']) expect(doc).toContain(`<li><a href="#${id}">`);
	});

	test('dataset section: files, fingerprint, size, date, version, settings, identifier note', () => {
		const d = sectionOf(doc, 'dataset');
		expect(input.dataset.fingerprint).toMatch(/^[0-9a-f]{32}$/);
		expect(d).toContain(input.dataset.fingerprint);
		expect(d).toContain('<dd>7,214</dd>');
		expect(d).toContain('<dd>48</dd>');
		expect(d).toContain('<time datetime="2026-11-22T10:15:00Z">2026-11-22 10:15 UTC</time>');
		expect(d).toContain(`<dd>${VERSION}</dd>`);
		expect(d).toContain('score <span class="mono">decile_score</span>; a row with score ≥ 5 counts as a positive decision');
		expect(d).toMatch(/Slice reference group<\/dt><dd>race: <strong>African-American<\/strong>/);
		expect(d).toMatch(/Minimum group size<\/dt><dd>30 rows/);
		expect(d).toContain('compas_screening_date: 2013 vs 2014');
		expect(d).toContain('the dataset counts as drifted when at least 50% of the feature columns drift');
		expect(input.identifierLikeColumns!.length).toBeGreaterThan(0);
		expect(d).toContain('Columns that look like direct identifiers');
		for (const c of input.identifierLikeColumns!) expect(d).toContain(`<span class="mono">${escapeHtml(c.column)}</span>`);
	});

	test("slices: ProPublica's false positive rates by race, with intervals and ratios", () => {
		const aa = tableRow(doc, 'FPR', 'African-American');
		const w = tableRow(doc, 'FPR', 'Caucasian');
		expect(aa.FPR).toMatch(/^44\.85% \| 42\.\d–47\.\d%$/);
		expect(w.FPR).toMatch(/^23\.45% \| \d+\.\d–\d+\.\d% \| ×0\.52$/);
		expect(aa.Rows).toBe('3,696');
		const table = input.slices!.tables[0]!;
		const g = table.groups.find((x) => x.label === 'Caucasian')!;
		const cmp = tableRow(doc, 'Selection ratio (4/5 rule)', 'Caucasian');
		expect(cmp['Selection ratio (4/5 rule)']).toBe(`${g.fourFifths!.ratio.toFixed(2)} | below 0.8`);
		expect(g.tests.fpr!.significant).toBe(true);
		expect(cmp['Adjusted p, FPR']).toMatch(/ \*$/);
		expect(cmp.Marks).toContain('flagged');
		expect(tableRow(doc, 'Selection ratio (4/5 rule)', 'African-American').Marks).toContain('reference');
		// One rate chart per charted rate, a disparity chart and a class-balance chart.
		const s = sectionOf(doc, 'slices');
		expect(s.match(/<figure class="chart">/g)!.length).toBeGreaterThanOrEqual(5);
		expect(s).toContain('aria-label="FPR by race"');
		expect(s).toContain('Slices found automatically');
		expect(s).toContain('Most errors');
	});

	test('drift: verdict, per-column table, label and prediction apart, at most 12 charts', () => {
		const s = sectionOf(doc, 'drift');
		const dd = drift.datasetDrift;
		expect(s).toContain(`${dd.driftedColumns} of ${dd.totalColumns}`);
		expect(s).toContain(dd.drifted ? '<span class="verdict-bad">Drift</span>' : 'No drift');
		expect(s).toContain('<h3>Label and predictions</h3>');
		const label = tableRow(s, 'Role', 'two_year_recid');
		expect(label.Role).toBe('label');
		const drifted = [...drift.features, ...(drift.label ? [drift.label] : []), ...drift.prediction].filter((c) => c.drifted).length;
		expect((s.match(/<figure class="chart">/g) ?? []).length).toBe(Math.min(MAX_DRIFT_CHARTS, drifted));
		const age = drift.features.find((c) => c.column === 'age')!;
		const row = tableRow(s, 'PSI', 'age');
		expect(row.Verdict).toBe(age.drifted ? 'drifted' : 'no drift');
		expect(row.PSI?.startsWith(`${age.psi.toFixed(3)} | `)).toBe(true);
		expect(row.Test).toBe(`Wasserstein distance (normed) | numeric`);
		expect(row.Result).toBe(`distance ${age.distance!.toFixed(3)}`);
	});

	test('drift: a column whose distance came from fine bins says so, with its error bound', () => {
		const age = drift.features.find((c) => c.column === 'age')!;
		const binned = { ...drift, features: drift.features.map((c) => (c === age ? { ...c, method: 'binned', maxError: 0.00123 } : c)) };
		const s = sectionOf(buildReport({ ...input, drift: binned }), 'drift');
		expect(tableRow(s, 'PSI', 'age').Test).toBe('Wasserstein distance (normed) | numeric; binned, error ≤ 0.00123');
	});

	test('representativeness: ratios, flags and the chi-square test', () => {
		const s = sectionOf(doc, 'representativeness');
		const aa = tableRow(s, 'Ratio', 'African-American');
		// 3696 / 7214 / 0.27
		expect(aa.Ratio).toBe((3696 / 7214 / 0.27).toFixed(2));
		expect(aa.Flag).toBe('over-represented');
		const chi = input.representativeness![0]!.chiSquare;
		expect(chi.pValue).toBeLessThan(1e-16);
		expect(s).toContain(`χ² = ${Number(chi.statistic.toPrecision(4))}, 5 degrees of freedom, p &lt; 1e-16 — the data’s mix of groups differs`);
	});

	test('is deterministic, and the date is checked', () => {
		expect(buildReport(input)).toBe(doc);
		expect(buildReport({ ...input, createdAt: '2027-01-01T00:00:00Z' })).not.toBe(doc);
		expect(() => buildReport({ ...input, createdAt: 'last Tuesday' })).toThrow(RangeError);
	});
});

function columnInfo(summary: DatasetSummary): ColumnInfo[] {
	return summary.overview.columns.map((c) => ({ name: c.name, type: c.type, distinct: c.distinct, nulls: c.nulls, rows: summary.overview.rows }));
}

// ---------------------------------------------------------------------------

describe('report: MNIST label issues', () => {
	let db: NodeDuckDB;
	let labels: LabelIssueReport;
	let doc: string;

	beforeAll(async () => {
		db = await NodeDuckDB.open();
		const s = new AuditSession(db);
		const summary = await s.load([file('labels.npy', readFileSync('static/demo/mnist/labels.npy')), file('pred_probs.npy', readFileSync('static/demo/mnist/pred_probs.npy'))]);
		const roles: Roles = { label: 'label', protected: [], nuisance: [] };
		labels = await s.labelIssues(roles);
		doc = buildReport({ dataset: reportDataset(summary), createdAt: CREATED, plumbVersion: VERSION, settings: { roles }, labelIssues: labels });
	}, 60_000);
	afterAll(() => db.close());

	test('is safe and well-formed, with the dataset and label-issue sections', () => {
		expectSafeDocument(doc);
		expect(doc).not.toContain('javascript:');
		expect(headings(doc)).toEqual(['Dataset', 'Label issues']);
		expect(doc.match(/<h3>How to read this<\/h3>/g)).toHaveLength(2);
	});

	test('the 15 issues cleanlab finds and the health score 0.9985', () => {
		expect(labels.numIssues).toBe(15);
		const s = sectionOf(doc, 'label-issues');
		expect(s).toContain('<span class="value">15</span><span class="what">label issues found</span>');
		expect(s).toContain('<span class="value">0.9985</span><span class="what">label health score');
		expect(s).toContain('<span class="value">0.15%</span><span class="what">of the 10,000 labeled rows</span>');
		// The top-issues table lists the 15 ranked rows in order, with given and suggested digits.
		const first = tableRow(s, 'Suggested label', '1');
		expect(first.Row).toBe(String(labels.ranked[0]));
		expect(first['Given label']).toBe(labels.classNames[labels.given[0]!]);
		expect(first['Suggested label']).toBe(labels.classNames[labels.suggested[0]!]);
		expect(first.Quality).toBe(labels.quality[0]!.toFixed(4));
		const topTable = s.match(/<table>\s*<caption>The 15 flagged rows[\s\S]*?<\/table>/)![0];
		expect(topTable.match(/<tr>/g)).toHaveLength(16);
		// The confident joint as a 10 x 10 heatmap, and the per-class table.
		expect(s.match(/class="cell( diagonal)?"/g)).toHaveLength(100);
		expect(tableRow(s, 'Hidden share', '0').Given).toBe(labels.classSummary.find((c) => c.className === '0')!.givenCount.toLocaleString('en-US'));
		expect(sectionOf(doc, 'dataset')).toContain('filter_by <span class="mono">prune_by_noise_rate</span>, rank_by <span class="mono">self_confidence</span>');
	});

	test('a chart that cannot be drawn becomes a note, and the rest of the report stands', () => {
		const broken = buildReport({ dataset: { name: 'm', files: [], fingerprint: 'ab', rows: 1, columns: 1 }, createdAt: CREATED, plumbVersion: VERSION, settings: { roles: { protected: [], nuisance: [] } }, labelIssues: { ...labels, confidentJoint: [[1]] } });
		expectSafeDocument(broken);
		expect(broken).toContain('<p class="chart-error">This chart could not be drawn: counts has 1 entries, expected 10</p>');
		expect(broken).toContain('<span class="value">15</span>');
	});

	test('topIssues limits the table', () => {
		const short = buildReport({ dataset: { name: 'm', files: [], fingerprint: 'ab', rows: 1, columns: 1 }, createdAt: CREATED, plumbVersion: VERSION, settings: { roles: { protected: [], nuisance: [] } }, labelIssues: labels, topIssues: 3 });
		expect(short).toContain('The 3 flagged rows most likely to be mislabeled (of 15)');
	});
});

// ---------------------------------------------------------------------------

describe('report: hostile names stay text', () => {
	let db: NodeDuckDB;
	let doc: string;

	beforeAll(async () => {
		db = await NodeDuckDB.open();
		const s = new AuditSession(db);
		const q = (v: string) => `"${v.replaceAll('"', '""')}"`;
		const groups = [ONLOAD, IMG, 'javascript:alert(1)'];
		const lines = [[q(SCRIPT), 'y', 'score', q(ONLOAD), 'half'].join(',')];
		for (let i = 0; i < 240; i++) {
			const g = groups[i % 3]!;
			const y = (i * 7) % 5 < 2 ? 1 : 0;
			lines.push([q(g), y, ((i * 37) % 100) / 100, q(i % 4 === 0 ? SCRIPT : `v${i % 3}`), i < 120 ? 'a' : 'b'].join(','));
		}
		const summary = await s.load([file('hostile.csv', lines.join('\n'))]);
		const roles: Roles = { label: 'y', score: 'score', threshold: 0.5, protected: [SCRIPT], nuisance: [ONLOAD] };
		const slices = await s.slices(roles, { by: [SCRIPT], discover: true });
		const drift = await computeDrift(db, { ...driftSides({ kind: 'values', table: 'dataset', column: 'half', reference: ['a'], current: ['b'], referenceLabel: SCRIPT, currentLabel: ONLOAD }), roles: { label: 'y', score: 'score' } });
		const repr: RepresentationReport = await compareToTarget(db, { table: 'dataset', attribute: SCRIPT, target: new Map([[ONLOAD, 0.5], [IMG, 0.4], ['javascript:alert(1)', 0.1]]) });
		const mnist = new AuditSession(db);
		await mnist.load([file('labels.npy', readFileSync('static/demo/mnist/labels.npy')), file('pred_probs.npy', readFileSync('static/demo/mnist/pred_probs.npy'))]);
		const labels = await mnist.labelIssues({ label: 'label', protected: [], nuisance: [] });
		const names = labels.classNames.map((c, i) => (i === 0 ? SCRIPT : i === 1 ? ONLOAD : i === 2 ? IMG : c));
		const hostileLabels: LabelIssueReport = {
			...labels,
			classNames: names,
			classSummary: labels.classSummary.map((c) => ({ ...c, className: names[c.classIndex]! })),
			probsSource: IMG,
			warnings: [`column ${SCRIPT} ${ONLOAD}`]
		};
		doc = buildReport({
			dataset: { ...reportDataset(summary), name: `${SCRIPT}.csv`, files: [{ name: `${ONLOAD}.csv`, role: IMG }] },
			createdAt: CREATED,
			plumbVersion: VERSION,
			settings: { roles, slices: { reference: ONLOAD }, drift: { comparison: IMG, overrides: { [ONLOAD]: { threshold: 0.2 } } } },
			identifierLikeColumns: [{ column: ONLOAD, why: SCRIPT }],
			labelIssues: hostileLabels,
			slices: slices.report,
			discovery: slices.discovery,
			drift,
			representativeness: [repr]
		});
	}, 60_000);
	afterAll(() => db.close());

	test('every section is there and the document is still safe and well-formed', () => {
		expectSafeDocument(doc);
		expect(headings(doc)).toEqual(['Dataset', 'Label issues', 'Slices', 'Drift', 'Representativeness']);
		expect(doc.match(/<h3>How to read this<\/h3>/g)).toHaveLength(5);
	});

	test('hostile text appears only escaped', () => {
		expect(doc).not.toContain(SCRIPT);
		expect(doc).not.toContain(ONLOAD);
		expect(doc).not.toContain('<img');
		const script = '&lt;script&gt;alert(1)&lt;/script&gt;';
		const onload = '&quot; onload=&quot;x';
		for (const id of ['dataset', 'label-issues', 'slices', 'drift', 'representativeness']) expect(sectionOf(doc, id), id).toContain(script);
		for (const id of ['dataset', 'label-issues', 'slices', 'representativeness']) expect(sectionOf(doc, id), id).toContain(onload);
		expect(doc).toContain('&lt;img src=x onerror=alert(1)&gt;');
		// Group names reach the charts too, escaped by toSvgString.
		expect(sectionOf(doc, 'slices')).toMatch(/<svg[^>]*aria-label="[^"]*by &lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
		expect(sectionOf(doc, 'label-issues')).toMatch(/<text[^>]*>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/text>|<title>[^<]*&lt;script&gt;/);
	});
});

describe('report: a new dataset starts with no results', () => {
	test('slices of the dataset loaded before do not reach the report of the next one', async () => {
		const db = await NodeDuckDB.open();
		try {
			const s = new AuditSession(db);
			const roles: Roles = { label: 'two_year_recid', score: 'decile_score', threshold: 5, protected: ['race'], nuisance: [] };
			await s.load([file('compas.csv', readFileSync('static/demo/compas/compas.csv'))]);
			await s.slices(roles, { by: ['race'], discover: false });
			const options = { createdAt: CREATED, plumbVersion: VERSION, madeIn: 'cli' as const };
			expect(await s.report(roles, options)).toContain('id="slices-1"');
			await s.load([file('other.csv', 'two_year_recid,decile_score,race\n1,7,a\n0,2,b\n')]);
			expect(s.slicesResult).toBeNull();
			expect(await s.report(roles, options)).not.toContain('id="slices-1"');
		} finally {
			db.close();
		}
	});
});
