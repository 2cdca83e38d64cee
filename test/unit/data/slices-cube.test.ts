/**
 * The fast paths of the Slices page: counts taken from a cube instead of every
 * row, several discovery metrics from one scan, and what the session keeps
 * between requests. Each is checked against the plain per-row SQL (or a
 * fresh session) on data with NULLs everywhere and hostile names.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession, type SliceRequest } from '../../../src/lib/data/session';
import type { Roles } from '../../../src/lib/data/roles';
import { ident, literal } from '../../../src/lib/data/sql/quote';
import { groupAlias, groupValueSql, resolveCache, resolveSliceAttrs, runSliceTable, sliceCubeSql, withSliceCube, type SliceAttr, type SliceCountsSpec } from '../../../src/lib/data/sql/slices';
import { discoverSliceMetrics, discoverSlices, parseSliceSearch, searchColumns, searchSets, sliceFilterSql, sliceSearchSql } from '../../../src/lib/data/sql/slice-discovery';
import { frequentClasses, sliceReport } from '../../../src/lib/data/slice-report';
import { SLICE_CACHE_RESULTS, SliceCache } from '../../../src/lib/data/services/result-cache';

const COL = 'gr"p; --\n✓';
const NUM = "sc'ore";

/**
 * 3,000 rows from a fixed linear congruential sequence: a text attribute with
 * 7 values and NULLs, a numeric one with NULLs, labels among 4 classes (one
 * hostile) or NULL, predictions likewise, issue flags true / false / NULL.
 * `only_issue` is 'solo' exactly on rows without a label (so that group has
 * no row where the error rate is defined, but has label-issue rows).
 */
async function randomAudit(db: NodeDuckDB): Promise<void> {
	await db.exec(`CREATE OR REPLACE TABLE rnd AS
		WITH r AS (SELECT i, (i * 1103515245 + 12345) % 2147483648 AS h FROM range(3000) t(i))
		SELECT
			CASE WHEN h % 11 = 0 THEN NULL ELSE ['a', 'b', 'c', ${literal("x'); DROP TABLE rnd; --")}, '', 'ü ✓', 'a"b'][(h // 11) % 7 + 1] END AS ${ident(COL)},
			CASE WHEN h % 13 = 0 THEN NULL ELSE ((h // 13) % 1000) / 10.0 END AS ${ident(NUM)},
			CASE WHEN h % 17 = 0 THEN NULL ELSE ['0', '1', '2', ${literal("c'; --")}][(h // 17) % 4 + 1] END AS l,
			CASE WHEN h % 19 = 0 THEN NULL ELSE ['0', '1', '2', ${literal("c'; --")}][(h // 19) % 4 + 1] END AS p,
			CASE WHEN h % 23 = 0 THEN NULL ELSE (h // 23) % 5 = 0 END AS iss
		FROM r`);
	await db.exec(`CREATE OR REPLACE TABLE rnd2 AS SELECT *, CASE WHEN l IS NULL THEN 'solo' ELSE 'rest' END AS only_issue FROM rnd`);
	await db.exec(`CREATE OR REPLACE VIEW ${ident('au"dit')} AS SELECT *, rowid AS "__row", l AS "__label", p AS "__pred", iss AS "__issue" FROM rnd2`);
}

let db: NodeDuckDB;
let attrs: SliceAttr[];
beforeAll(async () => {
	db = await NodeDuckDB.open();
	await randomAudit(db);
	attrs = await resolveSliceAttrs(db, 'au"dit', [COL, NUM]);
});
afterAll(() => db.close());

const tempTables = async () => (await db.query(`SELECT table_name AS t FROM information_schema.tables WHERE table_name LIKE 'plumb_slice_cube%'`)).length;

describe('slice counts through a cube', () => {
	test('give the same counts as the per-row query, for one and two attributes, with and without a positive class', async () => {
		expect(attrs[1]!.bins!.length).toBe(3);
		const classes = ['0', '1', "c'; --", 'never'];
		for (const by of [[attrs[0]!], [attrs[1]!], attrs, [attrs[1]!, attrs[0]!]]) {
			for (const positive of [undefined, "c'; --", '1']) {
				const spec: SliceCountsSpec = { source: 'au"dit', by, positive, classes };
				const direct = await runSliceTable(db, spec);
				const viaCube = await withSliceCube(db, 'au"dit', by, (cube) => runSliceTable(db, { ...spec, source: cube, cube: true }));
				expect(viaCube).toEqual(direct);
				// Not a vacuous comparison: NULL groups, errors, issues and unknown issues all occur.
				const overall = direct.find((r) => r.attrs.length === 0)!;
				expect(overall.n).toBe(3000);
				expect(overall.labeled).toBeLessThan(3000);
				expect(overall.errors).toBeGreaterThan(0);
				expect(overall.issues).toBeGreaterThan(0);
				expect(overall.issuesKnown).toBeLessThan(3000);
				expect(direct.some((r) => r.values.includes(null))).toBe(true);
			}
		}
		expect(await tempTables()).toBe(0);
	});

	test('class balance from the cube is the per-row one; the cube is dropped even when the work fails', async () => {
		const direct = await frequentClasses(db, 'au"dit', 3);
		const viaCube = await withSliceCube(db, 'au"dit', [attrs[0]!], (cube) => frequentClasses(db, cube, 3, true));
		expect(viaCube).toEqual(direct);
		expect(direct.length).toBe(3);
		await expect(withSliceCube(db, 'au"dit', attrs, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await tempTables()).toBe(0);
		// The cube has one row per distinct combination, with hostile names quoted.
		const rows = await db.query(sliceCubeSql('au"dit', attrs));
		expect(rows.reduce((s, r) => s + Number(r.__n), 0)).toBe(3000);
		expect(rows.length).toBeLessThan(3000);
		expect(Object.keys(rows[0]!)).toEqual([groupAlias(0), groupAlias(1), '__label', '__pred', '__issue', '__n']);
	});

	test('sliceReport reads the source once into the cube and matches the per-row counts', async () => {
		const report = await sliceReport(db, { source: 'au"dit', by: [COL, NUM], positive: '1' });
		const rows = await runSliceTable(db, { source: 'au"dit', by: report.attributes, positive: '1', classes: report.classes });
		const overall = rows.find((r) => r.attrs.length === 0)!;
		for (const t of report.tables)
			for (const g of t.groups) {
				const r = rows.find((x) => x.attrs.join() === t.attributes.map((a) => [COL, NUM].indexOf(a)).join() && JSON.stringify(x.values) === JSON.stringify(g.values))!;
				expect(g.n).toBe(r.n);
				expect(g.share).toBeCloseTo(r.n / overall.n, 12);
			}
	});
});

describe('discovery of several metrics from one scan', () => {
	const columns = [COL, NUM, 'only_issue'];

	test('each metric equals its own search, and every count equals its filter on the rows', async () => {
		for (const minSupport of [0, 1, 40]) {
			const both = await discoverSliceMetrics(db, { source: 'au"dit', columns, metrics: ['error', 'issue'], minSupport, k: 1000, alpha: 1 });
			const error = await discoverSlices(db, { source: 'au"dit', columns, metric: 'error', minSupport, k: 1000, alpha: 1 });
			const issue = await discoverSlices(db, { source: 'au"dit', columns, metric: 'issue', minSupport, k: 1000, alpha: 1 });
			expect(both).toEqual([error, issue]);
		}
		const all = await resolveSliceAttrs(db, 'au"dit', columns);
		const rows = await db.query(sliceSearchSql({ source: 'au"dit', attrs: all, metric: ['error', 'issue'], minSupport: 0 }));
		const metrics = [
			{ defined: `"__label" IS NOT NULL AND "__pred" IS NOT NULL`, hit: `"__label" <> "__pred"` },
			{ defined: `"__issue" IS NOT NULL`, hit: `"__issue"` }
		];
		for (const [i, m] of metrics.entries()) {
			const { candidates, overall } = parseSliceSearch(rows, all, searchColumns(['error', 'issue'], i));
			const [o] = await db.query(`SELECT count(*) FILTER (WHERE ${m.defined}) AS size, count(*) FILTER (WHERE (${m.defined}) AND ${m.hit}) AS hits FROM ${ident('au"dit')}`);
			expect(overall).toEqual({ size: o!.size, hits: o!.hits });
			for (const c of candidates) {
				const [r] = await db.query(
					`SELECT count(*) FILTER (WHERE ${m.defined}) AS size, count(*) FILTER (WHERE (${m.defined}) AND ${m.hit}) AS hits FROM ${ident('au"dit')} WHERE ${sliceFilterSql(c)}`
				);
				expect({ size: c.size, hits: c.hits }).toEqual({ size: r!.size, hits: r!.hits });
			}
			// As many candidates as groups (over the rows where the metric is defined) in every grouping set.
			let groups = 0;
			for (const set of searchSets(all.length).filter((x) => x.length > 0)) {
				const keys = set.map((j) => groupValueSql(all[j]!));
				const [n] = await db.query(`SELECT count(*) AS n FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${ident('au"dit')} WHERE ${m.defined})`);
				groups += Number(n!.n);
			}
			expect(candidates.length).toBe(groups);
		}
		// 'solo' rows have no label: an error-rate slice of them does not exist, a label-issue one does.
		const solo = (i: number) => parseSliceSearch(rows, all, searchColumns(['error', 'issue'], i)).candidates.some((c) => c.predicates.some((p) => p.kind === 'equals' && p.value === 'solo'));
		expect(solo(0)).toBe(false);
		expect(solo(1)).toBe(true);
	});
});

describe('SliceCache', () => {
	test('memo keeps results, shares a computation in flight, forgets failures and the oldest beyond its size', async () => {
		const c = new SliceCache();
		let runs = 0;
		const work = async () => ++runs;
		expect(await c.memo('a', work)).toBe(1);
		expect(await c.memo('a', work)).toBe(1);
		const [x, y] = await Promise.all([c.memo('b', work), c.memo('b', work)]);
		expect([x, y]).toEqual([2, 2]);
		await expect(c.memo('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
		expect(await c.memo('bad', work)).toBe(3);
		for (let i = 0; i < SLICE_CACHE_RESULTS; i++) await c.memo(`k${i}`, work);
		expect(await c.memo('a', work)).toBe(4 + SLICE_CACHE_RESULTS);
	});

	test('validFor empties the cache when any part of the state changes, not otherwise', async () => {
		const c = new SliceCache();
		const summary = {};
		c.validFor([summary, null, 'view sql']);
		c.resolve.edges.set('k', [1]);
		expect(await c.memo('a', async () => 1)).toBe(1);
		c.validFor([summary, null, 'view sql']);
		expect(await c.memo('a', async () => 2)).toBe(1);
		expect(c.resolve.edges.get('k')).toEqual([1]);
		c.validFor([summary, {}, 'view sql']);
		expect(await c.memo('a', async () => 3)).toBe(3);
		expect(c.resolve.edges.size).toBe(0);
		c.validFor([{}, {}, 'view sql']);
		expect(await c.memo('a', async () => 4)).toBe(4);
	});

	test('resolveSliceAttrs computes quantile edges once per source and column', async () => {
		const cache = resolveCache();
		const before = await resolveSliceAttrs(db, 'au"dit', [NUM]);
		const first = await resolveSliceAttrs(db, 'au"dit', [NUM], { cache });
		expect(first).toEqual(before);
		cache.edges.set(JSON.stringify(['au"dit', NUM, 4]), [1, 2]);
		expect((await resolveSliceAttrs(db, 'au"dit', [NUM], { cache }))[0]!.bins).toEqual([1, 2]);
		// Another number of bins is another entry; edges handed out are copies.
		const thirds = await resolveSliceAttrs(db, 'au"dit', [NUM], { cache, quantiles: 3 });
		expect(thirds[0]!.bins!.length).toBe(2);
		thirds[0]!.bins!.push(99);
		expect((await resolveSliceAttrs(db, 'au"dit', [NUM], { cache, quantiles: 3 }))[0]!.bins!.length).toBe(2);
	});
});

describe('the session reuses slice results while their inputs stay the same', () => {
	const roles: Roles = { label: 'two_year_recid', score: 'decile_score', threshold: 5, protected: ['race', 'sex'], nuisance: ['age'] };
	let session: AuditSession;
	let sql: string[];

	/** A session on COMPAS whose SQL statements are recorded in `sql`. */
	async function compas(): Promise<{ s: AuditSession; log: string[]; close: () => void }> {
		const conn = await NodeDuckDB.open();
		const log: string[] = [];
		for (const m of ['query', 'exec', 'readNumeric'] as const) {
			const orig = conn[m].bind(conn) as (q: string) => Promise<unknown>;
			(conn as unknown as Record<string, (q: string) => Promise<unknown>>)[m] = (q: string) => {
				log.push(q);
				return orig(q);
			};
		}
		const s = new AuditSession(conn);
		await s.load([{ name: 'compas.csv', bytes: readFileSync('static/demo/compas/compas.csv') }]);
		return { s, log, close: () => conn.close() };
	}
	/** The same request on a new session: what an uncached run gives. */
	async function fresh(r: Roles, request: SliceRequest) {
		const { s, close } = await compas();
		try {
			return await s.slices(r, request);
		} finally {
			close();
		}
	}
	const heavy = (log: string[]) => log.filter((q) => /plumb_slice_cube|GROUPING SETS|quantile_cont/.test(q));
	let close: () => void;
	beforeAll(async () => {
		const c = await compas();
		session = c.s;
		sql = c.log;
		close = c.close;
	}, 60_000);
	afterAll(() => close());

	test('the same request runs no aggregate again; a new table reuses discovery and the quantile edges', async () => {
		sql.length = 0;
		const first = await session.slices(roles, { by: ['race'], discover: true });
		expect(heavy(sql).filter((q) => q.includes('quantile_cont')).length).toBe(1);
		sql.length = 0;
		const again = await session.slices(roles, { by: ['race'], discover: true });
		expect(heavy(sql)).toEqual([]);
		expect({ report: again.report, discovery: again.discovery }).toEqual({ report: first.report, discovery: first.discovery });
		sql.length = 0;
		const byAge = await session.slices(roles, { by: ['race', 'age'], discover: true });
		// Age's quartiles come from the cache; only the new table's cube and counts run.
		expect(heavy(sql).some((q) => q.includes('quantile_cont'))).toBe(false);
		expect(heavy(sql).filter((q) => q.includes('GROUPING SETS')).length).toBe(1);
		expect(byAge.discovery).toEqual(first.discovery);
		const uncached = await fresh(roles, { by: ['race', 'age'], discover: true });
		expect({ report: byAge.report, discovery: byAge.discovery }).toEqual({ report: uncached.report, discovery: uncached.discovery });
	}, 60_000);

	test('new bin edges, a new minimum size or new roles compute again, as a fresh session would', async () => {
		const requests: [Roles, SliceRequest][] = [
			[roles, { by: ['age'], discover: true, edges: { age: [30, 50] } }],
			[roles, { by: ['age'], discover: true, edges: { age: [30, 50] }, minSize: 200 }],
			[{ ...roles, threshold: 8 }, { by: ['age'], discover: true, edges: { age: [30, 50] } }],
			[{ ...roles, protected: ['race'] }, { by: ['race'], discover: true }]
		];
		let previous: unknown = null;
		for (const [r, request] of requests) {
			sql.length = 0;
			const got = await session.slices(r, request);
			expect(heavy(sql).length).toBeGreaterThan(0);
			const want = await fresh(r, request);
			expect({ report: got.report, discovery: got.discovery }).toEqual({ report: want.report, discovery: want.discovery });
			expect(got.discovery).not.toEqual(previous);
			previous = got.discovery;
		}
		const ages = (await session.slices(roles, { by: ['age'], edges: { age: [30, 50] } })).report!.tables[0]!.groups.map((g) => g.label);
		expect(ages).toEqual(['< 30', '[30, 50)', '>= 50']);
	}, 120_000);

	test('loading a dataset again forgets what was computed', async () => {
		await session.slices(roles, { by: ['race'], discover: true });
		await session.load([{ name: 'compas.csv', bytes: readFileSync('static/demo/compas/compas.csv') }]);
		sql.length = 0;
		await session.slices(roles, { by: ['race'], discover: true });
		expect(heavy(sql).length).toBeGreaterThan(0);
	}, 60_000);
});
