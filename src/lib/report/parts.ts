/**
 * Building blocks shared by the report's sections: a section with its "How to
 * read this" box, key figures, tables, and charts serialised by `toSvgString`
 * (which escapes and allow-lists every tag and attribute).
 */
import { toSvgString, type SvgNode } from '../charts/index';
import { html, raw, type HtmlValue, type SafeHtml } from './html';

/** Width in px of charts in the report (the page column is 980 px less padding). */
export const REPORT_CHART_WIDTH = 760;

/** A top-level section: heading, "How to read this", then the body. `id` is a fixed anchor, never dataset text. */
export function section(id: string, title: string, howToRead: readonly HtmlValue[], body: HtmlValue): SafeHtml {
	return html`<section class="report-section" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${title}</h2>
${howToReadBox(howToRead)}
${body}
</section>
`;
}

/** The plain-language guide at the top of a section or sub-section. */
export function howToReadBox(paragraphs: readonly HtmlValue[]): SafeHtml {
	return html`<div class="how-to-read"><h3>How to read this</h3>${paragraphs.map((p) => html`<p>${p}</p>`)}</div>`;
}

export interface KeyFigure {
	value: HtmlValue;
	what: HtmlValue;
}

/** Big numbers with a short label under each. */
export function keyFigures(items: readonly KeyFigure[]): SafeHtml {
	return html`<ul class="key-figures">${items.map((k) => html`<li><span class="value">${k.value}</span><span class="what">${k.what}</span></li>`)}</ul>`;
}

/** A term / description list. */
export function facts(items: readonly [HtmlValue, HtmlValue][]): SafeHtml {
	return html`<dl class="facts">${items.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

/** A header cell: `num` right-aligns numbers. */
export function th(text: HtmlValue, num = false): SafeHtml {
	return num ? html`<th scope="col" class="num">${text}</th>` : html`<th scope="col">${text}</th>`;
}

export function td(content: HtmlValue, num = false): SafeHtml {
	return num ? html`<td class="num">${content}</td>` : html`<td>${content}</td>`;
}

/** A table in a wrapper that scrolls sideways on screen (and never clips in print). */
export function table(caption: HtmlValue, head: readonly SafeHtml[], rows: readonly SafeHtml[]): SafeHtml {
	return html`<div class="table-wrap"><table>
<caption>${caption}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
`;
}

/** A row with an optional class (a fixed name, never dataset text). */
export function tr(cells: readonly SafeHtml[], cls = ''): SafeHtml {
	return cls ? html`<tr class="${cls}">${cells}</tr>\n` : html`<tr>${cells}</tr>\n`;
}

/** A small label such as "flagged" or "reference". */
export function mark(text: string, tone: '' | 'bad' | 'ok' = ''): SafeHtml {
	return html`<span class="${tone ? `mark ${tone}` : 'mark'}">${text}</span>`;
}

/**
 * A chart as inline SVG with a caption. A chart that cannot be laid out (bad
 * input) becomes a visible note instead of failing the whole report.
 */
export function chart(layout: () => SvgNode, caption?: HtmlValue): SafeHtml {
	let svg: SafeHtml;
	try {
		svg = raw(toSvgString(layout()));
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		return html`<p class="chart-error">This chart could not be drawn: ${message}</p>`;
	}
	return html`<figure class="chart">${svg}${caption === undefined ? '' : html`<figcaption>${caption}</figcaption>`}</figure>
`;
}
