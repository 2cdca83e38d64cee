/**
 * Reference vs current shares of a categorical column: one row per category with
 * two horizontal bars (reference above, current below), so long category names
 * stay readable.
 */
import { format, scaleLinear } from 'd3';
import type { SvgNode } from './svg';
import { BOTTOM_AXIS_HEIGHT, CURRENT_COLOR, INK, MUTED_INK, REFERENCE_COLOR, bottomAxis, chartWidth, el, expectLength, frame, labelColumnWidth, legend, px, textWidth, title, translate, truncate, type ChartOptions } from './common';

export interface GroupedBarsData {
	title: string;
	categories: string[];
	/** Share of reference rows per category, aligned with `categories`. */
	reference: number[];
	current: number[];
	/** x axis title; default 'share of rows'. */
	axisLabel?: string;
}

export const GROUPED_ROW_HEIGHT = 28;
const BAR = 10;
const pct = format('.1%');

export function layoutGroupedBars(data: GroupedBarsData, options: ChartOptions = {}): SvgNode {
	const width = chartWidth(options);
	const k = data.categories.length;
	expectLength('reference', data.reference.length, k);
	expectLength('current', data.current.length, k);
	const share = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : 0);

	const labelW = labelColumnWidth(data.categories, width);
	const x0 = labelW + 6;
	const x1 = width - textWidth('100.0%') - 10;
	const max = Math.max(0.01, ...data.reference.map(share), ...data.current.map(share));
	const x = scaleLinear().domain([0, max]).nice().range([x0, x1]);

	const f = frame(data.title, `Reference and current shares of ${k} categor${k === 1 ? 'y' : 'ies'}.`, width, options);
	const lg = legend(
		[
			{ label: 'reference', color: REFERENCE_COLOR },
			{ label: 'current', color: CURRENT_COLOR }
		],
		x0,
		f.top,
		width - x0
	);
	const y0 = f.top + lg.height + 6;
	const plotBottom = y0 + k * GROUPED_ROW_HEIGHT;
	const tickCount = Math.max(2, Math.floor((x1 - x0) / 60));

	const body: SvgNode[] = [
		lg.node,
		bottomAxis({ scale: x, ticks: x.ticks(tickCount), tickFormat: x.tickFormat(tickCount, '%'), y: plotBottom, gridTop: y0, range: [x0, x1], label: data.axisLabel ?? 'share of rows' })
	];
	data.categories.forEach((category, i) => {
		const r = share(data.reference[i]);
		const c = share(data.current[i]);
		const describe = `${category}: reference ${pct(r)}, current ${pct(c)}`;
		const label = truncate(category, labelW - 8);
		const bar = (v: number, yTop: number, fill: string, cls: string) => [
			el('rect', { class: cls, x: x0, y: yTop, width: px(x(v) - x0), height: BAR, fill }),
			el('text', { x: px(x(v) + 4), y: yTop + BAR / 2, dy: '0.32em', 'font-size': 10, fill: MUTED_INK, 'aria-hidden': 'true' }, undefined, pct(v))
		];
		body.push(
			el('g', { class: 'row', transform: translate(0, y0 + (i + 0.5) * GROUPED_ROW_HEIGHT) }, [
				title(describe),
				el('text', { class: 'label', x: labelW - 2, dy: '0.32em', 'text-anchor': 'end', fill: INK }, undefined, label),
				...bar(r, -BAR - 0.5, REFERENCE_COLOR, 'reference'),
				...bar(c, 0.5, CURRENT_COLOR, 'current')
			])
		);
	});
	return f.finish(plotBottom + BOTTOM_AXIS_HEIGHT + 4, body);
}
