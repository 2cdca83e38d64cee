/**
 * Synthetic benchmark data, seeded: N rows with a label, K probability
 * columns (p_0..p_{K-1}, rows sum to 1, about 10% of labels flipped) and five
 * attribute columns (three categorical, two numeric).
 */
import { tableFromArrays, tableToIPC, type Table } from 'apache-arrow';
import * as parquet from 'parquet-wasm';

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

/** The benchmark table: label, p_0..p_9 and five attributes. */
export function syntheticTable(n: number, k = 10, seed = 1): Table {
	const { labels, probs } = syntheticProbs(n, k, seed);
	const r = rng(seed + 1);
	const cols: Record<string, ArrayLike<unknown>> = { label: labels };
	for (let j = 0; j < k; j++) cols[`p_${j}`] = Float64Array.from({ length: n }, (_, i) => probs[i * k + j]!);
	const pick = (vals: string[]) => Array.from({ length: n }, () => vals[Math.floor(r() * vals.length)]!);
	cols.race = pick(['A', 'B', 'C', 'D', 'E']);
	cols.sex = pick(['F', 'M']);
	cols.site = pick(['north', 'south', 'east', 'west']);
	cols.age = Float64Array.from({ length: n }, () => Math.floor(18 + r() * 60));
	cols.brightness = Float64Array.from({ length: n }, () => r());
	return tableFromArrays(cols as Parameters<typeof tableFromArrays>[0]);
}

export function toParquet(t: Table): Uint8Array {
	return parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')));
}

export function toCsv(t: Table): Uint8Array {
	const names = t.schema.fields.map((f) => f.name);
	const cols = names.map((n) => t.getChild(n)!.toArray() as ArrayLike<unknown>);
	const parts: string[] = [names.join(',')];
	for (let i = 0; i < t.numRows; i++) parts.push(cols.map((c) => String(c[i])).join(','));
	return new TextEncoder().encode(parts.join('\n') + '\n');
}
