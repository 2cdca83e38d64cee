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
import { syntheticProbs } from './synthetic';

const RUNS = 5;
const SIZES: [n: number, k: number][] = [
	[1_000_000, 10],
	[200_000, 100]
];

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
		const { labels, probs: predProbs } = syntheticProbs(n, k);
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
