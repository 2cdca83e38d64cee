import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { ident } from '../../../src/lib/data/sql/quote';
import { resolveSliceAttrs, type SliceAttr } from '../../../src/lib/data/sql/slices';
import { discoverSlices, parseSliceSearch, runSliceDiscovery, searchSets, sliceFilterSql, sliceSearchSql } from '../../../src/lib/data/sql/slice-discovery';
import { rankSlices, sliceLabel } from '../../../src/lib/core/slice-discovery';

const SITE = "si'te; --";

/**
 * 1,200 labelled rows in six cells of 200 (site x, y, z times sex F, M), plus
 * 20 unlabelled rows in (x, F). Errors: 160 of 200 in (x, F), 10 of 200 in each
 * other cell, so 210 / 1200 = 0.175 overall. The 10 errors of (y, M) are the
 * only rows with batch = 'tiny'. Label issues: 100 of 200 in (z, M), 4 of 200
 * elsewhere (120 / 1200 = 0.1). color and age are noise spread evenly.
 */
async function plantedView(db: NodeDuckDB): Promise<void> {
	await db.exec(`CREATE OR REPLACE TABLE planted AS
		WITH r AS (SELECT i, i // 200 AS cell, i % 200 AS j FROM range(1200) t(i))
		SELECT
			['x', 'x', 'y', 'y', 'z', 'z'][cell + 1] AS ${ident(SITE)},
			CASE WHEN cell % 2 = 0 THEN 'F' ELSE 'M' END AS sex,
			CASE WHEN j % 2 = 0 THEN 'red' ELSE 'blue' END AS color,
			CASE WHEN cell = 3 AND j < 10 THEN 'tiny' ELSE 'main' END AS batch,
			20 + i % 40 AS age,
			'1' AS l,
			CASE WHEN (cell = 0 AND j < 160) OR (cell > 0 AND j < 10) THEN '0' ELSE '1' END AS p,
			(cell = 5 AND j < 100) OR (cell < 5 AND j < 4) AS iss
		FROM r
		UNION ALL
		SELECT 'x', 'F', 'red', 'main', 30, NULL, '1', NULL FROM range(20)`);
	await db.exec(
		`CREATE OR REPLACE VIEW audit AS SELECT *, rowid AS "__row", l AS "__label", p AS "__pred", iss AS "__issue" FROM planted`
	);
}

let db: NodeDuckDB;
let attrs: SliceAttr[];
beforeAll(async () => {
	db = await NodeDuckDB.open();
	await plantedView(db);
	attrs = await resolveSliceAttrs(db, 'audit', [SITE, 'sex', 'color', 'batch', 'age']);
});
afterAll(() => db.close());

describe('slice discovery', () => {
	test('the planted slice (site x AND sex F) comes out on top of the error search', async () => {
		expect(attrs[4]!.bins!.length).toBeGreaterThan(0);
		const d = await runSliceDiscovery(db, { source: 'audit', attrs, metric: 'error' });
		expect(d.overall.num).toBe(210);
		expect(d.overall.den).toBe(1200);
		// SliceLine, alpha 0.6, overall error 0.175 = 7/40:
		//   (x, F): 0.6 (0.8 / 0.175 - 1) - 0.4 (1200 / 200 - 1) = 15/7 - 2 = 1/7
		//   x:      170 / 400 = 0.425: 0.6 (17/7 - 1) - 0.4 (3 - 1) = 6/7 - 0.8 = 0.0571
		//   F:      180 / 600 = 0.3:   0.6 (12/7 - 1) - 0.4 (2 - 1) = 3/7 - 0.4 = 0.0286
		// Every other slice is near 0.175 or too small, so scores <= 0; "x AND batch = main" is
		// the same 400 rows as "x" (the tiny batch is in y), so it is left out as redundant.
		expect(d.slices.map((s) => s.label)).toEqual([`${SITE} = x AND sex = F`, `${SITE} = x`, 'sex = F']);
		const [top] = d.slices;
		expect(top!.predicates).toEqual([
			{ column: SITE, kind: 'equals', value: 'x' },
			{ column: 'sex', kind: 'equals', value: 'F' }
		]);
		expect(top!.size).toBe(200);
		expect(top!.hits).toBe(160);
		expect(top!.score).toBeCloseTo(1 / 7, 12);
		expect(d.slices[1]!.score).toBeCloseTo(6 / 7 - 0.8, 12);
		expect(d.slices[2]!.score).toBeCloseTo(3 / 7 - 0.4, 12);
		expect(top!.lift).toBeCloseTo(0.8 / 0.175, 12);
		// Wilson 160/200, z = 1.95996: centre (0.8 + z^2/400) / (1 + z^2/200) = 0.794347,
		// half-width z / (1 + z^2/200) sqrt(0.8 * 0.2 / 200 + z^2 / 160000) = 0.055202.
		expect(top!.rate.lo).toBeCloseTo(0.739145, 5);
		expect(top!.rate.hi).toBeCloseTo(0.849548, 5);
		// The slice opens as a filter: its 200 labelled rows plus the 20 unlabelled ones.
		const [c] = await db.query(
			`SELECT count(*) AS n, count("__label") AS labelled, count(*) FILTER (WHERE "__label" <> "__pred") AS errors FROM audit WHERE ${sliceFilterSql(top!)}`
		);
		expect(c).toEqual({ n: 220, labelled: 200, errors: 160 });
	});

	test('the label-issue search finds (site z, sex M)', async () => {
		const d = await discoverSlices(db, { source: 'audit', columns: [SITE, 'sex', 'color', 'batch', 'age'], metric: 'issue' });
		// Issues 120 / 1200 = 0.1; (z, M): 0.6 (0.5 / 0.1 - 1) - 0.4 (6 - 1) = 0.4.
		expect(d.metric).toBe('issue');
		expect(d.slices[0]!.label).toBe(`${SITE} = z AND sex = M`);
		expect(d.slices[0]!.score).toBeCloseTo(0.4, 12);
	});

	test('minimum support is respected', async () => {
		// alpha = 1 drops the size penalty, so the 10 all-wrong "tiny" rows (rate 1) would beat everything.
		const low = await runSliceDiscovery(db, { source: 'audit', attrs, metric: 'error', alpha: 1, minSupport: 5 });
		expect(low.slices[0]!.label).toBe('batch = tiny');
		expect(low.slices[0]!.size).toBe(10);
		const dflt = await runSliceDiscovery(db, { source: 'audit', attrs, metric: 'error', alpha: 1, k: 100 });
		expect(dflt.minSupport).toBe(30);
		expect(dflt.slices.length).toBeGreaterThan(0);
		for (const s of dflt.slices) {
			expect(s.size).toBeGreaterThanOrEqual(30);
			expect(s.predicates.some((p) => p.kind === 'equals' && p.value === 'tiny')).toBe(false);
		}
		expect(dflt.slices[0]!.label).toBe(`${SITE} = x AND sex = F`);
		// The SQL itself drops small slices.
		const rows = await db.query(sliceSearchSql({ source: 'audit', attrs, metric: 'error', minSupport: 30 }));
		expect(rows.every((r) => Number(r.size) >= 30)).toBe(true);
	});

	test('depth 1 searches single attributes only; numeric bins filter by range', async () => {
		const d = await runSliceDiscovery(db, { source: 'audit', attrs, metric: 'error', depth: 1, alpha: 1, k: 50 });
		expect(d.slices.every((s) => s.predicates.length === 1)).toBe(true);
		expect(d.slices[0]!.label).toBe(`${SITE} = x`);
		// Every age bin (quartiles of 20..59) selects exactly its counted rows through its range filter.
		const { candidates, overall } = parseSliceSearch(await db.query(sliceSearchSql({ source: 'audit', attrs, metric: 'error', depth: 1 })), attrs);
		expect(overall).toEqual({ size: 1200, hits: 210 });
		const ages = candidates.filter((c) => c.predicates[0]!.kind === 'range');
		expect(ages.length).toBe(attrs[4]!.bins!.length + 1);
		expect(ages.reduce((s, c) => s + c.size, 0)).toBe(1200);
		for (const a of ages) {
			const [c] = await db.query(`SELECT count(*) AS n FROM audit WHERE "__label" IS NOT NULL AND ${sliceFilterSql(a)}`);
			expect(c!.n).toBe(a.size);
		}
		// 5 attributes: 5 singles + 10 pairs + the overall row.
		expect(searchSets(5).length).toBe(16);
		expect(searchSets(5, 1).length).toBe(6);
	});

	test('rankSlices on hand-made counts; labels of NULL, range and year predicates', () => {
		// Overall 20 / 100. a: 10 / 40 -> 0.6 (0.25 / 0.2 - 1) - 0.4 (2.5 - 1) < 0 ; b: 16 / 50 -> 0.6 * 0.6 - 0.4 = -0.04.
		// With alpha 0.9: a = 0.9 * 0.25 - 0.1 * 1.5 = 0.075, b = 0.9 * 0.6 - 0.1 = 0.44.
		const cands = [
			{ predicates: [{ column: 'g', kind: 'equals' as const, value: 'a' }], size: 40, hits: 10 },
			{ predicates: [{ column: 'g', kind: 'equals' as const, value: 'b' }], size: 50, hits: 16 },
			{ predicates: [{ column: 'g', kind: 'equals' as const, value: 'c' }], size: 10, hits: 10 }
		];
		expect(rankSlices(cands, { size: 100, hits: 20 }).slices).toEqual([]);
		const r = rankSlices(cands, { size: 100, hits: 20 }, { alpha: 0.9 });
		expect(r.slices.map((s) => s.label)).toEqual(['g = b', 'g = a']);
		expect(r.slices[0]!.score).toBeCloseTo(0.44, 12);
		expect(r.slices[1]!.score).toBeCloseTo(0.075, 12);
		expect(r.searched).toBe(2);
		// A pair with the size of one of its predicates selects the same rows: left out.
		const pair = { predicates: [cands[1]!.predicates[0]!, { column: 'h', kind: 'equals' as const, value: 'y' }], size: 50, hits: 16 };
		expect(rankSlices([...cands, pair], { size: 100, hits: 20 }, { alpha: 0.9 }).slices.map((s) => s.label)).toEqual(['g = b', 'g = a']);
		expect(
			sliceLabel([
				{ column: 'a', kind: 'equals', value: null },
				{ column: 'b', kind: 'range', lo: 1, hi: 2, label: '[1, 2)' },
				{ column: 'c', kind: 'year', value: '2013' }
			])
		).toBe('a is (missing) AND b in [1, 2) AND year(c) = 2013');
		expect(sliceFilterSql({ predicates: [] })).toBe('TRUE');
	});
});
