import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../../src/cli/main';

const COMPAS = 'static/demo/compas/compas.csv';
const GOLDEN = JSON.parse(readFileSync('test/fixtures/checks/compas-checks.json', 'utf8'));

async function run(...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
	return { code, out: out.join('\n'), err: err.join('\n') };
}

type Leak = { column: string; score: number; method: string; flagged: boolean; identifier: string | null };

describe('plumb checks on COMPAS', () => {
	test('--json: the documented keys, the leakage ranking, missingness by race, outliers as numpy', async () => {
		const r = await run('checks', COMPAS, '--label', 'two_year_recid', '--protected', 'race', '--json');
		expect(r.code).toBe(0);
		const j = JSON.parse(r.out);
		expect(Object.keys(j).sort()).toEqual(
			['duplicate_groups', 'conflicting_label_groups', 'missingness', 'missingness_by_group', 'outliers', 'impossible_values', 'leakage', 'split_overlap', 'class_balance', 'near_duplicates'].sort()
		);
		const leak: Leak[] = j.leakage;
		const rank = (c: string) => leak.findIndex((l) => l.column === c);
		const get = (c: string) => leak[rank(c)]!;
		// sorted by score, highest first
		leak.slice(1).forEach((l, i) => expect(l.score).toBeLessThanOrEqual(leak[i]!.score));
		// is_recid (AUC) and r_charge_degree (per-category majority; missing where there is no new charge) near the top at ~0.97
		expect(rank('is_recid')).toBeLessThan(5);
		expect(rank('r_charge_degree')).toBeLessThan(5);
		expect(get('is_recid')).toMatchObject({ method: 'auc', flagged: true });
		expect(get('r_charge_degree')).toMatchObject({ method: 'category-majority', flagged: true });
		expect(Math.abs(get('r_charge_degree').score - 0.97)).toBeLessThan(0.01);
		// end and event about 0.90; AUCs equal scipy's Mann-Whitney U / (n1 n0) (fixture README)
		for (const c of ['is_recid', 'end', 'event', 'priors_count']) expect(Math.abs(get(c).score - GOLDEN.auc[c])).toBeLessThan(1e-12);
		expect(Math.abs(get('end').score - 0.9)).toBeLessThan(0.05);
		expect(Math.abs(get('event').score - 0.9)).toBeLessThan(0.05);
		expect(get('end').flagged).toBe(false);
		// the suggested id column is scored and called out as an identifier / row-order column
		expect(get('id').identifier).not.toBeNull();
		// missingness: the r_ columns are missing where nobody reoffended; by race, with Wilson intervals
		expect(j.missingness.find((m: { column: string }) => m.column === 'r_charge_degree')).toEqual({ column: 'r_charge_degree', missing: 3743, share: 3743 / 7214 });
		const byRace = j.missingness_by_group.filter((g: { column: string }) => g.column === 'r_charge_degree');
		expect(byRace.map((g: { group: string }) => g.group).sort()).toEqual(['African-American', 'Asian', 'Caucasian', 'Hispanic', 'Native American', 'Other']);
		const aa = byRace.find((g: { group: string }) => g.group === 'African-American');
		expect(aa).toMatchObject({ attribute: 'race', missing: 1660, n: 3696, flagged: true });
		expect(aa.low).toBeLessThan(aa.share);
		expect(aa.high).toBeGreaterThan(aa.share);
		expect(byRace.find((g: { group: string }) => g.group === 'Native American').flagged).toBe(false); // 18 rows: small
		// outliers equal numpy's quantile fences
		for (const c of Object.keys(GOLDEN.outliers)) {
			expect(j.outliers.filter((o: { column: string }) => o.column === c)).toEqual(GOLDEN.outliers[c].map((o: object) => ({ column: c, ...o })));
		}
		expect(j.duplicate_groups).toEqual([]);
		expect(j.split_overlap).toBeNull();
		expect(j.class_balance.classes).toEqual([
			{ class: '0', n: 3963, share: 3963 / 7214 },
			{ class: '1', n: 3251, share: 3251 / 7214 }
		]);
	});

	test('--features narrows the set: duplicate groups then cover the rows, with conflicting labels', async () => {
		const r = await run('checks', COMPAS, '--label', 'two_year_recid', '--features', 'sex,race', '--json');
		expect(r.code).toBe(0);
		const j = JSON.parse(r.out);
		// 2 sexes x 6 races: at most 12 groups cover all 7,214 rows
		expect(j.duplicate_groups.length).toBeLessThanOrEqual(12);
		expect(j.duplicate_groups.flat().length).toBe(7214);
		expect(j.conflicting_label_groups.length).toBeGreaterThan(0);
		for (const g of j.duplicate_groups) expect(g).toEqual([...g].sort((a: number, b: number) => a - b));
		expect(j.leakage.map((l: Leak) => l.column).sort()).toEqual(['id', 'race', 'sex']);
	});

	test('text output, help and usage errors', async () => {
		const r = await run('checks', COMPAS, '--label', 'two_year_recid', '--features', 'age,priors_count,is_recid');
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/is_recid\s+0\.9722\s+auc\s+LIKELY LEAK/);
		expect(r.out).toContain('Missingness (NULL, NaN, empty text, the numbers -999');
		expect((await run('checks', '--help')).out).toContain('--json keys: duplicate_groups');
		expect((await run('--help')).out).toContain('checks FILE');
		const dir = mkdtempSync(join(tmpdir(), 'plumb-checks-'));
		const small = join(dir, 'small.csv');
		writeFileSync(small, 'a,b,y\n1,x,0\n1,x,1\n2,z,0\n');
		const bad = await run('checks', small, '--features', 'nothing*');
		expect(bad.code).toBe(2);
		expect(bad.err).toContain('Feature pattern "nothing*" matches no column');
		const noLabel = await run('checks', small, '--label', 'nope');
		expect(noLabel.code).toBe(2);
		expect(noLabel.err).toContain('--label: no column named "nope"');
		// rows 0 and 1 repeat (a, b) with labels 0 and 1
		const tiny = JSON.parse((await run('checks', small, '--label', 'y', '--json')).out);
		expect(tiny.duplicate_groups).toEqual([[0, 1]]);
		expect(tiny.conflicting_label_groups).toEqual([[0, 1]]);
	});
});
