/**
 * The stakeholder report: one self-contained HTML file (inline CSS, inline
 * SVG charts, no script at all, no external resource) built from the plain
 * objects the data layer returns. Pure: no DOM, no DuckDB. Every piece of
 * dataset text goes through `html` (escaped) or `toSvgString` (escaped and
 * allow-listed); a Content-Security-Policy forbidding scripts and remote loads
 * backs that up when the file is opened.
 */
import { utcDateTime } from './format';
import { html, raw, type SafeHtml } from './html';
import { datasetSection } from './section-dataset';
import { driftSection } from './section-drift';
import { labelIssuesSection } from './section-label-issues';
import { representativenessSection } from './section-representativeness';
import { slicesSection } from './section-slices';
import { REPORT_CSS } from './style';
import type { ReportInput } from './types';

export { reportDataset } from '../data/services/report-input';

export type { ReportDataset, ReportDiscovery, ReportDriftSettings, ReportInput, ReportSettings } from './types';
export { DEFAULT_TOP_ISSUES } from './types';

/** Nothing may load or run: styles are inline, images are inline SVG. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The sections present, in order: [anchor, title, markup]. */
function sections(input: ReportInput): [string, string, SafeHtml][] {
	const out: [string, string, SafeHtml][] = [['dataset', 'Dataset', datasetSection(input)]];
	if (input.labelIssues) out.push(['label-issues', 'Label issues', labelIssuesSection(input.labelIssues, input.topIssues)]);
	if (input.slices || input.discovery) out.push(['slices', 'Slices', slicesSection(input.slices, input.discovery)]);
	if (input.drift) out.push(['drift', 'Drift', driftSection(input.drift)]);
	if (input.representativeness?.length) out.push(['representativeness', 'Representativeness', representativenessSection(input.representativeness)]);
	return out;
}

/** The report as a complete HTML document. Throws a RangeError when `createdAt` is not an ISO 8601 date. */
export function buildReport(input: ReportInput): string {
	const parts = sections(input);
	const title = `Plumb report: ${input.dataset.name}`;
	const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${`Plumb ${input.plumbVersion}`}">
<title>${title}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
<header class="report-head">
<h1>Data audit: <span class="mono">${input.dataset.name}</span></h1>
<p class="subtitle">A report on the quality of this dataset and how fairly a model treats the groups in it, made with Plumb.</p>
<nav class="toc" aria-label="Contents"><ol>${parts.map(([id, name]) => html`<li><a href="${`#${id}`}">${name}</a></li>`)}</ol></nav>
</header>
<main>
${parts.map(([, , body]) => body)}
</main>
<footer class="report-foot">
<p>${input.madeIn === 'cli' ? 'Made with Plumb, on the command line of this computer; no data left the machine.' : 'Made with Plumb, in the browser; no data left the machine.'} Plumb ${input.plumbVersion}, ${utcDateTime(input.createdAt)}.</p>
</footer>
</body>
</html>
`;
	return doc.value;
}
