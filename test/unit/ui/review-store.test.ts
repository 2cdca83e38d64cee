import 'fake-indexeddb/auto';
import { IDBDatabase as FakeIDBDatabase, IDBFactory, IDBObjectStore as FakeIDBObjectStore, forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Decision, DecisionKind } from '../../../src/lib/review/decisions';
import {
	DB_NAME,
	ReviewStoreError,
	checksumOf,
	inspectSaved,
	memoryDecisionStore,
	openDecisionStore,
	toStoreError,
	type DecisionStore
} from '../../../src/lib/review/store';

const T = 1_714_560_000_000;
const FP = 'a3f9c2e1b4d5';
const OTHER = '77e0aa19c3b2';
const d = (row: number, kind: DecisionKind, label: string | null, at = T + row): Decision => ({ row, kind, label, at });

/** A fresh, empty IndexedDB per test (no state shared between tests). */
const freshFactory = (): IDBFactory => new IDBFactory();

/** Opens the store and fails the test if it fell back to memory. */
async function open(factory: IDBFactory): Promise<DecisionStore> {
	const store = await openDecisionStore({ factory });
	expect(store.backend, store.notice ?? '').toBe('indexeddb');
	return store;
}

/** Runs `body` on the raw database, as damage from outside Plumb would. */
async function raw(factory: IDBFactory, body: (tx: IDBTransaction) => void): Promise<void> {
	const db = await new Promise<IDBDatabase>((resolve, reject) => {
		const req = factory.open(DB_NAME);
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
	await new Promise<void>((resolve, reject) => {
		const tx = db.transaction(['decisions', 'meta'], 'readwrite');
		body(tx);
		tx.oncomplete = () => resolve();
		tx.onabort = () => reject(tx.error);
	});
	db.close();
}

/** Reads one record on the raw database. */
async function rawGet(factory: IDBFactory, store: 'decisions' | 'meta', key: IDBValidKey): Promise<unknown> {
	let value: unknown;
	await raw(factory, (tx) => {
		const req = tx.objectStore(store).get(key);
		req.onsuccess = () => (value = req.result);
	});
	return value;
}

const stores: DecisionStore[] = [];
afterEach(() => {
	for (const s of stores.splice(0)) s.close();
	vi.unstubAllGlobals();
});

describe('saving and restoring', () => {
	test('put then all; a later put on the same row replaces it', async () => {
		const store = await open(freshFactory());
		stores.push(store);
		await store.put(FP, d(4, 'relabel', 'dog'), 'pets.csv');
		await store.put(FP, d(1, 'keep', 'cat'));
		await store.put(FP, d(4, 'accept', 'bird'));
		const saved = await store.all(FP);
		expect([...saved]).toEqual([d(1, 'keep', 'cat'), d(4, 'accept', 'bird')]);
		expect(saved.problems).toEqual([]);
		expect(saved.meta).toMatchObject({ fingerprint: FP, datasetName: 'pets.csv', count: 2, schemaVersion: 1 });
	});

	test('the default factory is the indexedDB global (fake-indexeddb/auto)', async () => {
		const store = await openDecisionStore();
		stores.push(store);
		expect(store.backend).toBe('indexeddb');
		await store.put('global-fp', d(0, 'exclude', null));
		expect((await store.all('global-fp')).length).toBe(1);
		await store.clear('global-fp');
	});

	test('a put is committed when it resolves: another connection sees it at once', async () => {
		const factory = freshFactory();
		const writer = await open(factory);
		const reader = await open(factory);
		stores.push(writer, reader);
		await writer.put(FP, d(2, 'unsure', null));
		expect([...(await reader.all(FP))]).toEqual([d(2, 'unsure', null)]);
	});

	test('a put resolves only after its transaction committed, with strict durability; an abort rejects it', async () => {
		const store = await open(freshFactory());
		stores.push(store);
		const original = FakeIDBDatabase.prototype.transaction;
		const created: { tx: IDBTransaction; completed: boolean }[] = [];
		vi.spyOn(FakeIDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
			const entry = { tx: original.apply(this, args), completed: false };
			entry.tx.addEventListener('complete', () => (entry.completed = true));
			created.push(entry);
			return entry.tx;
		});
		try {
			await store.put(FP, d(0, 'keep', 'cat'));
			expect(created.map((c) => [c.tx.mode, c.tx.durability, c.completed])).toEqual([['readwrite', 'strict', true]]);

			// The browser aborts the next write's transaction before it commits (as on a full disk).
			const pending = store.put(FP, d(1, 'keep', 'cat'));
			created[1]?.tx.abort();
			await expect(pending).rejects.toBeInstanceOf(ReviewStoreError);
			expect((await store.all(FP)).map((x) => x.row)).toEqual([0]);

			// ... or after every write succeeded, before the commit: still a rejection, nothing saved.
			const put = FakeIDBObjectStore.prototype.put;
			vi.spyOn(FakeIDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
				const req = put.apply(this, args);
				if (this.name === 'meta') req.addEventListener('success', () => this.transaction.abort());
				return req;
			});
			await expect(store.put(FP, d(3, 'keep', 'cat'))).rejects.toBeInstanceOf(ReviewStoreError);
			vi.mocked(FakeIDBObjectStore.prototype.put).mockRestore();
			expect((await store.all(FP)).map((x) => x.row)).toEqual([0]);

			// The browser closes the connection (site data cleared in DevTools).
			// (fake-indexeddb types the argument as the class, not an instance)
			forceCloseDatabase(created[0]?.tx.db as unknown as Parameters<typeof forceCloseDatabase>[0]);
			await new Promise((resolve) => setTimeout(resolve, 10));
			await expect(store.put(FP, d(2, 'keep', 'cat'))).rejects.toMatchObject({ code: 'closed', message: expect.stringContaining('site data cleared') });
		} finally {
			vi.restoreAllMocks();
		}
	});

	test('decisions survive closing and reopening the database', async () => {
		const factory = freshFactory();
		const first = await open(factory);
		await first.putMany(FP, [d(0, 'keep', 'cat'), d(7, 'relabel', 'dog')], 'pets.csv');
		first.close();
		await expect(first.put(FP, d(9, 'keep', 'cat'))).rejects.toMatchObject({ code: 'closed' });

		const second = await open(factory);
		stores.push(second);
		const saved = await second.all(FP);
		expect([...saved]).toEqual([d(0, 'keep', 'cat'), d(7, 'relabel', 'dog')]);
		expect(saved.problems).toEqual([]);
	});

	test('fingerprints are isolated; clear removes one dataset only', async () => {
		const store = await open(freshFactory());
		stores.push(store);
		await store.putMany(FP, [d(0, 'keep', 'cat'), d(1, 'exclude', null)], 'pets.csv');
		await store.put(OTHER, d(0, 'relabel', 'dog'), 'other.parquet');
		expect((await store.all(FP)).length).toBe(2);
		expect([...(await store.all(OTHER))]).toEqual([d(0, 'relabel', 'dog')]);

		const listed = await store.datasets();
		expect(listed.map((x) => [x.fingerprint, x.datasetName, x.count]).sort()).toEqual([
			[OTHER, 'other.parquet', 1],
			[FP, 'pets.csv', 2]
		].sort());

		await store.clear(FP);
		const cleared = await store.all(FP);
		expect([...cleared]).toEqual([]);
		expect([cleared.problems, cleared.meta]).toEqual([[], null]);
		expect((await store.all(OTHER)).length).toBe(1);
		expect((await store.datasets()).map((x) => x.fingerprint)).toEqual([OTHER]);
	});

	test('delete removes one row and keeps count and checksum right', async () => {
		const factory = freshFactory();
		const store = await open(factory);
		stores.push(store);
		await store.putMany(FP, [d(0, 'keep', 'cat'), d(1, 'exclude', null), d(2, 'accept', 'dog')]);
		await store.delete(FP, 1);
		await store.delete(FP, 99); // nothing there: no change
		const saved = await store.all(FP);
		expect(saved.map((x) => x.row)).toEqual([0, 2]);
		expect(saved.problems).toEqual([]);
		const meta = (await rawGet(factory, 'meta', FP)) as { count: number; checksum: string };
		expect(meta.count).toBe(2);
		expect(meta.checksum).toBe(checksumOf([
			{ row: 0, kind: 'keep', label: 'cat', at: T },
			{ row: 2, kind: 'accept', label: 'dog', at: T + 2 }
		]));
	});

	test('putMany: one transaction, the last decision per row wins', async () => {
		const store = await open(freshFactory());
		stores.push(store);
		await store.putMany(FP, [d(3, 'keep', 'cat'), d(3, 'relabel', 'dog'), d(5, 'unsure', null)]);
		const saved = await store.all(FP);
		expect([...saved]).toEqual([d(3, 'relabel', 'dog'), d(5, 'unsure', null)]);
		expect(saved.meta?.count).toBe(2);
	});

	test('invalid decisions are refused before anything is written', async () => {
		const store = await open(freshFactory());
		stores.push(store);
		await expect(store.put(FP, d(0, 'relabel', null))).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('needs a class label') });
		await expect(store.putMany(FP, [d(0, 'keep', 'cat'), { ...d(1, 'keep', 'cat'), row: -2 }])).rejects.toBeInstanceOf(ReviewStoreError);
		await expect(store.put('', d(0, 'keep', 'cat'))).rejects.toMatchObject({ code: 'invalid' });
		expect((await store.all(FP)).length).toBe(0);
	});
});

describe('damage is reported, valid records still returned', () => {
	test('malformed records: how many and which rows; they stay stored until cleared', async () => {
		const factory = freshFactory();
		const store = await open(factory);
		stores.push(store);
		await store.putMany(FP, [d(0, 'keep', 'cat'), d(1, 'relabel', 'dog'), d(2, 'exclude', null)], 'pets.csv');
		await raw(factory, (tx) => {
			const s = tx.objectStore('decisions');
			s.put({ fingerprint: FP, row: 1, kind: 'maybe', label: null, at: T });
			s.put({ fingerprint: FP, row: 2, kind: 'relabel', label: null, at: T });
		});
		const saved = await store.all(FP);
		expect([...saved]).toEqual([d(0, 'keep', 'cat')]);
		expect(saved.problems).toHaveLength(1);
		expect(saved.problems[0]).toMatch(/^2 saved decisions for "pets.csv" are damaged .*rows 1 and 2; unknown decision "maybe"/);
		expect(saved.problems[0]).toContain('kept in storage, not deleted');

		// Still there on the next read (never silently dropped) ...
		expect((await store.all(FP)).problems).toHaveLength(1);
		// ... until the dataset is cleared, which removes them too.
		await store.clear(FP);
		expect((await store.all(FP)).problems).toEqual([]);
		expect(await rawGet(factory, 'decisions', [FP, 1])).toBeUndefined();
	});

	test('count mismatch: "12 decisions were expected, 10 were found"', async () => {
		const factory = freshFactory();
		const store = await open(factory);
		stores.push(store);
		await store.putMany(FP, Array.from({ length: 12 }, (_, i) => d(i, 'keep', 'cat')), 'pets.csv');
		await raw(factory, (tx) => {
			tx.objectStore('decisions').delete([FP, 3]);
			tx.objectStore('decisions').delete([FP, 8]);
		});
		const saved = await store.all(FP);
		expect(saved.length).toBe(10);
		expect(saved.problems).toEqual([
			'The saved review work for "pets.csv" looks damaged: 12 decisions were expected, 10 were found. Export what is left as CSV, and review the missing rows again.'
		]);
		// Writing on goes on from the recorded count (the damage stays visible) until the meta is rebuilt.
		await store.put(FP, d(20, 'keep', 'cat'));
		expect((await store.all(FP)).problems[0]).toContain('13 decisions were expected, 11 were found');
		await store.rebuildMeta(FP);
		const repaired = await store.all(FP);
		expect([repaired.length, repaired.problems, repaired.meta?.datasetName]).toEqual([11, [], 'pets.csv']);
	});

	test('a record changed outside Plumb fails the checksum', async () => {
		const factory = freshFactory();
		const store = await open(factory);
		stores.push(store);
		await store.putMany(FP, [d(0, 'keep', 'cat'), d(1, 'relabel', 'dog')]);
		await raw(factory, (tx) => void tx.objectStore('decisions').put({ fingerprint: FP, row: 1, kind: 'relabel', label: 'bird', at: T + 1 }));
		const saved = await store.all(FP);
		expect(saved.length).toBe(2);
		expect(saved.problems).toHaveLength(1);
		expect(saved.problems[0]).toContain('do not match their checksum');
	});

	test('a missing or unreadable summary record is reported', async () => {
		const factory = freshFactory();
		const store = await open(factory);
		stores.push(store);
		await store.putMany(FP, [d(0, 'keep', 'cat')]);
		await raw(factory, (tx) => void tx.objectStore('meta').delete(FP));
		expect((await store.all(FP)).problems[0]).toContain('summary record is missing');
		await raw(factory, (tx) => void tx.objectStore('meta').put({ fingerprint: FP, count: 'one' }));
		const saved = await store.all(FP);
		expect(saved.problems[0]).toContain('summary record is unreadable');
		expect(saved.length).toBe(1);
	});

	test('inspectSaved (pure): newer format and long row lists', () => {
		const records = Array.from({ length: 14 }, (_, i) => ({ fingerprint: FP, row: i, kind: 'nope', label: null, at: T }));
		const meta = { fingerprint: FP, datasetName: null, count: 14, checksum: checksumOf(records), updatedAt: T, schemaVersion: 2 };
		const out = inspectSaved(FP, records, meta);
		expect(out.length).toBe(0);
		expect(out.problems[0]).toContain('14 saved decisions for the dataset a3f9c2e1b4d5');
		expect(out.problems[0]).toContain('rows 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 4 more');
		expect(out.problems[1]).toContain('newer version of Plumb (format 2');
	});
});

describe('when IndexedDB cannot be used, a memory store says so', () => {
	test('no indexedDB global (private mode): memory store with a notice, still usable', async () => {
		vi.stubGlobal('indexedDB', undefined);
		const store = await openDecisionStore();
		expect(store.backend).toBe('memory');
		expect(store.notice).toContain('kept in memory only');
		expect(store.notice).toContain('private browsing');
		await store.put(FP, d(1, 'relabel', 'dog'), 'pets.csv');
		await store.put(OTHER, d(1, 'keep', 'cat'));
		expect([...(await store.all(FP))]).toEqual([d(1, 'relabel', 'dog')]);
		expect((await store.datasets()).map((x) => [x.fingerprint, x.count]).sort()).toEqual([[FP, 1], [OTHER, 1]].sort());
		await store.clear(FP);
		expect((await store.all(FP)).length).toBe(0);
		await expect(store.put(FP, d(0, 'accept', null))).rejects.toMatchObject({ code: 'invalid' });
	});

	test('factory: null, or reading the global throws', async () => {
		expect((await openDecisionStore({ factory: null })).backend).toBe('memory');
		Object.defineProperty(globalThis, 'indexedDB', {
			configurable: true,
			get() {
				throw new DOMException('denied', 'SecurityError');
			}
		});
		try {
			const store = await openDecisionStore();
			expect(store.backend).toBe('memory');
			expect(store.notice).toContain('does not allow this page to use its storage');
		} finally {
			delete (globalThis as { indexedDB?: unknown }).indexedDB;
			const { indexedDB } = await import('fake-indexeddb');
			(globalThis as { indexedDB?: unknown }).indexedDB = indexedDB;
		}
	});

	test('a newer database on disk (VersionError) falls back and says why', async () => {
		const factory = freshFactory();
		await new Promise<void>((resolve, reject) => {
			const req = factory.open(DB_NAME, 7);
			req.onsuccess = () => {
				req.result.close();
				resolve();
			};
			req.onerror = () => reject(req.error);
		});
		const store = await openDecisionStore({ factory });
		expect(store.backend).toBe('memory');
		expect(store.notice).toContain('newer version of Plumb');
	});

	test('an open blocked by another tab, or one that never answers, falls back', async () => {
		const blocking = {
			open() {
				const req = {} as IDBOpenDBRequest;
				setTimeout(() => req.onblocked?.(new Event('blocked') as IDBVersionChangeEvent), 0);
				return req;
			}
		} as unknown as IDBFactory;
		const blocked = await openDecisionStore({ factory: blocking });
		expect(blocked.backend).toBe('memory');
		expect(blocked.notice).toContain('open in another tab');

		const silent = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
		const timedOut = await openDecisionStore({ factory: silent, timeoutMs: 20 });
		expect(timedOut.backend).toBe('memory');
		expect(timedOut.notice).toContain('did not open');

		const throwing = {
			open() {
				throw new DOMException('no', 'InvalidStateError');
			}
		} as unknown as IDBFactory;
		expect((await openDecisionStore({ factory: throwing })).notice).toContain('private browsing');
	});

	test('another tab deleting or upgrading the database closes this store with a clear error', async () => {
		const factory = freshFactory();
		const store = await open(factory);
		await store.put(FP, d(0, 'keep', 'cat'));
		await new Promise<void>((resolve) => {
			const req = factory.deleteDatabase(DB_NAME);
			req.onsuccess = () => resolve();
		});
		await expect(store.put(FP, d(1, 'keep', 'cat'))).rejects.toMatchObject({ code: 'closed', message: expect.stringContaining('Reload the page') });
	});

	test('browser errors become messages for the user', () => {
		const quota = toStoreError(new DOMException('full', 'QuotaExceededError'), 'save the review decision');
		expect([quota.code, quota.message]).toEqual(['quota', expect.stringContaining('storage for this site is full, so Plumb could not save the review decision')]);
		expect(toStoreError(new DOMException('x', 'VersionError'), 'open').code).toBe('version');
		expect(toStoreError(new Error('disk on fire'), 'open the browser storage').message).toContain(': disk on fire');
		expect(memoryDecisionStore('why').notice).toBe('why');
	});
});
