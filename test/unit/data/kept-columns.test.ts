/**
 * Numeric columns kept from the load path (data/kept-columns.ts): the values
 * equal what DuckDB returns for `CAST(column AS DOUBLE)` on the table created
 * from the same Arrow, and drift computed from them equals drift read out of
 * DuckDB, for two tables and for a split of one.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Table, Float32, Int64, Uint8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { asFloat64, KeptColumnStore, keepNumericColumns, rowsWithFlag, type KeptTable } from '../../../src/lib/data/kept-columns';
import { float64Vector, int32Vector, utf8Vector, boolVector } from '../../../src/lib/data/load/arrow-vectors';
import { AuditSession, REFERENCE_TABLE } from '../../../src/lib/data/session';
import { DATASET_TABLE } from '../../../src/lib/data/dataset';
import { computeDrift, driftSides, type DriftReport } from '../../../src/lib/data/drift';
import { runLabelIssues, type LabelIssueReport } from '../../../src/lib/data/label-issues';
import { sampleExtent } from '../../../src/lib/core/stats/index';
import { ident } from '../../../src/lib/data/sql/quote';
import { rng } from '../../../bench/synthetic';

/** A validity bitmap with NULL where `isNull`. */
function bitmap(n: number, isNull: (i: number) => boolean): { nullBitmap: Uint8Array; nullCount: number } {
	const nullBitmap = new Uint8Array(Math.ceil(n / 8));
	let nullCount = 0;
	for (let i = 0; i < n; i++) {
		if (isNull(i)) nullCount++;
		else nullBitmap[i >> 3]! |= 1 << (i & 7);
	}
	return { nullBitmap, nullCount };
}

function int64Vector(values: bigint[], nulls: number[] = []): Vector<Int64> {
	return makeVector(makeData({ type: new Int64(), length: values.length, data: BigInt64Array.from(values), ...bitmap(values.length, (i) => nulls.includes(i)) }));
}

function float32Vector(values: number[], nulls: number[] = []): Vector<Float32> {
	return makeVector(makeData({ type: new Float32(), length: values.length, data: Float32Array.from(values), ...bitmap(values.length, (i) => nulls.includes(i)) }));
}

function uint8Vector(values: number[]): Vector<Uint8> {
	return makeVector(makeData({ type: new Uint8(), length: values.length, data: Uint8Array.from(values) }));
}

/** Every column of `kept` against DuckDB's `CAST(col AS DOUBLE)` of `table`, in row order (NaN for NULL). */
async function expectSameAsDuckDB(db: NodeDuckDB, table: string, kept: KeptTable) {
	for (const [name, column] of kept.columns) {
		const read = await db.readNumeric(`SELECT CAST(${ident(name)} AS DOUBLE) AS v FROM ${ident(table)} ORDER BY rowid`);
		expect(Array.from(asFloat64(column.values)), name).toEqual(Array.from(read.v!));
		expect(column.extent, name).toEqual(sampleExtent(read.v!));
	}
}

describe('keepNumericColumns', () => {
	let db: NodeDuckDB;
	beforeAll(async () => {
		db = await NodeDuckDB.open();
	});
	afterAll(() => db.close());

	test('every numeric Arrow type kept exactly as DuckDB reads it back, in the narrowest exact array; text and booleans not kept', async () => {
		const big = [2n ** 53n + 1n, -(2n ** 62n) + 3n, 7n, -1n, 0n];
		const table = new Table({
			big: int64Vector(big),
			small64: int64Vector([1n, -2n, 3n, 2147483647n, -2147483648n]),
			null64: int64Vector([1n, 2n, 3n, 4n, 5n], [2]),
			i32: int32Vector([1, null, -5, 7, 2147483647]),
			i32full: int32Vector([1, 2, 3, 4, 5]),
			u8: uint8Vector([0, 255, 7, 1, 2]),
			f32: float32Vector([0.1, NaN, -1.5, 3.25, 1e30], [4]),
			f64: float64Vector([0.1, null, -0, 1e-300, Number.MAX_VALUE]),
			text: utf8Vector(['a', 'b', null, 'c', 'd']),
			flag: boolVector([true, false, null, true, true])
		});
		const ipc = tableToIPC(table, 'stream');
		const kept = keepNumericColumns(ipc, 1 << 20);
		await db.createFromArrow('t', ipc);
		expect([...kept.columns.keys()]).toEqual(['big', 'small64', 'null64', 'i32', 'i32full', 'u8', 'f32', 'f64']);
		const type = (c: string) => kept.columns.get(c)!.values.constructor.name;
		expect([type('big'), type('small64'), type('null64'), type('i32'), type('i32full'), type('u8'), type('f32'), type('f64')]).toEqual([
			'Float64Array',
			'Int32Array',
			'Float64Array',
			'Float64Array',
			'Int32Array',
			'Uint8Array',
			'Float32Array',
			'Float64Array'
		]);
		expect(Array.from(kept.columns.get('big')!.values)).toEqual(big.map(Number));
		expect(kept.bytes).toBe([...kept.columns.values()].reduce((t, c) => t + c.values.byteLength, 0));
		await expectSameAsDuckDB(db, 't', kept);
	});

	test('a table of several record batches is kept whole, in row order', async () => {
		const a = new Table({ x: float64Vector([1, 2, null]), n: int64Vector([10n, 20n, 30n]) });
		const b = new Table({ x: float64Vector([4, 5]), n: int64Vector([40n, 50n], [1]) });
		const table = a.concat(b);
		expect(table.batches.length).toBe(2);
		const ipc = tableToIPC(table, 'stream');
		const kept = keepNumericColumns(ipc, 1 << 20);
		await db.createFromArrow('batches', ipc);
		expect(kept.rows).toBe(5);
		expect(Array.from(kept.columns.get('x')!.values)).toEqual([1, 2, NaN, 4, 5]);
		expect(Array.from(kept.columns.get('n')!.values)).toEqual([10, 20, 30, 40, NaN]);
		await expectSameAsDuckDB(db, 'batches', kept);
	});

	test('names two columns share, in any case, are not kept (DuckDB compares names without case)', () => {
		const a = float64Vector([1, 2]);
		const b = float64Vector([3, 4]);
		const table = new Table({ x: a, X: b, y: float64Vector([5, 6]) });
		expect([...keepNumericColumns(table, 1 << 20).columns.keys()]).toEqual(['y']);
	});

	test('within the budget: columns kept in order until it is spent, the rest listed', () => {
		const n = 1000;
		const table = new Table({ a: float64Vector(Array.from({ length: n }, (_, i) => i)), b: float64Vector(Array.from({ length: n }, (_, i) => -i)), c: float64Vector(Array.from({ length: n }, () => 1)) });
		const kept = keepNumericColumns(table, 2 * n * 8);
		expect([...kept.columns.keys()]).toEqual(['a', 'b']);
		expect(kept.dropped).toEqual(['c']);
		expect(keepNumericColumns(table, 0).columns.size).toBe(0);
	});

	test('the store shares one budget between tables; a table loaded again replaces its columns', () => {
		const store = new KeptColumnStore(10_000);
		const t = (bytes: number): KeptTable => ({ rows: 1, columns: new Map([['x', { values: new Float64Array(bytes / 8), extent: sampleExtent(new Float64Array(bytes / 8)) }]]), bytes, dropped: [] });
		store.set('a', t(4000));
		expect(store.budgetFor('b')).toBe(6000);
		expect(store.budgetFor('a')).toBe(10_000);
		store.set('b', t(6000));
		expect(store.bytes).toBe(10_000);
		store.set('a', t(800));
		expect(store.bytes).toBe(6800);
		store.set('b', null);
		expect(store.get('b')).toBeUndefined();
		expect(store.budgetFor('b')).toBe(9200);
	});

	test('columns read back out of DuckDB are held within the budget, never over a kept one, and dropped when the table is loaded again', () => {
		const store = new KeptColumnStore(10_000);
		store.set('a', keepNumericColumns(new Table({ k: float64Vector([1, 2, 3]) }), 1 << 20));
		const a = store.wholeTable('a');
		expect(a.remember!('k', new Float64Array(3))).toBeNull();
		expect(a.remember!('x', Float64Array.from([3, NaN, -1]))).toEqual({ n: 2, sum: 2, lo: -1, hi: 3 });
		expect(a.has('x') && a.has('k') && !a.has('y')).toBe(true);
		expect(Array.from(a.get('x').values)).toEqual([3, NaN, -1]);
		expect(store.bytes).toBe(48);
		const b = store.wholeTable('b');
		expect(b.remember!('big', new Float64Array(1240))).not.toBeNull();
		expect(b.remember!('more', new Float64Array(8))).toBeNull();
		expect(store.bytes).toBe(48 + 9920);
		store.set('a', null);
		expect(store.wholeTable('a').has('x')).toBe(false);
		expect(store.bytes).toBe(9920);
		store.delete('b');
		expect(store.bytes).toBe(0);
	});

	test('sides of a split: the rows flagged with a bit, with their extent; the whole table shares its arrays', () => {
		const kept = keepNumericColumns(new Table({ x: float64Vector([5, null, 2, 8, 1]), k: int32Vector([1, 2, 3, 4, 5]) }), 1 << 20);
		const flags = [1, 2, 3, 0, 1];
		const ref = rowsWithFlag(kept, flags, 1);
		const cur = rowsWithFlag(kept, flags, 2);
		expect(Array.from(ref.get('x').values)).toEqual([5, 2, 1]);
		expect(ref.get('x').extent).toEqual({ n: 3, sum: 8, lo: 1, hi: 5 });
		expect(Array.from(cur.get('x').values)).toEqual([NaN, 2]);
		expect(cur.get('x').extent).toEqual({ n: 1, sum: 2, lo: 2, hi: 2 });
		expect(Array.from(cur.get('k').values)).toEqual([2, 3]);
		expect(ref.has('x') && !ref.has('nope')).toBe(true);
		const store = new KeptColumnStore();
		store.set('t', kept);
		expect(store.wholeTable('t').get('x').values).toBe(kept.columns.get('x')!.values);
		expect(() => rowsWithFlag(kept, [1, 2], 1)).toThrow(/2 flags for 5 rows/);
	});
});

/** A synthetic table of `n` rows as an Arrow IPC file: normal, integer, BIGINT, uniform, a category and a year. */
function syntheticArrow(n: number, seed: number, shift: number): Uint8Array {
	const r = rng(seed);
	const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
	const x = Array.from({ length: n }, () => (r() < 0.03 ? null : 10 + 3 * normal() + shift));
	const k = Array.from({ length: n }, () => Math.floor(r() * r() * 9));
	const big = Array.from({ length: n }, () => BigInt(Math.round(1e6 * normal())));
	const w = Array.from({ length: n }, () => r() * (1 + shift));
	const g = Array.from({ length: n }, () => ['a', 'b', 'c'][Math.floor(r() * r() * 3)]!);
	const year = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 2014 : 2013));
	return tableToIPC(new Table({ x: float64Vector(x), k: int32Vector(k), big: int64Vector(big), w: float64Vector(w), g: utf8Vector(g), year: int32Vector(year) }), 'file');
}

/** A report without its timings (which differ run to run). */
const withoutTimings = (r: DriftReport) => ({ ...r, timings: undefined });

describe('drift from kept columns equals drift read out of DuckDB', () => {
	let db: NodeDuckDB;
	let s: AuditSession;
	const roles = { protected: [], nuisance: [] };
	beforeAll(async () => {
		db = await NodeDuckDB.open();
		s = new AuditSession(db);
		// 120,000 rows a side: large enough for the binned Wasserstein path (100,000 on both sides)
		await s.load([{ name: 'current.arrow', bytes: syntheticArrow(120_000, 2, 0.4) }]);
		await s.loadReference([{ name: 'reference.arrow', bytes: syntheticArrow(120_000, 1, 0) }]);
	});
	afterAll(() => db.close());

	test('the load kept the numeric columns of both tables', () => {
		for (const table of [DATASET_TABLE, REFERENCE_TABLE]) expect([...s.kept.get(table)!.columns.keys()]).toEqual(['x', 'k', 'big', 'w', 'year']);
	});

	test('two tables: the same report, every route (binned, value counts, sorted with a KS override), and the kept arrays unchanged after', async () => {
		const overrides = { w: { test: 'ks' as const } };
		const before = Array.from(s.kept.get(DATASET_TABLE)!.columns.get('w')!.values.subarray(0, 1000));
		const fromMemory = await s.drift({ kind: 'reference', overrides }, roles);
		const t = fromMemory.timings!;
		expect(t.inMemoryColumns).toBe(5);
		expect(t.binnedColumns).toBeGreaterThan(0);
		expect(t.countsColumns).toBeGreaterThan(0);
		expect(t.exactColumns).toBeGreaterThan(0);
		const read = await computeDrift(db, { ...driftSides({ kind: 'tables', reference: REFERENCE_TABLE, current: DATASET_TABLE, referenceLabel: 'reference.arrow', currentLabel: 'current.arrow' }), overrides, roles: {} });
		expect(read.timings!.inMemoryColumns).toBe(0);
		expect(withoutTimings(fromMemory)).toEqual(withoutTimings(read));
		// the KS test sorted a copy, not the kept column
		expect(Array.from(s.kept.get(DATASET_TABLE)!.columns.get('w')!.values.subarray(0, 1000))).toEqual(before);
		expect(withoutTimings(await s.drift({ kind: 'reference', overrides }, roles))).toEqual(withoutTimings(fromMemory));
	});

	test('a split of one table by values: the rows of each side taken from memory, the same report', async () => {
		const fromMemory = await s.drift({ kind: 'values', column: 'year', reference: ['2013'], current: ['2014'] }, roles);
		expect(fromMemory.timings!.inMemoryColumns).toBe(4);
		expect(fromMemory.reference.rows).toBe(80_000);
		const read = await computeDrift(db, { ...driftSides({ kind: 'values', table: DATASET_TABLE, column: 'year', reference: ['2013'], current: ['2014'] }), roles: {} });
		expect(withoutTimings(fromMemory)).toEqual(withoutTimings(read));
	});
});

describe('tables loaded from CSV: drift reads their numeric columns out of DuckDB once', () => {
	test('the second comparison takes them from memory with the same report; a split still reads them', async () => {
		const db = await NodeDuckDB.open();
		try {
			const make = new AuditSession(db);
			await make.load([{ name: 'a.arrow', bytes: syntheticArrow(30_000, 4, 0.3) }]);
			const currentCsv = await db.exportCsv(`SELECT * FROM ${DATASET_TABLE}`);
			await make.load([{ name: 'b.arrow', bytes: syntheticArrow(30_000, 5, 0) }]);
			const referenceCsv = await db.exportCsv(`SELECT * FROM ${DATASET_TABLE}`);
			const s = new AuditSession(db);
			await s.load([{ name: 'current.csv', bytes: currentCsv }]);
			await s.loadReference([{ name: 'reference.csv', bytes: referenceCsv }]);
			expect(s.kept.bytes).toBe(0);
			const roles = { protected: [], nuisance: [] };
			const first = await s.drift({ kind: 'reference' }, roles);
			expect(first.timings!.inMemoryColumns).toBe(0);
			expect(s.kept.bytes).toBe(2 * 5 * 30_000 * 8);
			const second = await s.drift({ kind: 'reference', overrides: {} }, roles);
			expect(second.timings!.inMemoryColumns).toBe(5);
			expect(withoutTimings(second)).toEqual(withoutTimings(first));
			// the held columns are in no particular order: a split reads out of DuckDB
			const split = await s.drift({ kind: 'values', column: 'year', reference: ['2013'], current: ['2014'] }, roles);
			expect(split.timings!.inMemoryColumns).toBe(0);
			// loading the reference again lets its columns go
			await s.loadReference([{ name: 'reference.csv', bytes: referenceCsv }]);
			expect(s.kept.bytes).toBe(5 * 30_000 * 8);
		} finally {
			db.close();
		}
	});
});

describe('confident learning takes the probability columns kept from the load path', () => {
	test('no probability is read out of DuckDB, and the label issues equal those from the columns read out of DuckDB', async () => {
		const db = await NodeDuckDB.open();
		try {
			const reads: string[] = [];
			const readNumeric = db.readNumeric.bind(db);
			db.readNumeric = (sql: string) => {
				reads.push(sql);
				return readNumeric(sql);
			};
			const s = new AuditSession(db);
			// 3 classes, 2,000 rows; every 7th label flipped to the next class
			const r = rng(3);
			const n = 2000;
			const label = Array.from({ length: n }, (_, i) => i % 3);
			const own = label.map(() => 0.5 + 0.4 * r());
			const p = [0, 1, 2].map((j) => label.map((y, i) => (j === y ? own[i]! : (1 - own[i]!) / 2)));
			const given = label.map((y, i) => (i % 7 === 0 ? (y + 1) % 3 : y));
			const arrow = tableToIPC(new Table({ label: int32Vector(given), p_0: float64Vector(p[0]!), p_1: float64Vector(p[1]!), p_2: float64Vector(p[2]!) }), 'file');
			await s.load([{ name: 'probs.arrow', bytes: arrow }]);
			const roles = { protected: [], nuisance: [], label: 'label', predProbs: ['p_0', 'p_1', 'p_2'] };
			reads.length = 0;
			const fromMemory = await s.labelIssues(roles);
			expect(reads.filter((q) => q.includes('p_0'))).toEqual([]);
			const read = (await runLabelIssues(db, roles, 'INTEGER', null, {}, null)).report;
			expect(reads.filter((q) => q.includes('p_0')).length).toBe(1);
			const same = (x: LabelIssueReport) => ({ ...x, timings: undefined });
			expect(same(fromMemory)).toEqual(same(read));
			expect(fromMemory.numIssues).toBeGreaterThan(100);
		} finally {
			db.close();
		}
	});
});
