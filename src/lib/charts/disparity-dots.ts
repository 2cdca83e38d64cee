/**
 * Disparity ratios (group / reference) as a lollipop dot plot on a log scale, so a
 * ratio r and its reciprocal 1/r sit equally far from 1. The four-fifths band
 * (0.8 to 1.25) is shaded; rows outside it are flagged. One row per group x metric.
 */
import { format, scaleLog } from 'd3';
import type { SvgNode } from './svg';
import { FOUR_FIFTHS_LOWER, FOUR_FIFTHS_UPPER } from '../core/stats/disparity';
import { ACCENT, BOTTOM_AXIS_HEIGHT, FONT_SIZE, GRID, INK, MUTED_INK, PRIMARY, bottomAxis, chartWidth, el, frame, labelColumnWidth, px, title, translate, truncate, type ChartOptions } from './common';

export interface DisparityRow {
	key: string;
	group: string;
	/** e.g. 'selection rate', 'TPR', 'FPR'. */
	metric: string;
	/** Group rate / reference rate; 0 and Infinity are drawn at the edge of the scale. */
	ratio: number;
	/** Default: ratio outside the band. */
	flagged?: boolean;
}

export interface DisparityDotsData {
	title: string;
	rows: DisparityRow[];
	/** The "no disparity" band; default the four-fifths rule [0.8, 1.25]. */
	band?: [number, number];
	/** x axis title; default 'ratio to reference (log scale)'. */
	axisLabel?: string;
}

export const DISPARITY_ROW_HEIGHT = 20;
/** The scale never extends past 1/100..100: beyond that the ratio is drawn as off scale. */
export const MAX_RATIO_SHOWN = 100;
const CANDIDATE_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.8, 1, 1.25, 2, 4, 5, 10, 20, 50, 100];
const fmtRatio = format('.2f');
const fmtTick = format('~g');

/** Log-scale domain symmetric about 1 that holds the band and every finite positive ratio, padded. */
export function disparityDomain(rows: readonly DisparityRow[], band: readonly [number, number]): [number, number] {
	const logs = [...band, ...rows.map((r) => r.ratio)].filter((r) => Number.isFinite(r) && r > 0).map((r) => Math.abs(Math.log(r)));
	const m = Math.min(Math.log(MAX_RATIO_SHOWN), Math.max(...logs) + 0.25);
	return [Math.exp(-m), Math.exp(m)];
}

export function layoutDisparityDots(data: DisparityDotsData, options: ChartOptions = {}): SvgNode {
	const width = chartWidth(options);
	const band = data.band ?? [FOUR_FIFTHS_LOWER, FOUR_FIFTHS_UPPER];
	const rows = data.rows;
	const groupW = labelColumnWidth(
		rows.map((r) => r.group),
		width,
		0.25
	);
	const metricW = labelColumnWidth(
		rows.map((r) => r.metric),
		width,
		0.2
	);
	const valueW = 44;
	const x0 = groupW + metricW + 8;
	const x1 = width - valueW - 8;
	const [d0, d1] = disparityDomain(rows, band);
	const x = scaleLog().domain([d0, d1]).range([x0, x1]).clamp(true);

	const isFlagged = (r: DisparityRow) => r.flagged ?? (Number.isFinite(r.ratio) ? r.ratio < band[0] || r.ratio > band[1] : r.ratio === Infinity);
	const flagged = rows.filter(isFlagged).length;
	const bandText = `${fmtTick(band[0])}–${fmtTick(band[1])}`;
	const summary = `Disparity ratios for ${rows.length} group and metric pair${rows.length === 1 ? '' : 's'} on a log scale; ${flagged} outside the ${bandText} band.`;
	const f = frame(data.title, summary, width, options);
	const headerY = f.top + FONT_SIZE;
	const y0 = headerY + 6;
	const plotBottom = y0 + rows.length * DISPARITY_ROW_HEIGHT;

	// Ticks from a readable list, thinned so labels do not collide.
	const ticks: number[] = [];
	for (const t of CANDIDATE_TICKS) {
		if (t < d0 || t > d1) continue;
		const last = ticks[ticks.length - 1];
		if (t === 1 || last === undefined || x(t) - x(last) >= 34) {
			if (t === 1 && last !== undefined && x(t) - x(last) < 34) ticks.pop();
			ticks.push(t);
		}
	}

	const bx0 = px(x(band[0]));
	const bx1 = px(x(band[1]));
	const one = px(x(1));
	const body: SvgNode[] = [
		el('g', { class: 'band' }, [
			title(`No-disparity band: ratio ${bandText}`),
			el('rect', { x: bx0, y: y0, width: px(bx1 - bx0), height: plotBottom - y0, fill: '#e6eff6' }),
			el('text', { x: px((bx0 + bx1) / 2), y: headerY, 'text-anchor': 'middle', fill: MUTED_INK }, undefined, bandText)
		]),
		bottomAxis({ scale: x, ticks, tickFormat: fmtTick, y: plotBottom, gridTop: y0, range: [x0, x1], label: data.axisLabel ?? 'ratio to reference (log scale)' }),
		el('line', { class: 'parity', x1: one, x2: one, y1: y0, y2: plotBottom, stroke: INK, 'stroke-width': 1, 'aria-hidden': 'true' }),
		el('text', { class: 'column-header', x: width - 4, y: headerY, 'text-anchor': 'end', fill: MUTED_INK, 'aria-hidden': 'true' }, undefined, 'ratio')
	];

	rows.forEach((r, i) => {
		const cy = y0 + (i + 0.5) * DISPARITY_ROW_HEIGHT;
		const prev = rows[i - 1];
		const firstOfGroup = !prev || prev.group !== r.group;
		if (firstOfGroup && i > 0) body.push(el('line', { class: 'separator', x1: 0, x2: width, y1: px(cy - DISPARITY_ROW_HEIGHT / 2), y2: px(cy - DISPARITY_ROW_HEIGHT / 2), stroke: GRID, 'aria-hidden': 'true' }));
		body.push(row(r, cy, firstOfGroup));
	});

	return f.finish(plotBottom + BOTTOM_AXIS_HEIGHT + 4, body);

	function row(r: DisparityRow, cy: number, showGroup: boolean): SvgNode {
		const flag = isFlagged(r);
		const color = flag ? ACCENT : PRIMARY;
		const finite = Number.isFinite(r.ratio) && r.ratio > 0;
		const offScale = !Number.isNaN(r.ratio) && (r.ratio <= d0 || r.ratio >= d1);
		const ratioText = Number.isNaN(r.ratio) ? 'n/a' : r.ratio === Infinity ? '∞' : fmtRatio(r.ratio);
		const describe = `${r.group}, ${r.metric}: ratio ${ratioText}` + (offScale ? ' (off scale)' : '') + (flag ? ', outside the band' : '');
		const marks: SvgNode[] = [
			title(describe),
			el('rect', { class: 'hit', x: 0, y: -DISPARITY_ROW_HEIGHT / 2, width, height: DISPARITY_ROW_HEIGHT, fill: 'transparent' }),
			...(showGroup ? [el('text', { class: 'group', x: 0, dy: '0.32em', fill: INK, 'font-weight': 600 }, undefined, truncate(r.group, groupW - 8))] : []),
			el('text', { class: 'metric', x: groupW + metricW - 2, dy: '0.32em', 'text-anchor': 'end', fill: MUTED_INK }, undefined, truncate(r.metric, metricW - 8)),
			el('text', { class: 'value', x: width - 4, dy: '0.32em', 'text-anchor': 'end', fill: flag ? ACCENT : INK, ...(flag ? { 'font-weight': 600 } : {}) }, undefined, ratioText)
		];
		if (!Number.isNaN(r.ratio)) {
			// 0 and Infinity clamp to the edges of the scale.
			const cx = px(finite ? x(r.ratio) : r.ratio > 0 ? x1 : x0);
			marks.push(el('line', { class: 'stem', x1: one, x2: cx, y1: 0, y2: 0, stroke: color, 'stroke-width': 1.5 }));
			if (offScale) {
				// An arrowhead pointing off the scale instead of a dot.
				const s = cx >= one ? 1 : -1;
				marks.push(el('polygon', { class: 'dot off-scale', points: `${cx + 5 * s},0 ${cx - 3 * s},-5 ${cx - 3 * s},5`, fill: color }));
			} else {
				marks.push(el('circle', { class: 'dot', cx, cy: 0, r: flag ? 5 : 4, fill: color }));
			}
		}
		return el('g', { class: flag ? 'row flagged' : 'row', transform: translate(0, cy), 'data-key': r.key, 'aria-label': describe }, marks);
	}
}
