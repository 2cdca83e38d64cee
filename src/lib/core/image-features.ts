/**
 * Nuisance attributes measured from the images themselves (brightness,
 * contrast, share of foreground), and helpers to bin them into groups such as
 * dark / normal / bright so they can be audited like any other attribute.
 * Pure computation.
 */

export interface ImageFeatureOptions {
	/** Value meaning full intensity: default 255 for Uint8Array, 1 for Float32Array. */
	maxValue?: number;
	/** Foreground = |luminance - border median| > this, on the 0..1 scale. Default 0.25. */
	foregroundThreshold?: number;
	/**
	 * Channel layout within one image: 'interleaved' (height x width x
	 * channels, the default) or 'planar' (channels x height x width, e.g. the
	 * CIFAR binary format). Images follow one another.
	 */
	layout?: 'interleaved' | 'planar';
}

export interface ImageFeatures {
	/** Mean luminance per image, 0..1. */
	brightness: Float64Array;
	/** Population standard deviation of luminance per image, 0..1 scale. */
	contrast: Float64Array;
	/** Share of pixels whose luminance differs from the border median by more than the threshold. */
	foreground: Float64Array;
}

/** Rec. 709 luma weights used for RGB(A) images. */
const WR = 0.2126;
const WG = 0.7152;
const WB = 0.0722;

/** Pixel offsets (within one image plane) of the border pixels, each once. */
function borderPixels(width: number, height: number): Int32Array {
	if (width === 1 || height === 1) return Int32Array.from({ length: width * height }, (_, i) => i);
	const out = new Int32Array(2 * width + 2 * height - 4);
	let k = 0;
	for (let x = 0; x < width; x++) {
		out[k++] = x;
		out[k++] = (height - 1) * width + x;
	}
	for (let y = 1; y < height - 1; y++) {
		out[k++] = y * width;
		out[k++] = y * width + width - 1;
	}
	return out;
}

/** Rearranges a[lo..hi] so that a[k] holds the value it would have if sorted (quickselect). */
function selectInPlace(a: Float64Array, lo: number, hi: number, k: number): void {
	while (hi > lo) {
		const mid = (lo + hi) >> 1;
		const pivot = a[mid] as number;
		let i = lo;
		let j = hi;
		while (i <= j) {
			while ((a[i] as number) < pivot) i++;
			while ((a[j] as number) > pivot) j--;
			if (i <= j) {
				const t = a[i] as number;
				a[i] = a[j] as number;
				a[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j) hi = j;
		else if (k >= i) lo = i;
		else return;
	}
}

/** Median of a[0..len) (mean of the two middle values for even len); reorders `a`. */
function medianInPlace(a: Float64Array, len: number): number {
	if (len === 0) return Number.NaN;
	const mid = len >> 1;
	selectInPlace(a, 0, len - 1, mid);
	const upper = a[mid] as number;
	if (len % 2 === 1) return upper;
	let lower = -Infinity;
	for (let i = 0; i < mid; i++) if ((a[i] as number) > lower) lower = a[i] as number;
	return (lower + upper) / 2;
}

/** Throws unless `v` is a non-negative integer. */
function checkCount(name: string, v: number): void {
	if (!Number.isInteger(v) || v < 0) throw new RangeError(`imageFeatures: ${name} must be a non-negative integer, got ${v}.`);
}

/**
 * Per-image brightness, contrast and foreground share for `n` images of
 * `width` x `height` pixels with `channels` channels (1 gray, 2 gray+alpha,
 * 3 RGB, 4 RGBA; alpha is ignored), stored one after the other in `pixels`.
 *
 * Luminance is the gray value, or 0.2126 R + 0.7152 G + 0.0722 B, divided by
 * `maxValue` so it lies in 0..1. Brightness is its mean, contrast its
 * population standard deviation. Foreground is the share of pixels whose
 * luminance differs from the median luminance of the image's border pixels by
 * more than `foregroundThreshold` (0.25): for MNIST, a black background with
 * white ink, it is the share of ink.
 *
 * Each image is read once (plus its border); the only allocations are the
 * outputs and one border scratch buffer shared by all images.
 */
export function imageFeatures(
	pixels: Uint8Array | Float32Array,
	n: number,
	width: number,
	height: number,
	channels = 1,
	options: ImageFeatureOptions = {}
): ImageFeatures {
	checkCount('n', n);
	checkCount('width', width);
	checkCount('height', height);
	if (![1, 2, 3, 4].includes(channels)) throw new RangeError(`imageFeatures: channels must be 1, 2, 3 or 4, got ${channels}.`);
	const plane = width * height;
	if (n > 0 && plane === 0) throw new RangeError('imageFeatures: images must have at least one pixel.');
	const perImage = plane * channels;
	if (pixels.length < n * perImage) {
		throw new RangeError(`imageFeatures: ${n} images of ${width}x${height}x${channels} need ${n * perImage} values, got ${pixels.length}.`);
	}
	const maxValue = options.maxValue ?? (pixels instanceof Uint8Array ? 255 : 1);
	if (!(maxValue > 0)) throw new RangeError(`imageFeatures: maxValue must be positive, got ${maxValue}.`);
	const threshold = options.foregroundThreshold ?? 0.25;
	const planar = options.layout === 'planar';

	const inv = 1 / maxValue;
	const pxStride = planar ? 1 : channels; // distance between neighbouring pixels
	const chStride = planar ? plane : 1; // distance between a pixel's channels
	const rgb = channels >= 3;
	const lum = (o: number): number =>
		rgb
			? (WR * (pixels[o] as number) + WG * (pixels[o + chStride] as number) + WB * (pixels[o + 2 * chStride] as number)) * inv
			: (pixels[o] as number) * inv;

	const brightness = new Float64Array(n);
	const contrast = new Float64Array(n);
	const foreground = new Float64Array(n);
	const border = borderPixels(width, height);
	const scratch = new Float64Array(border.length);

	for (let img = 0; img < n; img++) {
		const base = img * perImage;
		for (let k = 0; k < border.length; k++) scratch[k] = lum(base + (border[k] as number) * pxStride);
		const bg = medianInPlace(scratch, border.length);
		// Sums of deviations from the border median (a shift that keeps the variance accurate).
		let s1 = 0;
		let s2 = 0;
		let fg = 0;
		for (let p = 0; p < plane; p++) {
			const d = lum(base + p * pxStride) - bg;
			s1 += d;
			s2 += d * d;
			if (Math.abs(d) > threshold) fg++;
		}
		const mean = s1 / plane;
		brightness[img] = bg + mean;
		contrast[img] = Math.sqrt(Math.max(0, s2 / plane - mean * mean));
		foreground[img] = fg / plane;
	}
	return { brightness, contrast, foreground };
}

// ---------------------------------------------------------------------------
// Binning

export interface Binned {
	/** Bin index per value; -1 for NaN (the null group). */
	bins: Int32Array;
	/** Bin boundaries, ascending; bin i is [edges[i-1], edges[i]). */
	edges: number[];
	/** One label per bin (edges.length + 1 of them). */
	labels: string[];
}

/**
 * Quantile `q` (0..1) of ascending `sorted` values with numpy's default
 * 'linear' method: position (len - 1) * q, interpolated between neighbours.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
	const len = sorted.length;
	if (len === 0) return Number.NaN;
	const pos = (len - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.min(lo + 1, len - 1);
	const a = sorted[lo] as number;
	const b = sorted[hi] as number;
	return a === b ? a : a + (b - a) * (pos - lo);
}

/**
 * Bins values by ascending `edges`: bin i holds edges[i-1] <= v < edges[i],
 * so a value equal to an edge goes to the upper bin. NaN gets -1 (null group).
 */
export function binByEdges(values: ArrayLike<number>, edges: readonly number[], labels: readonly string[]): Binned {
	if (labels.length !== edges.length + 1) {
		throw new RangeError(`binByEdges: ${edges.length} edges need ${edges.length + 1} labels, got ${labels.length}.`);
	}
	for (let i = 0; i < edges.length; i++) {
		const e = edges[i] as number;
		if (Number.isNaN(e) || (i > 0 && e < (edges[i - 1] as number))) {
			throw new RangeError('binByEdges: edges must be numbers in ascending order.');
		}
	}
	const bins = new Int32Array(values.length);
	for (let i = 0; i < values.length; i++) {
		const v = values[i] as number;
		if (Number.isNaN(v)) {
			bins[i] = -1;
			continue;
		}
		// number of edges <= v (upper bound by binary search)
		let lo = 0;
		let hi = edges.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if ((edges[mid] as number) <= v) lo = mid + 1;
			else hi = mid;
		}
		bins[i] = lo;
	}
	return { bins, edges: [...edges], labels: [...labels] };
}

/**
 * Bins values at their quantiles `q` (default terciles) with labels
 * (default dark / normal / bright). Edges are numpy-'linear' quantiles of the
 * non-NaN values; a value equal to an edge goes to the upper bin, so with
 * heavily tied values a bin may be empty. NaN gets -1. When every value is
 * NaN the edges are NaN and every bin is -1.
 */
export function binByQuantiles(
	values: Float64Array,
	labels: readonly string[] = ['dark', 'normal', 'bright'],
	q: readonly number[] = [1 / 3, 2 / 3]
): Binned {
	if (labels.length !== q.length + 1) {
		throw new RangeError(`binByQuantiles: ${q.length} quantiles need ${q.length + 1} labels, got ${labels.length}.`);
	}
	for (let i = 0; i < q.length; i++) {
		const p = q[i] as number;
		if (!(p >= 0 && p <= 1) || (i > 0 && p < (q[i - 1] as number))) {
			throw new RangeError('binByQuantiles: quantiles must be ascending numbers in [0, 1].');
		}
	}
	const sorted = values.filter((v) => !Number.isNaN(v)).sort();
	if (sorted.length === 0) {
		return { bins: new Int32Array(values.length).fill(-1), edges: q.map(() => Number.NaN), labels: [...labels] };
	}
	const edges = q.map((p) => quantileSorted(sorted, p));
	return binByEdges(values, edges, labels);
}
