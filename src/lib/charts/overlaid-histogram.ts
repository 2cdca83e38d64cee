/**
 * Reference vs current distribution of a numeric column over shared bin edges:
 * the reference as filled bars, the current as a step outline on top, so the two
 * differ in form as well as colour. Shares (not counts) on y.
 */
import { format, scaleLinear } from 'd3';
import type { SvgNode } from './svg';
import { AXIS, BOTTOM_AXIS_HEIGHT, CURRENT_COLOR, GRID, INK, MUTED_INK, REFERENCE_COLOR, bottomAxis, chartWidth, el, expectLength, frame, legend, px, title, translate, type ChartOptions } from './common';

export interface OverlaidHistogramData {
	title: string;
	/** Bin edges, length bins + 1; the outer two may be -Infinity / Infinity (open bins). */
	edges: number[];
	/** Share of the reference rows in each bin, length bins. */
	reference: number[];
	current: number[];
	/** Axis titles; default 'value' and 'share of rows'. */
	xLabel?: string;
	yLabel?: string;
	/** d3-format specifier for bin edges in titles; default '~g'. */
	valueFormat?: string;
}

const pct = format('.1%');
const Y_AXIS_WIDTH = 48;

/**
 * Edges with open outer bins drawn as wide as their neighbour. Null when an inner
 * edge is missing (e.g. no reference rows), so there is nothing to draw.
 */
export function drawableEdges(edges: readonly number[]): number[] | null {
	const e = [...edges];
	const n = e.length;
	if (n < 2) return null;
	const inner = e.slice(1, -1);
	if (!inner.every(Number.isFinite)) return null;
	const first = e[0] as number;
	const last = e[n - 1] as number;
	if (Number.isNaN(first) || Number.isNaN(last)) return null;
	const step = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > a ? b - a : 1);
	if (!Number.isFinite(first)) e[0] = (e[1] as number) - step(e[1], e[2]);
	if (!Number.isFinite(last)) e[n - 1] = (e[n - 2] as number) + step(e[n - 3], e[n - 2]);
	return e;
}

export function layoutOverlaidHistogram(data: OverlaidHistogramData, options: ChartOptions = {}): SvgNode {
	const width = chartWidth(options);
	const bins = Math.max(0, data.edges.length - 1);
	expectLength('reference', data.reference.length, bins);
	expectLength('current', data.current.length, bins);
	const fmtValue = format(data.valueFormat ?? '~g');
	const share = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : 0);
	const yLabel = data.yLabel ?? 'share of rows';

	const f = frame(data.title, `Histogram of reference and current shares over ${bins} bin${bins === 1 ? '' : 's'}.`, width, options);
	const lg = legend(
		[
			{ label: 'reference', color: REFERENCE_COLOR, kind: 'rect' },
			{ label: 'current', color: CURRENT_COLOR, kind: 'line' }
		],
		Y_AXIS_WIDTH,
		f.top,
		width - Y_AXIS_WIDTH
	);
	const edges = drawableEdges(data.edges);
	const plotTop = f.top + lg.height + 22;
	const plotH = 160;
	const plotBottom = plotTop + plotH;
	if (!edges || bins === 0) {
		return f.finish(plotTop + 24, [el('text', { x: 0, y: plotTop + 8, fill: MUTED_INK }, undefined, 'No bins to show.')]);
	}

	const x0 = Y_AXIS_WIDTH;
	const x1 = width - 12;
	const x = scaleLinear()
		.domain([edges[0] as number, edges[bins] as number])
		.range([x0, x1]);
	const yMax = Math.max(...data.reference.map(share), ...data.current.map(share), 0.01);
	const y = scaleLinear().domain([0, yMax]).nice().range([plotBottom, plotTop]);
	const xTickCount = Math.max(2, Math.floor((x1 - x0) / 70));
	// Ticks only inside the finite range: an open bin has no value at its outer edge.
	const lo = Number.isFinite(data.edges[0]) ? (edges[0] as number) : (edges[1] as number);
	const hi = Number.isFinite(data.edges[bins]) ? (edges[bins] as number) : (edges[bins - 1] as number);
	const yTicks = y.ticks(4);
	const yFormat = y.tickFormat(4, '%');

	const body: SvgNode[] = [
		lg.node,
		el('g', { class: 'axis axis-y', 'aria-hidden': 'true' }, [
			...yTicks.map((t) =>
				el('g', { class: 'tick', transform: translate(0, px(y(t))) }, [
					el('line', { x1: x0, x2: x1, stroke: GRID, 'shape-rendering': 'crispEdges' }),
					el('text', { x: x0 - 6, dy: '0.32em', 'text-anchor': 'end', fill: MUTED_INK }, undefined, yFormat(t))
				])
			),
			el('text', { class: 'axis-label', x: 0, y: plotTop - 10, fill: INK }, undefined, `↑ ${yLabel}`)
		]),
		bottomAxis({ scale: x, ticks: x.ticks(xTickCount).filter((t) => t >= lo && t <= hi), tickFormat: x.tickFormat(xTickCount), y: plotBottom, gridTop: plotBottom, range: [x0, x1], label: data.xLabel ?? 'value' })
	];

	const bars: SvgNode[] = [];
	const hits: SvgNode[] = [];
	let outline = `M${px(x(edges[0] as number))},${px(y(0))}`;
	for (let b = 0; b < bins; b++) {
		const a = px(x(edges[b] as number));
		const c = px(x(edges[b + 1] as number));
		const r = share(data.reference[b]);
		const cur = share(data.current[b]);
		bars.push(el('rect', { x: a, y: px(y(r)), width: px(Math.max(0, c - a)), height: px(y(0) - y(r)), fill: REFERENCE_COLOR, 'fill-opacity': 0.45, stroke: '#ffffff', 'stroke-width': 0.5 }));
		outline += `V${px(y(cur))}H${c}`;
		const left = b === 0 && !Number.isFinite(data.edges[0]) ? `< ${fmtValue(data.edges[1] as number)}` : null;
		const right = b === bins - 1 && !Number.isFinite(data.edges[bins]) ? `≥ ${fmtValue(data.edges[bins - 1] as number)}` : null;
		const range = left ?? right ?? `${fmtValue(data.edges[b] as number)} to ${fmtValue(data.edges[b + 1] as number)}`;
		hits.push(el('rect', { class: 'bin', x: a, y: plotTop, width: px(Math.max(0, c - a)), height: plotH, fill: 'transparent' }, [title(`${range}: reference ${pct(r)}, current ${pct(cur)}`)]));
	}
	outline += `V${px(y(0))}`;

	body.push(
		el('g', { class: 'reference' }, bars),
		el('path', { class: 'current', d: outline, fill: 'none', stroke: CURRENT_COLOR, 'stroke-width': 2, 'stroke-linejoin': 'round' }),
		el('line', { x1: x0, x2: x1, y1: plotBottom, y2: plotBottom, stroke: AXIS, 'aria-hidden': 'true' }),
		el('g', { class: 'bins' }, hits)
	);
	return f.finish(plotBottom + BOTTOM_AXIS_HEIGHT + 4, body);
}
