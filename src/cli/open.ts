import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { totalmem } from 'node:os';
import { NodeDuckDB } from '../lib/data/db/duckdb-node';
import { AuditSession, computeOverview, describe, REFERENCE_TABLE } from '../lib/data/session';
import { DATASET_TABLE } from '../lib/data/dataset';
import { identifierLikeColumns, imageReferenceColumns } from '../lib/data/roles';
import { countRows, ensureRows, openNative, planNative, type NativePlan } from '../lib/data/native/open';
import { tableViewSql } from '../lib/data/native/sql';
import { ident } from '../lib/data/sql/quote';
import { str, UsageError, type Args } from './args';
import { readSources } from './sources';
import { progressOnStderr, type Progress } from './progress';

/** An opened dataset: the session, how its files are read (null: loaded by the app's loader), progress. */
export interface Dataset {
	session: AuditSession;
	plan: NativePlan | null;
	progress: Progress;
	db: NodeDuckDB;
}

/** DuckDB's default memory limit here: the smaller of 1 GB and half the RAM (beyond it DuckDB spills to disk). */
export function defaultMemoryLimit(): string {
	return `${Math.min(1024, Math.floor(totalmem() / 2 / 1024 ** 2))}MB`;
}

/** --memory-limit as DuckDB takes it. */
export function memoryLimit(args?: Args): string {
	const v = args ? str(args, 'memory-limit') : undefined;
	if (v === undefined) return defaultMemoryLimit();
	if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v.trim())) throw new UsageError(`--memory-limit must be a size like 512MB or 2GB, got "${v}".`);
	return v.trim();
}

/** Native DuckDB with the memory limit and a private spill folder. */
export async function openDb(args?: Args): Promise<NodeDuckDB> {
	return NodeDuckDB.open(':memory:', { memory_limit: memoryLimit(args) });
}

/**
 * Open files as one dataset, cheaply: CSV (large) and Parquet files are
 * queried where they are (only the schema is read now); other files go
 * through the app's loader.
 */
export async function openDataset(paths: string[], args?: Args): Promise<Dataset> {
	if (paths.length === 0) throw new UsageError('Give at least one file.');
	const progress = progressOnStderr(!!args?.options.has('quiet'));
	const plan = planNative(paths);
	const db = await openDb(args);
	try {
		if (plan) return { session: await openNative(db, plan, progress), plan, progress, db };
		progress('scan load', paths.join(', '));
		const session = new AuditSession(db);
		await session.load(await readSources(paths), (stage, detail) => progress(`scan ${stage}`, detail));
		return { session, plan: null, progress, db };
	} catch (e) {
		progress.done();
		db.close();
		throw e;
	}
}

/** SHA-256 over the files as fingerprintOf computes it, reading each file as a stream. */
async function fingerprintFiles(paths: string[]): Promise<string> {
	const parts: { name: string; size: number; digest: Buffer }[] = [];
	for (const p of paths) {
		const h = createHash('sha256');
		let size = 0;
		for await (const chunk of createReadStream(p)) {
			size += (chunk as Buffer).length;
			h.update(chunk as Buffer);
		}
		parts.push({ name: p.split(/[\\/]/).pop()!, size, digest: h.digest() });
	}
	const all = createHash('sha256');
	for (const f of parts.sort((a, b) => (a.name < b.name ? -1 : 1))) all.update(`${f.size}:`).update(f.digest);
	return all.digest().subarray(0, 16).toString('hex');
}

/** What the app's load computes beside the table: overview, fingerprint, identifier hints (full passes over the file). */
export async function summarise(d: Dataset, paths: string[]): Promise<void> {
	if (!d.plan) return;
	const s = d.session;
	const rows = await ensureRows(s, d.plan, d.progress);
	d.progress('scan overview', `${rows.toLocaleString('en-US')} rows`);
	s.summary!.overview = await computeOverview(d.db, DATASET_TABLE, s.columns);
	d.progress('scan fingerprint');
	s.summary!.fingerprint = await fingerprintFiles(paths);
	const cols = s.columns.slice(0, 1000);
	if (cols.length) {
		const sample = await d.db.query(`SELECT ${cols.map((c) => `${ident(c.name)}::VARCHAR AS ${ident(c.name)}`).join(', ')} FROM ${ident(DATASET_TABLE)} LIMIT 200`);
		const byColumn = Object.fromEntries(cols.map((c) => [c.name, sample.map((r) => r[c.name])]));
		const infos = cols.map((c) => ({ name: c.name, type: c.type, distinct: NaN, nulls: 0, rows }));
		s.summary!.identifiers = identifierLikeColumns(infos, byColumn);
		s.summary!.imageColumns = imageReferenceColumns(infos, byColumn);
	}
}

/** The reference side of drift: a view over a CSV/Parquet file (or the app's loader for other files). */
export async function attachReference(d: Dataset, path: string): Promise<void> {
	const plan = planNative([path]);
	if (!plan?.table || !d.plan) {
		await d.session.loadReference(await readSources([path]), (stage, detail) => d.progress(`scan ${stage}`, detail));
		return;
	}
	d.progress('check schema', plan.table.name);
	await d.db.exec(tableViewSql(REFERENCE_TABLE, plan.table.path, plan.table.kind));
	const columns = (await describe(d.db, REFERENCE_TABLE)).map((c) => c.name).filter((c) => c !== 'rowid');
	d.progress('scan count rows', plan.table.name);
	const [r] = await d.db.query(`SELECT count(*) AS n FROM ${ident(REFERENCE_TABLE)}`);
	d.session.reference = { name: plan.table.name, rows: Number(r?.n ?? 0), columns, warnings: [] };
}

/** A session with the files loaded and summarised, as the app's load gives it (for commands that need everything). */
export async function openSession(paths: string[], args?: Args): Promise<AuditSession> {
	const d = await openDataset(paths, args);
	try {
		await summarise(d, paths);
	} catch (e) {
		d.session.close();
		throw e;
	} finally {
		d.progress.done();
	}
	return d.session;
}

export { countRows };
