import { tableFromArrays, tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import type { DbAdapter } from '../db/adapter';
import { DATASET_TABLE, type PixelImages, type SourceFile } from '../dataset';
import { detectKind, type FileKind } from './detect';
import { DataError } from './errors';
import { scanCsv, type CsvScan } from './csv-scan';
import { asLabels, asMatrix, parseNpy } from './npy';
import { parseIdx } from './idx';
import { jsonToArrow } from './json-table';
import { ident, literal } from '../sql/quote';
import { keepNumericColumns, type KeptTable } from '../kept-columns';

export type LoadStage = 'reading' | 'checking' | 'decoding' | 'inserting' | 'joining' | 'summarising';
export type Progress = (stage: LoadStage, detail: string) => void;

/** Name given to a labels vector loaded from an .npy or IDX file. */
const NPY_LABEL_COLUMN = 'label';

/** What a file turned out to hold. */
type Part =
	| { role: 'table'; file: SourceFile; kind: FileKind }
	| { role: 'labels'; file: SourceFile; labels: Int32Array }
	| { role: 'probs'; file: SourceFile; data: Float32Array | Float64Array; n: number; k: number }
	| { role: 'images'; file: SourceFile; images: PixelImages };

export interface Loaded {
	rows: number;
	probs: { data: Float32Array | Float64Array; n: number; k: number; source: string } | null;
	images: PixelImages | null;
	files: { name: string; bytes: number; kind: FileKind; role: string }[];
	warnings: string[];
	/** Numeric columns of the table kept in row order (see kept-columns.ts), or null. */
	kept: KeptTable | null;
}

export interface LoadOptions {
	/** Keep the numeric columns of an Arrow-backed table (Parquet in the browser, Arrow, JSON) within this many bytes; 0: none. */
	keepBytes?: number;
}

/**
 * Load one dataset from files: at most one table (CSV/TSV, Parquet, Arrow,
 * JSON) plus .npy / IDX files joined by row order (a labels vector, a
 * probability matrix, pixel arrays). Creates `target` ({@link DATASET_TABLE} by default), whose
 * rowid is the row index. Throws DataError with the file (and row) on bad input;
 * on error nothing is replaced, so a dataset loaded before stays usable.
 */
export async function loadDataset(
	db: DbAdapter,
	files: SourceFile[],
	progress: Progress = () => {},
	target = DATASET_TABLE,
	options: LoadOptions = {}
): Promise<Loaded> {
	if (files.length === 0) throw new DataError('No file was given. Drop a CSV, Parquet, Arrow, JSON or .npy file.', { file: '(none)' });
	const warnings: string[] = [];
	const parts = files.map((f) => {
		try {
			return classify(f);
		} catch (e) {
			throw asDataError(e, f.name);
		}
	});
	const tables = parts.filter((p) => p.role === 'table');
	if (tables.length > 1) {
		throw new DataError(
			`Plumb loads one table at a time (with .npy files joined by row order), but got ${tables.map((t) => t.file.name).join(' and ')}. Load them one by one.`,
			{ file: tables[1]!.file.name }
		);
	}
	const labels = single(parts, 'labels');
	const probs = single(parts, 'probs');
	const images = single(parts, 'images');

	const staging = `${target}__staging`;
	await db.exec(`DROP TABLE IF EXISTS ${ident(staging)}`);
	let rows: number;
	let kept: KeptTable | null = null;
	const keep = options.keepBytes
		? (arrow: Table | Uint8Array) => {
				kept = keepNumericColumns(arrow, options.keepBytes!);
			}
		: null;
	const table = tables[0];
	try {
		if (table?.role === 'table') {
			await createTable(db, staging, table.file, table.kind, warnings, progress, keep);
			rows = await countRows(db, staging);
		} else {
			const n = labels?.labels.length ?? probs?.n ?? images?.images.n;
			if (n === undefined) throw new DataError('No table or labels found in the given files.', { file: files[0]!.name });
			rows = n;
			const cols: Record<string, Int32Array> = {};
			if (labels) cols[NPY_LABEL_COLUMN] = labels.labels;
			else cols.row = Int32Array.from({ length: n }, (_, i) => i);
			progress('inserting', `${n.toLocaleString('en-US')} rows`);
			await db.createFromArrow(staging, tableToIPC(tableFromArrays(cols), 'stream'));
		}
		const base = table?.file.name ?? files[0]!.name;
		for (const part of [labels, probs, images]) {
			const n = part?.role === 'labels' ? part.labels.length : part?.role === 'probs' ? part.n : part?.role === 'images' ? part.images.n : null;
			if (part && n !== rows) {
				throw new DataError(
					`${part.file.name} has ${n!.toLocaleString('en-US')} rows but ${base} has ${rows.toLocaleString('en-US')}. ` +
						`Files are joined by row order, so they must have the same number of rows.`,
					{ file: part.file.name }
				);
			}
		}
		if (labels && table) await joinLabels(db, staging, labels.labels, labels.file.name, warnings, progress);
		await db.exec(`DROP TABLE IF EXISTS ${ident(target)}`);
		await db.exec(`ALTER TABLE ${ident(staging)} RENAME TO ${ident(target)}`);
	} catch (e) {
		await db.exec(`DROP TABLE IF EXISTS ${ident(staging)}`).catch(() => {});
		throw e;
	}
	return {
		rows,
		probs: probs ? { data: probs.data, n: probs.n, k: probs.k, source: probs.file.name } : null,
		images: images?.images ?? null,
		files: parts.map((p) => ({ name: p.file.name, bytes: p.file.bytes.length, kind: p.role === 'table' ? p.kind : detectKind(p.file.name, p.file.bytes), role: p.role })),
		warnings,
		kept
	};
}

function single<R extends Part['role']>(parts: Part[], role: R): Extract<Part, { role: R }> | undefined {
	const found = parts.filter((p): p is Extract<Part, { role: R }> => p.role === role);
	if (found.length > 1) {
		throw new DataError(`Both ${found[0]!.file.name} and ${found[1]!.file.name} look like ${role}; give only one.`, { file: found[1]!.file.name });
	}
	return found[0];
}

/** Decide what a file holds from its bytes and shape. */
function classify(file: SourceFile): Part {
	const kind = detectKind(file.name, file.bytes.subarray(0, 16));
	if (kind === 'npy') {
		const arr = parseNpy(file.bytes, file.name);
		if (arr.shape.length === 1 || (arr.shape.length === 2 && arr.shape[1] === 1)) {
			return { role: 'labels', file, labels: asLabels(arr, file.name) };
		}
		if (arr.dtype.includes('u1') && arr.shape.length >= 2) return { role: 'images', file, images: pixelImages(arr.shape, arr.data as Uint8Array, file.name) };
		const m = asMatrix(arr, file.name);
		return { role: 'probs', file, data: m.data, n: m.n, k: m.k };
	}
	if (kind === 'idx') {
		const arr = parseIdx(file.bytes, file.name);
		if (arr.dims.length === 1) return { role: 'labels', file, labels: Int32Array.from(arr.data as ArrayLike<number>) };
		if (!(arr.data instanceof Uint8Array)) throw new DataError(`${file.name}: only unsigned-byte IDX images are supported.`, { file: file.name });
		return { role: 'images', file, images: pixelImages(arr.dims, arr.data, file.name) };
	}
	return { role: 'table', file, kind };
}

/** N x H x W (x C) or N x (H*W) square grey images. */
function pixelImages(shape: number[], data: Uint8Array, source: string): PixelImages {
	const [n, a, b, c] = shape as [number, number, number?, number?];
	if (b === undefined) {
		const side = Math.round(Math.sqrt(a));
		if (side * side !== a) throw new DataError(`${source}: ${a} pixels per image is not a square image; give an N x H x W array.`, { file: source });
		return { data, n, width: side, height: side, channels: 1, source };
	}
	return { data, n, height: a, width: b, channels: c ?? 1, source };
}

/**
 * Create `table` from an Arrow stream, letting `keep` see the stream first:
 * DuckDB takes (detaches) the bytes. (Giving DuckDB a copy and keeping while
 * it inserts saved under 0.1 s of 2.5 s on a 1M-row Parquet file, for twice
 * the stream's memory at once: not worth it.)
 */
async function insertKeeping(db: DbAdapter, table: string, ipc: Uint8Array, keep: ((arrow: Uint8Array) => void) | null): Promise<void> {
	keep?.(ipc);
	await db.createFromArrow(table, ipc);
}

/** `keep` sees the Arrow a table is created from, before DuckDB takes it (null: nothing is kept). */
async function createTable(
	db: DbAdapter,
	table: string,
	file: SourceFile,
	kind: FileKind,
	warnings: string[],
	progress: Progress,
	keep: ((arrow: Table | Uint8Array) => void) | null
) {
	switch (kind) {
		case 'csv': {
			progress('checking', file.name);
			const scan = scanCsv(file.bytes, file.name);
			warnings.push(...scan.warnings);
			progress('inserting', `${scan.records.toLocaleString('en-US')} rows`);
			await createFromCsv(db, table, file.name, scan, warnings);
			return;
		}
		case 'parquet': {
			progress('decoding', file.name);
			const unreadable = (e: unknown) =>
				new DataError(`${file.name}: not a readable Parquet file (${firstLine(e)}). The file may be truncated or damaged; write it again.`, { file: file.name });
			if (!db.parquetToArrow) {
				await db.createFromParquet(table, file.name, file.bytes).catch((e) => {
					throw unreadable(e);
				});
				return;
			}
			let ipc: Uint8Array;
			try {
				ipc = db.parquetToArrow(file.bytes);
			} catch (e) {
				throw unreadable(e);
			}
			progress('inserting', file.name);
			await insertKeeping(db, table, ipc, keep).catch((e) => {
				throw e instanceof DataError ? e : unreadable(e);
			});
			return;
		}
		case 'arrow': {
			progress('inserting', file.name);
			await insertKeeping(db, table, toIpcStream(file.bytes, file.name), keep);
			return;
		}
		case 'json': {
			progress('decoding', file.name);
			const text = new TextDecoder().decode(file.bytes);
			let t: Table;
			try {
				t = jsonToArrow(text, file.name);
			} catch (e) {
				throw asDataError(e, file.name);
			}
			progress('inserting', `${t.numRows.toLocaleString('en-US')} rows`);
			keep?.(t);
			await db.createFromArrow(table, tableToIPC(t, 'stream'));
			return;
		}
		default:
			throw new DataError(`${file.name}: cannot be loaded as a table.`, { file: file.name });
	}
}

/** How many columns may be re-read as text because of a stray value before giving up. */
const MAX_TEXT_FALLBACKS = 50;

/**
 * read_csv with the sniffed dialect. DuckDB infers column types from a sample;
 * when a later value does not fit (a stray "n/a" in a numeric column), the
 * column is read as text and the user is told where the value is, rather than
 * refusing the whole file.
 */
async function createFromCsv(db: DbAdapter, table: string, file: string, scan: CsvScan, warnings: string[]) {
	const types = new Map<string, string>();
	for (let attempt = 0; ; attempt++) {
		const options = [
			`delim=${literal(scan.delimiter)}`,
			`header=${scan.hasHeader}`,
			`quote='"'`,
			`escape='"'`,
			`names=[${scan.names.map(literal).join(', ')}]`,
			'null_padding=false',
			...(types.size ? [`types={${[...types].map(([c, t]) => `${literal(c)}: ${literal(t)}`).join(', ')}}`] : [])
		].join(', ');
		try {
			await db.createFromCsv(table, file, scan.bytes, options);
			return;
		} catch (e) {
			const err = csvError(e, file);
			if (!err.column || !err.conversion || types.has(err.column) || attempt >= MAX_TEXT_FALLBACKS || !scan.names.includes(err.column)) throw err;
			types.set(err.column, 'VARCHAR');
			warnings.push(`${err.message.replace(/ Fix the value, or make the column consistently text\.$/, '')} The column was read as text; fix the value to analyse it as numbers.`);
		}
	}
}

/** Arrow IPC file (Feather v2) or stream bytes to a stream. */
function toIpcStream(bytes: Uint8Array, file: string): Uint8Array {
	const magic = String.fromCharCode(...bytes.subarray(0, 6));
	if (magic !== 'ARROW1') return bytes;
	try {
		return tableToIPC(tableFromIPC(bytes), 'stream');
	} catch (e) {
		throw new DataError(`${file}: not a readable Arrow IPC file (${(e as Error).message}). Write it with pyarrow.feather or pyarrow.ipc.`, { file });
	}
}

/** Add a labels vector (from .npy/IDX) as a column, by row order. */
async function joinLabels(db: DbAdapter, table: string, labels: Int32Array, source: string, warnings: string[], progress: Progress) {
	progress('joining', source);
	const existing = (await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = ${literal(table)}`)).map((r) =>
		String(r.column_name).toLowerCase()
	);
	let name = NPY_LABEL_COLUMN;
	while (existing.includes(name.toLowerCase())) name = `${name}_npy`;
	if (name !== NPY_LABEL_COLUMN) warnings.push(`The table already has a column "${NPY_LABEL_COLUMN}"; the labels from ${source} are in "${name}".`);
	const side = `${table}__labels`;
	await db.createFromArrow(side, tableToIPC(tableFromArrays({ [name]: labels }), 'stream'));
	const joined = `${table}__joined`;
	await db.exec(`CREATE TABLE ${ident(joined)} AS SELECT * FROM ${ident(table)} POSITIONAL JOIN ${ident(side)}`);
	await db.exec(`DROP TABLE ${ident(side)}`);
	await db.exec(`DROP TABLE ${ident(table)}`);
	await db.exec(`ALTER TABLE ${ident(joined)} RENAME TO ${ident(table)}`);
}

async function countRows(db: DbAdapter, table: string): Promise<number> {
	const [r] = await db.query(`SELECT count(*) AS n FROM ${ident(table)}`);
	return Number(r?.n ?? 0);
}

/** Parsers throw their own error types with worded messages; carry them as DataError. */
function asDataError(e: unknown, file: string): DataError {
	if (e instanceof DataError) return e;
	const d = e as Error & { row?: number; line?: number; column?: string };
	return new DataError(e instanceof Error ? e.message : String(e), { file, row: d.row ?? d.line, column: d.column });
}

function firstLine(e: unknown): string {
	const msg = e instanceof Error ? e.message : String(e);
	return (msg.split('\n')[0] ?? msg).slice(0, 200);
}

/** Word DuckDB's CSV errors for a person: which file, line and column, and what to do. */
export function csvError(e: unknown, file: string): DataError & { conversion?: boolean } {
	const msg = e instanceof Error ? e.message : String(e);
	const line = /Line:\s*(\d+)/.exec(msg)?.[1];
	const col = /[Cc]olumn:?\s*"?([^"\n]+?)"?(?:\s|$|\n|,)/.exec(/Column .*/.exec(msg)?.[0] ?? '')?.[1];
	const conv = /Could not convert string "([^"]*)" to '([A-Z0-9]+)'/.exec(msg);
	if (conv) {
		return Object.assign(new DataError(
			`${file}${line ? ` line ${line}` : ''}${col ? `, column "${col}"` : ''}: the value "${conv[1]}" is not a ${conv[2]} like the values above it. ` +
				`Fix the value, or make the column consistently text.`,
			{ file, row: line ? Number(line) : undefined, column: col }
		), { conversion: true });
	}
	return new DataError(`${file}${line ? ` line ${line}` : ''}: DuckDB could not read the file (${firstLine(e)}). Check that it is a delimited text file.`, {
		file,
		row: line ? Number(line) : undefined
	});
}
