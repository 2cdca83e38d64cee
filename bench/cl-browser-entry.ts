// Bundled by bench/cl-browser.ts and run in headless Chromium: times the
// confident-learning core on the same synthetic inputs as the Node bench.
import { findLabelIssues, getLabelQualityScores, LABEL_QUALITY_METHODS } from '../src/lib/core/confident-learning/index';
import { syntheticProbs } from './synthetic';

function time(fn: () => unknown, runs = 5): number {
	fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		fn();
		times.push(performance.now() - t0);
	}
	return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

(globalThis as unknown as { runClBench: () => Record<string, number> }).runClBench = () => {
	const out: Record<string, number> = {};
	for (const [n, k] of [
		[1_000_000, 10],
		[200_000, 100]
	] as const) {
		const { labels, probs } = syntheticProbs(n, k);
		const size = `${n.toLocaleString('en-US')} x ${k}`;
		out[`findLabelIssues default, ${size}`] = time(() => findLabelIssues(labels, probs, { k }));
		out[`findLabelIssues both, ${size}`] = time(() => findLabelIssues(labels, probs, { k, filterBy: 'both' }));
		for (const method of LABEL_QUALITY_METHODS) out[`getLabelQualityScores ${method}, ${size}`] = time(() => getLabelQualityScores(labels, probs, { k, method }));
	}
	return out;
};
