import type { DbAdapter } from './adapter';
import { DATASET_TABLE, type DatasetSummary, type PixelImages, type SourceFile } from './dataset';
import { loadDataset, type Progress } from './load';
import { describeSql, EXACT_DISTINCT_MAX_ROWS, overviewSql, parseOverview, type ColumnType, type Overview } from './sql/overview';
import { ident } from './sql/quote';

/**
 * One audit: a DuckDB with the loaded dataset, plus what is kept beside it as
 * typed arrays (probabilities from an .npy, pixel arrays). The browser worker
 * and the CLI both drive this class, so they compute the same things the
 * same way.
 */
export class AuditSession {
	summary: DatasetSummary | null = null;
	probs: { data: Float32Array | Float64Array; n: number; k: number; source: string } | null = null;
	images: PixelImages | null = null;
	columns: ColumnType[] = [];

	constructor(readonly db: DbAdapter) {}

	/** Load files as the current dataset. On failure the previous dataset stays as it was. */
	async load(files: SourceFile[], progress?: Progress): Promise<DatasetSummary> {
		const timings: Record<string, number> = {};
		let t = performance.now();
		let current = 'fingerprint';
		/** Charge the time since the last stage change to the stage that just ended. */
		const next = (stage: string) => {
			const now = performance.now();
			timings[current] = (timings[current] ?? 0) + now - t;
			t = now;
			current = stage;
		};
		const fingerprint = await fingerprintOf(files);
		next('checking');
		const loaded = await loadDataset(this.db, files, (stage, detail) => {
			next(stage);
			progress?.(stage, detail);
		});
		next('summarising');
		progress?.('summarising', `${loaded.rows.toLocaleString('en-US')} rows`);
		this.columns = await describe(this.db, DATASET_TABLE);
		const overview = await computeOverview(this.db, DATASET_TABLE, this.columns);
		next('done');
		this.probs = loaded.probs;
		this.images = loaded.images;
		this.summary = {
			name: files.map((f) => f.name).join(' + '),
			files: loaded.files,
			fingerprint,
			overview,
			npyProbs: loaded.probs ? { source: loaded.probs.source, k: loaded.probs.k } : null,
			images: loaded.images ? { source: loaded.images.source, width: loaded.images.width, height: loaded.images.height, channels: loaded.images.channels } : null,
			warnings: loaded.warnings,
			timings
		};
		return this.summary;
	}
}

export async function describe(db: DbAdapter, table: string): Promise<ColumnType[]> {
	return (await db.query(describeSql(table))).map((r) => ({ name: String(r.name), type: String(r.type) }));
}

/** The dataset overview in one DuckDB query (columns in batches for very wide tables). */
export async function computeOverview(db: DbAdapter, table: string, columns: ColumnType[]): Promise<Overview> {
	const BATCH = 500; // keeps one statement's expression count modest for 10,000-column files
	const out: Overview = { rows: 0, columns: [] };
	const [count] = await db.query(`SELECT count(*) AS n FROM ${ident(table)}`);
	const approx = Number(count?.n ?? 0) > EXACT_DISTINCT_MAX_ROWS;
	for (let i = 0; i < Math.max(columns.length, 1); i += BATCH) {
		const batch = columns.slice(i, i + BATCH);
		const [row] = await db.query(overviewSql(table, batch, approx));
		const part = parseOverview(row ?? {}, batch, approx);
		out.rows = part.rows;
		out.columns.push(...part.columns);
	}
	return out;
}

/** SHA-256 over the files' names, sizes and bytes: the key under which review work is kept. */
export async function fingerprintOf(files: SourceFile[]): Promise<string> {
	const parts: Uint8Array[] = [];
	for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', f.bytes as Uint8Array<ArrayBuffer>));
		parts.push(new TextEncoder().encode(`${f.bytes.length}:`), digest);
	}
	const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
	let o = 0;
	for (const p of parts) {
		all.set(p, o);
		o += p.length;
	}
	const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
	return Array.from(d.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}
