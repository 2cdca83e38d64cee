/**
 * Review decisions saved in IndexedDB as they are made, so that they survive
 * reload, tab close and crashes. (Not DuckDB-on-OPFS: it has open data-loss
 * bugs.) Keyed by the dataset fingerprint (computed at load) and the 0-based
 * row; a per-dataset `meta` record holds the count and a checksum so damage
 * is detected and reported, never silently dropped. When IndexedDB cannot be
 * used (private browsing, another tab blocking an upgrade, a newer schema on
 * disk), `openDecisionStore` returns an in-memory store that says so.
 */
import { validateDecision, type Decision } from './decisions';

export const DB_NAME = 'plumb';
/** IndexedDB schema version; bump it and add a step to `upgrade` to migrate. */
export const DB_VERSION = 1;
/** Version of the records' format, stored in each meta record. */
export const RECORD_SCHEMA_VERSION = 1;
const DECISIONS = 'decisions';
const META = 'meta';
const BY_FINGERPRINT = 'fingerprint';
/** How long to wait for IndexedDB to open before falling back (some private modes never answer). */
export const OPEN_TIMEOUT_MS = 10_000;
/** Rows named in a problem message before "and N more". */
const ROWS_SHOWN = 10;

/** The per-dataset summary record in the `meta` store. */
export interface DatasetMeta {
	fingerprint: string;
	datasetName: string | null;
	/** Decisions saved for this dataset. */
	count: number;
	/** `checksumOf` the saved records (8 hex digits). */
	checksum: string;
	/** ms since the epoch of the last change. */
	updatedAt: number;
	schemaVersion: number;
}

/** A dataset with saved review work ("you have review work on these datasets"). */
export interface SavedDataset {
	fingerprint: string;
	datasetName: string | null;
	/** Decision records actually stored. */
	count: number;
	updatedAt: number | null;
}

/**
 * The decisions saved for a dataset (valid ones, by row), plus `problems`:
 * one message per kind of damage found (malformed records, count or checksum
 * mismatch), worded for the user. Spreading or mapping the array drops the
 * extra properties.
 */
export type LoadedDecisions = Decision[] & { problems: string[]; meta: DatasetMeta | null };

export type StoreErrorCode = 'unavailable' | 'blocked' | 'version' | 'timeout' | 'quota' | 'closed' | 'invalid' | 'failed';

/** A storage failure, worded for the user; `cause` keeps the browser's error. */
export class ReviewStoreError extends Error {
	readonly code: StoreErrorCode;

	constructor(code: StoreErrorCode, message: string, cause?: unknown) {
		super(message, { cause });
		this.name = 'ReviewStoreError';
		this.code = code;
	}
}

/** Where decisions are saved. Every method rejects with a ReviewStoreError. */
export interface DecisionStore {
	/** 'memory' when IndexedDB could not be used: decisions are lost when the tab closes. */
	readonly backend: 'indexeddb' | 'memory';
	/** Why decisions are kept in memory only (null when they are saved). */
	readonly notice: string | null;
	/** Saves one decision (replacing the row's previous one) and resolves once it is committed. */
	put(fingerprint: string, decision: Decision, datasetName?: string): Promise<void>;
	/** Saves many decisions in one transaction (the last one per row wins). */
	putMany(fingerprint: string, decisions: readonly Decision[], datasetName?: string): Promise<void>;
	/** Removes the decision on `row` (nothing if there is none). */
	delete(fingerprint: string, row: number): Promise<void>;
	/** The saved decisions, validated: damaged records are reported in `problems`, the rest returned. */
	all(fingerprint: string): Promise<LoadedDecisions>;
	/** Removes every decision for the dataset, damaged ones included (the UI asks first). */
	clear(fingerprint: string): Promise<void>;
	/** Datasets with saved decisions, most recently changed first. */
	datasets(): Promise<SavedDataset[]>;
	/** Recomputes the meta count and checksum from the records there (after the user was told about damage). */
	rebuildMeta(fingerprint: string): Promise<void>;
	close(): void;
}

export interface OpenOptions {
	/** The IndexedDB factory (default: the `indexedDB` global); null means unavailable. */
	factory?: IDBFactory | null;
	/** Database name (default `plumb`). */
	name?: string;
	timeoutMs?: number;
}

/**
 * Opens the decision store in IndexedDB, or, when that fails, an in-memory
 * store whose `notice` explains why and what it means. Never rejects.
 */
export async function openDecisionStore(options: OpenOptions = {}): Promise<DecisionStore> {
	let factory: IDBFactory | null | undefined;
	try {
		factory = options.factory === undefined ? globalThis.indexedDB : options.factory;
	} catch (e) {
		// Some sandboxed frames throw a SecurityError on merely reading `indexedDB`.
		return memoryDecisionStore(memoryNotice(toStoreError(e, 'open the browser storage').message));
	}
	if (!factory) {
		return memoryDecisionStore(memoryNotice('This browser offers no IndexedDB storage here (private browsing, or site storage is turned off).'));
	}
	try {
		const db = await openDatabase(factory, options.name ?? DB_NAME, options.timeoutMs ?? OPEN_TIMEOUT_MS);
		return new IdbDecisionStore(db);
	} catch (e) {
		return memoryDecisionStore(memoryNotice(toStoreError(e, 'open the browser storage').message));
	}
}

/** The notice of a memory-only store: the reason, and what it means for the reviewer. */
function memoryNotice(reason: string): string {
	return `${reason} Review decisions are kept in memory only and will be lost when this tab closes: export them as CSV to keep them.`;
}

/** Opens (creating or upgrading) the database; rejects on error, block or timeout. */
function openDatabase(factory: IDBFactory, name: string, timeoutMs: number): Promise<IDBDatabase> {
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

/** A browser storage error (DOMException or other) as a ReviewStoreError worded for the user. */
export function toStoreError(e: unknown, action: string): ReviewStoreError {
	if (e instanceof ReviewStoreError) return e;
	const name = e !== null && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
	switch (name) {
		case 'QuotaExceededError':
			return new ReviewStoreError('quota', `The browser's storage for this site is full, so Plumb could not ${action}. Free some space or allow this site more storage, and export the decisions as CSV so they are not lost.`, e);
		case 'VersionError':
			return new ReviewStoreError('version', `The saved review work was written by a newer version of Plumb (perhaps open in another tab). Reload this page to use it.`, e);
		case 'SecurityError':
		case 'InvalidStateError':
			return new ReviewStoreError('unavailable', `The browser does not allow this page to use its storage (private browsing, or site storage is turned off), so Plumb could not ${action}.`, e);
		case 'InvalidAccessError':
			return new ReviewStoreError('closed', `Plumb's storage was closed, so it could not ${action}. Reload the page.`, e);
		default: {
			const detail = e instanceof Error || (e !== null && typeof e === 'object' && 'message' in e) ? `: ${String((e as { message: unknown }).message)}` : '';
			return new ReviewStoreError('failed', `The browser's storage failed when Plumb tried to ${action}${detail}.`, e);
		}
	}
}

/** FNV-1a hash (32-bit) of a saved record's content, whatever its shape. */
export function recordHash(record: unknown): number {
	const r = (record ?? {}) as Record<string, unknown>;
	let text: string;
	try {
		text = JSON.stringify([r.row, r.kind, r.label, r.at]) ?? '';
	} catch {
		text = String(record);
	}
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/**
 * Order-independent checksum of records: the sum of their hashes mod 2^32,
 * as 8 hex digits, so one put or delete updates it without reading the rest.
 */
export function checksumOf(records: Iterable<unknown>): string {
	let sum = 0;
	for (const r of records) sum = (sum + recordHash(r)) >>> 0;
	return hex(sum);
}

/** `checksum` with `added` records' hashes added and `removed` ones subtracted. */
function updateChecksum(checksum: string, added: readonly unknown[], removed: readonly unknown[]): string {
	let sum = Number.parseInt(checksum, 16) >>> 0;
	for (const r of added) sum = (sum + recordHash(r)) >>> 0;
	for (const r of removed) sum = (sum - recordHash(r)) >>> 0;
	return hex(sum);
}

function hex(n: number): string {
	return n.toString(16).padStart(8, '0');
}

/** The meta record if well formed, else null. */
function parseMeta(x: unknown): DatasetMeta | null {
	if (x === null || typeof x !== 'object') return null;
	const m = x as Record<string, unknown>;
	if (typeof m.fingerprint !== 'string') return null;
	if (m.datasetName !== null && typeof m.datasetName !== 'string') return null;
	if (typeof m.count !== 'number' || !Number.isSafeInteger(m.count) || m.count < 0) return null;
	if (typeof m.checksum !== 'string' || !/^[0-9a-f]{8}$/.test(m.checksum)) return null;
	if (typeof m.updatedAt !== 'number' || typeof m.schemaVersion !== 'number') return null;
	return { fingerprint: m.fingerprint, datasetName: m.datasetName, count: m.count, checksum: m.checksum, updatedAt: m.updatedAt, schemaVersion: m.schemaVersion };
}

/** How a dataset is named in messages. */
function datasetLabel(fingerprint: string, meta: DatasetMeta | null): string {
	return meta?.datasetName ? `"${meta.datasetName}"` : `the dataset ${fingerprint.slice(0, 12)}`;
}

/** "rows 3, 7 and 12" (at most ROWS_SHOWN, then "and N more"). */
function rowList(rows: readonly string[]): string {
	if (rows.length === 1) return `row ${rows[0]}`;
	const shown = rows.slice(0, ROWS_SHOWN);
	if (rows.length > ROWS_SHOWN) return `rows ${shown.join(', ')} and ${rows.length - ROWS_SHOWN} more`;
	return `rows ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/**
 * Validates the records saved for a dataset against each other and the meta
 * record: returns the valid decisions (by row) and one problem message per
 * kind of damage. Pure; used by the IndexedDB store.
 */
export function inspectSaved(fingerprint: string, records: readonly unknown[], rawMeta: unknown): LoadedDecisions {
	const meta = parseMeta(rawMeta);
	const name = datasetLabel(fingerprint, meta);
	const problems: string[] = [];
	const valid: Decision[] = [];
	const bad: { row: string; reason: string }[] = [];
	for (const record of records) {
		const check = validateDecision(record);
		if (check.ok) valid.push(check.decision);
		else bad.push({ row: rowOf(record), reason: check.reason });
	}
	valid.sort((a, b) => a.row - b.row);
	if (bad.length > 0) {
		const n = bad.length;
		problems.push(
			`${n} saved decision${n === 1 ? '' : 's'} for ${name} ${n === 1 ? 'is' : 'are'} damaged and could not be restored ` +
				`(${rowList(bad.map((b) => b.row))}; ${bad[0]?.reason}). ${n === 1 ? 'It is' : 'They are'} kept in storage, not deleted: ` +
				`export the other decisions as CSV and review ${n === 1 ? 'that row' : 'those rows'} again.`
		);
	}
	if (rawMeta !== undefined && rawMeta !== null && !meta) {
		problems.push(`The saved review work for ${name} looks damaged: its summary record is unreadable, so Plumb cannot tell whether decisions are missing (${records.length} found). Export what is left as CSV to keep it.`);
	} else if (!meta && records.length > 0) {
		problems.push(`The saved review work for ${name} looks damaged: its summary record is missing, so Plumb cannot tell whether decisions are missing (${records.length} found). Export what is left as CSV to keep it.`);
	} else if (meta) {
		if (meta.schemaVersion > RECORD_SCHEMA_VERSION) {
			problems.push(`The saved review work for ${name} was written by a newer version of Plumb (format ${meta.schemaVersion}; this one reads ${RECORD_SCHEMA_VERSION}). Reload the page to get the newer version before changing it.`);
		}
		if (meta.count !== records.length) {
			problems.push(
				`The saved review work for ${name} looks damaged: ${meta.count} decision${meta.count === 1 ? ' was' : 's were'} expected, ${records.length} ${records.length === 1 ? 'was' : 'were'} found. ` +
					`Export what is left as CSV, and review the missing rows again.`
			);
		} else if (bad.length === 0 && checksumOf(records) !== meta.checksum) {
			problems.push(`The saved review work for ${name} looks damaged: the decisions do not match their checksum, so some may have been changed outside Plumb. Export them as CSV and check them.`);
		}
	}
	return Object.assign(valid, { problems, meta });
}

/** A record's row for a message, whatever its type. */
function rowOf(record: unknown): string {
	const row = record !== null && typeof record === 'object' ? (record as Record<string, unknown>).row : undefined;
	return typeof row === 'number' ? String(row) : JSON.stringify(row) ?? '?';
}

/** Rejects a bad fingerprint or decision before anything is written. */
function checkInput(fingerprint: string, decisions: readonly Decision[]): Decision[] {
	if (typeof fingerprint !== 'string' || fingerprint === '') throw new ReviewStoreError('invalid', 'Cannot save a decision without the dataset fingerprint.');
	const clean = new Map<number, Decision>();
	for (const d of decisions) {
		const check = validateDecision(d);
		if (!check.ok) throw new ReviewStoreError('invalid', `Cannot save this decision: ${check.reason}.`);
		clean.set(check.decision.row, check.decision);
	}
	return [...clean.values()];
}

/** The stored form of a decision. */
function toRecord(fingerprint: string, d: Decision): Record<string, unknown> {
	return { fingerprint, row: d.row, kind: d.kind, label: d.label, at: d.at };
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
class IdbDecisionStore implements DecisionStore {
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

/** A fresh meta record. */
function newMeta(fingerprint: string, datasetName: string | null, count: number, checksum: string): DatasetMeta {
	return { fingerprint, datasetName, count, checksum, updatedAt: Date.now(), schemaVersion: RECORD_SCHEMA_VERSION };
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

/**
 * A store in memory only, with the same behaviour as the IndexedDB one
 * (validation, per-dataset isolation); `notice` says why it is used.
 */
export function memoryDecisionStore(notice: string | null): DecisionStore {
	const data = new Map<string, { name: string | null; updatedAt: number; rows: Map<number, Decision> }>();
	const dataset = (fingerprint: string, name?: string) => {
		let d = data.get(fingerprint);
		if (!d) data.set(fingerprint, (d = { name: null, updatedAt: Date.now(), rows: new Map() }));
		if (name !== undefined) d.name = name;
		d.updatedAt = Date.now();
		return d;
	};
	return {
		backend: 'memory',
		notice,
		async put(fingerprint, decision, datasetName) {
			await this.putMany(fingerprint, [decision], datasetName);
		},
		async putMany(fingerprint, decisions, datasetName) {
			const clean = checkInput(fingerprint, decisions);
			if (clean.length === 0) return;
			const d = dataset(fingerprint, datasetName);
			for (const decision of clean) d.rows.set(decision.row, decision);
		},
		async delete(fingerprint, row) {
			data.get(fingerprint)?.rows.delete(row);
		},
		async all(fingerprint) {
			const d = data.get(fingerprint);
			const decisions = d ? [...d.rows.values()].sort((a, b) => a.row - b.row).map((x) => ({ ...x })) : [];
			const records = decisions.map((x) => toRecord(fingerprint, x));
			const meta = d ? newMeta(fingerprint, d.name, decisions.length, checksumOf(records)) : null;
			return Object.assign(decisions, { problems: [], meta });
		},
		async clear(fingerprint) {
			data.delete(fingerprint);
		},
		async datasets() {
			return [...data]
				.filter(([, d]) => d.rows.size > 0)
				.map(([fingerprint, d]) => ({ fingerprint, datasetName: d.name, count: d.rows.size, updatedAt: d.updatedAt }))
				.sort((a, b) => b.updatedAt - a.updatedAt);
		},
		async rebuildMeta() {},
		close() {}
	};
}
