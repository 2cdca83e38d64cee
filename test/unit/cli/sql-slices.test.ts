/**
 * `plumb sql slices` + `plumb slices --cube` (issue #18): the cube query run on DuckDB over
 * the COMPAS demo and over MNIST with a made-up attribute, saved as CSV or Parquet and fed
 * back, gives the same JSON as `plumb slices` over the rows; the emitted SQL parses in each
 * named dialect.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { main } from '../../../src/cli/main';
import { dialect } from '../../../src/lib/data/sql/portable/dialect';
import { sliceCubePortableSql } from '../../../src/lib/data/sql/portable/slice-cube';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main([...argv, '--quiet'], (s) => out.push(s), (s) => err.push(s));
	return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The numbered queries of the output, without their comments. */
function queries(text: string): string[] {
	return text
		.split(/^-- Query \d+:.*$/m)
		.slice(1)
		.map((q) => q.replace(/^--.*$/gm, '').trim().replace(/;$/, ''));
}

const COMPAS = 'static/demo/compas/compas.csv';
const dir = mkdtempSync(join(tmpdir(), 'plumb-sql-slices-'));
let instance: DuckDBInstance;
let conn: DuckDBConnection;
const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

beforeAll(async () => {
	instance = await DuckDBInstance.create(':memory:');
	conn = await instance.connect();
	await conn.run(`CREATE TABLE compas AS SELECT * FROM read_csv(${q(COMPAS)})`);
}, 60_000);

afterAll(() => {
	conn?.closeSync();
	instance?.closeSync();
});

/** Run `sql` on DuckDB and save the result as CSV (with header) or Parquet. */
async function save(sql: string, file: string): Promise<void> {
	const format = file.endsWith('.parquet') ? 'PARQUET' : 'CSV, HEADER';
	await conn.run(`COPY (${sql}) TO ${q(file)} (FORMAT ${format})`);
}

describe('plumb slices --cube from the portable cube query', () => {
	const roles = ['--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5'];

	it.each(['csv', 'parquet'])('COMPAS by race x sex through a %s cube equals the direct run', async (ext) => {
		const sql = await run(['sql', 'slices', '--table', 'compas', ...roles, '--by', 'race,sex', '--dialect', 'duckdb']);
		expect(sql.code, sql.err).toBe(0);
		const [cube] = queries(sql.out);
		const file = join(dir, `compas-cube.${ext}`);
		await save(cube as string, file);
		const fromCube = await run(['slices', '--cube', file, '--by', 'race,sex', '--reference', 'Caucasian', '--json']);
		expect(fromCube.code, fromCube.err).toBe(0);
		const direct = await run(['slices', COMPAS, ...roles, '--by', 'race,sex', '--reference', 'Caucasian', '--json']);
		expect(direct.code, direct.err).toBe(0);
		const a = JSON.parse(fromCube.out);
		expect(a.tables).toHaveLength(3);
		expect(a.tables[0].groups.length).toBeGreaterThan(3);
		expect(a).toEqual(JSON.parse(direct.out));
	});

	it('label issues flagged by query 3 inside the cube equal the direct run on MNIST (by an attribute)', async () => {
		// the MNIST table with an id, the label and p0..p9, and a made-up attribute grp = id % 3
		await conn.run(`CREATE OR REPLACE TABLE mnist AS SELECT * FROM read_parquet(${q(await mnistParquet())})`);
		const probs = Array.from({ length: 10 }, (_, j) => `p_${j}`).join(',');
		const base = ['sql', 'label-issues', '--table', 'mnist', '--label', 'digit', '--row-id', 'id', '--prob-columns', probs, '--dialect', 'duckdb'];
		const pass1 = join(dir, 'pass1.csv');
		await save(queries((await run(base)).out)[0] as string, pass1);
		const pass2 = join(dir, 'pass2.csv');
		await save(queries((await run([...base, '--class-stats', pass1])).out)[1] as string, pass2);
		const sql = await run(['sql', 'slices', '--table', 'mnist', '--label', 'digit', '--prob-columns', probs, '--by', 'grp', '--row-id', 'id', '--class-stats', pass1, '--joint', pass2, '--dialect', 'duckdb']);
		expect(sql.code, sql.err).toBe(0);
		const file = join(dir, 'mnist-cube.csv');
		await save(queries(sql.out)[0] as string, file);
		const fromCube = JSON.parse((await run(['slices', '--cube', file, '--by', 'grp', '--json'])).out);
		const direct = await run(['slices', await mnistParquet(), '--label', 'digit', '--prob-columns', 'p_*', '--by', 'grp', '--json']);
		expect(direct.code, direct.err).toBe(0);
		const issues = fromCube.tables[0].groups.map((g: { rates: { issueRate?: { value: number } } }) => g.rates.issueRate?.value);
		expect(issues.every((v: number | undefined) => typeof v === 'number' && v > 0)).toBe(true);
		expect(fromCube).toEqual(JSON.parse(direct.out));
	});

	it('a cube without a needed column or with a bad count is refused, naming the file and column', async () => {
		const file = join(dir, 'bad.csv');
		writeFileSync(file, 'g0,label,pred,n\nA,1,0,3\n');
		const missing = await run(['slices', '--cube', file, '--by', 'race']);
		expect(missing.code).toBe(1);
		expect(missing.err).toContain(file);
		expect(missing.err).toContain('"issue"');
		writeFileSync(file, 'g0,label,pred,issue,n\nA,1,0,,3\nB,0,0,,2.5\n');
		const count = await run(['slices', '--cube', file, '--by', 'race']);
		expect(count.code).toBe(1);
		expect(count.err).toMatch(/row 2: the count "n" is "2.5"/);
		const both = await run(['slices', '--cube', file, COMPAS, '--by', 'race']);
		expect(both.code).toBe(2);
	});
});

/** MNIST's demo labels and probabilities with an id and an attribute, written once as Parquet. */
let mnistFile: string | undefined;
async function mnistParquet(): Promise<string> {
	if (mnistFile) return mnistFile;
	const { readFileSync } = await import('node:fs');
	const { asLabels, asMatrix, parseNpy } = await import('../../../src/lib/data/load/npy');
	const labels = asLabels(parseNpy(readFileSync('static/demo/mnist/labels.npy'), 'labels.npy'), 'labels.npy');
	const m = asMatrix(parseNpy(readFileSync('static/demo/mnist/pred_probs.npy'), 'pred_probs.npy'), 'pred_probs.npy');
	const cols = Array.from({ length: 10 }, (_, j) => `p_${j} DOUBLE`).join(', ');
	await conn.run(`CREATE OR REPLACE TABLE mnist_rows (id INTEGER, digit INTEGER, grp VARCHAR, ${cols})`);
	const app = await conn.createAppender('mnist_rows');
	for (let r = 0; r < labels.length; r++) {
		app.appendInteger(r);
		app.appendInteger(labels[r] as number);
		app.appendVarchar(['a', 'b', 'c'][r % 3] as string);
		for (let j = 0; j < 10; j++) app.appendDouble(m.data[r * 10 + j] as number);
		app.endRow();
	}
	app.closeSync();
	mnistFile = join(dir, 'mnist.parquet');
	await save('SELECT * FROM mnist_rows ORDER BY id', mnistFile);
	return mnistFile;
}

describe('the cube query is portable', () => {
	const parsers: [string, string][] = [
		['ansi', 'PostgresQL'],
		['trino', 'Trino'],
		['spark', 'Hive'],
		['bigquery', 'BigQuery'],
		['duckdb', 'PostgresQL']
	];
	it.each(parsers)('%s parses with node-sql-parser %s', async (name, database) => {
		const { Parser } = await import('node-sql-parser');
		const d = dialect(name);
		const sqls = [
			sliceCubePortableSql(d, { table: 'lake.people', label: 'y', prediction: { kind: 'score', column: 's', threshold: 0.5, positive: 'yes', negative: "it's no" }, by: [{ column: 'race' }, { column: 'age', bins: [25, 45] }] }),
			sliceCubePortableSql(d, { table: 'people', label: 'y', prediction: { kind: 'probs', columns: ['pa', 'pb', 'pc'] }, by: [{ column: 'race' }], issueColumn: 'flag' }),
			sliceCubePortableSql(d, { table: 'people', label: 'y', prediction: { kind: 'column', column: 'yhat' }, by: [{ column: 'g' }], flagged: { sql: 'SELECT row_id FROM flagged', rowId: 'id' } })
		];
		for (const sql of sqls) {
			expect(sql).not.toMatch(/::|\bQUALIFY\b|\bEXCLUDE\b|COLUMNS\(/i);
			expect(() => new Parser().astify(sql, { database })).not.toThrow();
		}
		if (name === 'spark' || name === 'bigquery') expect(sqls[0]).toContain("'it\\'s no'");
		else expect(sqls[0]).toContain("'it''s no'");
	});

	it('argmax takes the first of tied maxima, as numpy does', async () => {
		const sql = sliceCubePortableSql(dialect('duckdb'), { table: 'ties', label: 'y', prediction: { kind: 'probs', columns: ['a', 'b', 'c'] }, by: [{ column: 'g' }] });
		await conn.run(`CREATE OR REPLACE TABLE ties AS SELECT * FROM (VALUES ('x', 0, 0.4, 0.4, 0.2), ('x', 1, 0.2, 0.4, 0.4), ('x', 2, 0.3, 0.3, 0.4), ('x', 2, 0.5, NULL, 0.5)) v(g, y, a, b, c)`);
		const rows = (await conn.runAndReadAll(`SELECT label, pred FROM (${sql}) ORDER BY label`)).getRowObjects();
		expect(rows.map((r) => [r.label, r.pred])).toEqual([
			['0', '0'],
			['1', '1'],
			['2', '2'],
			['2', null]
		]);
	});
});
