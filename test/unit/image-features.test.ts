import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { binByEdges, binByQuantiles, imageFeatures, quantileSorted } from '../../src/lib/core/image-features';
import { parseIdx } from '../../src/lib/data/load/idx';

describe('imageFeatures', () => {
	test('3x3 gray: one white pixel on black', () => {
		const img = new Uint8Array([0, 0, 0, 0, 255, 0, 0, 0, 0]);
		const f = imageFeatures(img, 1, 3, 3);
		// luminance values: eight 0s and one 1
		expect(f.brightness[0]).toBeCloseTo(1 / 9, 12);
		expect(f.contrast[0]).toBeCloseTo(Math.sqrt(8) / 9, 12); // sqrt(1/9 - 1/81)
		expect(f.foreground[0]).toBeCloseTo(1 / 9, 12);
	});

	test('Float32 input is on a 0..1 scale; dark ink on a white page', () => {
		const img = new Float32Array([1, 1, 1, 1, 0.25, 1, 1, 1, 1]);
		const f = imageFeatures(img, 1, 3, 3);
		expect(f.brightness[0]).toBeCloseTo(8.25 / 9, 12);
		expect(f.foreground[0]).toBeCloseTo(1 / 9, 12); // border median is 1, the centre differs by 0.75
	});

	test('even-sized border uses the mean of the two middle values; the 0.25 threshold is strict', () => {
		// 4x4: 12 border pixels, six at 0.25 and six at 0.5 -> border median 0.375
		// interior: 0.625 (differs by exactly 0.25: background) and 0.75 (differs by 0.375: foreground)
		const b = [0.25, 0.5];
		const img = new Float32Array([
			b[0], b[0], b[0], b[0],
			b[0], 0.625, 0.75, b[1],
			b[0], 0.75, 0.625, b[1],
			b[1], b[1], b[1], b[1]
		] as number[]);
		const f = imageFeatures(img, 1, 4, 4);
		expect(f.foreground[0]).toBe(2 / 16);
		const lum = Array.from(img);
		const mean = lum.reduce((s, v) => s + v, 0) / 16;
		const sd = Math.sqrt(lum.reduce((s, v) => s + (v - mean) ** 2, 0) / 16);
		expect(f.brightness[0]).toBeCloseTo(mean, 12);
		expect(f.contrast[0]).toBeCloseTo(sd, 12);
		// a lower threshold counts the 0.625 pixels as well
		expect(imageFeatures(img, 1, 4, 4, 1, { foregroundThreshold: 0.2 }).foreground[0]).toBe(4 / 16);
	});

	test('RGB luminance with Rec. 709 weights, interleaved, planar and RGBA agree', () => {
		// 2x2 image: red, green, blue, white -> luminance 0.2126, 0.7152, 0.0722, 1
		const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
		const f = imageFeatures(rgb, 1, 2, 2, 3);
		expect(f.brightness[0]).toBeCloseTo(0.5, 12);
		expect(f.contrast[0]).toBeCloseTo(0.3748074972569252, 12);
		expect(f.foreground[0]).toBe(1); // border median 0.4639; every pixel is > 0.25 away

		const planar = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);
		const p = imageFeatures(planar, 1, 2, 2, 3, { layout: 'planar' });
		expect(p.brightness[0]).toBeCloseTo(0.5, 12);
		expect(p.contrast[0]).toBeCloseTo(f.contrast[0] as number, 12);

		const rgba = new Uint8Array([255, 0, 0, 9, 0, 255, 0, 9, 0, 0, 255, 9, 255, 255, 255, 9]);
		expect(imageFeatures(rgba, 1, 2, 2, 4).brightness[0]).toBeCloseTo(0.5, 12);
	});

	test('several images, each measured on its own', () => {
		const imgs = new Uint8Array([0, 0, 0, 0, 255, 255, 255, 255, 0, 255, 0, 255]);
		const f = imageFeatures(imgs, 3, 2, 2);
		expect(Array.from(f.brightness)).toEqual([0, 1, 0.5]);
		expect(Array.from(f.contrast)).toEqual([0, 0, 0.5]);
		// third image: border median 0.5, every pixel differs by 0.5
		expect(Array.from(f.foreground)).toEqual([0, 0, 1]);
	});

	test('a 1-pixel-wide image uses every pixel as border', () => {
		const f = imageFeatures(new Uint8Array([0, 0, 255]), 1, 1, 3);
		expect(f.foreground[0]).toBeCloseTo(1 / 3, 12);
	});

	test('maxValue rescales', () => {
		const f = imageFeatures(new Float32Array([0, 50, 100, 50]), 1, 2, 2, 1, { maxValue: 100 });
		expect(f.brightness[0]).toBeCloseTo(0.5, 12);
	});

	test('bad arguments', () => {
		expect(() => imageFeatures(new Uint8Array(8), 3, 2, 2)).toThrow(/need 12 values, got 8/);
		expect(() => imageFeatures(new Uint8Array(8), 1, 2, 2, 5)).toThrow(/channels must be 1, 2, 3 or 4/);
		expect(() => imageFeatures(new Uint8Array(8), 1.5, 2, 2)).toThrow(/n must be a non-negative integer/);
		expect(imageFeatures(new Uint8Array(0), 0, 28, 28).brightness.length).toBe(0);
	});

	test('MNIST first test image (reference values from numpy)', () => {
		const bytes = gunzipSync(readFileSync(new URL('../../static/demo/mnist/t10k-images-idx3-ubyte.gz', import.meta.url)));
		const { data } = parseIdx(bytes, 't10k-images-idx3-ubyte');
		const f = imageFeatures(data as Uint8Array, 10000, 28, 28);
		expect(f.brightness[0]).toBeCloseTo(0.09230692276910768, 12);
		expect(f.contrast[0]).toBeCloseTo(0.25874654975408307, 12);
		expect(f.foreground[0]).toBe(89 / 784); // pixels > 63.75 on a black border
		for (const v of f.foreground) expect(v > 0 && v < 0.5).toBe(true);
	});
});

describe('binning', () => {
	test('quantileSorted matches numpy linear interpolation', () => {
		const sorted = [1, 1, 2, 3, 4, 5, 6, 9];
		expect(quantileSorted(sorted, 1 / 3)).toBeCloseTo(2.333333333333333, 12);
		expect(quantileSorted(sorted, 2 / 3)).toBeCloseTo(4.666666666666666, 12);
		expect(quantileSorted(sorted, 0)).toBe(1);
		expect(quantileSorted(sorted, 1)).toBe(9);
		expect(quantileSorted(sorted, 0.5)).toBe(3.5);
		expect(quantileSorted([], 0.5)).toBeNaN();
	});

	test('binByQuantiles: terciles, edge values go up, NaN is -1', () => {
		const values = new Float64Array([10, 1, 2, 3, 4, 5, 6, 7, 8, 9, Number.NaN]);
		const r = binByQuantiles(values);
		expect(r.edges).toEqual([4, 7]);
		expect(r.labels).toEqual(['dark', 'normal', 'bright']);
		expect(Array.from(r.bins)).toEqual([2, 0, 0, 0, 1, 1, 1, 2, 2, 2, -1]);
	});

	test('binByQuantiles: custom labels and quantiles, ties', () => {
		const r = binByQuantiles(new Float64Array([0.1, 0.4, 0.2, 0.3]), ['low', 'high'], [0.5]);
		expect(r.edges[0]).toBeCloseTo(0.25, 12);
		expect(Array.from(r.bins)).toEqual([0, 1, 0, 1]);
		const tied = binByQuantiles(new Float64Array([0, 0, 0, 0, 1]));
		expect(tied.edges).toEqual([0, 0]);
		expect(Array.from(tied.bins)).toEqual([2, 2, 2, 2, 2]);
	});

	test('binByQuantiles: all NaN', () => {
		const r = binByQuantiles(new Float64Array([Number.NaN, Number.NaN]));
		expect(Array.from(r.bins)).toEqual([-1, -1]);
		expect(r.edges.every(Number.isNaN)).toBe(true);
	});

	test('binByEdges', () => {
		const values = new Float64Array([-Infinity, 0, 1, 1.5, 2, Number.NaN, Infinity]);
		const r = binByEdges(values, [1, 2], ['a', 'b', 'c']);
		expect(Array.from(r.bins)).toEqual([0, 0, 1, 1, 2, -1, 2]);
		expect(Array.from(binByEdges(values, [], ['all']).bins)).toEqual([0, 0, 0, 0, 0, -1, 0]);
	});

	test('argument checks', () => {
		expect(() => binByEdges(new Float64Array(1), [1, 2], ['a', 'b'])).toThrow(/2 edges need 3 labels/);
		expect(() => binByEdges(new Float64Array(1), [2, 1], ['a', 'b', 'c'])).toThrow(/ascending/);
		expect(() => binByQuantiles(new Float64Array(1), ['a', 'b'])).toThrow(/2 quantiles need 3 labels/);
		expect(() => binByQuantiles(new Float64Array(1), ['a', 'b'], [1.5])).toThrow(/\[0, 1\]/);
	});
});
