/**
 * Seeded synthetic classifier output for benchmarks; no imports, so it runs
 * in Node and, bundled, in the browser.
 */

/** Mulberry32: a small seeded PRNG so every run sees the same data. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Labels and a row-major N x K float32 probability matrix with ~10% label noise. */
export function syntheticProbs(n: number, k: number, seed = 1): { labels: Int32Array; probs: Float32Array } {
	const r = rng(seed);
	const labels = new Int32Array(n);
	const probs = new Float32Array(n * k);
	for (let i = 0; i < n; i++) {
		const truth = Math.floor(r() * k);
		labels[i] = r() < 0.1 ? Math.floor(r() * k) : truth;
		let sum = 0;
		for (let j = 0; j < k; j++) {
			const v = (j === truth ? 3 + 4 * r() : r()) ** 2;
			probs[i * k + j] = v;
			sum += v;
		}
		for (let j = 0; j < k; j++) probs[i * k + j]! /= sum;
	}
	return { labels, probs };
}

