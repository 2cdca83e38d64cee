/**
 * Review decisions saved in IndexedDB as they are made, so that they survive
 * reload, tab close and crashes. (Not DuckDB-on-OPFS: it has open data-loss
 * bugs.) Keyed by the dataset fingerprint (computed at load) and the 0-based
 * row; a per-dataset `meta` record holds the count and a checksum so damage
 * is detected and reported, never silently dropped. When IndexedDB cannot be
 * used (private browsing, another tab blocking an upgrade, a newer schema on
 * disk), `openDecisionStore` returns an in-memory store that says so.
 */
import { IdbDecisionStore, openDatabase } from './idb-store';
import { memoryDecisionStore } from './memory-store';
import { toStoreError } from './store-errors';
import type { Decision } from './decisions';
import type { LoadedDecisions, SavedDataset } from './saved-records';

export { DB_VERSION } from './idb-store';
export { memoryDecisionStore } from './memory-store';
export { ReviewStoreError, toStoreError, type StoreErrorCode } from './store-errors';
export { RECORD_SCHEMA_VERSION, checksumOf, inspectSaved, recordHash, type DatasetMeta, type LoadedDecisions, type SavedDataset } from './saved-records';

export const DB_NAME = 'plumb';
/** How long to wait for IndexedDB to open before falling back (some private modes never answer). */
export const OPEN_TIMEOUT_MS = 10_000;

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
