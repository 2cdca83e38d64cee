/**
 * The IndexedDB-backed decision store: one object store of decisions keyed by
 * (fingerprint, row), one of per-dataset meta records; every write updates
 * count and checksum in the same durable transaction.
 */
import type { Decision } from './decisions';
import type { DecisionStore } from './store';
import { ReviewStoreError, toStoreError } from './store-errors';
import { checkInput, checksumOf, inspectSaved, newMeta, parseMeta, toRecord, updateChecksum, type DatasetMeta, type LoadedDecisions, type SavedDataset } from './saved-records';

/** IndexedDB schema version; bump it and add a step to `upgrade` to migrate. */
export const DB_VERSION = 1;
const DECISIONS = 'decisions';
const META = 'meta';
const BY_FINGERPRINT = 'fingerprint';

/** Opens (creating or upgrading) the database; rejects on error, block or timeout. */
export function openDatabase(factory: IDBFactory, name: string, timeoutMs: number): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		let settled = false;
		const fail = (e: unknown): void => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			reject(e);
		};
		const timer = setTimeout(
			() => fail(new ReviewStoreError('timeout', `The browser storage did not open within ${Math.round(timeoutMs / 1000)} s (this happens in some private browsing modes).`)),
			timeoutMs
		);
		let request: IDBOpenDBRequest;
		try {
			request = factory.open(name, DB_VERSION);
		} catch (e) {
			fail(e);
			return;
		}
		request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
		request.onsuccess = () => {
			const db = request.result;
			// Opened after a block or timeout was already reported: let the other tab go on.
			if (settled) return db.close();
			settled = true;
			clearTimeout(timer);
			resolve(db);
		};
		request.onerror = (event) => {
			event.preventDefault();
			fail(request.error);
		};
		request.onblocked = () =>
			fail(new ReviewStoreError('blocked', 'Plumb is open in another tab that holds an older version of its storage. Close the other Plumb tabs and reload this one to save review work.'));
	});
}

/** Creates or migrates the object stores from `oldVersion` to DB_VERSION. */
function upgrade(db: IDBDatabase, oldVersion: number): void {
	if (oldVersion < 1) {
		const decisions = db.createObjectStore(DECISIONS, { keyPath: ['fingerprint', 'row'] });
		decisions.createIndex(BY_FINGERPRINT, 'fingerprint', { unique: false });
		db.createObjectStore(META, { keyPath: 'fingerprint' });
	}
	// Later versions: `if (oldVersion < 2) { ... }`, each step migrating the previous one.
}

/** A request's result as a promise. */
function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

/** Resolves when the transaction commits (durably for 'strict'), rejects when it aborts. */
function transactionDone(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
		tx.onerror = (event) => event.preventDefault(); // onabort follows, with the cause in tx.error
	});
}

/** Changes to one dataset: rows to put (with their new decision) or delete (null). */
type Change = { row: number; decision: Decision | null };

/** The IndexedDB-backed store. */
export class IdbDecisionStore implements DecisionStore {
	readonly backend = 'indexeddb' as const;
	readonly notice = null;
	#db: IDBDatabase;
	/** Set when the browser or another tab closed the connection. */
	#closed: string | null = null;

	constructor(db: IDBDatabase) {
		this.#db = db;
		db.onversionchange = () => {
			db.close();
			this.#closed = 'Another tab upgraded Plumb\u2019s storage, so this tab can no longer save review decisions. Reload the page (your saved decisions are kept).';
		};
		db.onclose = () => {
			this.#closed = 'The browser closed Plumb\u2019s storage (was the site data cleared?). Reload the page, and export the decisions as CSV to keep them.';
		};
	}

	put(fingerprint: string, decision: Decision, datasetName?: string): Promise<void> {
		return this.putMany(fingerprint, [decision], datasetName);
	}

	async putMany(fingerprint: string, decisions: readonly Decision[], datasetName?: string): Promise<void> {
		const clean = checkInput(fingerprint, decisions);
		if (clean.length === 0) return;
		await this.#write(fingerprint, clean.map((d) => ({ row: d.row, decision: d })), datasetName, 'save the review decision');
	}

	async delete(fingerprint: string, row: number): Promise<void> {
		checkInput(fingerprint, []);
		await this.#write(fingerprint, [{ row, decision: null }], undefined, 'remove the review decision');
	}

	async all(fingerprint: string): Promise<LoadedDecisions> {
		return this.#run([DECISIONS, META], 'readonly', 'read the saved review decisions', async (tx) => {
			const [records, meta] = await Promise.all([
				request(tx.objectStore(DECISIONS).index(BY_FINGERPRINT).getAll(fingerprint)),
				request(tx.objectStore(META).get(fingerprint))
			]);
			return inspectSaved(fingerprint, records, meta);
		});
	}

	async clear(fingerprint: string): Promise<void> {
		await this.#run([DECISIONS, META], 'readwrite', 'clear the saved review decisions', async (tx) => {
			const store = tx.objectStore(DECISIONS);
			// Keys via the index, so records whose row is malformed are removed too.
			const keys = await request(store.index(BY_FINGERPRINT).getAllKeys(fingerprint));
			for (const key of keys) store.delete(key);
			tx.objectStore(META).delete(fingerprint);
		});
	}

	async datasets(): Promise<SavedDataset[]> {
		return this.#run([DECISIONS, META], 'readonly', 'list the saved review work', async (tx) => {
			const index = tx.objectStore(DECISIONS).index(BY_FINGERPRINT);
			const metas = (await request(tx.objectStore(META).getAll())).map(parseMeta).filter((m): m is DatasetMeta => m !== null);
			const fingerprints = new Set(metas.map((m) => m.fingerprint));
			for (const key of await uniqueKeys(index)) if (typeof key === 'string') fingerprints.add(key);
			const byFingerprint = new Map(metas.map((m) => [m.fingerprint, m]));
			const out = await Promise.all(
				[...fingerprints].map(async (fingerprint): Promise<SavedDataset> => {
					const meta = byFingerprint.get(fingerprint);
					return { fingerprint, datasetName: meta?.datasetName ?? null, count: await request(index.count(fingerprint)), updatedAt: meta?.updatedAt ?? null };
				})
			);
			return out.filter((d) => d.count > 0).sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0));
		});
	}

	async rebuildMeta(fingerprint: string): Promise<void> {
		await this.#run([DECISIONS, META], 'readwrite', 'repair the saved review work', async (tx) => {
			const metaStore = tx.objectStore(META);
			const [records, raw] = await Promise.all([request(tx.objectStore(DECISIONS).index(BY_FINGERPRINT).getAll(fingerprint)), request(metaStore.get(fingerprint))]);
			const old = parseMeta(raw);
			if (records.length === 0) metaStore.delete(fingerprint);
			else metaStore.put(newMeta(fingerprint, old?.datasetName ?? null, records.length, checksumOf(records)));
		});
	}

	close(): void {
		this.#closed ??= 'The review store was closed.';
		this.#db.close();
	}

	/**
	 * Applies changes to one dataset in a single transaction: reads the old
	 * records and the meta, writes the new records, updates count and
	 * checksum, and resolves once the transaction has committed.
	 */
	async #write(fingerprint: string, changes: Change[], datasetName: string | undefined, action: string): Promise<void> {
		await this.#run([DECISIONS, META], 'readwrite', action, async (tx) => {
			const store = tx.objectStore(DECISIONS);
			const metaStore = tx.objectStore(META);
			const [rawMeta, ...olds] = await Promise.all([request(metaStore.get(fingerprint)), ...changes.map((c) => request(store.get([fingerprint, c.row])))]);
			let meta = parseMeta(rawMeta);
			if (!meta) {
				// First write for this dataset (or an unreadable meta, already reported by `all`): start from what is stored.
				const existing = await request(store.index(BY_FINGERPRINT).getAll(fingerprint));
				meta = newMeta(fingerprint, null, existing.length, checksumOf(existing));
			}
			const added: unknown[] = [];
			const removed: unknown[] = [];
			let count = meta.count;
			changes.forEach((change, i) => {
				const old: unknown = olds[i];
				if (old !== undefined) {
					removed.push(old);
					count--;
				}
				if (change.decision) {
					const record = toRecord(fingerprint, change.decision);
					store.put(record);
					added.push(record);
					count++;
				} else if (old !== undefined) {
					store.delete([fingerprint, change.row]);
				}
			});
			if (added.length === 0 && removed.length === 0) return;
			const checksum = updateChecksum(meta.checksum, added, removed);
			metaStore.put(newMeta(fingerprint, datasetName ?? meta.datasetName, Math.max(0, count), checksum));
		});
	}

	/** Runs `body` in a transaction and waits for it to commit; every failure becomes a ReviewStoreError. */
	async #run<T>(stores: string[], mode: IDBTransactionMode, action: string, body: (tx: IDBTransaction) => Promise<T>): Promise<T> {
		if (this.#closed) throw new ReviewStoreError('closed', this.#closed);
		let tx: IDBTransaction;
		try {
			// 'strict': the commit reaches the disk before `complete`, so a crash right after loses nothing.
			tx = this.#db.transaction(stores, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
		} catch (e) {
			throw toStoreError(e, action);
		}
		const done = transactionDone(tx);
		let result: T;
		try {
			result = await body(tx);
		} catch (e) {
			try {
				tx.abort();
			} catch {
				// Already finished or aborted.
			}
			await done.catch(() => undefined);
			// tx.error holds the browser's cause when it aborted by itself (quota, constraint); null when we aborted.
			throw toStoreError(tx.error ?? e, action);
		}
		try {
			await done;
		} catch (e) {
			throw toStoreError(e, action);
		}
		return result;
	}
}

/** The distinct keys of an index. */
function uniqueKeys(index: IDBIndex): Promise<IDBValidKey[]> {
	return new Promise((resolve, reject) => {
		const keys: IDBValidKey[] = [];
		const req = index.openKeyCursor(null, 'nextunique');
		req.onsuccess = () => {
			const cursor = req.result;
			if (!cursor) return resolve(keys);
			keys.push(cursor.key);
			cursor.continue();
		};
		req.onerror = () => reject(req.error);
	});
}
