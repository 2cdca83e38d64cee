/**
 * Synthetic benchmark data, seeded: N rows with a label, K probability
 * columns (p_0..p_{K-1}, rows sum to 1, about 10% of labels flipped) and five
 * attribute columns (three categorical, two numeric).
 */
import { tableFromArrays, tableToIPC, type Table } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { rng, syntheticProbs } from './synthetic';

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
