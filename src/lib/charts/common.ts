/**
 * Shared pieces of the chart layouts: node builder, palette, text measuring,
 * axes and legends. Everything here is pure and returns `SvgNode`s.
 */
import { format, rgb } from 'd3';
import type { SvgNode } from './svg';
import { SVG_NS } from './svg';

export interface ChartOptions {
	/** Width in px (the container's width in the app, a fixed width in the report). Default 640. */
	width?: number;
	/** Draw the title as visible text at the top (it is always the accessible name). Default true. */
	showTitle?: boolean;
}

export const DEFAULT_WIDTH = 640;
/** Below this the label columns and the plot no longer fit side by side. */
export const MIN_WIDTH = 280;

export const FONT_SIZE = 11;
export const TITLE_SIZE = 13;
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", sans-serif';
/** Average advance of a character in the sans-serif UI font, in ems (a deliberate over-estimate). */
const CHAR_EM = 0.6;

export const INK = '#222222';
export const MUTED_INK = '#666666';
export const GRID = '#e3e3e3';
export const AXIS = '#999999';
/** Small groups: too few rows to judge, drawn in grey. */
export const SMALL_GREY = '#aaaaaa';

/**
 * Okabe & Ito (2008), "Color Universal Design": distinguishable under the common
 * colour-vision deficiencies. Black is left out (it is the text colour).
 */
export const OKABE_ITO = {
	blue: '#0072B2',
	orange: '#E69F00',
	green: '#009E73',
	purple: '#CC79A7',
	sky: '#56B4E9',
	vermillion: '#D55E00',
	yellow: '#F0E442'
} as const;

/** Normal marks and the reference series. */
export const PRIMARY = OKABE_ITO.blue;
/** Flagged marks (significant disparity, outside the band). */
export const ACCENT = OKABE_ITO.vermillion;
/** Drift charts: the reference sample, and the current one (blue/orange, the safest pair). */
export const REFERENCE_COLOR = OKABE_ITO.blue;
export const CURRENT_COLOR = OKABE_ITO.orange;

/**
 * Ten categorical colours: the seven Okabe-Ito hues, then wine, teal and olive from
 * Paul Tol's colour-blind-safe "muted" scheme. Past ~8 hues no palette stays
 * separable for everyone, so every mark also carries its name in a `<title>`.
 */
export const CATEGORICAL: readonly string[] = [
	OKABE_ITO.blue,
	OKABE_ITO.orange,
	OKABE_ITO.green,
	OKABE_ITO.purple,
	OKABE_ITO.sky,
	OKABE_ITO.vermillion,
	OKABE_ITO.yellow,
	'#882255',
	'#44AA99',
	'#999933'
];
export const OTHER_GREY = '#bbbbbb';

export const formatCount = format(',d');

export function el(tag: string, attrs: Record<string, string | number> = {}, children?: SvgNode[], text?: string): SvgNode {
	const node: SvgNode = { tag, attrs };
	if (children && children.length > 0) node.children = children;
	if (text !== undefined) node.text = text;
	return node;
}

/** A tooltip and accessible name for the parent mark. */
export function title(text: string): SvgNode {
	return el('title', {}, undefined, text);
}

/** Rounds to 2 decimals for the coordinates written into path strings and transforms. */
export function px(n: number): number {
	return Math.round(n * 100) / 100;
}

export function translate(x: number, y: number): string {
	return `translate(${px(x)},${px(y)})`;
}

/** Estimated rendered width of `s` in px (no DOM in layout code, so an estimate on the wide side). */
export function textWidth(s: string, fontSize = FONT_SIZE): number {
	return Array.from(s).length * fontSize * CHAR_EM;
}

/** `s` cut to fit `maxPx` with an ellipsis; the full text goes into a `<title>` by the caller. */
export function truncate(s: string, maxPx: number, fontSize = FONT_SIZE): string {
	const chars = Array.from(s);
	const fit = Math.floor(maxPx / (fontSize * CHAR_EM));
	if (chars.length <= fit) return s;
	if (fit <= 1) return '…';
	return chars.slice(0, fit - 1).join('') + '…';
}

/** Width of a label column: wide enough for the longest label, at most `maxShare` of the chart. */
export function labelColumnWidth(labels: readonly string[], width: number, maxShare = 0.35, fontSize = FONT_SIZE): number {
	const widest = labels.reduce((m, s) => Math.max(m, textWidth(s, fontSize)), 0);
	return Math.ceil(Math.min(Math.max(widest, 24), width * maxShare)) + 8;
}

export function chartWidth(options: ChartOptions): number {
	const w = options.width ?? DEFAULT_WIDTH;
	return Number.isFinite(w) ? Math.max(MIN_WIDTH, Math.floor(w)) : DEFAULT_WIDTH;
}

/**
 * The root `<svg>`: accessible name from the title, a `<desc>` summary for screen
 * readers, and the visible title when asked for. Returns the root and the y where
 * the chart body starts.
 */
export function frame(
	titleText: string,
	summary: string,
	width: number,
	options: ChartOptions
): { top: number; finish: (height: number, body: SvgNode[]) => SvgNode } {
	const showTitle = options.showTitle ?? true;
	const head: SvgNode[] = [title(titleText), el('desc', {}, undefined, summary)];
	if (showTitle) {
		// The root's aria-label already names the chart; a cut title keeps the full one as tooltip.
		const shown = truncate(titleText, width, TITLE_SIZE);
		head.push(el('text', { class: 'chart-title', x: 0, y: TITLE_SIZE, 'font-size': TITLE_SIZE, 'font-weight': 600, fill: INK, 'aria-hidden': 'true' }, shown === titleText ? undefined : [title(titleText)], shown));
	}
	const top = showTitle ? TITLE_SIZE + 12 : 4;
	return {
		top,
		finish: (height, body) =>
			el(
				'svg',
				{
					xmlns: SVG_NS,
					width,
					height: Math.ceil(height),
					viewBox: `0 0 ${width} ${Math.ceil(height)}`,
					role: 'figure',
					'aria-label': titleText,
					'font-family': FONT_FAMILY,
					'font-size': FONT_SIZE,
					class: 'plumb-chart'
				},
				[...head, ...body]
			)
	};
}

export interface AxisSpec {
	/** Pixel position of each tick value. */
	scale: (v: number) => number;
	ticks: readonly number[];
	tickFormat: (v: number) => string;
	/** Baseline y of the axis line (bottom axis) and the plot extent for gridlines. */
	y: number;
	gridTop: number;
	range: readonly [number, number];
	label: string;
}

/** A bottom axis with vertical gridlines and an axis title centred under the plot. */
export function bottomAxis(spec: AxisSpec): SvgNode {
	const [x0, x1] = spec.range;
	const ticks = spec.ticks.map((t) => {
		const x = px(spec.scale(t));
		return el('g', { class: 'tick', transform: translate(x, 0) }, [
			el('line', { y1: spec.gridTop - spec.y, y2: 0, stroke: GRID, 'shape-rendering': 'crispEdges' }),
			el('line', { y1: 0, y2: 4, stroke: AXIS }),
			el('text', { y: 15, 'text-anchor': 'middle', fill: MUTED_INK }, undefined, spec.tickFormat(t))
		]);
	});
	return el('g', { class: 'axis axis-x', transform: translate(0, spec.y), 'aria-hidden': 'true' }, [
		...ticks,
		el('line', { x1: x0, x2: x1, stroke: AXIS, 'shape-rendering': 'crispEdges' }),
		el('text', { class: 'axis-label', x: px((x0 + x1) / 2), y: 30, 'text-anchor': 'middle', fill: INK }, undefined, spec.label)
	]);
}
/** Vertical space a `bottomAxis` takes below its baseline. */
export const BOTTOM_AXIS_HEIGHT = 36;

export type LegendItem = { label: string; color: string; kind?: 'rect' | 'line' | 'dashed' | 'dot' };

/**
 * A legend that wraps into rows within `maxWidth`. Returns the node and its height.
 * Swatch shape can differ per item so series are told apart without colour.
 */
export function legend(items: readonly LegendItem[], x: number, y: number, maxWidth: number): { node: SvgNode; height: number } {
	const rowH = FONT_SIZE + 7;
	const swatch = 12;
	let cx = 0;
	let cy = 0;
	const nodes: SvgNode[] = [];
	for (const item of items) {
		const label = truncate(item.label, Math.max(40, maxWidth - swatch - 6));
		const w = swatch + 5 + textWidth(label) + 14;
		if (cx > 0 && cx + w > maxWidth) {
			cx = 0;
			cy += rowH;
		}
		const mid = cy + rowH / 2 - 2;
		const kind = item.kind ?? 'rect';
		const mark =
			kind === 'rect'
				? el('rect', { x: cx, y: mid - swatch / 2, width: swatch, height: swatch, fill: item.color })
				: kind === 'dot'
					? el('circle', { cx: cx + swatch / 2, cy: mid, r: 4, fill: item.color })
					: el('line', { x1: cx, x2: cx + swatch, y1: mid, y2: mid, stroke: item.color, 'stroke-width': 2, ...(kind === 'dashed' ? { 'stroke-dasharray': '4 2' } : {}) });
		nodes.push(
			el('g', { class: 'legend-item' }, [
				mark,
				el('text', { x: cx + swatch + 5, y: mid, dy: '0.32em', fill: INK }, label === item.label ? undefined : [title(item.label)], label)
			])
		);
		cx += w;
	}
	return { node: el('g', { class: 'legend', transform: translate(x, y) }, nodes), height: items.length === 0 ? 0 : cy + rowH };
}

/** Throws a RangeError naming the bad field when `actual` length differs from `expected`. */
export function expectLength(field: string, actual: number, expected: number): void {
	if (actual !== expected) throw new RangeError(`${field} has ${actual} entries, expected ${expected}`);
}

/** Text on a coloured fill: black on light fills, white on dark ones (relative luminance). */
export function inkOn(fill: string): string {
	const { r, g, b } = rgb(fill);
	const lin = (c: number) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
	// Black and white text have equal contrast at luminance ~0.18.
	return l > 0.18 ? INK : '#ffffff';
}
