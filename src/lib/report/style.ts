/**
 * The report's only stylesheet, inlined in `<head>`. Screen: a readable
 * column, tables that scroll sideways when wide. Print (and "Save as PDF"):
 * black on white, each section on a new page, tables allowed to break
 * between rows but never clipped, charts scaled to the page width.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1a1a1a; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main, header.report-head, footer.report-foot { max-width: 980px; margin: 0 auto; padding: 0 24px; }
header.report-head { padding-top: 28px; border-bottom: 2px solid #1a1a1a; padding-bottom: 12px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.35em; margin: 2em 0 0.4em; padding-bottom: 4px; border-bottom: 1px solid #c8c8c8; }
h3 { font-size: 1.1em; margin: 1.6em 0 0.4em; }
h4 { font-size: 1em; margin: 1.2em 0 0.3em; }
p { margin: 0.5em 0; }
.subtitle { color: #444444; margin: 0; }
nav.toc ol { margin: 0.5em 0; padding-left: 1.4em; }
nav.toc a { color: #1f4f82; }
.how-to-read { border-left: 4px solid #0072B2; background: #f2f7fb; padding: 8px 12px; margin: 0.8em 0 1em; }
.how-to-read h3 { margin: 0 0 0.2em; font-size: 0.95em; }
.how-to-read p { margin: 0.3em 0; }
.note { border-left: 4px solid #E69F00; background: #fdf6e7; padding: 8px 12px; margin: 0.8em 0; }
.note h3 { margin: 0 0 0.2em; font-size: 0.95em; }
.key-figures { display: flex; flex-wrap: wrap; gap: 12px 28px; margin: 0.8em 0; padding: 0; list-style: none; }
.key-figures li { min-width: 150px; }
.key-figures .value { display: block; font-size: 1.5em; font-weight: 650; font-variant-numeric: tabular-nums; }
.key-figures .what { color: #444444; font-size: 0.9em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0.6em 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
p, li, caption, figcaption { overflow-wrap: break-word; }
.table-wrap { overflow-x: auto; margin: 0.6em 0 1.2em; }
table { border-collapse: collapse; font-size: 0.86em; }
caption { text-align: left; padding: 4px 0; color: #333333; caption-side: top; }
th, td { padding: 4px 8px; border-bottom: 1px solid #dddddd; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #888888; background: #f4f4f4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.sub { display: block; color: #555555; font-size: 0.85em; white-space: nowrap; }
tr.overall td { border-top: 2px solid #888888; font-weight: 600; }
tr.reference td { background: #f3f6fa; }
tr.small td { color: #777777; }
tr.drifted td:first-child { font-weight: 600; }
.mark { display: inline-block; font-size: 0.78em; border: 1px solid #999999; border-radius: 3px; padding: 0 4px; margin: 1px 2px 1px 0; white-space: nowrap; }
.mark.bad { border-color: #D55E00; color: #9c3f00; font-weight: 600; }
.mark.ok { border-color: #009E73; color: #00684c; }
.verdict-bad { color: #9c3f00; font-weight: 600; }
figure.chart { margin: 1em 0 1.4em; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart figcaption { color: #444444; font-size: 0.88em; margin-top: 4px; }
.chart-error { color: #9c3f00; }
ul.warnings li { margin: 0.2em 0; }
footer.report-foot { margin-top: 3em; padding-top: 10px; padding-bottom: 28px; border-top: 1px solid #c8c8c8; color: #444444; font-size: 0.9em; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html, body { background: #ffffff !important; color: #000000 !important; font-size: 10.5pt; }
  main, header.report-head, footer.report-foot { max-width: none; padding: 0; }
  nav.toc a { color: #000000; text-decoration: none; }
  section.report-section { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; color: #000000; }
  .how-to-read, .note { background: #ffffff !important; border-left-color: #000000; color: #000000; break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible !important; }
  table { width: 100%; font-size: 8.5pt; table-layout: auto; }
  th, td { padding: 2px 4px; overflow-wrap: anywhere; color: #000000 !important; }
  th.num { white-space: normal; }
  thead { display: table-header-group; }
  thead th { background: #ffffff !important; }
  tr, figure.chart, dl.facts, .key-figures { break-inside: avoid; page-break-inside: avoid; }
  tr.reference td { background: #ffffff !important; font-style: italic; }
  .mark, .mark.bad, .mark.ok, .verdict-bad, .chart-error, .sub, caption, .subtitle, .key-figures .what, figure.chart figcaption { color: #000000 !important; border-color: #000000 !important; }
  figure.chart svg { width: 100% !important; max-width: 100%; height: auto; }
}
`;
