/**
 * Loading: the dataset (with its overview, measured image attributes and
 * column hints) and a reference dataset to compare with.
 */
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { binByQuantiles, imageFeatures } from '../../core/image-features';
import type { DbAdapter } from '../db/adapter';
import { DATASET_TABLE, type DatasetSummary, type PixelImages, type SourceFile } from '../dataset';
import { loadDataset, type LoadStage, type Progress } from '../load/load-dataset';
import { MEASURED_TABLE } from '../sql/audit-view';
import { identifierLikeColumns, imageReferenceColumns } from '../roles/index';
import { describeSql, EXACT_DISTINCT_MAX_ROWS, overviewSql, parseOverview, type ColumnType, type Overview } from '../sql/overview';
import { dropTableSql, sampleValuesSql, tableRowCountSql } from '../sql/rows';
import { REFERENCE_TABLE, type MeasuredAttribute, type SessionState } from './state';

/** Beyond this many columns, the overview lists the rest by name and type only (statistics cost ~1 ms a column). */
export const OVERVIEW_MAX_COLUMNS = 1000;
/** Beyond this many columns, distinct counts are estimates (an exact count costs ~2 ms a column even on one row). */
const EXACT_DISTINCT_MAX_COLUMNS = 100;
/** Rows sampled for the column hints (identifiers, image paths). */
const HINT_SAMPLE_ROWS = 200;

export async function describe(db: DbAdapter, table: string): Promise<ColumnType[]> {
	return (await db.query(describeSql(table))).map((r) => ({ name: String(r.name), type: String(r.type) }));
}

/**
 * The dataset overview: one DuckDB query per batch of columns (batches keep a
 * 10,000-column file from building one enormous statement). Distinct counts
 * are exact for small tables and HyperLogLog estimates for large or wide ones.
 */
export async function computeOverview(db: DbAdapter, table: string, columns: ColumnType[]): Promise<Overview> {
	const BATCH = 500;
	const [count] = await db.query(tableRowCountSql(table));
	const rows = Number(count?.n ?? 0);
	const approx = rows > EXACT_DISTINCT_MAX_ROWS || columns.length > EXACT_DISTINCT_MAX_COLUMNS;
	const out: Overview = { rows, columns: [] };
	const described = columns.slice(0, OVERVIEW_MAX_COLUMNS);
	for (let i = 0; i < described.length; i += BATCH) {
		const batch = described.slice(i, i + BATCH);
		const [row] = await db.query(overviewSql(table, batch, approx));
		out.columns.push(...parseOverview(row ?? {}, batch, approx).columns);
	}
	for (const c of columns.slice(OVERVIEW_MAX_COLUMNS)) {
		out.columns.push({ name: c.name, type: c.type, nulls: NaN, distinct: NaN, min: null, max: null, top: [], approx });
	}
	if (columns.length > OVERVIEW_MAX_COLUMNS) out.describedColumns = OVERVIEW_MAX_COLUMNS;
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

/**
 * Brightness, contrast and foreground fraction of every image, stored in
 * MEASURED_TABLE and binned into thirds (dark / normal / bright...), so a
 * failure tied to lighting shows up as a slice.
 */
async function measureImages(db: DbAdapter, im: PixelImages): Promise<MeasuredAttribute[]> {
	const f = imageFeatures(im.data, im.n, im.width, im.height, im.channels);
	await db.exec(dropTableSql(MEASURED_TABLE));
	await db.createFromArrow(MEASURED_TABLE, tableToIPC(tableFromArrays({ brightness: f.brightness, contrast: f.contrast, foreground: f.foreground }), 'stream'));
	const attr = (name: string, values: Float64Array, labels: string[], description: string): MeasuredAttribute => ({
		name,
		description,
		edges: binByQuantiles(values, labels).edges,
		labels
	});
	return [
		attr('brightness', f.brightness, ['dark', 'normal', 'bright'], 'mean pixel brightness, in thirds'),
		attr('contrast', f.contrast, ['low contrast', 'normal contrast', 'high contrast'], 'pixel standard deviation, in thirds'),
		attr('foreground', f.foreground, ['little ink', 'normal ink', 'much ink'], 'share of pixels unlike the border, in thirds')
	];
}

/**
 * What a sample of values says about the columns: which look like direct
 * identifiers (names, emails, phones, national ids; also judged by name) and
 * which hold image paths or URLs.
 */
async function sampledColumnHints(db: DbAdapter, columns: ColumnType[], rows: number): Promise<{ identifiers: { column: string; why: string }[]; imageColumns: string[] }> {
	const cols = columns.slice(0, 1000);
	if (cols.length === 0) return { identifiers: [], imageColumns: [] };
	const sample = await db.query(sampleValuesSql(DATASET_TABLE, cols.map((c) => c.name), HINT_SAMPLE_ROWS));
	const byColumn = Object.fromEntries(cols.map((c) => [c.name, sample.map((r) => r[c.name])]));
	const infos = cols.map((c) => ({ name: c.name, type: c.type, distinct: NaN, nulls: 0, rows }));
	return { identifiers: identifierLikeColumns(infos, byColumn), imageColumns: imageReferenceColumns(infos, byColumn) };
}

/** Forget every result of the previous dataset: the report must not show them. */
function forgetResults(s: SessionState): void {
	s.rowResults = null;
	s.labelReport = null;
	s.slicesResult = null;
	s.slicesReviewed = null;
	s.driftReport = null;
	s.driftSettings = null;
	s.representationReport = null;
	s.corrections = false;
	s.correctionsInfo = null;
}

/** Load files as the current dataset. On failure the previous dataset stays as it was. */
export async function load(s: SessionState, files: SourceFile[], progress?: Progress): Promise<DatasetSummary> {
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
	const onStage = (stage: LoadStage, detail: string) => {
		next(stage);
		progress?.(stage, detail);
	};
	const loaded = await loadDataset(s.db, files, onStage, DATASET_TABLE, { keepBytes: s.kept.budgetFor(DATASET_TABLE) });
	s.kept.set(DATASET_TABLE, loaded.kept);
	next('summarising');
	progress?.('summarising', `${loaded.rows.toLocaleString('en-US')} rows`);
	s.columns = await describe(s.db, DATASET_TABLE);
	const overview = await computeOverview(s.db, DATASET_TABLE, s.columns);
	next('done');
	s.probs = loaded.probs;
	s.images = loaded.images;
	forgetResults(s);
	const { identifiers, imageColumns } = await sampledColumnHints(s.db, s.columns, overview.rows);
	next('measuring');
	s.measured = s.images ? await measureImages(s.db, s.images) : [];
	s.summary = {
		name: files.map((f) => f.name).join(' + '),
		files: loaded.files,
		fingerprint,
		overview,
		npyProbs: loaded.probs ? { source: loaded.probs.source, k: loaded.probs.k } : null,
		images: loaded.images ? { source: loaded.images.source, width: loaded.images.width, height: loaded.images.height, channels: loaded.images.channels } : null,
		warnings: loaded.warnings,
		measured: s.measured.map((m) => ({ name: m.name, description: m.description })),
		identifiers,
		imageColumns,
		timings
	};
	return s.summary;
}

/** A second dataset to compare with (drift, representativeness), in REFERENCE_TABLE. */
export async function loadReference(s: SessionState, files: SourceFile[], progress?: Progress): Promise<NonNullable<SessionState['reference']>> {
	const loaded = await loadDataset(s.db, files, progress, REFERENCE_TABLE, { keepBytes: s.kept.budgetFor(REFERENCE_TABLE) });
	s.kept.set(REFERENCE_TABLE, loaded.kept);
	const columns = (await describe(s.db, REFERENCE_TABLE)).map((c) => c.name);
	s.reference = { name: files.map((f) => f.name).join(' + '), rows: loaded.rows, columns, warnings: loaded.warnings };
	return s.reference;
}
