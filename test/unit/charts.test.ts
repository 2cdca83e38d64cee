import { describe, expect, test } from 'vitest';
import { render } from 'svelte/server';
import {
	ALLOWED_ATTRS,
	ALLOWED_TAGS,
	MAX_CLASSES_DRAWN,
	MAX_CLASSES_SHOWN,
	cellKey,
	heatmapClasses,
	disparityDomain,
	drawableEdges,
	escapeXml,
	layoutDisparityDots,
	layoutGroupedBars,
	layoutHeatmap,
	layoutOverlaidHistogram,
	layoutRateIntervals,
	layoutStackedShares,
	roundNumber,
	shareSeries,
	toSvgString,
	type DisparityDotsData,
	type GroupedBarsData,
	type HeatmapData,
	type OverlaidHistogramData,
	type RateIntervalsData,
	type StackedSharesData,
	type SvgNode
} from '../../src/lib/charts';
import SvgTree from '../../src/lib/components/charts/SvgTree.svelte';
import { rng } from '../../bench/synthetic';

// ---- helpers ------------------------------------------------------------------

/** Every node of the tree, depth first. */
function nodes(root: SvgNode): SvgNode[] {
	return [root, ...(root.children ?? []).flatMap(nodes)];
}
function byClass(root: SvgNode, cls: string): SvgNode[] {
	return nodes(root).filter((n) => String(n.attrs.class ?? '').split(' ').includes(cls));
}
function one(list: SvgNode[]): SvgNode {
	expect(list).toHaveLength(1);
	return list[0] as SvgNode;
}
function num(n: SvgNode, attr: string): number {
	const v = n.attrs[attr];
	expect(v, `${n.tag}.${attr}`).toBeTypeOf('number');
	return v as number;
}
/** [x, y] of a `translate(x,y)` transform. */
function translation(n: SvgNode): [number, number] {
	const m = /^translate\(([-\d.e]+),([-\d.e]+)\)$/.exec(String(n.attrs.transform));
	expect(m, String(n.attrs.transform)).not.toBeNull();
	return [Number(m?.[1]), Number(m?.[2])];
}
/** x of the x-axis tick labelled `label`. */
function tickX(root: SvgNode, label: string): number {
	const tick = byClass(root, 'tick').find((t) => t.children?.some((c) => c.tag === 'text' && c.text === label));
	expect(tick, `tick ${label}`).toBeDefined();
	return translation(tick as SvgNode)[0];
}
/** Pixel positions are rounded to 2 decimals in the tree. */
const PX = 0.011;


// ---- fixtures -------------------------------------------------------------------

const rates: RateIntervalsData = {
	title: 'Selection rate by race',
	reference: { label: 'White (reference)', value: 0.34 },
	groups: [
		{ key: 'race=White', label: 'White', value: 0.34, lo: 0.325, hi: 0.355, n: 4120 },
		{ key: 'race=Black', label: 'Black', value: 0.21, lo: 0.185, hi: 0.237, n: 980, flagged: true },
		{ key: 'race=Asian-Pac-Islander', label: 'Asian-Pac-Islander', value: 0.3, lo: 0.251, hi: 0.354, n: 311 },
		{ key: 'race=Other', label: 'Other', value: 0.5, lo: 0.237, hi: 0.763, n: 12, small: true }
	]
};

function stackedFixture(): StackedSharesData {
	const r = rng(7);
	const classes = Array.from({ length: 13 }, (_, i) => `class ${i}`);
	return {
		title: 'Class balance by sex',
		classes,
		groups: ['Female', 'Male', 'Unknown'].map((label) => ({ key: `sex=${label}`, label, shares: classes.map(() => Math.round(r() * 1000)) }))
	};
}

const disparity: DisparityDotsData = {
	title: 'Disparity vs reference (White)',
	rows: [
		{ key: 'Black/selection', group: 'Black', metric: 'selection rate', ratio: 0.62 },
		{ key: 'Black/tpr', group: 'Black', metric: 'TPR', ratio: 0.91 },
		{ key: 'Black/fpr', group: 'Black', metric: 'FPR', ratio: 2 },
		{ key: 'Other/selection', group: 'Other', metric: 'selection rate', ratio: 1.1, flagged: true },
		{ key: 'Other/tpr', group: 'Other', metric: 'TPR', ratio: 0 },
		{ key: 'Other/fpr', group: 'Other', metric: 'FPR', ratio: Number.NaN }
	]
};

const heatmap: HeatmapData = {
	title: 'Confident joint',
	classNames: ['cat', 'dog', 'bird'],
	counts: [
		[520, 12, 0],
		[25, 610, 1],
		[2, 0, 90]
	]
};

function histogramFixture(): OverlaidHistogramData {
	const r = rng(42);
	const bins = 8;
	const draw = (shift: number) => {
		const w = Array.from({ length: bins }, (_, i) => Math.exp(-((i - 3.5 - shift) ** 2) / 6) * (0.8 + 0.4 * r()));
		const s = w.reduce((a, b) => a + b, 0);
		return w.map((v) => v / s);
	};
	return { title: 'age', edges: [-Infinity, 20, 30, 40, 50, 60, 70, 80, Infinity], reference: draw(0), current: draw(1), xLabel: 'age (years)' };
}

const bars: GroupedBarsData = {
	title: 'workclass',
	categories: ['Private', 'Self-emp-not-inc', 'Local-gov', '?'],
	reference: [0.7, 0.08, 0.06, 0.05],
	current: [0.62, 0.12, 0.07, 0.09]
};

const charts: [string, () => SvgNode][] = [
	['rate-intervals', () => layoutRateIntervals(rates, { width: 640 })],
	['stacked-shares', () => layoutStackedShares(stackedFixture(), { width: 640 })],
	['disparity-dots', () => layoutDisparityDots(disparity, { width: 640 })],
	['heatmap', () => layoutHeatmap(heatmap, { width: 480 })],
	['overlaid-histogram', () => layoutOverlaidHistogram(histogramFixture(), { width: 640 })],
	['grouped-bars', () => layoutGroupedBars(bars, { width: 480 })]
];

// ---- snapshots ------------------------------------------------------------------

describe('chart snapshots', () => {
	test.each(charts)('%s', async (name, make) => {
		await expect(toSvgString(make(), { pretty: true }) + '\n').toMatchFileSnapshot(`__snapshots__/charts/${name}.svg`);
	});
});

describe('every chart', () => {
	test.each(charts)('%s has an accessible name, a title, a summary and axis text', (_, make) => {
		const root = make();
		expect(root.tag).toBe('svg');
		expect(root.attrs['aria-label']).toBeTruthy();
		expect(root.children?.[0]?.tag).toBe('title');
		expect(root.children?.[1]?.tag).toBe('desc');
		expect(nodes(root).some((n) => n.tag === 'text' && String(n.attrs.class ?? '').includes('axis-label'))).toBe(true);
	});

	test.each(charts)('%s fits its width and never draws NaN', (_, make) => {
		const root = make();
		const width = num(root, 'width');
		expect(root.attrs.viewBox).toBe(`0 0 ${width} ${root.attrs.height}`);
		expect(toSvgString(root)).not.toMatch(/NaN|Infinity/);
	});

	test.each([200, 320, 1280])('all layouts hold at width %i', (width) => {
		for (const make of [
			() => layoutRateIntervals(rates, { width }),
			() => layoutStackedShares(stackedFixture(), { width }),
			() => layoutDisparityDots(disparity, { width }),
			() => layoutHeatmap(heatmap, { width }),
			() => layoutOverlaidHistogram(histogramFixture(), { width }),
			() => layoutGroupedBars(bars, { width })
		]) {
			const root = make();
			for (const n of nodes(root)) for (const v of Object.values(n.attrs)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
			expect(() => toSvgString(root)).not.toThrow();
		}
	});

	test('showTitle: false keeps the accessible title and drops the visible one', () => {
		const root = layoutGroupedBars(bars, { showTitle: false });
		expect(root.attrs['aria-label']).toBe('workclass');
		expect(byClass(root, 'chart-title')).toHaveLength(0);
	});
});

// ---- rate intervals -------------------------------------------------------------

describe('rate intervals', () => {
	test('whiskers span lo..hi and dots sit at the value, in the axis pixel space', () => {
		const root = layoutRateIntervals(rates, { width: 640 });
		const x0 = tickX(root, '0%');
		const x1 = tickX(root, '100%');
		const px = (v: number) => x0 + v * (x1 - x0);
		const rows = byClass(root, 'row');
		expect(rows).toHaveLength(rates.groups.length);
		rates.groups.forEach((g, i) => {
			const row = rows[i] as SvgNode;
			expect(row.attrs['data-key']).toBe(g.key);
			const whisker = one(byClass(row, 'whisker'));
			expect(Math.abs(num(whisker, 'x1') - px(g.lo))).toBeLessThan(PX);
			expect(Math.abs(num(whisker, 'x2') - px(g.hi))).toBeLessThan(PX);
			expect(Math.abs(num(one(byClass(row, 'dot')), 'cx') - px(g.value))).toBeLessThan(PX);
		});
	});

	test('rows are evenly spaced in input order', () => {
		const ys = byClass(layoutRateIntervals(rates), 'row').map((r) => translation(r)[1]);
		const gaps = ys.slice(1).map((y, i) => y - (ys[i] as number));
		expect(new Set(gaps).size).toBe(1);
		expect(gaps[0]).toBeGreaterThan(0);
	});

	test('the dashed reference line sits at the reference value', () => {
		const root = layoutRateIntervals(rates, { width: 640 });
		const x0 = tickX(root, '0%');
		const x1 = tickX(root, '100%');
		const line = one(one(byClass(root, 'reference')).children?.filter((c) => c.tag === 'line') ?? []);
		expect(line.attrs['stroke-dasharray']).toBeTruthy();
		expect(Math.abs(num(line, 'x1') - (x0 + 0.34 * (x1 - x0)))).toBeLessThan(PX);
	});

	test('flagged groups are highlighted, small groups grey and hollow', () => {
		const root = layoutRateIntervals(rates);
		const [white, black, , other] = byClass(root, 'row') as [SvgNode, SvgNode, SvgNode, SvgNode];
		const dot = (r: SvgNode) => one(byClass(r, 'dot'));
		expect(black.attrs.class).toContain('flagged');
		expect(dot(black).attrs.fill).not.toBe(dot(white).attrs.fill);
		expect(other.attrs.class).toContain('small');
		expect(dot(other).attrs.fill).toBe('#ffffff');
		expect(String(black.attrs['aria-label'])).toContain('flagged');
		expect(String(other.attrs['aria-label'])).toContain('small group');
	});

	test('values outside the domain are clamped; missing ones say so', () => {
		const root = layoutRateIntervals({ title: 't', domain: [0, 0.5], groups: [{ key: 'a', label: 'a', value: 0.9, lo: 0.8, hi: 1, n: 5 }, { key: 'b', label: 'b', value: Number.NaN, lo: Number.NaN, hi: Number.NaN, n: 0 }] });
		const x1 = tickX(root, '50%');
		const [a, b] = byClass(root, 'row') as [SvgNode, SvgNode];
		expect(num(one(byClass(a, 'dot')), 'cx')).toBeCloseTo(x1, 1);
		expect(byClass(b, 'dot')).toHaveLength(0);
		expect(toSvgString(b)).toContain('no data');
	});

	test('a domain beyond [0, 1] is the nice extent with the format given', () => {
		const root = layoutRateIntervals({ title: 'mean', format: '.2f', groups: [{ key: 'a', label: 'a', value: 3.2, lo: 2.9, hi: 3.6, n: 50 }] });
		expect(tickX(root, '0.0')).toBeLessThan(tickX(root, '4.0'));
	});
});

// ---- stacked shares -------------------------------------------------------------

describe('stacked shares', () => {
	test(`more than ${MAX_CLASSES_SHOWN} classes: the most common ${MAX_CLASSES_SHOWN} plus other`, () => {
		const data = stackedFixture();
		const series = shareSeries(data);
		expect(series).toHaveLength(MAX_CLASSES_SHOWN + 1);
		expect(series.flatMap((s) => s.classes).sort((a, b) => a - b)).toEqual(data.classes.map((_, i) => i));
		expect(series.at(-1)?.label).toBe('other (3 classes)');
		expect(new Set(series.map((s) => s.color)).size).toBe(series.length);
	});

	test('few classes are all shown, in order, without other', () => {
		const series = shareSeries({ title: 't', classes: ['no', 'yes'], groups: [] });
		expect(series.map((s) => s.label)).toEqual(['no', 'yes']);
	});

	test('each bar fills the plot width (shares normalised per group)', () => {
		const root = layoutStackedShares(stackedFixture(), { width: 640 });
		const x0 = tickX(root, '0%');
		const x1 = tickX(root, '100%');
		for (const row of byClass(root, 'row')) {
			const rects = byClass(row, 'segment').map((s) => one(s.children?.filter((c) => c.tag === 'rect') ?? []));
			const total = rects.reduce((s, r) => s + num(r, 'width'), 0);
			expect(Math.abs(total - (x1 - x0))).toBeLessThan(0.1);
			expect(num(rects[0] as SvgNode, 'x')).toBeCloseTo(x0, 1);
		}
	});

	test('a group without rows draws no segments', () => {
		const root = layoutStackedShares({ title: 't', classes: ['a', 'b'], groups: [{ key: 'g', label: 'g', shares: [0, 0] }] });
		expect(byClass(root, 'segment')).toHaveLength(0);
		expect(toSvgString(root)).toContain('no rows');
	});

	test('shares of the wrong length are an error naming the group', () => {
		expect(() => layoutStackedShares({ title: 't', classes: ['a', 'b'], groups: [{ key: 'g', label: 'g', shares: [1] }] })).toThrow(/groups\[0\]\.shares has 1 entries, expected 2/);
	});
});

// ---- disparity dots -------------------------------------------------------------

describe('disparity dots', () => {
	test('the 0.8-1.25 band and the line at 1 sit where the log scale puts them', () => {
		const root = layoutDisparityDots(disparity, { width: 640 });
		const band = one(one(byClass(root, 'band')).children?.filter((c) => c.tag === 'rect') ?? []);
		const bx0 = num(band, 'x');
		const bx1 = bx0 + num(band, 'width');
		const one1 = num(one(byClass(root, 'parity')), 'x1');
		// Log scale: pixels per unit of ln(ratio) are the same everywhere.
		const k = (one1 - bx0) / Math.log(1 / 0.8);
		expect((bx1 - one1) / Math.log(1.25)).toBeCloseTo(k, 1);
		// ... and agree with the dot of the row whose ratio is 2, and the axis ticks.
		const fpr = byClass(root, 'row').find((r) => r.attrs['data-key'] === 'Black/fpr') as SvgNode;
		expect(num(one(byClass(fpr, 'dot')), 'cx') - one1).toBeCloseTo(k * Math.log(2), 1);
		expect(tickX(root, '1')).toBeCloseTo(one1, 1);
		// ... and with the domain on [x0, x1].
		const [d0, d1] = disparityDomain(disparity.rows, [0.8, 1.25]);
		expect(d0 * d1).toBeCloseTo(1, 10);
		expect(d0).toBeLessThan(0.5);
	});

	test('rows outside the band are flagged unless flagged is given', () => {
		const rows = byClass(layoutDisparityDots(disparity), 'row');
		const flagged = rows.filter((r) => String(r.attrs.class).includes('flagged')).map((r) => r.attrs['data-key']);
		expect(flagged).toEqual(['Black/selection', 'Black/fpr', 'Other/selection', 'Other/tpr']);
	});

	test('0 is drawn off scale at the left edge, NaN not at all', () => {
		const rows = byClass(layoutDisparityDots(disparity), 'row');
		const zero = rows.find((r) => r.attrs['data-key'] === 'Other/tpr') as SvgNode;
		expect(one(byClass(zero, 'dot')).tag).toBe('polygon');
		expect(String(zero.attrs['aria-label'])).toContain('off scale');
		const nan = rows.find((r) => r.attrs['data-key'] === 'Other/fpr') as SvgNode;
		expect(byClass(nan, 'dot')).toHaveLength(0);
		expect(toSvgString(nan)).toContain('n/a');
	});

	test('the group name is written once per run of rows', () => {
		const names = byClass(layoutDisparityDots(disparity), 'group').map((t) => t.text);
		expect(names).toEqual(['Black', 'Other']);
	});
});

// ---- heatmap --------------------------------------------------------------------

describe('heatmap', () => {
	test('off-diagonal cells with rows carry data-key; diagonal ones do not', () => {
		const cells = byClass(layoutHeatmap(heatmap), 'cell');
		expect(cells).toHaveLength(9);
		const keys = cells.filter((c) => c.attrs['data-key'] !== undefined).map((c) => c.attrs['data-key']);
		expect(keys).toEqual(['0,1', '1,0', '1,2', '2,0']);
		for (const d of byClass(layoutHeatmap(heatmap), 'diagonal')) expect(d.attrs['data-key']).toBeUndefined();
		expect(cellKey(2, 0)).toBe('2,0');
	});

	test('every off-diagonal cell is keyed when all have rows', () => {
		const counts = [
			[5, 1, 1],
			[1, 5, 1],
			[1, 1, 5]
		];
		const cells = byClass(layoutHeatmap({ ...heatmap, counts }), 'cell');
		for (const c of cells) expect(c.attrs['data-key'] !== undefined).toBe(!String(c.attrs.class).includes('diagonal'));
	});

	test('cells are placed row i, column j', () => {
		const cells = byClass(layoutHeatmap(heatmap), 'cell');
		const [ax, ay] = translation(cells[0] as SvgNode);
		const [bx, by] = translation(cells[5] as SvgNode); // (1, 2)
		const size = num(one(cells[0]?.children?.filter((c) => c.tag === 'rect') ?? []), 'width');
		expect(bx - ax).toBeCloseTo(2 * size, 1);
		expect(by - ay).toBeCloseTo(size, 1);
	});

	test('colour grows with count; zero is white', () => {
		const fill = (i: number) => byClass(layoutHeatmap(heatmap), 'cell')[i]?.children?.find((c) => c.tag === 'rect')?.attrs.fill;
		expect(fill(2)).toBe('#ffffff');
		const lum = (c: unknown) => {
			const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(String(c));
			return Number(m?.[1]) + Number(m?.[2]) + Number(m?.[3]);
		};
		expect(lum(fill(5))).toBeGreaterThan(lum(fill(1))); // 1 row vs 12 rows
		expect(lum(fill(1))).toBeGreaterThan(lum(fill(4))); // 12 vs 610
	});

	test('counts are written up to 20 classes, not beyond', () => {
		const square = (k: number): HeatmapData => ({ title: 't', classNames: Array.from({ length: k }, (_, i) => `c${i}`), counts: Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 100 : 1))) });
		const texts = (k: number) => byClass(layoutHeatmap(square(k), { width: 1600 }), 'cell').filter((c) => c.children?.some((n) => n.tag === 'text')).length;
		expect(texts(20)).toBe(400);
		expect(texts(21)).toBe(0);
	});

	test('axis titles say given and suggested label', () => {
		const labels = byClass(layoutHeatmap(heatmap), 'axis-label').map((t) => t.text);
		expect(labels).toEqual(['given label', 'suggested label']);
	});

	test(`past ${MAX_CLASSES_DRAWN} classes, those most involved in label issues are drawn, keyed by class index`, () => {
		const k = MAX_CLASSES_DRAWN + 10;
		// Class c is confused with c + 1 (c + 1 rows), except classes 20..29.
		const counts = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1000 : j === i + 1 && (i < 20 || i >= 30) ? i + 1 : 0)));
		const shown = heatmapClasses(counts);
		expect(shown).toHaveLength(MAX_CLASSES_DRAWN);
		expect(shown.filter((c) => c >= 21 && c <= 29)).toEqual([]);
		expect(shown).toEqual([...shown].sort((a, b) => a - b));
		const root = layoutHeatmap({ title: 't', classNames: counts.map((_, i) => `c${i}`), counts });
		expect(byClass(root, 'cell')).toHaveLength(MAX_CLASSES_DRAWN ** 2);
		const last = byClass(root, 'cell').find((c) => c.attrs['data-key'] === `${k - 2},${k - 1}`);
		expect(last?.attrs['aria-label']).toBe(`given label c${k - 2}, suggested label c${k - 1}: ${k - 1} rows`);
		expect(one(nodes(root).filter((n) => n.tag === 'desc')).text).toContain(`the ${MAX_CLASSES_DRAWN} with the most rows off the diagonal shown`);
		expect(heatmapClasses(heatmap.counts)).toEqual([0, 1, 2]);
	});

	test('a ragged matrix is an error naming the row', () => {
		expect(() => layoutHeatmap({ title: 't', classNames: ['a', 'b'], counts: [[1, 2], [3]] })).toThrow(/counts\[1\] has 1 entries, expected 2/);
	});
});

// ---- drift charts -----------------------------------------------------------------

describe('overlaid histogram', () => {
	test('reference bars and the current outline share the y scale', () => {
		const data: OverlaidHistogramData = { title: 'x', edges: [0, 1, 2], reference: [0.25, 0.75], current: [0.5, 0.5] };
		const root = layoutOverlaidHistogram(data);
		const rects = one(byClass(root, 'reference')).children ?? [];
		const [a, b] = rects as [SvgNode, SvgNode];
		const base = num(a, 'y') + num(a, 'height');
		expect(num(b, 'height') / num(a, 'height')).toBeCloseTo(3, 2);
		// The outline's two levels are both 0.5: the same height, 2/3 of bar b.
		const levels = [...String(one(byClass(root, 'current')).attrs.d).matchAll(/V([-\d.]+)/g)].map((m) => Number(m[1]));
		expect(levels).toHaveLength(3);
		expect(base - (levels[0] as number)).toBeCloseTo((num(b, 'height') * 2) / 3, 1);
		expect(levels[0]).toBe(levels[1]);
		expect(levels[2]).toBeCloseTo(base, 1);
	});

	test('open outer bins are drawn as wide as their neighbours and described as open', () => {
		expect(drawableEdges([-Infinity, 0, 10, Infinity])).toEqual([-10, 0, 10, 20]);
		expect(drawableEdges([Number.NaN, Number.NaN])).toBeNull();
		expect(drawableEdges([0, Number.NaN, 2])).toBeNull();
		const svg = toSvgString(layoutOverlaidHistogram({ title: 'x', edges: [-Infinity, 0, 10, Infinity], reference: [0.2, 0.5, 0.3], current: [0.3, 0.4, 0.3] }));
		expect(svg).toContain('&lt; 0: reference 20.0%');
		expect(svg).toContain('≥ 10: reference 30.0%');
	});

	test('missing edges (no reference rows) give a note instead of a chart', () => {
		const svg = toSvgString(layoutOverlaidHistogram({ title: 'x', edges: [Number.NaN, Number.NaN, Number.NaN], reference: [0, 0], current: [0.5, 0.5] }));
		expect(svg).toContain('No bins to show.');
	});

	test('shares of the wrong length are an error', () => {
		expect(() => layoutOverlaidHistogram({ title: 'x', edges: [0, 1, 2], reference: [1], current: [0.5, 0.5] })).toThrow(/reference has 1 entries, expected 2/);
	});
});

describe('grouped bars', () => {
	test('bar lengths are proportional to shares, from one baseline', () => {
		const root = layoutGroupedBars(bars);
		const ref = byClass(root, 'reference');
		const cur = byClass(root, 'current');
		expect(ref).toHaveLength(4);
		expect(new Set([...ref, ...cur].map((r) => r.attrs.x)).size).toBe(1);
		expect(num(ref[0] as SvgNode, 'width') / num(cur[0] as SvgNode, 'width')).toBeCloseTo(0.7 / 0.62, 2);
	});
});

// ---- the serialiser ---------------------------------------------------------------

const HOSTILE = ['<script>alert(1)</script>', '" onload="x', "' onmouseover='y", '</text><script>z()</script>', 'a & b > c', '<![CDATA[x]]>', 'nul\u0000bell\u0007'];

describe('toSvgString', () => {
	test('hostile labels appear only escaped, in every chart', () => {
		const [h0, h1, h2, h3] = HOSTILE as [string, string, string, string];
		const trees = [
			layoutRateIntervals({ title: h0, reference: { label: h1, value: 0.5 }, groups: HOSTILE.map((h, i) => ({ key: h, label: h, value: i / 10, lo: 0, hi: 1, n: i })) }),
			layoutStackedShares({ title: h1, classes: HOSTILE, groups: HOSTILE.map((h) => ({ key: h, label: h, shares: HOSTILE.map(() => 1) })) }),
			layoutDisparityDots({ title: h2, rows: HOSTILE.map((h, i) => ({ key: h, group: h, metric: h, ratio: 0.5 + i / 5 })) }),
			layoutHeatmap({ title: h3, classNames: HOSTILE, counts: HOSTILE.map((_, i) => HOSTILE.map((_, j) => i + j)) }),
			layoutOverlaidHistogram({ title: h0, xLabel: h1, yLabel: h2, edges: [0, 1], reference: [1], current: [1] }),
			layoutGroupedBars({ title: h1, axisLabel: h3, categories: HOSTILE, reference: HOSTILE.map(() => 0.1), current: HOSTILE.map(() => 0.1) })
		];
		for (const tree of trees) {
			const svg = toSvgString(tree);
			expect(svg).not.toMatch(/<script|<\/text>\s*<script|onload="|onmouseover='|<!\[CDATA/i);
			expect(svg).not.toMatch(/[\u0000-\u0008]/);
			// Only allowed tags and attribute names appear as markup.
			for (const [, tag] of svg.matchAll(/<\/?([^\s/>]+)/g)) expect(ALLOWED_TAGS.has(tag as string), tag).toBe(true);
			for (const [, attr] of svg.matchAll(/\s([^\s="]+)="/g)) expect(ALLOWED_ATTRS.has(attr as string) || /^data-[a-z][a-z0-9-]*$/.test(attr as string), attr).toBe(true);
			// Every quote inside a value is escaped, so the attribute count matches the tree.
			const attrs = nodes(tree).reduce((s, n) => s + Object.keys(n.attrs).length, 0);
			expect([...svg.matchAll(/\s[^\s="]+="[^"]*"/g)]).toHaveLength(attrs);
		}
		const rate = toSvgString(trees[0] as SvgNode);
		expect(rate).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(rate).toContain('data-key="&quot; onload=&quot;x"');
		expect(rate).toContain('&#39; onmouseover=&#39;y');
	});

	test('escapeXml escapes the five markup characters and replaces XML-illegal ones', () => {
		expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
		expect(escapeXml('a\u0000b\u001Fc\tok\n')).toBe('a\uFFFDb\uFFFDc\tok\n');
		expect(escapeXml('lone \uD800 surrogate, pair \uD83D\uDE00')).toBe('lone \uFFFD surrogate, pair \uD83D\uDE00');
	});

	test.each([
		[{ tag: 'script', attrs: {} }, /tag not allowed: "script"/],
		[{ tag: 'foreignObject', attrs: {} }, /tag not allowed/],
		[{ tag: 'a', attrs: {} }, /tag not allowed/],
		[{ tag: 'g', attrs: { onclick: 'alert(1)' } }, /attribute not allowed on <g>: "onclick"/],
		[{ tag: 'rect', attrs: { style: 'fill:red' } }, /attribute not allowed/],
		[{ tag: 'image', attrs: { href: 'x' } }, /tag not allowed/],
		[{ tag: 'g', attrs: { href: 'javascript:x' } }, /attribute not allowed/],
		[{ tag: 'g', attrs: { 'xlink:href': 'x' } }, /attribute not allowed/],
		[{ tag: 'g', attrs: { 'data-X': 'x' } }, /attribute not allowed/],
		[{ tag: 'g', attrs: { 'data-a b': 'x' } }, /attribute not allowed/],
		[{ tag: 'g', attrs: {}, children: [{ tag: 'g', attrs: {}, children: [{ tag: 'Script', attrs: {} }] }] }, /tag not allowed/]
	] as [SvgNode, RegExp][])('rejects %j', (node, error) => {
		expect(() => toSvgString(node)).toThrow(error);
	});

	test('numbers are rounded to 2 decimals, in attributes and in coordinates', () => {
		const svg = toSvgString({ tag: 'path', attrs: { x: 1.23456, y: -0.0001, d: 'M0.123456,10.999L1e-7,-3.14159', 'data-n': '1.23456', 'aria-label': 'p = 0.12345' } });
		expect(svg).toBe('<path x="1.23" y="0" d="M0.12,11L0,-3.14" data-n="1.23456" aria-label="p = 0.12345"/>');
		expect(toSvgString({ tag: 'rect', attrs: { x: 1.23456 } }, { digits: 0 })).toBe('<rect x="1"/>');
		expect(roundNumber(-0.004)).toBe('0');
		expect(() => toSvgString({ tag: 'rect', attrs: { x: Number.NaN } })).toThrow(/not finite/);
	});

	test('text stays on its line when pretty-printed', () => {
		const tree: SvgNode = { tag: 'svg', attrs: {}, children: [{ tag: 'text', attrs: {}, text: 'a', children: [{ tag: 'tspan', attrs: {}, text: 'b' }] }, { tag: 'g', attrs: {} }] };
		expect(toSvgString(tree, { pretty: true })).toBe('<svg>\n\t<text>a<tspan>b</tspan></text>\n\t<g/>\n</svg>');
		expect(toSvgString(tree)).toBe('<svg><text>a<tspan>b</tspan></text><g/></svg>');
	});
});

// ---- the Svelte renderer, server-side (no DOM needed) ---------------------------------

describe('SvgTree', () => {
	test('renders the same tree with text as text', () => {
		const tree = layoutRateIntervals({ ...rates, groups: [{ key: '" onload="x', label: '<script>alert(1)</script>', value: 0.5, lo: 0.4, hi: 0.6, n: 10 }] });
		const { body } = render(SvgTree, { props: { node: tree } });
		expect(body).not.toMatch(/<script|onload="x/);
		expect(body).toContain('&lt;script>alert(1)&lt;/script>');
		expect(body).toContain('data-key="&quot; onload=&quot;x"');
		expect(body).not.toContain('role="button"');
		// Same elements, in the same order, as the string renderer.
		const tags = (s: string) => [...s.matchAll(/<([a-zA-Z]+)[\s/>]/g)].map((m) => m[1]);
		expect(tags(body)).toEqual(tags(toSvgString(tree)));
	});

	test('with onselect, keyed nodes become focusable buttons', () => {
		const { body } = render(SvgTree, { props: { node: layoutHeatmap(heatmap), onselect: () => {} } });
		expect([...body.matchAll(/role="button"/g)]).toHaveLength(4);
		expect([...body.matchAll(/tabindex="0"/g)]).toHaveLength(4);
	});

	test('refuses a tag outside the allow-list', () => {
		expect(() => render(SvgTree, { props: { node: { tag: 'g', attrs: {}, children: [{ tag: 'script', attrs: {}, text: 'alert(1)' }] } } }).body).toThrow(/tag not allowed/);
	});
});
