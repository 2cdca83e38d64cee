import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { main } from '../../../src/cli/main';
import { findLabelIssues } from '../../../src/lib/core/confident-learning';
import { asLabels, asMatrix, parseNpy } from '../../../src/lib/data/load/npy';
import { run as runCli } from './run';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
	return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The numbered queries of the output, without their comments. */
function queries(text: string): string[] {
	return text
		.split(/^-- Query \d+:.*$/m)
		.slice(1)
		.map((q) => q.replace(/^--.*$/gm, '').trim().replace(/;$/, ''));
}

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let labels: Int32Array;
let probs: Float64Array;
const dir = mkdtempSync(join(tmpdir(), 'plumb-sql-'));

beforeAll(async () => {
	instance = await DuckDBInstance.create(':memory:');
	conn = await instance.connect();
	labels = asLabels(parseNpy(readFileSync('static/demo/mnist/labels.npy'), 'labels.npy'), 'labels.npy');
	const m = asMatrix(parseNpy(readFileSync('static/demo/mnist/pred_probs.npy'), 'pred_probs.npy'), 'pred_probs.npy');
	probs = Float64Array.from(m.data);
	const cols = Array.from({ length: 10 }, (_, j) => `p${j} DOUBLE`).join(', ');
	await conn.run(`CREATE SCHEMA lake; CREATE TABLE lake.digits (id INTEGER, digit INTEGER, ${cols})`);
	const app = await conn.createAppender('digits', 'lake');
	for (let r = 0; r < labels.length; r++) {
		app.appendInteger(r);
		app.appendInteger(labels[r] as number);
		for (let j = 0; j < 10; j++) app.appendDouble(probs[r * 10 + j] as number);
		app.endRow();
	}
	app.closeSync();
}, 60_000);

afterAll(() => {
	conn?.closeSync();
	instance?.closeSync();
});

/** Run a query on DuckDB and save its result as CSV (header + plain numbers, 17 digits). */
async function saveCsv(sql: string, file: string): Promise<void> {
	const reader = await conn.runAndReadAll(sql);
	const names = reader.columnNames();
	const lines = reader.getRows().map((r) => r.map((v) => (typeof v === 'number' ? v.toPrecision(17) : String(v))).join(','));
	writeFileSync(file, [names.join(','), ...lines].join('\n'));
}

describe('plumb sql label-issues', () => {
	const base = ['sql', 'label-issues', '--table', 'lake.digits', '--label', 'digit', '--row-id', 'id', '--prob-columns', Array.from({ length: 10 }, (_, j) => `p${j}`).join(','), '--dialect', 'duckdb'];

	it('prints the queries step by step; fed back through files they give the direct run', async () => {
		const one = await run(base);
		expect(one.code).toBe(0);
		const [q1] = queries(one.out);
		expect(queries(one.out)).toHaveLength(1);
		const statsFile = join(dir, 'pass1.csv');
		await saveCsv(q1 as string, statsFile);

		const two = await run([...base, '--class-stats', statsFile]);
		expect(two.code).toBe(0);
		const q2 = queries(two.out)[1] as string;
		const jointFile = join(dir, 'pass2.csv');
		await saveCsv(q2, jointFile);

		const three = await run([...base, '--class-stats', statsFile, '--joint', jointFile, '--filter-by', 'both']);
		expect(three.code).toBe(0);
		const all = queries(three.out);
		expect(all).toHaveLength(3);
		const flagged = (await conn.runAndReadAll(all[2] as string)).getRowObjects().map((r) => Number(r.row_id));
		expect(flagged).toEqual(Array.from(findLabelIssues(labels, probs, { filterBy: 'both', returnIndicesRankedBy: 'self_confidence' }).indices));
	});

	it('plumb label-issues --class-stats --joint --issues gives the direct run\'s report from the three results', async () => {
		const statsFile = join(dir, 'agg-pass1.csv');
		await saveCsv(queries((await run(base)).out)[0] as string, statsFile);
		const jointFile = join(dir, 'agg-pass2.csv');
		await saveCsv(queries((await run([...base, '--class-stats', statsFile])).out)[1] as string, jointFile);
		const issuesFile = join(dir, 'agg-pass3.csv');
		await saveCsv(queries((await run([...base, '--class-stats', statsFile, '--joint', jointFile])).out)[2] as string, issuesFile);
		const agg = await run(['label-issues', '--class-stats', statsFile, '--joint', jointFile, '--issues', issuesFile, '--json']);
		expect(agg.code, agg.err).toBe(0);
		const a = JSON.parse(agg.out);
		const direct = await runCli('label-issues', '--labels', 'static/demo/mnist/labels.npy', '--pred-probs', 'static/demo/mnist/pred_probs.npy', '--json');
		expect(direct.code, direct.err).toBe(0);
		const b = JSON.parse(direct.out);
		for (const key of ['class_names', 'label_issues', 'confident_joint', 'confident_joint_calibrated', 'num_label_issues', 'overall_label_health_score']) {
			expect(a[key], key).toEqual(b[key]);
		}
		for (const key of ['joint', 'py', 'noise_matrix', 'inverse_noise_matrix']) {
			const [x, y] = [a[key].flat() as number[], b[key].flat() as number[]];
			expect(x.length, key).toBe(y.length);
			x.forEach((v, i) => expect(Math.abs(v - (y[i] as number)), `${key}[${i}]`).toBeLessThan(1e-12));
		}
		const text = await run(['label-issues', '--class-stats', statsFile, '--joint', jointFile]);
		expect(text.out).toContain(`overall label health score: ${(b.overall_label_health_score as number).toFixed(4)}`);
		const mixed = await run(['label-issues', '--class-stats', statsFile, '--joint', jointFile, '--labels', 'x.npy']);
		expect(mixed.code).toBe(2);
	});

	it('quotes for the dialect and rejects what it cannot write', async () => {
		const spark = await run([...base.slice(0, -1), 'spark']);
		expect(spark.out).toContain('`lake`.`digits`');
		expect(spark.out).not.toContain('"digit"');
		const bad = await run([...base.slice(0, -1), 'oracle']);
		expect(bad.code).toBe(2);
		expect(bad.err).toContain("Unknown SQL dialect 'oracle'");
		const low = await run([...base, '--filter-by', 'low_self_confidence']);
		expect(low.code).toBe(2);
		const missing = await run(['sql', 'label-issues', '--table', 't', '--label', 'y']);
		expect(missing.err).toContain('--prob-columns');
	});
});
