/**
 * Seeded synthetic classifier output for benchmarks and tests; no imports, so
 * it runs in Node and, bundled, in the browser.
 */

/** fraction of labels flipped to a random other class */
const NOISE = 0.1;

/** mulberry32: small, fast, seeded PRNG in [0, 1). */
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

/**
 * N x K float32 softmax outputs of a mediocre classifier: each row favours its true class
 * with a random strength; labels are the true class, flipped with probability NOISE.
 */
export function syntheticProbs(n: number, k: number, seed = 1): { labels: Int32Array; probs: Float32Array } {
	const rand = rng(seed);
	const labels = new Int32Array(n);
	const predProbs = new Float32Array(n * k);
	const row = new Float64Array(k);
	for (let r = 0; r < n; r++) {
		const truth = Math.floor(rand() * k);
		let sum = 0;
		for (let j = 0; j < k; j++) {
			const logit = 2 * rand() + (j === truth ? 1 + 4 * rand() : 0);
			row[j] = Math.exp(logit);
			sum += row[j] as number;
		}
		for (let j = 0; j < k; j++) predProbs[r * k + j] = (row[j] as number) / sum;
		labels[r] = rand() < NOISE ? (truth + 1 + Math.floor(rand() * (k - 1))) % k : truth;
	}
	return { labels, probs: predProbs };
}

