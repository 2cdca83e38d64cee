import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../../src/cli/main';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { literal } from '../../../src/lib/data/sql/quote';
import { asLabels, parseNpy } from '../../../src/lib/data/load/npy';

const COMPAS = 'static/demo/compas/compas.csv';
const MNIST = 'static/demo/mnist/labels.npy';

async function run(...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
	return { code, out: out.join('\n'), err: err.join('\n') };
}

// Loading COMPAS three times and spawning bin/plumb.js take tens of seconds on a busy 2-core machine.
describe('plumb balance', () => {
	test('COMPAS race x sex to Parquet: rows, cells and manifest agree with the data', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'plumb-balance-'));
		const out = join(dir, 'val.parquet');
		const r = await run('balance', COMPAS, '--by', 'race,sex', '--per-cell', '50', '--seed', '3', '--label', 'two_year_recid', '--out', out);
		expect(r.code).toBe(0);
		expect(r.out).toContain('450 rows in 12 cells');
		expect(r.out).toContain('Asian x Female: 2 available, 2 of 50 drawn (short by 48)');
		const manifest = JSON.parse(readFileSync(join(dir, 'val.manifest.json'), 'utf8'));
		expect(manifest.seed).toBe(3);
		expect(manifest.per_cell).toBe(50);
		expect(manifest.cells.find((c: { cell: Record<string, string> }) => c.cell.race === 'Native American' && c.cell.sex === 'Male')).toEqual({ cell: { race: 'Native American', sex: 'Male' }, available: 14, drawn: 14, short: 36 });
		const db = await NodeDuckDB.open();
		try {
			const got = await db.query(`SELECT * FROM read_parquet(${literal(out)}) ORDER BY "row"`);
			expect(Object.keys(got[0]!)).toEqual(['row', 'race', 'sex', 'two_year_recid']);
			expect(got.length).toBe(450);
			// Each written row is the COMPAS row of that (0-based) index.
			await db.exec(`CREATE TABLE c AS SELECT row_number() OVER () - 1 AS i, race, sex, two_year_recid FROM read_csv(${literal(COMPAS)})`);
			const check = await db.query(`SELECT count(*) AS n FROM read_parquet(${literal(out)}) p JOIN c ON c.i = p."row" AND c.race = p.race AND c.sex = p.sex AND c.two_year_recid = p.two_year_recid`);
			expect(Number(check[0]!.n)).toBe(450);
			const counts = await db.query(`SELECT race, sex, count(*) AS n FROM read_parquet(${literal(out)}) GROUP BY ALL`);
			for (const c of counts) expect(Number(c.n)).toBe(manifest.cells.find((m: { cell: Record<string, string> }) => m.cell.race === c.race && m.cell.sex === c.sex).drawn);
		} finally {
			db.close();
		}
		// Same seed, same rows; another seed, other rows.
		const again = join(dir, 'again.parquet');
		const other = join(dir, 'other.parquet');
		await run('balance', COMPAS, '--by', 'race,sex', '--per-cell', '50', '--seed', '3', '--out', again, '--json');
		const o = await run('balance', COMPAS, '--by', 'race,sex', '--per-cell', '50', '--seed', '4', '--out', other, '--json');
		expect(JSON.parse(o.out).rows).toBe(450);
		const db2 = await NodeDuckDB.open();
		try {
			const rows = async (f: string) => (await db2.query(`SELECT "row" FROM read_parquet(${literal(f)}) ORDER BY 1`)).map((x) => Number(x.row));
			expect(await rows(again)).toEqual(await rows(out));
			expect(await rows(other)).not.toEqual(await rows(out));
		} finally {
			db2.close();
		}
	}, 120_000);

	test('MNIST labels to CSV through bin/plumb.js', () => {
		const dir = mkdtempSync(join(tmpdir(), 'plumb-balance-'));
		const out = join(dir, 'digits.csv');
		const text = execFileSync('node', ['bin/plumb.js', 'balance', MNIST, '--by', 'label', '--per-cell', '5', '--seed', '7', '--out', out], { encoding: 'utf8' });
		expect(text).toContain('50 rows in 10 cells');
		expect(text).toContain('No cell is short.');
		const labels = asLabels(parseNpy(readFileSync(MNIST), 'labels.npy'), 'labels.npy');
		const lines = readFileSync(out, 'utf8').trim().split('\n');
		expect(lines[0]).toBe('row,label');
		const perDigit = new Map<number, number>();
		for (const line of lines.slice(1)) {
			const [row, label] = line.split(',').map(Number);
			expect(labels[row!]).toBe(label);
			perDigit.set(label!, (perDigit.get(label!) ?? 0) + 1);
		}
		expect([...perDigit.values()]).toEqual(Array(10).fill(5));
		expect(JSON.parse(readFileSync(join(dir, 'digits.manifest.json'), 'utf8')).cells.length).toBe(10);
	}, 120_000);

	test('bad usage and a missing column', async () => {
		expect((await run('balance', COMPAS, '--per-cell', '5', '--out', 'x.csv')).err).toContain('--by A,B');
		expect((await run('balance', COMPAS, '--by', 'race', '--per-cell', '0', '--out', 'x.csv')).err).toContain('--per-cell must be a whole number');
		expect((await run('balance', COMPAS, '--by', 'race', '--per-cell', '5', '--out', 'x.txt')).err).toContain('--out must end in .csv or .parquet');
		const missing = await run('balance', COMPAS, '--by', 'race,lighting', '--per-cell', '5', '--out', join(mkdtempSync(join(tmpdir(), 'plumb-balance-')), 'x.csv'));
		expect(missing.code).toBe(1);
		expect(missing.err).toContain('compas.csv: has no column "lighting"');
		expect((await run('balance', '--help')).out).toContain('plumb balance: draw a validation set');
	}, 60_000);
});
