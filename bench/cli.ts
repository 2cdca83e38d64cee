/**
 * `npm run bench -- cli`: the built `plumb` command as a whole process (time
 * and peak memory of the child), on a 1,000,000 x 10 .npy pair and on
 * 10,000,000-row Parquet files generated here into bench/.data/, against the
 * same GROUP BY written by hand in DuckDB in the same run. Printed, never asserted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeSyntheticParquet } from './cli-data';
import { median } from './stats';

const DIR = join('bench', '.data');
const TIME = '/usr/bin/time';

/** One run of the built command: wall seconds and the child's peak RSS (MB, when /usr/bin/time is there). */
function runPlumb(args: string[]): { seconds: number; peakMb: number | null; cpu: number | null; code: number | null } {
	const useTime = existsSync(TIME);
	const cmd = useTime ? TIME : process.execPath;
	const argv = useTime ? ['-f', 'PEAK_KB=%M CPU=%U+%S', process.execPath, 'bin/plumb.js', ...args, '--quiet'] : ['bin/plumb.js', ...args, '--quiet'];
	const t = performance.now();
	const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
	const seconds = (performance.now() - t) / 1000;
	const err = r.stderr.toString();
	const kb = /PEAK_KB=(\d+)/.exec(err)?.[1];
	const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(err);
	if (r.status !== 0) console.log(`  (exit ${r.status}: ${err.split('\n')[0]})`);
	return { seconds, peakMb: kb ? Number(kb) / 1024 : null, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : null, code: r.status };
}

function report(name: string, runs: { seconds: number; peakMb: number | null; cpu: number | null }[], note = '') {
	const s = median(runs.map((r) => r.seconds));
	const peaks = runs.map((r) => r.peakMb).filter((m): m is number => m !== null);
	const cpus = runs.map((r) => r.cpu).filter((m): m is number => m !== null);
	const mem = (cpus.length ? `, CPU ${median(cpus).toFixed(2)} s` : '') + (peaks.length ? `, peak ${Math.max(...peaks).toFixed(0)} MB` : '');
	console.log(`${name.padEnd(58)} ${s.toFixed(2)} s${runs.length > 1 ? ` (median of ${runs.length})` : ''}${mem}${note ? ` ${note}` : ''}`);
	return s;
}

/** A deterministic .npy pair: int64 labels and float64 probabilities (rows sum to 1), 5% of labels flipped. */
function writeNpyPair(n: number, k: number, labelsPath: string, probsPath: string) {
	let state = 12345;
	const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
	const labels = new BigInt64Array(n);
	const probs = new Float64Array(n * k);
	for (let i = 0; i < n; i++) {
		const t = Math.floor(rand() * k);
		let sum = 0;
		for (let j = 0; j < k; j++) sum += probs[i * k + j] = rand() + (j === t ? 2.5 : 0);
		for (let j = 0; j < k; j++) probs[i * k + j]! /= sum;
		labels[i] = BigInt(rand() < 0.05 ? Math.floor(rand() * k) : t);
	}
	const npy = (descr: string, shape: string, data: ArrayBufferView) => {
		let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
		header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
		const pre = new Uint8Array(10);
		pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
		return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
	};
	writeFileSync(labelsPath, npy('<i8', `(${n},)`, labels));
	writeFileSync(probsPath, npy('<f8', `(${n}, ${k})`, probs));
}

/** The slice tables' counts by a, b and a x b, written by hand (the work `plumb slices --by a,b` must do), in seconds. */
async function handGroupBy(path: string): Promise<number> {
	const c = await (await DuckDBInstance.create(':memory:')).connect();
	const t = performance.now();
	await c.runAndReadAll(
		`SELECT a, b, count(*) AS n, sum(yb) AS pos, sum((s >= 0.5)::INTEGER) AS sel, sum(((s >= 0.5)::INTEGER = yb)::INTEGER) AS correct, ` +
			`sum(((s >= 0.5)::INTEGER * yb)) AS tp FROM read_parquet('${path}') GROUP BY GROUPING SETS ((a), (b), (a, b))`
	);
	const s = (performance.now() - t) / 1000;
	c.closeSync();
	return s;
}

export async function benchCli() {
	mkdirSync(DIR, { recursive: true });
	// Wall times on a shared machine depend on its load; CPU (user + system of the child) less so.
	console.log(`load average at start: ${loadavg().map((x) => x.toFixed(1)).join(', ')} (${cpus().length} CPUs)`);
	execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
	report('plumb --help (whole process)', [1, 2, 3].map(() => runPlumb(['--help'])));

	const labels = join(DIR, 'cli-1m-labels.npy');
	const probs = join(DIR, 'cli-1m-pred-probs.npy');
	if (!existsSync(labels) || !existsSync(probs)) writeNpyPair(1_000_000, 10, labels, probs);
	report('label-issues --json, 1,000,000 x 10 .npy pair', [1, 2, 3].map(() => runPlumb(['label-issues', '--labels', labels, '--pred-probs', probs, '--json'])), '(target <= 0.7 s: 5x cleanlab 2.9\'s 3.5 s recorded in issue #13; cleanlab cannot be installed here)');

	const ref = join(DIR, 'cli-10m.parquet');
	const cur = join(DIR, 'cli-10m-current.parquet');
	if (!existsSync(ref)) {
		console.log('generating 10,000,000 rows x 17 columns (Parquet)...');
		await writeSyntheticParquet(10_000_000, ref, 0.42);
	}
	const hand = median([await handGroupBy(ref), await handGroupBy(ref)]);
	console.log(`${'same GROUP BY by hand in DuckDB (a; b; a x b), 10M rows'.padEnd(58)} ${hand.toFixed(2)} s (median of 2, in process)`);
	const slices = report('slices --by a,b (score + threshold), 10M-row Parquet', [1, 2].map(() => runPlumb(['slices', ref, '--label', 'yb', '--score', 's', '--threshold', '0.5', '--by', 'a,b', '--json'])));
	console.log(`${'  slices / hand GROUP BY'.padEnd(58)} ${(slices / hand).toFixed(1)}x (target <= 3x, peak < 1.5 GB)`);
	report('label-issues --data (10 prob columns), 10M-row Parquet', [runPlumb(['label-issues', '--data', ref, '--label', 'y', '--prob-columns', 'p_*', '--json'])], '(target peak < 2.5 GB)');
	if (!existsSync(cur)) {
		console.log('generating the current side (10,000,000 rows, another seed)...');
		await writeSyntheticParquet(10_000_000, cur, 0.17);
	}
	report('drift REF CUR, two 10M-row Parquet files', [runPlumb(['drift', ref, cur, '--json'])], '(target < 30 s)');
}
