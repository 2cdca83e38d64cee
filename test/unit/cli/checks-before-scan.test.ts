import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { runWith } from './run';

// Mistakes visible from the schema or the label's distinct values are reported before any pass over
// the data. PLUMB_TRACE=1 makes the command print each step as it starts ("check ..." for the schema
// and one query on the label column, "scan ..." for every pass over the whole file).
const ROWS = 2_000_000;
let file = '';

beforeAll(async () => {
	file = join(mkdtempSync(join(tmpdir(), 'plumb-cli-big-')), 'big.parquet');
	const c = await (await DuckDBInstance.create(':memory:')).connect();
	await c.run(
		`COPY (SELECT (range % 10)::INTEGER AS y, random() AS s, ['north', 'south', 'east'][1 + range % 3] AS a, random() AS p_a, random() AS p_b FROM range(${ROWS})) ` +
			`TO '${file}' (FORMAT parquet)`
	);
	c.closeSync();
}, 120_000);

const traced = (...argv: string[]) => runWith({ PLUMB_TRACE: '1' }, ...argv);
const steps = (err: string) => err.split('\n').filter((l) => l.startsWith('plumb trace: '));

describe('checks before scans', { timeout: 120_000 }, () => {
	test('a score and threshold with a 10-class label is refused from the label values alone', async () => {
		const r = await traced('slices', file, '--label', 'y', '--score', 's', '--threshold', '0.5', '--by', 'a');
		expect(r.code).toBe(1);
		expect(r.err).toContain('A score with a threshold needs a two-class label, but "y" has 10 values (0, 1, 2, 3, 4…).');
		expect(steps(r.err).some((l) => l.startsWith('plumb trace: check label values'))).toBe(true);
		expect(steps(r.err).filter((l) => l.startsWith('plumb trace: scan'))).toEqual([]);
	});

	test('label values that are not the probability columns\' classes are refused, naming the first row, before reading the probabilities', async () => {
		const r = await traced('label-issues', '--data', file, '--label', 'y', '--prob-columns', 'p_*');
		expect(r.code).toBe(1);
		expect(r.err).toContain(`Row 0 (0-based): the label "0" in column "y" is not one of the classes (a, b); ${ROWS.toLocaleString('en-US')} rows like it.`);
		expect(steps(r.err).filter((l) => l.startsWith('plumb trace: scan'))).toEqual([]);
	});

	test('a column that does not exist is named from the schema', async () => {
		const r = await traced('slices', file, '--label', 'y', '--pred', 'y', '--by', 'nope', '--positive', '1');
		expect(r.code).toBe(1);
		expect(r.err).toContain('The dataset has no column "nope".');
		expect(steps(r.err).filter((l) => l.startsWith('plumb trace: scan'))).toEqual([]);
	});

	test('a correct call on the same file does scan (the trace is not silent)', async () => {
		const r = await traced('slices', file, '--label', 'y', '--pred', 'y', '--by', 'a', '--positive', '1', '--json');
		expect(r.code).toBe(0);
		expect(steps(r.err).some((l) => l.startsWith('plumb trace: scan slice tables'))).toBe(true);
		const [table] = JSON.parse(r.out).tables;
		expect(table.groups.reduce((n: number, g: { n: number }) => n + g.n, 0)).toBe(ROWS);
	});
});
