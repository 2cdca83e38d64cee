import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from './run';
import { parseNpy, asLabels, asMatrix } from '../../../src/lib/data/load/npy';

const GOLDEN = 'test/fixtures/golden/cleanlab';

// Each test runs the built command as processes (native DuckDB loads in each): minutes on a busy machine.
describe('plumb CLI', { timeout: 180_000 }, () => {
	test('--help lists the commands', async () => {
		const r = await run('--help');
		expect(r.code).toBe(0);
		expect(r.out).toContain('inspect FILE');
		expect(r.out).toContain('label-issues');
	});

	test('inspect prints the overview of COMPAS', async () => {
		const r = await run('inspect', 'static/demo/compas/compas.csv');
		expect(r.code).toBe(0);
		expect(r.out).toContain('compas.csv: 7,214 rows, 48 columns');
		expect(r.out).toMatch(/race\s+VARCHAR\s+0\s+6\s+African-American, Caucasian, Hispanic/);
		const j = JSON.parse((await run('inspect', 'static/demo/compas/compas.csv', '--json')).out);
		expect(j.rows).toBe(7214);
		expect(j.columns.find((c: { name: string }) => c.name === 'decile_score')).toMatchObject({ min: '1', max: '10', nulls: 0 });
	});

	test('bad input exits non-zero with the message naming the file', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'plumb-cli-'));
		writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
		const r = await run('inspect', join(dir, 'ragged.csv'));
		expect(r.code).toBe(1);
		expect(r.err).toContain('ragged.csv line 3: expected 2 fields');
		const missing = await run('inspect', join(dir, 'nope.csv'));
		expect(missing.code).toBe(1);
		expect(missing.err).toContain('nope.csv: cannot be read (ENOENT)');
		expect((await run('frobnicate')).code).toBe(2);
		expect((await run('label-issues', '--filter-by', 'nonsense', '--labels', 'x.npy', '--pred-probs', 'y.npy')).err).toContain('--filter-by must be one of');
	});

	test.each(['k3_n500', 'k2_n1000', 'k4_n3000_imbalanced'])('label-issues --json equals cleanlab on %s', async (name) => {
		const expected = JSON.parse(readFileSync(`${GOLDEN}/${name}.expected.json`, 'utf8'));
		const r = await run('label-issues', '--labels', `${GOLDEN}/${name}_labels.npy`, '--pred-probs', `${GOLDEN}/${name}_pred_probs.npy`, '--json');
		expect(r.code).toBe(0);
		const j = JSON.parse(r.out);
		expect(j.label_issues).toEqual(expected.ranked_by.self_confidence);
		expect(j.confident_joint).toEqual(expected.confident_joint);
		expect(j.confident_joint_calibrated).toEqual(expected.confident_joint_calibrated);
		expect(j.num_label_issues).toEqual(expected.num_label_issues);
		expect(j.overall_label_health_score).toBeCloseTo(expected.overall_label_health_score, 12);
		j.label_quality_scores.forEach((s: number, i: number) => expect(Math.abs(s - expected.scores.self_confidence[i])).toBeLessThan(1e-9));
		j.py.forEach((v: number, i: number) => expect(Math.abs(v - expected.py[i])).toBeLessThan(1e-9));
		expect(j.overlapping_classes.length).toBe(expected.overlapping_classes.length);
	});

	test('label-issues reads a table with --label and --prob-columns, with the same result as the .npy pair', async () => {
		const labels = asLabels(parseNpy(readFileSync(`${GOLDEN}/k3_n500_labels.npy`), 'l'), 'l');
		const { data, n, k } = asMatrix(parseNpy(readFileSync(`${GOLDEN}/k3_n500_pred_probs.npy`), 'p'), 'p');
		const dir = mkdtempSync(join(tmpdir(), 'plumb-cli-'));
		// Columns deliberately out of class order: the pattern sorts integer suffixes numerically.
		const lines = ['y,prob_2,prob_0,prob_1,other'];
		for (let i = 0; i < n; i++) lines.push(`${labels[i]},${data[i * k + 2]!.toPrecision(17)},${data[i * k]!.toPrecision(17)},${data[i * k + 1]!.toPrecision(17)},x`);
		writeFileSync(join(dir, 'table.csv'), lines.join('\n'));
		const fromTable = JSON.parse((await run('label-issues', '--data', join(dir, 'table.csv'), '--label', 'y', '--prob-columns', 'prob_*', '--json')).out);
		const expected = JSON.parse(readFileSync(`${GOLDEN}/k3_n500.expected.json`, 'utf8'));
		expect(fromTable.label_issues).toEqual(expected.ranked_by.self_confidence);
		const both = JSON.parse((await run('label-issues', '--data', join(dir, 'table.csv'), '--label', 'y', '--prob-columns', 'prob_*', '--filter-by', 'both', '--rank-by', 'normalized_margin', '--json')).out);
		expect(both.label_issues).toEqual(expected.ranked_by.normalized_margin.filter((i: number) => expected.label_issues.both.includes(i)));
		const text = await run('label-issues', '--data', join(dir, 'table.csv'), '--label', 'y', '--prob-columns', 'prob_*', '--top', '3');
		expect(text.out).toContain(`${expected.label_issues.prune_by_noise_rate.length} likely label issues among 500 labeled rows`);
	});

	test('labels outside the classes are refused, naming the row', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'plumb-cli-'));
		writeFileSync(join(dir, 't.csv'), 'y,p_a,p_b\na,0.9,0.1\nb,0.2,0.8\nc,0.5,0.5\n');
		const r = await run('label-issues', '--data', join(dir, 't.csv'), '--label', 'y', '--prob-columns', 'p_*');
		expect(r.code).toBe(1);
		expect(r.err).toContain('Row 2 (0-based): the label "c" in column "y" is not one of the classes (a, b)');
	});

	test("slices --json reproduces ProPublica's COMPAS confusion counts and rates by race", async () => {
		const r = await run('slices', 'static/demo/compas/compas.csv', '--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--by', 'race', '--json');
		expect(r.code).toBe(0);
		const [table] = JSON.parse(r.out).tables;
		const group = (name: string) => table.groups.find((g: { label: string }) => g.label === name);
		expect(group('African-American')).toMatchObject({ tn: 990, fp: 805, fn: 532, tp: 1369 });
		expect(group('Caucasian')).toMatchObject({ tn: 1139, fp: 349, fn: 461, tp: 505 });
		expect(group('African-American').rates.fpr.value.toFixed(4)).toBe('0.4485');
		expect(group('Caucasian').rates.fnr.value.toFixed(4)).toBe('0.4772');
		expect(group('Caucasian').rates.fpr.lo).toBeLessThan(0.2345);
		expect(group('Caucasian').disparity.selectionRate.ratio).toBeCloseTo(group('Caucasian').rates.selectionRate.value / group('African-American').rates.selectionRate.value, 12);
		const withRef = JSON.parse((await run('slices', 'static/demo/compas/compas.csv', '--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--by', 'race,sex', '--reference', 'Caucasian', '--json')).out);
		expect(withRef.tables.map((t: { attributes: string[] }) => t.attributes)).toEqual([['race'], ['sex'], ['race', 'sex']]);
		expect(withRef.tables[0].reference).toEqual(['Caucasian']);
		const text = await run('slices', 'static/demo/compas/compas.csv', '--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--by', 'race');
		expect(text.out).toMatch(/African-American \(ref\)\s+3696\s+1369\s+805\s+990\s+532/);
		expect((await run('slices', 'static/demo/compas/compas.csv', '--label', 'two_year_recid', '--by', 'race')).code).toBe(2);
	});

	test('drift REF CUR: a small reference uses KS / chi-square and the p-values are the core\'s on the same values', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'plumb-cli-'));
		// Reference: x = 0..299 (uniform), g alternating a/b/c; current: x shifted by +150, g mostly c.
		const ref = ['x,g', ...Array.from({ length: 300 }, (_, i) => `${i},${'abc'[i % 3]}`)];
		const cur = ['x,g', ...Array.from({ length: 200 }, (_, i) => `${i + 150},${i % 5 === 0 ? 'a' : 'c'}`)];
		writeFileSync(join(dir, 'ref.csv'), ref.join('\n'));
		writeFileSync(join(dir, 'cur.csv'), cur.join('\n'));
		const r = await run('drift', join(dir, 'ref.csv'), join(dir, 'cur.csv'), '--json');
		expect(r.code).toBe(0);
		const j = JSON.parse(r.out);
		const x = j.features.find((c: { column: string }) => c.column === 'x');
		const g = j.features.find((c: { column: string }) => c.column === 'g');
		expect(x.test).toBe('ks');
		expect(g.test).toBe('chisquare');
		const { ks2samp } = await import('../../../src/lib/core/stats');
		const expected = ks2samp(Float64Array.from({ length: 300 }, (_, i) => i), Float64Array.from({ length: 200 }, (_, i) => i + 150));
		expect(x.statistic).toBe(expected.statistic);
		expect(x.pValue).toBe(expected.pValue);
		expect(x.drifted).toBe(expected.pValue < 0.05);
		expect(g.drifted).toBe(true);
		expect(j.datasetDrift).toMatchObject({ driftedColumns: 2, totalColumns: 2, drifted: true });
		const text = await run('drift', join(dir, 'ref.csv'), join(dir, 'cur.csv'));
		expect(text.out).toContain('DATASET DRIFT: 2 of 2 feature columns drifted');
		expect((await run('drift', join(dir, 'ref.csv'))).code).toBe(2);
	});

	test('report --out writes one self-contained HTML file with the sections its inputs allow', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'plumb-cli-'));
		const out = join(dir, 'compas.html');
		const r = await run('report', 'static/demo/compas/compas.csv', '--out', out, '--label', 'two_year_recid', '--score', 'decile_score', '--threshold', '5', '--protected', 'race,sex', '--id', 'id', '--time', 'compas_screening_date', '--cut', '2014-01-01');
		expect(r.code).toBe(0);
		const html = readFileSync(out, 'utf8');
		expect(html).not.toMatch(/<script/i);
		expect(html).toContain('44.85%');
		expect(html).toMatch(/<h2[^>]*>[^<]*Drift/);
		const mnist = join(dir, 'mnist.html');
		expect((await run('report', 'static/demo/mnist/labels.npy', 'static/demo/mnist/pred_probs.npy', '--out', mnist)).code).toBe(0);
		expect(readFileSync(mnist, 'utf8')).toContain('0.9985');
		expect((await run('report', 'static/demo/compas/compas.csv')).code).toBe(2);
	});

	test('label-issues --out writes the flagged rows as CSV or Parquet with their 0-based row', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'plumb-cli-'));
		const expected = JSON.parse(readFileSync(`${GOLDEN}/k3_n500.expected.json`, 'utf8'));
		const csv = join(dir, 'issues.csv');
		const r = await run('label-issues', '--labels', `${GOLDEN}/k3_n500_labels.npy`, '--pred-probs', `${GOLDEN}/k3_n500_pred_probs.npy`, '--out', csv);
		expect(r.code).toBe(0);
		const lines = readFileSync(csv, 'utf8').trim().split('\n');
		expect(lines[0]).toBe('row,label,given_label,suggested_label,label_quality,is_label_issue,review_decision,corrected_label');
		expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(expected.label_issues.prune_by_noise_rate);
		const pq = join(dir, 'all.parquet');
		expect((await run('label-issues', '--labels', `${GOLDEN}/k3_n500_labels.npy`, '--pred-probs', `${GOLDEN}/k3_n500_pred_probs.npy`, '--out', pq, '--all')).code).toBe(0);
		const parquet = await import('parquet-wasm');
		const { tableFromIPC } = await import('apache-arrow');
		const t = tableFromIPC(parquet.readParquet(new Uint8Array(readFileSync(pq))).intoIPCStream());
		expect(t.numRows).toBe(500);
		expect((await run('label-issues', '--labels', `${GOLDEN}/k3_n500_labels.npy`, '--pred-probs', `${GOLDEN}/k3_n500_pred_probs.npy`, '--out', join(dir, 'x.txt'))).code).toBe(2);
	});
});
