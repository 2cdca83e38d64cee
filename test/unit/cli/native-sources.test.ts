import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { run } from './run';

// A Parquet file is queried where it is (a DuckDB view, probability columns read straight into a
// matrix); a small CSV of the same rows goes through the app's checked loader. Both must give the
// same results.
let dir = '';

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'plumb-cli-native-'));
	const c = await (await DuckDBInstance.create(':memory:')).connect();
	await c.run('SELECT setseed(0.25)');
	await c.run(
		`CREATE TABLE t AS SELECT (CASE WHEN random() < 0.1 THEN (random() * 3)::INTEGER % 3 ELSE c END) AS y, r0 / (r0 + r1 + r2) AS p_0, r1 / (r0 + r1 + r2) AS p_1, r2 / (r0 + r1 + r2) AS p_2, ` +
			`['a', 'b'][1 + (i % 2)] AS g, random() AS s FROM (SELECT i, c, random() + (CASE WHEN c = 0 THEN 1.5 ELSE 0 END) AS r0, random() + (CASE WHEN c = 1 THEN 1.5 ELSE 0 END) AS r1, ` +
			`random() + (CASE WHEN c = 2 THEN 1.5 ELSE 0 END) AS r2 FROM (SELECT range AS i, (random() * 3)::INTEGER % 3 AS c FROM range(5000)))`
	);
	await c.run(`COPY t TO '${join(dir, 't.parquet')}' (FORMAT parquet)`);
	await c.run(`COPY t TO '${join(dir, 't.csv')}' (FORMAT csv, HEADER true)`);
	c.closeSync();
}, 120_000);

describe('files queried in place give the results of the loader', { timeout: 120_000 }, () => {
	test('label-issues --data: Parquet (in place) equals CSV (loaded)', async () => {
		const args = ['--label', 'y', '--prob-columns', 'p_*', '--json'];
		const pq = await run('label-issues', '--data', join(dir, 't.parquet'), ...args);
		const csv = await run('label-issues', '--data', join(dir, 't.csv'), ...args);
		expect(pq.code).toBe(0);
		expect(csv.code).toBe(0);
		const a = JSON.parse(pq.out);
		expect(a.label_issues.length).toBeGreaterThan(0);
		expect(a.label_quality_scores.length).toBe(5000);
		expect(a).toEqual(JSON.parse(csv.out));
	});

	test('slices with label issues and by a score: Parquet equals CSV', async () => {
		for (const args of [
			['--label', 'y', '--prob-columns', 'p_*', '--by', 'g'],
			['--label', 'g', '--score', 's', '--threshold', '0.5', '--by', 'y']
		]) {
			const pq = await run('slices', join(dir, 't.parquet'), ...args, '--json');
			const csv = await run('slices', join(dir, 't.csv'), ...args, '--json');
			expect(pq.code).toBe(0);
			expect(JSON.parse(pq.out)).toEqual(JSON.parse(csv.out));
		}
	});

	test('label-issues --out from a Parquet file: the flagged rows written by COPY, with their 0-based row', async () => {
		const out = join(dir, 'issues.csv');
		const r = await run('label-issues', '--data', join(dir, 't.parquet'), '--label', 'y', '--prob-columns', 'p_*', '--out', out, '--json');
		expect(r.code).toBe(0);
		const { readFileSync } = await import('node:fs');
		const rows = readFileSync(out, 'utf8').trim().split('\n');
		expect(rows[0]!.startsWith('row,y,p_0,p_1,p_2,g,s,given_label')).toBe(true);
		expect(rows.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b)).toEqual([...JSON.parse(r.out).label_issues].sort((a: number, b: number) => a - b));
	});
});
