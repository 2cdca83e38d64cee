/**
 * The saved form of review decisions and its checks: records, the per-dataset
 * meta record (count and checksum), and the validation that reports damage
 * instead of dropping it. Pure; used by the IndexedDB and memory stores.
 */
import { validateDecision, type Decision } from './decisions';
import { ReviewStoreError } from './store-errors';

/** Version of the records' format, stored in each meta record. */
export const RECORD_SCHEMA_VERSION = 1;
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
export function updateChecksum(checksum: string, added: readonly unknown[], removed: readonly unknown[]): string {
	let sum = Number.parseInt(checksum, 16) >>> 0;
	for (const r of added) sum = (sum + recordHash(r)) >>> 0;
	for (const r of removed) sum = (sum - recordHash(r)) >>> 0;
	return hex(sum);
}

function hex(n: number): string {
	return n.toString(16).padStart(8, '0');
}

/** The meta record if well formed, else null. */
export function parseMeta(x: unknown): DatasetMeta | null {
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
export function checkInput(fingerprint: string, decisions: readonly Decision[]): Decision[] {
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
export function toRecord(fingerprint: string, d: Decision): Record<string, unknown> {
	return { fingerprint, row: d.row, kind: d.kind, label: d.label, at: d.at };
}

/** A fresh meta record. */
export function newMeta(fingerprint: string, datasetName: string | null, count: number, checksum: string): DatasetMeta {
	return { fingerprint, datasetName, count, checksum, updatedAt: Date.now(), schemaVersion: RECORD_SCHEMA_VERSION };
}
