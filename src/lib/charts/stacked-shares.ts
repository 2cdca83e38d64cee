/**
 * Class balance per group: 100% stacked horizontal bars, one row per group, with a
 * legend. More than `MAX_CLASSES_SHOWN` classes: the most common ones (by mean share
 * over groups) keep their colour and the rest are summed into "other".
 */
import { format, scaleLinear, stack, stackOffsetExpand } from 'd3';
import type { SvgNode } from './svg';
import {
	BOTTOM_AXIS_HEIGHT,
	CATEGORICAL,
	INK,
	MUTED_INK,
	OTHER_GREY,
	bottomAxis,
	chartWidth,
	el,
	expectLength,
	frame,
	inkOn,
	labelColumnWidth,
	legend,
	px,
	textWidth,
	title,
	translate,
	truncate,
	type ChartOptions
} from './common';

export interface StackedSharesGroup {
	key: string;
	label: string;
	/** Share (or count) of each class, aligned with `classes`; normalised per group. */
	shares: number[];
}

export interface StackedSharesData {
	title: string;
	classes: string[];
	groups: StackedSharesGroup[];
	/** x axis title; default 'share of rows'. */
	axisLabel?: string;
}

export const MAX_CLASSES_SHOWN = 10;
export const OTHER_LABEL = 'other';
export const SHARES_ROW_HEIGHT = 22;
const BAR_HEIGHT = 14;

const pct = format('.0%');
const pct1 = format('.1%');

export interface ShareSeries {
	label: string;
	color: string;
	/** Indices into `classes` summed into this series. */
	classes: number[];
}

/** The series drawn: each class if there are few, else the top classes plus "other". */
export function shareSeries(data: StackedSharesData): ShareSeries[] {
	const k = data.classes.length;
	if (k <= MAX_CLASSES_SHOWN) return data.classes.map((label, i) => ({ label, color: CATEGORICAL[i] ?? OTHER_GREY, classes: [i] }));
	const mean = new Float64Array(k);
	for (const g of data.groups) {
		const total = g.shares.reduce((s, v) => s + (Number.isFinite(v) && v > 0 ? v : 0), 0);
		if (total > 0) g.shares.forEach((v, i) => (mean[i] = (mean[i] ?? 0) + (Number.isFinite(v) && v > 0 ? v : 0) / total));
	}
	const order = Array.from(mean.keys()).sort((a, b) => (mean[b] ?? 0) - (mean[a] ?? 0) || a - b);
	// Top classes keep their order in `classes`, so the stack reads the same across charts.
	const top = order.slice(0, MAX_CLASSES_SHOWN).sort((a, b) => a - b);
	const rest = order.slice(MAX_CLASSES_SHOWN).sort((a, b) => a - b);
	return [
		...top.map((i, s) => ({ label: data.classes[i] ?? '', color: CATEGORICAL[s] ?? OTHER_GREY, classes: [i] })),
		{ label: `${OTHER_LABEL} (${rest.length} classes)`, color: OTHER_GREY, classes: rest }
	];
}

export function layoutStackedShares(data: StackedSharesData, options: ChartOptions = {}): SvgNode {
	const width = chartWidth(options);
	data.groups.forEach((g, i) => expectLength(`groups[${i}].shares`, g.shares.length, data.classes.length));
	const series = shareSeries(data);
	const rows = data.groups.map((g) => series.map((s) => s.classes.reduce((sum, c) => sum + Math.max(0, Number.isFinite(g.shares[c]) ? (g.shares[c] as number) : 0), 0)));
	const stacked = stack<number[], number>()
		.keys(series.map((_, i) => i))
		.value((d, key) => d[key] ?? 0)
		.offset(stackOffsetExpand)(rows);

	const labelW = labelColumnWidth(
		data.groups.map((g) => g.label),
		width
	);
	const x0 = labelW + 6;
	const x1 = width - 12;
	const x = scaleLinear().domain([0, 1]).range([x0, x1]).clamp(true);

	const summary = `Class shares in ${data.groups.length} group${data.groups.length === 1 ? '' : 's'}, ${data.classes.length} class${data.classes.length === 1 ? '' : 'es'}` + (series.length < data.classes.length ? `, the ${series.length - 1} most common shown and the rest as other` : '') + '.';
	const f = frame(data.title, summary, width, options);
	const lg = legend(
		series.map((s) => ({ label: s.label, color: s.color })),
		0,
		f.top,
		width
	);
	const y0 = f.top + lg.height + 6;
	const plotBottom = y0 + data.groups.length * SHARES_ROW_HEIGHT;

	const body: SvgNode[] = [
		lg.node,
		bottomAxis({ scale: x, ticks: x.ticks(Math.max(2, Math.floor((x1 - x0) / 60))), tickFormat: pct, y: plotBottom, gridTop: y0, range: [x0, x1], label: data.axisLabel ?? 'share of rows' })
	];

	data.groups.forEach((g, gi) => {
		const total = rows[gi]?.reduce((s, v) => s + v, 0) ?? 0;
		const parts: string[] = [];
		const segments: SvgNode[] = [];
		series.forEach((s, si) => {
			const span = stacked[si]?.[gi];
			if (!span || total <= 0) return;
			const [a, b] = span;
			if (!(b > a)) return;
			const share = b - a;
			parts.push(`${s.label} ${pct1(share)}`);
			const xa = px(x(a));
			const w = px(x(b) - x(a));
			const text = pct(share);
			segments.push(
				el('g', { class: 'segment' }, [
					title(`${g.label}: ${s.label} ${pct1(share)}`),
					el('rect', { x: xa, y: -BAR_HEIGHT / 2, width: w, height: BAR_HEIGHT, fill: s.color, stroke: '#ffffff', 'stroke-width': 0.5 }),
					...(w >= textWidth(text, 10) + 4 ? [el('text', { x: px(xa + w / 2), dy: '0.32em', 'text-anchor': 'middle', 'font-size': 10, fill: inkOn(s.color), 'aria-hidden': 'true' }, undefined, text)] : [])
				])
			);
		});
		const describe = `${g.label}: ` + (parts.length ? parts.join(', ') : 'no rows');
		const label = truncate(g.label, labelW - 8);
		body.push(
			el('g', { class: 'row', transform: translate(0, y0 + (gi + 0.5) * SHARES_ROW_HEIGHT), 'data-key': g.key, 'aria-label': describe }, [
				title(describe),
				el('rect', { class: 'hit', x: 0, y: -SHARES_ROW_HEIGHT / 2, width, height: SHARES_ROW_HEIGHT, fill: 'transparent' }),
				el('text', { class: 'label', x: labelW - 2, dy: '0.32em', 'text-anchor': 'end', fill: INK }, undefined, label),
				...(segments.length ? segments : [el('text', { x: x0 + 4, dy: '0.32em', fill: MUTED_INK }, undefined, 'no rows')])
			])
		);
	});

	return f.finish(plotBottom + BOTTOM_AXIS_HEIGHT + 4, body);
}
