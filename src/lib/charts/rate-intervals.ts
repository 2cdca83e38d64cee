/**
 * Rate per group with its 95% interval: one row per group, label at left, dot and
 * whisker in the middle, n at right, and a dashed reference line (the reference
 * group's or the overall rate). Flagged groups are highlighted, small groups grey.
 */
import { format, formatSpecifier, scaleLinear } from 'd3';
import type { SvgNode } from './svg';
import {
	ACCENT,
	BOTTOM_AXIS_HEIGHT,
	FONT_SIZE,
	INK,
	MUTED_INK,
	PRIMARY,
	SMALL_GREY,
	bottomAxis,
	chartWidth,
	el,
	formatCount,
	frame,
	labelColumnWidth,
	px,
	textWidth,
	title,
	translate,
	truncate,
	type ChartOptions
} from './common';

export interface RateGroup {
	/** Passed to `onselect` when the row is clicked. */
	key: string;
	label: string;
	value: number;
	/** 95% interval bounds. */
	lo: number;
	hi: number;
	n: number;
	/** e.g. a significant disparity against the reference. */
	flagged?: boolean;
	/** Too few rows to judge. */
	small?: boolean;
}

export interface RateIntervalsData {
	title: string;
	groups: RateGroup[];
	reference?: { label: string; value: number };
	/** x domain; default [0, 1] when every value fits, else the nice extent including 0. */
	domain?: [number, number];
	/** d3-format specifier for values; default '.1%'. Ticks use the same type at their own precision. */
	format?: string;
	/** x axis title; default 'rate (dot) with 95% interval (whisker)'. */
	axisLabel?: string;
}

export const RATE_ROW_HEIGHT = 24;

function domainOf(data: RateIntervalsData): [number, number] {
	if (data.domain) return data.domain;
	const values = data.groups.flatMap((g) => [g.value, g.lo, g.hi]).filter(Number.isFinite);
	if (data.reference && Number.isFinite(data.reference.value)) values.push(data.reference.value);
	if (values.every((v) => v >= 0 && v <= 1)) return [0, 1];
	const lo = Math.min(0, ...values);
	const hi = Math.max(0, ...values);
	const nice = scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().domain();
	return [nice[0] ?? lo, nice[1] ?? hi];
}

/** A tick formatter of the same type as `spec` but with precision chosen for the tick step. */
function tickFormatFor(spec: string) {
	const s = formatSpecifier(spec);
	s.precision = undefined;
	return s.toString();
}

export function layoutRateIntervals(data: RateIntervalsData, options: ChartOptions = {}): SvgNode {
	const width = chartWidth(options);
	const spec = data.format ?? '.1%';
	const fmt = format(spec);
	const groups = data.groups;
	const labelW = labelColumnWidth(
		groups.map((g) => g.label),
		width
	);
	const nW = Math.ceil(Math.max(textWidth('n'), ...groups.map((g) => textWidth(formatCount(g.n))))) + 12;
	const x0 = labelW + 6;
	const x1 = width - nW - 10;
	const x = scaleLinear().domain(domainOf(data)).range([x0, x1]).clamp(true);

	const flagged = groups.filter((g) => g.flagged).length;
	const small = groups.filter((g) => g.small).length;
	const summary =
		`Rates for ${groups.length} group${groups.length === 1 ? '' : 's'} with 95% intervals` +
		(data.reference ? `; reference ${data.reference.label} ${fmt(data.reference.value)}` : '') +
		`; ${flagged} flagged` +
		(small ? `; ${small} too small to judge` : '') +
		'.';
	const f = frame(data.title, summary, width, options);
	const headerY = f.top + FONT_SIZE;
	const y0 = headerY + 6;
	const plotBottom = y0 + groups.length * RATE_ROW_HEIGHT;

	const body: SvgNode[] = [];
	const tickCount = Math.max(2, Math.floor((x1 - x0) / 70));
	body.push(
		bottomAxis({
			scale: x,
			ticks: x.ticks(tickCount),
			tickFormat: x.tickFormat(tickCount, tickFormatFor(spec)),
			y: plotBottom,
			gridTop: y0,
			range: [x0, x1],
			label: data.axisLabel ?? 'rate (dot) with 95% interval (whisker)'
		})
	);
	body.push(el('text', { class: 'column-header', x: width - 4, y: headerY, 'text-anchor': 'end', fill: MUTED_INK, 'aria-hidden': 'true' }, undefined, 'n'));

	groups.forEach((g, i) => body.push(row(g, y0 + (i + 0.5) * RATE_ROW_HEIGHT)));

	const ref = data.reference;
	if (ref && Number.isFinite(ref.value)) {
		const rx = px(x(ref.value));
		const text = `${ref.label} ${fmt(ref.value)}`;
		const half = textWidth(text) / 2;
		const anchor = rx - half < x0 ? 'start' : rx + half > x1 ? 'end' : 'middle';
		body.push(
			el('g', { class: 'reference' }, [
				title(`Reference: ${text}`),
				el('line', { x1: rx, x2: rx, y1: y0 - 2, y2: plotBottom, stroke: INK, 'stroke-width': 1, 'stroke-dasharray': '4 3' }),
				el('text', { x: rx, y: headerY, 'text-anchor': anchor, fill: INK }, undefined, truncate(text, x1 - x0))
			])
		);
	}

	return f.finish(plotBottom + BOTTOM_AXIS_HEIGHT + 4, body);

	function row(g: RateGroup, cy: number): SvgNode {
		const color = g.flagged ? ACCENT : g.small ? SMALL_GREY : PRIMARY;
		const finite = Number.isFinite(g.value);
		const describe =
			`${g.label}: ` +
			(finite ? fmt(g.value) : 'no rate') +
			(Number.isFinite(g.lo) && Number.isFinite(g.hi) ? ` (95% interval ${fmt(g.lo)} to ${fmt(g.hi)})` : '') +
			`, n = ${formatCount(g.n)}` +
			(g.flagged ? ', flagged' : '') +
			(g.small ? ', small group' : '');
		const classes = ['row', g.flagged ? 'flagged' : '', g.small ? 'small' : ''].filter(Boolean).join(' ');
		const label = truncate(g.label, labelW - 8);
		const marks: SvgNode[] = [
			title(describe),
			el('rect', { class: 'hit', x: 0, y: -RATE_ROW_HEIGHT / 2, width, height: RATE_ROW_HEIGHT, fill: 'transparent' }),
			el(
				'text',
				{ class: 'label', x: labelW - 2, dy: '0.32em', 'text-anchor': 'end', fill: g.small ? MUTED_INK : INK, ...(g.flagged ? { 'font-weight': 600 } : {}), ...(g.small ? { 'font-style': 'italic' } : {}) },
				undefined,
				label
			)
		];
		if (Number.isFinite(g.lo) && Number.isFinite(g.hi)) {
			const a = px(x(Math.min(g.lo, g.hi)));
			const b = px(x(Math.max(g.lo, g.hi)));
			marks.push(
				el('line', { class: 'whisker', x1: a, x2: b, y1: 0, y2: 0, stroke: color, 'stroke-width': 1.5 }),
				el('line', { class: 'cap', x1: a, x2: a, y1: -4, y2: 4, stroke: color, 'stroke-width': 1.5 }),
				el('line', { class: 'cap', x1: b, x2: b, y1: -4, y2: 4, stroke: color, 'stroke-width': 1.5 })
			);
		}
		if (finite) {
			// Small groups get a hollow dot, so "grey" does not rely on colour alone.
			marks.push(el('circle', { class: 'dot', cx: px(x(g.value)), cy: 0, r: g.flagged ? 5 : 4, fill: g.small && !g.flagged ? '#ffffff' : color, stroke: color, 'stroke-width': 1.5 }));
		} else {
			marks.push(el('text', { x: x0 + 4, dy: '0.32em', fill: MUTED_INK }, undefined, 'no data'));
		}
		marks.push(el('text', { class: 'n', x: width - 4, dy: '0.32em', 'text-anchor': 'end', fill: MUTED_INK }, undefined, formatCount(g.n)));
		return el('g', { class: classes, transform: translate(0, cy), 'data-key': g.key, 'aria-label': describe }, marks);
	}
}
