/**
 * The confident joint as a K x K heatmap: given label rows, suggested (or true)
 * label columns, cell colour by count on a symlog scale (the diagonal usually
 * dwarfs the label issues off it). Off-diagonal cells with rows are clickable,
 * keyed `${i},${j}` (class indices). Past `MAX_CLASSES_DRAWN` classes only those
 * most involved in label issues are drawn.
 */
import { format, interpolateBlues, scaleSymlog } from 'd3';
import type { SvgNode } from './svg';
import { FONT_SIZE, GRID, INK, MUTED_INK, chartWidth, el, expectLength, formatCount, frame, inkOn, labelColumnWidth, px, textWidth, title, translate, truncate, type ChartOptions } from './common';

export interface HeatmapData {
	title: string;
	classNames: string[];
	/** counts[i][j]: rows with given label i and suggested label j, shape (K, K). */
	counts: number[][];
	/** Axis titles; default 'given label' and 'suggested label'. */
	rowTitle?: string;
	columnTitle?: string;
}

/** Counts are written in the cells up to this many classes. */
export const MAX_CLASSES_WITH_COUNTS = 20;
/** Beyond this many classes the cells would be under ~10 px and the tree too big to render. */
export const MAX_CLASSES_DRAWN = 60;
const MAX_CELL = 48;
/** Below this cell size class names are left to the cell titles. */
const MIN_CELL_FOR_NAMES = 7;
/** The lightest non-zero colour, so a count of 1 is not mistaken for 0. */
const MIN_SHADE = 0.12;
const ZERO_FILL = '#ffffff';
const compact = format('.2~s');

/** Key of the off-diagonal cell (i, j), as passed to `onselect`. */
export function cellKey(i: number, j: number): string {
	return `${i},${j}`;
}

/**
 * The classes drawn: all of them up to `MAX_CLASSES_DRAWN`, else those with the most
 * rows off the diagonal (given or suggested), in their original order.
 */
export function heatmapClasses(counts: readonly (readonly number[])[], max = MAX_CLASSES_DRAWN): number[] {
	const k = counts.length;
	const all = Array.from({ length: k }, (_, i) => i);
	if (k <= max) return all;
	const off = new Float64Array(k);
	counts.forEach((row, i) =>
		row.forEach((v, j) => {
			if (i === j || !(Number.isFinite(v) && v > 0)) return;
			off[i] = (off[i] ?? 0) + v;
			off[j] = (off[j] ?? 0) + v;
		})
	);
	return all
		.sort((a, b) => (off[b] ?? 0) - (off[a] ?? 0) || a - b)
		.slice(0, max)
		.sort((a, b) => a - b);
}

export function layoutHeatmap(data: HeatmapData, options: ChartOptions = {}): SvgNode {
	const width = chartWidth(options);
	const kAll = data.classNames.length;
	expectLength('counts', data.counts.length, kAll);
	data.counts.forEach((row, i) => expectLength(`counts[${i}]`, row.length, kAll));
	// Drawn position -> class index; keys and titles use the class index.
	const shown = heatmapClasses(data.counts);
	const names = shown.map((c) => data.classNames[c] ?? '');
	const k = shown.length;
	const count = (i: number, j: number) => {
		const v = data.counts[shown[i] ?? -1]?.[shown[j] ?? -1] ?? 0;
		return Number.isFinite(v) && v > 0 ? v : 0;
	};
	let max = 0;
	let offDiagonal = 0;
	for (let i = 0; i < k; i++)
		for (let j = 0; j < k; j++) {
			max = Math.max(max, count(i, j));
			if (i !== j) offDiagonal += count(i, j);
		}
	const shade = scaleSymlog()
		.domain([0, Math.max(1, max)])
		.range([MIN_SHADE, 1]);
	const fillOf = (v: number) => (v > 0 ? interpolateBlues(shade(v)) : ZERO_FILL);
	const fmtCell = (v: number) => (v < 10_000 ? formatCount(v) : compact(v));

	const rowTitle = data.rowTitle ?? 'given label';
	const columnTitle = data.columnTitle ?? 'suggested label';
	const titleGutter = FONT_SIZE + 8;
	const rowLabelW = labelColumnWidth(names, width, 0.3);
	const nameSize = Math.min(FONT_SIZE, Math.max(6, ((width - titleGutter - rowLabelW) / Math.max(1, k)) * 0.8));
	const colNameMax = Math.min(110, Math.max(0, ...names.map((n) => textWidth(n, nameSize))));
	// Column names hang down-left at 45 degrees; the first must not leave the chart.
	const left = Math.max(titleGutter + rowLabelW, Math.ceil(colNameMax * Math.SQRT1_2));
	const cell = k === 0 ? MAX_CELL : Math.min(MAX_CELL, (width - left - 8) / k);
	const namesShown = cell >= MIN_CELL_FOR_NAMES;
	const showCounts = k <= MAX_CLASSES_WITH_COUNTS;

	const summary =
		`Confident joint of ${kAll} classes` +
		(k < kAll ? ` (the ${k} with the most rows off the diagonal shown)` : '') +
		`: rows are the ${rowTitle}, columns the ${columnTitle}; ${formatCount(offDiagonal)} rows off the diagonal (possible label issues)` +
		(k < kAll ? ' among them' : '') +
		'.';
	const f = frame(data.title, summary, width, options);

	// Stepped colour legend: 0, then counts at even steps of the symlog scale.
	const steps = max > 0 ? [0, ...[0.25, 0.5, 0.75, 1].map((t) => Math.round(shade.invert(MIN_SHADE + t * (1 - MIN_SHADE))))] : [0];
	const legendItems = [...new Set(steps)];
	const lw = 36;
	const legendNode = el('g', { class: 'legend', transform: translate(left, f.top), 'aria-hidden': 'true' }, [
		el('text', { x: -6, y: 6, dy: '0.32em', 'text-anchor': 'end', fill: MUTED_INK }, undefined, 'count'),
		...legendItems.flatMap((v, s) => [
			el('rect', { x: s * lw, y: 0, width: lw, height: 12, fill: fillOf(v), stroke: GRID }),
			el('text', { x: s * lw + lw / 2, y: 24, 'text-anchor': 'middle', fill: MUTED_INK }, undefined, v < 1000 ? formatCount(v) : compact(v))
		])
	]);
	const top = f.top + 40;
	const plotBottom = top + k * cell;

	const cells: SvgNode[] = [];
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < k; j++) {
			const v = count(i, j);
			const fill = fillOf(v);
			const describe = `${rowTitle} ${names[i] ?? ''}, ${columnTitle} ${names[j] ?? ''}: ${formatCount(v)} row${v === 1 ? '' : 's'}`;
			const text = fmtCell(v);
			const textSize = Math.min(FONT_SIZE, (cell - 4) / (Array.from(text).length * 0.6));
			const diagonal = i === j;
			const children: SvgNode[] = [
				title(describe),
				el('rect', { x: 0, y: 0, width: px(cell), height: px(cell), fill, stroke: diagonal ? MUTED_INK : GRID, 'stroke-width': diagonal ? 1 : 0.5 })
			];
			if (showCounts && textSize >= 6) {
				children.push(el('text', { x: px(cell / 2), y: px(cell / 2), dy: '0.32em', 'text-anchor': 'middle', 'font-size': px(textSize), fill: v > 0 ? inkOn(fill) : MUTED_INK, 'aria-hidden': 'true' }, undefined, text));
			}
			const attrs: Record<string, string | number> = { class: diagonal ? 'cell diagonal' : 'cell', transform: translate(left + j * cell, top + i * cell) };
			if (!diagonal && v > 0) {
				attrs['data-key'] = cellKey(shown[i] ?? i, shown[j] ?? j);
				attrs['aria-label'] = describe;
			}
			cells.push(el('g', attrs, children));
		}
	}

	const axes: SvgNode[] = [];
	if (namesShown) {
		names.forEach((name, i) => {
			const cy = px(top + (i + 0.5) * cell);
			const label = truncate(name, rowLabelW - 8, nameSize);
			axes.push(el('text', { class: 'row-name', x: left - 4, y: cy, dy: '0.32em', 'text-anchor': 'end', 'font-size': px(nameSize), fill: INK }, label === name ? undefined : [title(name)], label));
			const cx = px(left + (i + 0.5) * cell);
			const colLabel = truncate(name, colNameMax, nameSize);
			axes.push(
				el('text', { class: 'column-name', x: cx, y: plotBottom + 6, dy: '0.32em', 'text-anchor': 'end', 'font-size': px(nameSize), fill: INK, transform: `rotate(-45 ${cx} ${px(plotBottom + 6)})` }, colLabel === name ? undefined : [title(name)], colLabel)
			);
		});
	}
	const colNamesH = namesShown ? colNameMax * Math.SQRT1_2 + 10 : 4;
	const midY = px((top + plotBottom) / 2);
	axes.push(
		el('text', { class: 'axis-label', x: titleGutter - 6, y: midY, 'text-anchor': 'middle', fill: INK, transform: `rotate(-90 ${titleGutter - 6} ${midY})` }, undefined, rowTitle),
		el('text', { class: 'axis-label', x: px(left + (k * cell) / 2), y: px(plotBottom + colNamesH + 14), 'text-anchor': 'middle', fill: INK }, undefined, columnTitle)
	);

	return f.finish(plotBottom + colNamesH + 22, [legendNode, el('g', { class: 'cells' }, cells), el('g', { class: 'axes' }, axes)]);
}
