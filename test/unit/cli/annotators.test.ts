/**
 * `plumb annotators` on the golden multiannotator cases (test/fixtures/golden/multiannotator):
 * the JSON equals cleanlab 2.9 / statsmodels / scikit-learn's numbers (labels equal, floats
 * within 1e-9), from the wide CSV, the same labels as a long file, and as counts; bad input
 * exits 1 with one line naming the file, row and column.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../../src/cli/main';
import { asMatrix, parseNpy } from '../../../src/lib/data/load/npy';

const DIR = 'test/fixtures/golden/multiannotator/';
const TOL = 1e-9;
const tmp = mkdtempSync(join(tmpdir(), 'plumb-annotators-'));

async function run(...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
	return { code, out: out.join('\n'), err: err.join('\n') };
}

type Json = Record<string, unknown>;
const expected = (name: string) => JSON.parse(readFileSync(`${DIR}${name}.expected.json`, 'utf8')) as Json;

function near(actual: unknown, want: unknown, path: string): void {
	if (typeof want === 'number') {
		expect(typeof actual, path).toBe('number');
		if (Number.isInteger(want) && !path.endsWith('kappa') && !path.endsWith('alpha')) expect(actual, path).toBe(want);
		else expect(Math.abs((actual as number) - want), path).toBeLessThanOrEqual(TOL);
	} else if (Array.isArray(want)) {
		expect(Array.isArray(actual) && actual.length, path).toBe(want.length);
		want.forEach((w, i) => near((actual as unknown[])[i], w, `${path}[${i}]`));
	} else {
		const a = actual as Json;
		expect(Object.keys(a ?? {}).sort(), path).toEqual(Object.keys(want as Json).sort());
		for (const [k, w] of Object.entries(want as Json)) near(a[k], w, `${path}.${k}`);
	}
}

/** The golden wide CSV as rows of cells ('' = not labeled). */
function wide(name: string): { header: string[]; rows: string[][] } {
	const lines = readFileSync(`${DIR}${name}_annotations.csv`, 'utf8').trim().split('\n');
	return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describe.each(['k3_n300_m5', 'k5_n2000_m12'])('plumb annotators on %s', (name) => {
	test('wide CSV + .npy: every key equals the golden output', async () => {
		const r = await run('annotators', `${DIR}${name}_annotations.csv`, '--annotators', 'a*', '--pred-probs', `${DIR}${name}_pred_probs.npy`, '--json');
		expect(r.err).toBe('');
		expect(r.code).toBe(0);
		const got = JSON.parse(r.out) as Json;
		const want = expected(name);
		for (const key of Object.keys(want)) near(got[key], want[key], key);
		expect(got.labeling_functions).toBeUndefined();
	});

	test('the same labels as a long file (annotators in reverse order within items, empty labels kept) give the same results', async () => {
		const { header, rows } = wide(name);
		const lines = ['item,annotator,label'];
		rows.forEach((r, i) => {
			for (let j = header.length - 1; j >= 0; j--) lines.push(`it${i},${header[j]},${r[j]}`);
		});
		const file = join(tmp, `${name}_long.csv`);
		writeFileSync(file, lines.join('\n') + '\n');
		const r = await run('annotators', file, '--long', '--item', 'item', '--annotator', 'annotator', '--label', 'label', '--pred-probs', `${DIR}${name}_pred_probs.npy`, '--json');
		expect(r.err).toBe('');
		const got = JSON.parse(r.out) as Json;
		const want = expected(name);
		for (const key of Object.keys(want)) near(got[key], want[key], key);
		expect((got.items as string[]).slice(0, 3)).toEqual(['it0', 'it1', 'it2']);
	});

	test('counts per class give the same Fleiss kappa and Krippendorff alpha', async () => {
		const { rows } = wide(name);
		const want = expected(name);
		const k = (want.consensus_label as number[]).reduce((a, b) => Math.max(a, b), 0) + 1;
		const lines = [Array.from({ length: k }, (_, c) => `n_${c}`).join(',')];
		for (const r of rows) {
			const c = new Array<number>(k).fill(0);
			for (const v of r) if (v !== '') c[Number(v)]!++;
			lines.push(c.join(','));
		}
		const file = join(tmp, `${name}_counts.csv`);
		writeFileSync(file, lines.join('\n') + '\n');
		const got = JSON.parse((await run('annotators', file, '--counts', 'n_*', '--json')).out) as Json;
		near(got.fleiss_kappa, want.fleiss_kappa, 'fleiss_kappa');
		near(got.fleiss_kappa_items, want.fleiss_kappa_items, 'fleiss_kappa_items');
		near(got.krippendorff_alpha, want.krippendorff_alpha, 'krippendorff_alpha');
		near(got.num_annotations, want.num_annotations, 'num_annotations');
		expect(got.annotator_stats).toBeNull();
	});
});

test('class names with probability columns named after them (p_cat, ...) give the same consensus', async () => {
	const names = ['cat', 'dog', 'fox'];
	const { header, rows } = wide('k3_n300_m5');
	const p = asMatrix(parseNpy(readFileSync(`${DIR}k3_n300_m5_pred_probs.npy`), 'p.npy'), 'p.npy');
	const lines = [[...header, ...names.map((c) => `p_${c}`)].join(',')];
	rows.forEach((r, i) => lines.push([...r.map((v) => (v === '' ? '' : names[Number(v)])), ...Array.from(p.data.subarray(i * 3, i * 3 + 3), String)].join(',')));
	const file = join(tmp, 'named.csv');
	writeFileSync(file, lines.join('\n') + '\n');
	const r = await run('annotators', file, '--annotators', 'a*', '--prob-columns', 'p_*', '--json');
	expect(r.err).toBe('');
	const got = JSON.parse(r.out) as Json;
	const want = expected('k3_n300_m5');
	expect(got.class_names).toEqual(names);
	expect(got.consensus_label).toEqual((want.consensus_label as number[]).map((c) => names[c]));
	near(got.consensus_quality_score, want.consensus_quality_score, 'consensus_quality_score');
	near(got.active_learning_scores, want.active_learning_scores, 'active_learning_scores');
	near(got.cohen_kappa, want.cohen_kappa, 'cohen_kappa');
});

test('bin/plumb.js prints the text summary', () => {
	const out = execFileSync('node', ['bin/plumb.js', 'annotators', `${DIR}k3_n300_m5_annotations.csv`, '--annotators', 'a0,a1,a2,a3,a4', '--pred-probs', `${DIR}k3_n300_m5_pred_probs.npy`], {
		encoding: 'utf8'
	});
	expect(out).toContain('300 rows, 5 annotators, 3 classes, 740 labels');
	expect(out).toMatch(/Krippendorff's alpha \(nominal\)\s+0\.501/);
	expect(out).toMatch(/Fleiss' kappa\s+0\.447\s+on the 79 items with 2 labels each/);
	expect(out).toMatch(/Label again first \(ActiveLab score\)/);
}, 60_000);

describe('labeling functions, gold and slices', () => {
	test('abstains (-1) and --gold give Snorkel LFAnalysis numbers; --by gives agreement per group', async () => {
		const file = join(tmp, 'lf.csv');
		writeFileSync(file, ['lf_a,lf_b,lf_c,gold,grp', '0,-1,0,0,x', '1,1,-1,1,x', '-1,-1,-1,1,y', '0,1,-1,0,y'].join('\n') + '\n');
		const r = await run('annotators', file, '--annotators', 'lf_*', '--gold', 'gold', '--by', 'grp', '--json');
		expect(r.err).toBe('');
		const j = JSON.parse(r.out) as Json;
		const lf = j.labeling_functions as { sources: Record<string, Json>; label_coverage: number; label_conflict: number };
		expect(lf.sources.lf_a).toEqual({ polarity: [0, 1], coverage: 0.75, overlaps: 0.75, conflicts: 0.25, correct: 3, incorrect: 0, empirical_accuracy: 1 });
		expect(lf.sources.lf_b).toEqual({ polarity: [1], coverage: 0.5, overlaps: 0.5, conflicts: 0.25, correct: 1, incorrect: 1, empirical_accuracy: 0.5 });
		expect([lf.label_coverage, lf.label_conflict]).toEqual([0.75, 0.25]);
		// row 2 has no vote: null in the per-row arrays, left out of consensus
		expect(j.consensus_label).toEqual([0, 1, null, expect.any(Number)]);
		expect(j.num_annotations).toEqual([2, 2, 0, 2]);
		const groups = (j.by_slice as { groups: { group: string; items: number; labels: number }[] }[])[0]!.groups;
		expect(groups.map((g) => [g.group, g.items, g.labels])).toEqual([
			['x', 2, 4],
			['y', 1, 2]
		]);
	});
});

describe('bad input: one line naming the file, row and column', () => {
	const write = (name: string, text: string) => {
		const p = join(tmp, name);
		writeFileSync(p, text);
		return p;
	};

	test('an item nobody labeled', async () => {
		const r = await run('annotators', write('empty_row.csv', 'a0,a1\n0,1\n,\n1,1\n'), '--annotators', 'a*');
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/empty_row\.csv: row 1 \(0-based\) has no label from any annotator/);
	});

	test('an annotator who labeled nothing', async () => {
		const r = await run('annotators', write('silent.csv', 'a0,a1,a2\n0,1,\n1,1,\n'), '--annotators', 'a*');
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/silent\.csv: column "a2" labeled no item/);
	});

	test('a label outside the classes of the probabilities', async () => {
		const r = await run('annotators', write('outside.csv', 'a0,a1,a2,a3,a4\n' + wide('k3_n300_m5').rows.map((row, i) => (i === 7 ? ['5', ...row.slice(1)] : row).join(',')).join('\n') + '\n'), '--annotators', 'a*', '--pred-probs', `${DIR}k3_n300_m5_pred_probs.npy`);
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/outside\.csv: row 7 \(0-based\), column "a0": the label "5" is not one of the classes \(0, 1, 2\)/);
	});

	test('a long file with an item twice for one annotator', async () => {
		const r = await run('annotators', write('dup.csv', 'item,who,y\n1,ann,0\n1,bob,1\n2,ann,1\n1,ann,1\n'), '--long', '--item', 'item', '--annotator', 'who', '--label', 'y');
		expect(r.code).toBe(1);
		expect(r.err).toMatch(/dup\.csv: item "1" has 2 rows from annotator "ann" \(rows 0 and 3, 0-based/);
	});

	test('usage mistakes exit 2', async () => {
		expect((await run('annotators', `${DIR}k3_n300_m5_annotations.csv`)).code).toBe(2);
		const r = await run('annotators', `${DIR}k3_n300_m5_annotations.csv`, '--annotators', 'zz*');
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/--annotators zz\* matches no column/);
		expect((await run('annotators', `${DIR}k3_n300_m5_annotations.csv`, '--long', '--item', 'a0')).err).toMatch(/missing --annotator/);
	});
});
