/**
 * Confident-learning timings on synthetic, seeded float32 inputs (never asserted in tests).
 * Run alone: `node --import tsx bench/confident-learning.ts`, or via `npm run bench -- cl`.
 */
import { pathToFileURL } from 'node:url';
import {
	findLabelIssues,
	getLabelQualityScores,
	LABEL_QUALITY_METHODS
} from '../src/lib/core/confident-learning/index';

const RUNS = 5;
const SIZES: [n: number, k: number][] = [
	[1_000_000, 10],
	[200_000, 100]
];
/** fraction of labels flipped to a random other class */
const NOISE = 0.1;

/** mulberry32: small, fast, seeded PRNG in [0, 1). */
function rng(seed: number): () => number {
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
export function syntheticInputs(n: number, k: number, seed = 1): { labels: Int32Array; predProbs: Float32Array } {
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
	return { labels, predProbs };
}

/** Median wall time in ms of RUNS runs after one warm-up run. */
function time(fn: () => unknown): number {
	fn();
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		fn();
		times.push(performance.now() - t0);
	}
	return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

export async function benchConfidentLearning(): Promise<Record<string, number>> {
	const results: Record<string, number> = {};
	for (const [n, k] of SIZES) {
		const { labels, predProbs } = syntheticInputs(n, k);
		const size = `${n.toLocaleString('en-US')} x ${k}`;
		results[`findLabelIssues default, ${size}`] = time(() => findLabelIssues(labels, predProbs, { k }));
		results[`findLabelIssues both, ${size}`] = time(() => findLabelIssues(labels, predProbs, { k, filterBy: 'both' }));
		for (const method of LABEL_QUALITY_METHODS) {
			results[`getLabelQualityScores ${method}, ${size}`] = time(() =>
				getLabelQualityScores(labels, predProbs, { k, method })
			);
		}
	}
	const width = Math.max(...Object.keys(results).map((s) => s.length));
	console.log(`confident learning (Node ${process.version}, median of ${RUNS} after a warm-up, float32 input)`);
	for (const [name, ms] of Object.entries(results)) console.log(`  ${name.padEnd(width)}  ${ms.toFixed(1).padStart(7)} ms`);
	return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	benchConfidentLearning().catch((e: unknown) => {
		console.error(e);
		process.exitCode = 1;
	});
}
