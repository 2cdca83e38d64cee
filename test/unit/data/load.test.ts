import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../../src/lib/data/session';
import { DataError } from '../../../src/lib/data/load/errors';
import { encodeNpy } from '../../../src/lib/data/load/npy';
import type { SourceFile } from '../../../src/lib/data/dataset';

const enc = (s: string) => new TextEncoder().encode(s);
const file = (name: string, bytes: Uint8Array | string): SourceFile => ({ name, bytes: typeof bytes === 'string' ? enc(bytes) : bytes });

let db: NodeDuckDB;
let s: AuditSession;
beforeEach(async () => {
	db = await NodeDuckDB.open();
	s = new AuditSession(db);
});
afterEach(() => db.close());

async function loadError(files: SourceFile[]): Promise<DataError> {
	const e = await s.load(files).then(
		() => null,
		(e: unknown) => e
	);
	expect(e).toBeInstanceOf(DataError);
	return e as DataError;
}

const col = (name: string) => s.summary!.overview.columns.find((c) => c.name === name)!;

describe('load: tables', () => {
	test('CSV with sniffed delimiter and header', async () => {
		await s.load([file('d.tsv', 'x\tg\n1\ta\n2\t\n3\tb\n')]);
		expect(s.summary!.overview.rows).toBe(3);
		expect(col('x')).toMatchObject({ type: 'BIGINT', nulls: 0, distinct: 3, min: '1', max: '3' });
		expect(col('g')).toMatchObject({ nulls: 1, distinct: 2 });
	});

	test('the COMPAS demo has 7,214 rows and its columns typed', async () => {
		await s.load([file('compas.csv', readFileSync('static/demo/compas/compas.csv'))]);
		expect(s.summary!.overview.rows).toBe(7214);
		expect(col('race').distinct).toBe(6);
		expect(col('two_year_recid')).toMatchObject({ min: '0', max: '1' });
		expect(col('compas_screening_date').type).toBe('DATE');
		expect(s.summary!.warnings).toEqual([]);
	});

	test('Parquet and Arrow IPC (file and stream)', async () => {
		const t = tableFromArrays({ a: Float64Array.from([1, 2, 3]), s: ['x', null, 'y'] });
		const pq = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')));
		await s.load([file('t.parquet', pq)]);
		expect(col('s')).toMatchObject({ nulls: 1, distinct: 2 });
		await s.load([file('t.arrow', tableToIPC(t, 'file'))]);
		expect(col('a')).toMatchObject({ min: '1.0', max: '3.0' });
		await s.load([file('t.arrows', tableToIPC(t, 'stream'))]);
		expect(s.summary!.overview.rows).toBe(3);
	});

	test('JSON and NDJSON', async () => {
		await s.load([file('a.json', '[{"x":1,"y":"a"},{"x":2,"y":null}]')]);
		expect(col('y').nulls).toBe(1);
		await s.load([file('b.ndjson', '{"x":1}\n{"x":2}\n\n{"x":3}\n')]);
		expect(s.summary!.overview.rows).toBe(3);
	});

	test('duplicate names are renamed with a warning; hostile names load', async () => {
		await s.load([file('d.csv', 'a,a,"x""; DROP TABLE dataset; --",\n1,2,3,4\n')]);
		expect(s.summary!.overview.columns.map((c) => c.name)).toEqual(['a', 'a_2', 'x"; DROP TABLE dataset; --', 'column_4']);
		expect(s.summary!.warnings.length).toBe(2);
	});
});

describe('load: .npy and IDX joined by row order', () => {
	test('labels + probabilities .npy make a dataset; probabilities stay a typed array', async () => {
		const labels = Int32Array.from([0, 1, 2, 1]);
		const probs = Float32Array.from([0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8, 0.6, 0.3, 0.1]);
		await s.load([file('labels.npy', encodeNpy(labels, [4], '<i4')), file('pred_probs.npy', encodeNpy(probs, [4, 3], '<f4'))]);
		expect(s.summary!.overview.rows).toBe(4);
		expect(col('label')).toMatchObject({ distinct: 3, min: '0', max: '2' });
		expect(s.probs!.k).toBe(3);
		expect(s.probs!.data).toBeInstanceOf(Float32Array);
		expect(Array.from(s.probs!.data.subarray(9, 12))).toEqual(Array.from(probs.subarray(9, 12)));
	});

	test('a labels .npy joins a table, keeping row order', async () => {
		await s.load([file('t.csv', 'x\n10\n20\n30\n'), file('labels.npy', encodeNpy(Int32Array.from([2, 0, 1]), [3], '<i4'))]);
		const rows = await db.query('SELECT x, label FROM dataset ORDER BY rowid');
		expect(rows).toEqual([
			{ x: 10, label: 2 },
			{ x: 20, label: 0 },
			{ x: 30, label: 1 }
		]);
	});

	test('the MNIST demo: labels, probabilities and IDX images', async () => {
		await s.load([
			file('labels.npy', readFileSync('static/demo/mnist/labels.npy')),
			file('pred_probs.npy', readFileSync('static/demo/mnist/pred_probs.npy')),
			file('t10k-images-idx3-ubyte', gunzipSync(readFileSync('static/demo/mnist/t10k-images-idx3-ubyte.gz')))
		]);
		expect(s.summary!.overview.rows).toBe(10000);
		expect(s.images).toMatchObject({ n: 10000, width: 28, height: 28, channels: 1 });
		expect(s.probs).toMatchObject({ n: 10000, k: 10 });
	});

	test('row counts that differ are refused, naming both files, and the previous dataset stays', async () => {
		await s.load([file('t.csv', 'x\n1\n2\n')]);
		const e = await loadError([file('t2.csv', 'x\n1\n2\n3\n'), file('labels.npy', encodeNpy(Int32Array.from([1, 0]), [2], '<i4'))]);
		expect(e.message).toBe('labels.npy has 2 rows but t2.csv has 3. Files are joined by row order, so they must have the same number of rows.');
		expect(e.file).toBe('labels.npy');
		const [r] = await db.query('SELECT count(*) AS n FROM dataset');
		expect(r!.n).toBe(2);
		expect(s.summary!.name).toBe('t.csv');
	});
});

describe('load: bad input', () => {
	test('ragged CSV names file and line; earlier data is kept', async () => {
		await s.load([file('good.csv', 'a\n1\n')]);
		const e = await loadError([file('bad.csv', 'a,b\n1,2\n3\n')]);
		expect(e.message).toContain('bad.csv line 3: expected 2 fields');
		expect(s.summary!.name).toBe('good.csv');
	});

	test('a truncated Parquet file', async () => {
		const t = tableFromArrays({ a: Float64Array.from([1, 2, 3]) });
		const pq = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')));
		const e = await loadError([file('cut.parquet', pq.subarray(0, pq.length - 20))]);
		expect(e.message).toMatch(/^cut\.parquet: not a readable Parquet file/);
	});

	test('two tables at once are refused', async () => {
		const e = await loadError([file('a.csv', 'x\n1\n'), file('b.csv', 'x\n1\n')]);
		expect(e.message).toContain('one table at a time');
	});

	test('a late value that breaks a column type: the column is read as text, with a warning naming line and column', async () => {
		// DuckDB samples the first rows for types; a stray text value further down must not sink the file.
		const rows = Array.from({ length: 30000 }, (_, i) => `${i},x`);
		rows.push('oops,y');
		await s.load([file('late.csv', `n,s\n${rows.join('\n')}\n`)]);
		expect(col('n').type).toBe('VARCHAR');
		expect(s.summary!.overview.rows).toBe(30001);
		expect(s.summary!.warnings).toEqual([
			'late.csv line 30002, column "n": the value "oops" is not a BIGINT like the values above it. The column was read as text; fix the value to analyse it as numbers.'
		]);
	});

	test('parser errors come back as DataError naming the file', async () => {
		const e = await loadError([file('bad.npy', new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 99, 0, 0, 0]))]);
		expect(e.file).toBe('bad.npy');
		expect(e.message).toMatch(/^bad\.npy/);
		const j = await loadError([file('bad.ndjson', '{"a":1}\n{oops}\n')]);
		expect(j.message).toMatch(/^bad\.ndjson line 2/);
	});
});

describe('NodeDuckDB: overlapping calls on its one connection', () => {
	test('queries, reads and statements issued together all complete with their own results; a failing one does not stop the rest', async () => {
		const db = await NodeDuckDB.open();
		try {
			await db.exec('CREATE TABLE t AS SELECT i, i * 0.5 AS x FROM range(200000) r(i)');
			const calls = await Promise.allSettled([
				db.readNumeric('SELECT x FROM t ORDER BY i'),
				db.query('SELECT count(*) AS n, sum(i) AS s FROM t'),
				db.query('SELECT * FROM no_such_table'),
				db.exec('CREATE TABLE u AS SELECT 1 AS one'),
				db.readNumeric('SELECT i::DOUBLE AS i FROM t WHERE i < 3 ORDER BY i'),
				db.query('SELECT one FROM u')
			]);
			expect(calls.map((c) => c.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
			const value = <T>(c: PromiseSettledResult<unknown>) => (c as PromiseFulfilledResult<T>).value;
			const x = value<Record<string, Float64Array>>(calls[0]!).x!;
			expect(x.length).toBe(200000);
			expect(x[199999]).toBe(99999.5);
			expect(value<Record<string, unknown>[]>(calls[1]!)).toEqual([{ n: 200000, s: 19999900000 }]);
			expect(Array.from(value<Record<string, Float64Array>>(calls[4]!).i!)).toEqual([0, 1, 2]);
			expect(value<Record<string, unknown>[]>(calls[5]!)).toEqual([{ one: 1 }]);
		} finally {
			db.close();
		}
	});
});
