import { describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { drawBalancedSet, drawnRowsSql, exportDrawn } from '../../../src/lib/data/subclass/balanced-set';

describe('balanced set over DuckDB', () => {
	test('hostile column names, a column named row, missing values and formula-guarded CSV', async () => {
		const db = await NodeDuckDB.open();
		try {
			await db.exec(`CREATE TABLE dataset AS SELECT * FROM (VALUES
				(0, 'a', '=HYPERLINK(1)'), (1, 'a', 'x'), (0, 'b', 'y'), (1, NULL, 'z'), (0, 'a', '-2'), (1, 'b', 'w')
			) t("we""ird", "row", note)`);
			const cols = [{ name: 'we"ird' }, { name: 'row' }, { name: 'note' }];
			const d = await drawBalancedSet(db, cols, ['we"ird', 'row'], 2, 5, 't.csv');
			expect(d.cells.map((c) => [c.label, c.available, c.drawn])).toEqual([
				['0 x a', 2, 2],
				['0 x b', 1, 1],
				['1 x a', 1, 1],
				['1 x b', 1, 1]
			]);
			expect(d.missing).toBe(1);
			expect(d.rows).toEqual([0, 1, 2, 4, 5]);
			const csv = new TextDecoder().decode(await exportDrawn(db, d.rows, ['we"ird', 'row', 'note'], 'csv'));
			const lines = csv.trim().split('\n');
			expect(lines[0]).toBe('row,"we""ird",row_1,note');
			expect(lines[1]).toBe("0,0,a,'=HYPERLINK(1)");
			expect(lines[4]).toBe("4,0,a,'-2");
			const parquetRows = await db.query(`SELECT * FROM (${drawnRowsSql(d.rows, ['note'], false)})`);
			expect(parquetRows.map((r) => r.note)).toEqual(['=HYPERLINK(1)', 'x', 'y', '-2', 'w']);
			await expect(drawBalancedSet(db, cols, ['nope'], 2, 5, 't.csv')).rejects.toThrow('t.csv: has no column "nope"');
			expect(() => drawnRowsSql([1, -1], ['note'], false)).toThrow(/non-negative/);
		} finally {
			db.close();
		}
	}, 60_000);
});

describe('sampling plan over DuckDB', () => {
	test('strata read from the table equal the plan on the same values', async () => {
		const { planSample } = await import('../../../src/lib/data/subclass/sampling');
		const { samplingPlan } = await import('../../../src/lib/core/subclass/sampling-plan');
		const db = await NodeDuckDB.open();
		try {
			await db.exec(`CREATE TABLE dataset AS SELECT i, CASE WHEN i % 10 = 0 THEN 'rare' ELSE 'common' END AS y FROM range(300) t(i)`);
			const plan = await planSample(db, [{ name: 'i' }, { name: 'y' }], ['y'], { halfWidth: 0.2, seed: 9 }, 't');
			const y = Array.from({ length: 300 }, (_, i) => (i % 10 === 0 ? 'rare' : 'common'));
			expect(plan).toEqual(samplingPlan([y], { halfWidth: 0.2, seed: 9 }));
			expect(plan.strata.map((s) => [s.label, s.size, s.sampled])).toEqual([
				['common', 270, 21],
				['rare', 30, 21]
			]);
			expect(plan.strata[1]!.rows.every((r) => r % 10 === 0)).toBe(true);
			await expect(planSample(db, [{ name: 'y' }], ['z'], {}, 't')).rejects.toThrow('t: has no column "z"');
		} finally {
			db.close();
		}
	}, 60_000);
});
