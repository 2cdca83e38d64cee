import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../../src/cli/main';
import { asMatrix, parseNpy } from '../../../src/lib/data/load/npy';

async function run(...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
	return { code, out: out.join('\n'), err: err.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'plumb-baseline-'));
/** 40 rows: the class is 'pos' when x > 0, with one text column and a missing x. */
function table(): string {
	const path = join(dir, 't.csv');
	const lines = ['id,x,colour,outcome'];
	for (let i = 0; i < 40; i++) {
		const x = Math.sin(i * 2.1) * 3;
		lines.push(`${i},${i === 7 ? '' : x.toFixed(3)},${['red', 'blue'][i % 2]},${x + Math.cos(i * 7.7) > 0 ? 'pos' : 'neg'}`);
	}
	writeFileSync(path, lines.join('\n'));
	return path;
}

describe('plumb baseline', () => {
	test('writes n x K out-of-fold probabilities as .npy and reports folds as JSON', async () => {
		const target = join(dir, 'p.npy');
		const r = await run('baseline', table(), '--label', 'outcome', '--features', 'x,colour', '--folds', '4', '--out', target, '--json');
		expect(r.err).toBe('');
		expect(r.code).toBe(0);
		const json = JSON.parse(r.out);
		expect(json.classes).toEqual(['neg', 'pos']);
		expect(json.features).toEqual(['x', 'colour']);
		expect(json.folds.map((f: { test_rows: number }) => f.test_rows)).toEqual([10, 10, 10, 10]);
		expect(json.overall.n).toBe(40);
		expect(json.overall.accuracy).toBeGreaterThan(0.7);
		const m = asMatrix(parseNpy(readFileSync(target), 'p.npy'), 'p.npy');
		expect([m.n, m.k]).toEqual([40, 2]);
		expect(m.data[0]! + m.data[1]!).toBeCloseTo(1, 12);
		// The CSV output holds the same numbers under p_<class> headers.
		const csv = join(dir, 'p.csv');
		expect((await run('baseline', table(), '--label', 'outcome', '--features', 'x,colour', '--folds', '4', '--out', csv)).code).toBe(0);
		const lines = readFileSync(csv, 'utf8').trim().split('\n');
		expect(lines[0]).toBe('p_neg,p_pos');
		expect(lines.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(Array.from({ length: 40 }, (_, i) => m.data[2 * i + 1]));
	});

	test('without --features, the id and the label are left out', async () => {
		const r = await run('baseline', table(), '--label', 'outcome', '--out', join(dir, 'q.npy'), '--json');
		expect(r.code).toBe(0);
		expect(JSON.parse(r.out).features).toEqual(['x', 'colour']);
	});

	test('bad calls get one line naming what to fix', async () => {
		expect((await run('baseline', table(), '--out', 'p.npy')).err).toContain('--label COL');
		expect((await run('baseline', table(), '--label', 'outcome', '--out', 'p.txt')).err).toContain('--out must end in .npy or .csv');
		const folds = await run('baseline', table(), '--label', 'outcome', '--folds', '1', '--out', join(dir, 'r.npy'));
		expect(folds.code).toBe(2);
		expect(folds.err).toContain('folds must be an integer from 2 to 100');
		const missing = await run('baseline', table(), '--label', 'outcome', '--features', 'nope', '--out', join(dir, 'r.npy'));
		expect(missing.code).toBe(1);
		expect(missing.err).toContain('no column "nope"');
		expect((await run('baseline', '--help')).out).toContain('PredefinedSplit');
	});

	test('label-issues --baseline equals baseline --out then label-issues --pred-probs', async () => {
		const data = table();
		const probs = join(dir, 'li.npy');
		expect((await run('baseline', data, '--label', 'outcome', '--features', 'x,colour', '--out', probs)).code).toBe(0);
		const twoSteps = await run('label-issues', '--data', data, '--label', 'outcome', '--pred-probs', probs, '--json');
		const oneGo = await run('label-issues', '--data', data, '--label', 'outcome', '--baseline', '--features', 'x,colour', '--json');
		expect(oneGo.err).toBe('');
		expect(twoSteps.code).toBe(0);
		expect(JSON.parse(oneGo.out)).toEqual(JSON.parse(twoSteps.out));
		expect(JSON.parse(oneGo.out).label_quality_scores).toHaveLength(40);
	});
});
