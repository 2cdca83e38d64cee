import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { NodeDuckDB } from '../db/duckdb-node';
import { AuditSession, describe } from '../session';
import { DATASET_TABLE, type DatasetSummary, type ProbMatrix } from '../dataset';
import { detectKind, type FileKind } from '../load/detect';
import { DataError } from '../load/errors';
import { asLabels, asMatrix, parseNpy } from '../load/npy';
import { countRowsSql, matrixSql, tableViewSql } from './sql';

/** CSV files from this size on are read by DuckDB in place; smaller ones go through the app's checked loader. */
export const NATIVE_CSV_BYTES = 64 * 1024 ** 2;

/** Called when a step starts: `check ...` for cheap steps (schema, distinct values), `scan ...` for full passes. */
export type StageHook = (stage: string, detail?: string) => void;

/** How the files of one dataset are opened natively (no file is read into memory but .npy arrays). */
export interface NativePlan {
	table: { path: string; name: string; kind: 'parquet' | 'csv'; bytes: number } | null;
	labels: { name: string; labels: Int32Array; bytes: number } | null;
	probs: { name: string; data: Float32Array | Float64Array; n: number; k: number; bytes: number } | null;
}

function head(path: string): Uint8Array {
	const fd = openSync(path, 'r');
	try {
		const buf = new Uint8Array(16);
		const n = readSync(fd, buf, 0, 16, 0);
		return buf.subarray(0, n);
	} finally {
		closeSync(fd);
	}
}

/**
 * Whether the files can be queried where they are: at most one CSV (large) or
 * Parquet table, with a probabilities .npy; or a labels .npy with a
 * probabilities .npy. Null when the app's loader should read them (small CSV,
 * JSON, Arrow, images, a labels .npy beside a table, anything it words better).
 */
export function planNative(paths: string[]): NativePlan | null {
	const plan: NativePlan = { table: null, labels: null, probs: null };
	for (const path of paths) {
		let size: number;
		let kind: FileKind;
		try {
			size = statSync(path).size;
			kind = detectKind(basename(path), head(path));
		} catch (e) {
			throw new DataError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`, { file: path });
		}
		const name = basename(path);
		if (kind === 'parquet' || (kind === 'csv' && size >= NATIVE_CSV_BYTES)) {
			if (plan.table) return null;
			plan.table = { path, name, kind, bytes: size };
		} else if (kind === 'npy') {
			try {
				const arr = parseNpy(readFileSync(path), name);
				if (arr.shape.length === 1 || (arr.shape.length === 2 && arr.shape[1] === 1)) {
					if (plan.labels) return null;
					plan.labels = { name, labels: asLabels(arr, name), bytes: size };
				} else if (arr.dtype.includes('u1')) return null;
				else {
					if (plan.probs) return null;
					plan.probs = { name, ...asMatrix(arr, name), bytes: size };
				}
			} catch {
				return null; // the app's loader words the problem
			}
		} else return null;
	}
	if (plan.table && plan.labels) return null;
	if (!plan.table && !plan.labels) return null;
	return plan;
}

/** Numeric columns of a view over a file, as DESCRIBE gives them (without the row number). */
async function viewColumns(db: NodeDuckDB) {
	return (await describe(db, DATASET_TABLE)).filter((c) => c.name !== 'rowid');
}

/**
 * A session whose dataset is a view over the file (Parquet, CSV: queried in
 * place, `rowid` the 0-based row) or a table of the .npy labels, with the
 * probabilities .npy beside it. Cheap: reads the schema (and, for Parquet,
 * the row count from the footer). Call {@link summarise} for the overview.
 */
export async function openNative(db: NodeDuckDB, plan: NativePlan, hook: StageHook = () => {}): Promise<AuditSession> {
	const s = new AuditSession(db);
	let rows: number | null = null;
	if (plan.table) {
		hook('check schema', plan.table.name);
		try {
			await db.exec(tableViewSql(DATASET_TABLE, plan.table.path, plan.table.kind));
			s.columns = await viewColumns(db);
		} catch (e) {
			const msg = ((e as Error).message.split('\n')[0] ?? '').replaceAll(plan.table.path, plan.table.name);
			throw new DataError(`${plan.table.name}: not a readable ${plan.table.kind === 'parquet' ? 'Parquet' : 'CSV'} file (${msg}).`, { file: plan.table.name });
		}
		if (plan.table.kind === 'parquet') rows = await countRows(db);
	} else {
		const labels = plan.labels!;
		await db.createFromColumns(DATASET_TABLE, { label: labels.labels }, labels.labels.length);
		s.columns = await describe(db, DATASET_TABLE);
		rows = labels.labels.length;
	}
	const base = plan.table?.name ?? plan.labels!.name;
	if (plan.probs && rows !== null && plan.probs.n !== rows) throw rowMismatch(plan.probs.name, plan.probs.n, base, rows);
	s.probs = plan.probs ? { data: plan.probs.data, n: plan.probs.n, k: plan.probs.k, source: plan.probs.name } : null;
	const files = [plan.table, plan.labels, plan.probs].filter((f) => f !== null);
	s.summary = {
		name: files.map((f) => f.name).join(' + '),
		files: [
			...(plan.table ? [{ name: plan.table.name, bytes: plan.table.bytes, kind: plan.table.kind, role: 'table' }] : []),
			...(plan.labels ? [{ name: plan.labels.name, bytes: plan.labels.bytes, kind: 'npy', role: 'labels' }] : []),
			...(plan.probs ? [{ name: plan.probs.name, bytes: plan.probs.bytes, kind: 'npy', role: 'probs' }] : [])
		],
		fingerprint: '',
		overview: { rows: rows ?? NaN, columns: [] },
		npyProbs: plan.probs ? { source: plan.probs.name, k: plan.probs.k } : null,
		images: null,
		warnings: [],
		measured: [],
		identifiers: [],
		imageColumns: [],
		timings: {}
	} satisfies DatasetSummary;
	return s;
}

function rowMismatch(part: string, n: number, base: string, rows: number): DataError {
	return new DataError(
		`${part} has ${n.toLocaleString('en-US')} rows but ${base} has ${rows.toLocaleString('en-US')}. ` + `Files are joined by row order, so they must have the same number of rows.`,
		{ file: part }
	);
}

export async function countRows(db: NodeDuckDB): Promise<number> {
	const [r] = await db.query(countRowsSql(DATASET_TABLE));
	return Number(r?.n ?? 0);
}

/** The row count (a scan for CSV) and the check that a probabilities .npy has as many rows. */
export async function ensureRows(s: AuditSession, plan: NativePlan, hook: StageHook = () => {}): Promise<number> {
	const summary = s.summary!;
	if (Number.isNaN(summary.overview.rows)) {
		hook('scan count rows', plan.table?.name);
		summary.overview.rows = await countRows(s.db as NodeDuckDB);
		if (plan.probs && plan.probs.n !== summary.overview.rows) throw rowMismatch(plan.probs.name, plan.probs.n, plan.table!.name, summary.overview.rows);
	}
	return summary.overview.rows;
}

/** Read probability columns straight from DuckDB's chunks into one N x K matrix, kept as the session's probabilities. */
export async function readProbColumns(s: AuditSession, columns: string[], hook: StageHook = () => {}): Promise<ProbMatrix> {
	const db = s.db as NodeDuckDB;
	hook('scan read probabilities', `${columns.length} columns`);
	const { data, n } = await db.readMatrix(matrixSql(DATASET_TABLE, columns), columns.length, Number.isNaN(s.summary!.overview.rows) ? 0 : s.summary!.overview.rows);
	const probs: ProbMatrix = { data, n, k: columns.length, source: `columns ${columns.join(', ')}`, columns };
	s.probs = probs;
	return probs;
}
