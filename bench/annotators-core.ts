/**
 * Many labels per example, timed on synthetic data: 1,000,000 items x 50
 * annotators (3-5 labels per item, sparse), 10 classes. Annotators are right
 * with probability 0.55..0.95; the model's probabilities favour the true class.
 * Shared by the Node bench and the Chromium bundle (bench/annotators-browser-entry.ts).
 */
import { activeLearningScores, cohenKappaPairs, crowdlab, fleissKappa, krippendorffAlphaNominal, majorityVote, type Annotations } from '../src/lib/core/agreement';

/** mulberry32: a small deterministic PRNG. */
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

export function syntheticAnnotations(n = 1_000_000, m = 50, k = 10, seed = 7): { ann: Annotations; probs: Float64Array } {
	const r = rng(seed);
	const accuracy = Float64Array.from({ length: m }, (_, j) => 0.55 + (0.4 * j) / (m - 1));
	const ptr = new Int32Array(n + 1);
	const who = new Int32Array(n * 5);
	const label = new Int32Array(n * 5);
	const probs = new Float64Array(n * k);
	const pick = new Int32Array(5);
	let p = 0;
	for (let i = 0; i < n; i++) {
		const truth = Math.floor(r() * k);
		const count = 3 + Math.floor(r() * 3);
		// distinct annotators, ascending
		let got = 0;
		while (got < count) {
			const j = Math.floor(r() * m);
			let dup = false;
			for (let q = 0; q < got; q++) dup ||= pick[q] === j;
			if (!dup) pick[got++] = j;
		}
		const sorted = Array.from(pick.subarray(0, count)).sort((x, y) => x - y);
		for (const j of sorted) {
			who[p] = j;
			label[p++] = r() < accuracy[j]! ? truth : Math.floor(r() * k);
		}
		ptr[i + 1] = p;
		let sum = 0;
		for (let c = 0; c < k; c++) sum += probs[i * k + c] = r() + (c === truth ? 2 : 0);
		for (let c = 0; c < k; c++) probs[i * k + c]! /= sum;
	}
	return { ann: { n, m, k, ptr, who: who.slice(0, p), label: label.slice(0, p) }, probs };
}

/** CPU milliseconds of this process so far (Node), or NaN (browser). */
function cpuMs(): number {
	const p = (globalThis as { process?: { cpuUsage(): { user: number; system: number } } }).process;
	if (!p) return NaN;
	const u = p.cpuUsage();
	return (u.user + u.system) / 1000;
}

/** Wall and CPU milliseconds of one run of fn. */
function time(fn: () => unknown): [number, number] {
	const t0 = performance.now();
	const c0 = cpuMs();
	fn();
	return [performance.now() - t0, cpuMs() - c0];
}

/**
 * Timings in ms (median of `runs` after one warm-up) for the annotators core:
 * wall clock, and (Node only) the process's CPU time, which a busy shared machine inflates less.
 */
export function runAnnotatorsBench(runs = 3): Record<string, [number, number]> {
	const t0 = performance.now();
	const { ann, probs } = syntheticAnnotations();
	const gen: [number, number] = [performance.now() - t0, NaN];
	const med = (fn: () => unknown): [number, number] => {
		fn();
		const xs = Array.from({ length: runs }, () => time(fn));
		const mid = (v: number[]) => v.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
		return [mid(xs.map((x) => x[0])), mid(xs.map((x) => x[1]))];
	};
	const agreement = () => {
		cohenKappaPairs(ann);
		fleissKappa(ann);
		krippendorffAlphaNominal(ann);
	};
	return {
		'generate 1M x 50 (3-5 labels/item), 10 classes': gen,
		'majority vote': med(() => majorityVote(ann)),
		"agreement (Cohen's kappa all 1,225 pairs, Fleiss, Krippendorff)": med(agreement),
		'agreement + majority vote': med(() => {
			agreement();
			majorityVote(ann);
		}),
		'CROWDLAB (consensus, quality, annotator stats)': med(() => crowdlab(ann, probs)),
		'ActiveLab scores (temperature search + CROWDLAB)': med(() => activeLearningScores(ann, probs))
	};
}
