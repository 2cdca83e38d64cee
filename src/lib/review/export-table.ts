/**
 * The dataset exported with the review results: its columns plus
 * `given_label`, `suggested_label`, `label_quality`, `is_label_issue`,
 * `review_decision` and `corrected_label`, for every row or only the flagged
 * ones, each row keeping its 0-based index in a first `row` column (and the
 * id column second, when one is set). Written as CSV (`toCsv`) or Parquet
 * (`toParquet`, through a parquet-wasm module the caller passes in).
 * Pure apart from the parquet-wasm call.
 */
import {
	Bool,
	Data,
	Dictionary,
	Field,
	Float64,
	Int32,
	RecordBatch,
	Schema,
	Struct,
	Table,
	TimeUnit,
	Type,
	Utf8,
	Vector,
	makeBuilder,
	makeData,
	makeVector,
	tableToIPC,
	util,
	vectorFromArray,
	type DataType,
	type Decimal,
	type Timestamp
} from 'apache-arrow';
import { CRLF, csvText } from './decisions-csv';
import { DECISION_KINDS, correctedLabel, type Decision } from './decisions';

/** Names of the added columns (before renaming around dataset columns with the same name). */
export const ADDED_COLUMNS = ['row', 'given_label', 'suggested_label', 'label_quality', 'is_label_issue', 'review_decision', 'corrected_label'] as const;
export type AddedColumn = (typeof ADDED_COLUMNS)[number];

/** Rows formatted together when writing CSV (bounds the memory of one block of cells). */
const CSV_BLOCK_ROWS = 16_384;
/** Characters joined into one string before encoding (well below V8's ~2^29 string limit). */
const CSV_JOIN_CHARS = 1 << 25;

/** What the export is built from: the dataset (as read from DuckDB) and per-row results. */
export interface ExportInput {
	/** The dataset's columns; row i is dataset row i. */
	table: Table;
	/** The id column, if one is set (must be a column of `table`). */
	idColumn?: string | null;
	/** Class names; the label arrays index into them. */
	classNames: readonly string[];
	/** Given class per row (-1: missing). */
	labels: Int32Array;
	/** Suggested class per row (-1: none). */
	suggested: Int32Array;
	/** Label quality per row (NaN: none). */
	quality: Float64Array;
	/** 1 when the row is flagged as a likely label issue. */
	issue: Uint8Array;
	/** Review decisions (by row, or a list). */
	decisions: ReadonlyMap<number, Decision> | Iterable<Decision>;
}

export interface ExportOptions {
	/** Every row (default) or only the flagged ones. */
	rows?: 'all' | 'flagged';
	/** `corrected_label` of rows without a decision: their given label (default; "nothing changed") or null. */
	unreviewed?: 'given' | 'null';
}

/**
 * The names the added columns get next to `datasetColumns`: their own name,
 * or, if the dataset already has a column so named, `<name>_plumb` (then
 * `_plumb2`, ...). Dataset columns are never renamed.
 */
export function exportColumnNames(datasetColumns: readonly string[]): Record<AddedColumn, string> {
	const taken = new Set(datasetColumns);
	const out = {} as Record<AddedColumn, string>;
	for (const name of ADDED_COLUMNS) {
		let candidate: string = name;
		for (let k = 1; taken.has(candidate); k++) candidate = `${name}_plumb${k === 1 ? '' : k}`;
		taken.add(candidate);
		out[name] = candidate;
	}
	return out;
}

/** The exported rows: every row, or the flagged ones ascending. */
export function exportRows(issue: Uint8Array, mode: 'all' | 'flagged'): Int32Array {
	if (mode === 'all') {
		const rows = new Int32Array(issue.length);
		for (let i = 0; i < rows.length; i++) rows[i] = i;
		return rows;
	}
	let count = 0;
	for (let i = 0; i < issue.length; i++) if (issue[i]) count++;
	const rows = new Int32Array(count);
	for (let i = 0, k = 0; i < issue.length; i++) if (issue[i]) rows[k++] = i;
	return rows;
}

/**
 * Builds the export table: `row`, the id column (if set), the other dataset
 * columns in order, then the added columns. With every row, the dataset's
 * columns are reused as they are (no copy); with the flagged rows they are
 * gathered. Throws when the inputs disagree in length or the id column is
 * missing.
 */
export function buildExportTable(input: ExportInput, options: ExportOptions = {}): Table {
	const { table } = input;
	const n = input.labels.length;
	checkInput(input, n);
	const decisions = decisionMap(input.decisions, n);
	const datasetFields = table.schema.fields;
	const idIndex = input.idColumn ? datasetFields.findIndex((f) => f.name === input.idColumn) : -1;
	const order = idIndex < 0 ? datasetFields.map((_, i) => i) : [idIndex, ...datasetFields.map((_, i) => i).filter((i) => i !== idIndex)];
	const names = exportColumnNames(datasetFields.map((f) => f.name));
	const mode = options.rows ?? 'all';
	const rows = exportRows(input.issue, mode);
	const added = addedColumns(input, decisions, rows, options.unreviewed ?? 'given');
	const addedFields = [
		new Field(names.given_label, added.given.type, true),
		new Field(names.suggested_label, added.suggested.type, true),
		new Field(names.label_quality, added.quality.type, true),
		new Field(names.is_label_issue, added.issue.type, false),
		new Field(names.review_decision, added.decision.type, true),
		new Field(names.corrected_label, added.corrected.type, true)
	];
	const addedData = [added.given, added.suggested, added.quality, added.issue, added.decision, added.corrected];
	const rowField = new Field(names.row, new Int32(), false);
	const schema = new Schema([rowField, ...order.map((i) => datasetFields[i] as Field), ...addedFields]);

	if (mode === 'flagged') {
		const columns = order.map((i) => gather(table.getChildAt(i) as Vector, rows));
		return new Table([batch(schema, rows.length, [added.row, ...columns, ...addedData])]);
	}
	// Every row: reuse the dataset's record batches and slice the added columns to match.
	const batches: RecordBatch[] = [];
	const lengths = table.numCols > 0 ? table.batches.map((b) => b.numRows) : [n];
	let offset = 0;
	lengths.forEach((length, b) => {
		const source = table.batches[b];
		const columns = order.map((i) => source?.getChildAt(i)?.data[0] as Data);
		const slice = (d: Data): Data => (offset === 0 && length === d.length ? d : d.slice(offset, length));
		batches.push(batch(schema, length, [slice(added.row), ...columns, ...addedData.map(slice)]));
		offset += length;
	});
	return batches.length > 0 ? new Table(batches) : new Table(schema);
}

/** A record batch of `schema` from one Data per field. */
function batch(schema: Schema, length: number, children: Data[]): RecordBatch {
	return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
}

/** Throws unless the per-row arrays all have the table's length and the id column exists. */
function checkInput(input: ExportInput, n: number): void {
	const lengths: [string, number][] = [
		['dataset', input.table.numRows],
		['labels', input.labels.length],
		['suggested', input.suggested.length],
		['quality', input.quality.length],
		['issue', input.issue.length]
	];
	// A table without columns (nothing but the added ones to export) has no row count of its own.
	const bad = lengths.filter(([what, length]) => length !== n && !(what === 'dataset' && input.table.numCols === 0));
	if (bad.length > 0) throw new Error(`Cannot export: the row counts differ (${lengths.map(([k, v]) => `${k} ${v}`).join(', ')}).`);
	if (input.idColumn && !input.table.schema.fields.some((f) => f.name === input.idColumn)) {
		throw new Error(`Cannot export: the id column "${input.idColumn}" is not in the dataset.`);
	}
	const k = input.classNames.length;
	for (const [name, arr] of [['labels', input.labels], ['suggested', input.suggested]] as const) {
		for (let i = 0; i < arr.length; i++) {
			const c = arr[i] as number;
			if (c < -1 || c >= k) throw new Error(`Cannot export: ${name}[${i}] is class ${c}, but there are ${k} classes.`);
		}
	}
}

/** Decisions by row; throws on a row outside the dataset. */
function decisionMap(decisions: ExportInput['decisions'], n: number): Map<number, Decision> {
	const map = decisions instanceof Map ? new Map(decisions as ReadonlyMap<number, Decision>) : new Map([...(decisions as Iterable<Decision>)].map((d) => [d.row, d] as const));
	for (const row of map.keys()) {
		if (!Number.isInteger(row) || row < 0 || row >= n) throw new Error(`Cannot export: a decision is for row ${row}, outside the dataset (${n} rows).`);
	}
	return map;
}

/** The added columns' data for `rows`. */
function addedColumns(input: ExportInput, decisions: Map<number, Decision>, rows: Int32Array, unreviewed: 'given' | 'null') {
	const { classNames, labels, suggested, quality, issue } = input;
	const m = rows.length;
	const given = new Int32Array(m);
	const sugg = new Int32Array(m);
	const qual = new Float64Array(m);
	const flags = new Uint8Array(m);
	const kind = new Int32Array(m).fill(-1);
	const corrected = new Int32Array(m);
	const correctedNames = [...classNames];
	const classIndex = new Map(classNames.map((c, i) => [c, i]));
	const kindIndex = new Map(DECISION_KINDS.map((k, i) => [k, i]));
	for (let j = 0; j < m; j++) {
		const r = rows[j] as number;
		given[j] = labels[r] as number;
		sugg[j] = suggested[r] as number;
		qual[j] = quality[r] as number;
		flags[j] = issue[r] ? 1 : 0;
		const d = decisions.get(r);
		if (!d) {
			corrected[j] = unreviewed === 'given' ? (given[j] as number) : -1;
			continue;
		}
		kind[j] = kindIndex.get(d.kind) ?? -1;
		const label = correctedLabel(d, classNames[given[j] as number] ?? null, classNames[sugg[j] as number] ?? null);
		if (label === null) {
			corrected[j] = -1;
			continue;
		}
		let c = classIndex.get(label);
		if (c === undefined) {
			// A decision naming a class the current run does not know (kept, not dropped).
			c = correctedNames.push(label) - 1;
			classIndex.set(label, c);
		}
		corrected[j] = c;
	}
	return {
		row: makeData({ type: new Int32(), length: m, nullCount: 0, data: rows }),
		given: dictionaryData(given, classNames),
		suggested: dictionaryData(sugg, classNames),
		quality: nullableFloat64(qual),
		issue: boolData(flags),
		decision: dictionaryData(kind, DECISION_KINDS),
		corrected: dictionaryData(corrected, correctedNames)
	};
}

/** A validity bitmap with bit i clear where `isNull(i)`, and the null count. */
function validity(length: number, isNull: (i: number) => boolean): { nullBitmap: Uint8Array; nullCount: number } {
	const nullBitmap = new Uint8Array((length + 7) >> 3);
	let nullCount = 0;
	for (let i = 0; i < length; i++) {
		if (isNull(i)) nullCount++;
		else nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
	}
	return { nullBitmap, nullCount };
}

/** Dictionary-encoded strings: `codes` index `dictionary`, -1 is null. */
function dictionaryData(codes: Int32Array, dictionary: readonly string[]): Data {
	const { nullBitmap, nullCount } = validity(codes.length, (i) => (codes[i] as number) < 0);
	const keys = codes.map((c) => (c < 0 ? 0 : c)); // null slots still hold a valid index
	return makeData({
		type: new Dictionary(new Utf8(), new Int32()),
		length: codes.length,
		nullCount,
		nullBitmap,
		data: keys,
		dictionary: vectorFromArray([...dictionary], new Utf8())
	});
}

/** Float64 with NaN as null. */
function nullableFloat64(values: Float64Array): Data {
	const { nullBitmap, nullCount } = validity(values.length, (i) => Number.isNaN(values[i]));
	return makeData({ type: new Float64(), length: values.length, nullCount, nullBitmap, data: values });
}

/** Booleans (no nulls) from 0/1 bytes. */
function boolData(flags: Uint8Array): Data {
	const bits = new Uint8Array((flags.length + 7) >> 3);
	for (let i = 0; i < flags.length; i++) if (flags[i]) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
	return makeData({ type: new Bool(), length: flags.length, nullCount: 0, data: bits });
}

/** Types stored as one typed-array element per value, gathered by copying (the rest go through a builder). */
const FIXED_WIDTH = new Set<Type>([Type.Int, Type.Float, Type.Date, Type.Timestamp, Type.Time, Type.Duration]);

/** The values of `vector` at `rows` (ascending), as one Data of the same type. */
function gather(vector: Vector, rows: Int32Array): Data {
	const type = vector.type as DataType;
	if (FIXED_WIDTH.has(type.typeId) && vector.data.every((d) => d.values && d.values.length >= d.length)) return gatherFixed(vector, rows);
	const builder = makeBuilder({ type, nullValues: [null, undefined] });
	for (let j = 0; j < rows.length; j++) builder.append(plainValue(vector.get(rows[j] as number)));
	return builder.finish().flush();
}

/** Gathers a fixed-width column by copying its values and validity, chunk by chunk. */
function gatherFixed(vector: Vector, rows: Int32Array): Data {
	const m = rows.length;
	const first = vector.data[0];
	const Ctor = (first?.values.constructor ?? Float64Array) as new (length: number) => { [i: number]: number | bigint };
	const out = new Ctor(m);
	const valid = new Uint8Array(m);
	let chunk = 0;
	let start = 0;
	for (let j = 0; j < m; j++) {
		const r = rows[j] as number;
		while (chunk < vector.data.length && r >= start + (vector.data[chunk] as Data).length) start += (vector.data[chunk++] as Data).length;
		const d = vector.data[chunk] as Data;
		const i = r - start;
		out[j] = d.values[i] as number | bigint;
		valid[j] = isValid(d, i) ? 1 : 0;
	}
	const { nullBitmap, nullCount } = validity(m, (j) => valid[j] === 0);
	return makeData({ type: vector.type, length: m, nullCount, nullBitmap, data: out } as Parameters<typeof makeData>[0]);
}

/** Arrow row values as plain JS for a builder: vectors -> arrays, struct / map rows -> objects, recursively. */
function plainValue(x: unknown): unknown {
	if (x === null || x === undefined || typeof x !== 'object') return x;
	if (x instanceof Vector) return Array.from(x, plainValue);
	if (ArrayBuffer.isView(x) || x instanceof Date) return x;
	if ('toJSON' in x && typeof x.toJSON === 'function') {
		const json: unknown = x.toJSON();
		if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
			return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plainValue(v)]));
		}
	}
	return x;
}

/** True when value `i` of `d` is not null (the validity bitmap is not sliced: bit offset + i). */
function isValid(d: Data, i: number): boolean {
	const bitmap = d.nullBitmap;
	if (!bitmap || bitmap.length === 0 || d.nullCount === 0) return true;
	const bit = d.offset + i;
	return ((bitmap[bit >> 3] as number) & (1 << (bit & 7))) !== 0;
}

export interface CsvOptions {
	/** Guard text cells against spreadsheet formulas (default true; see `decisions-csv.ts`). */
	formulaGuard?: boolean;
}

/**
 * The table as CSV text pieces (header first), each a block of whole lines:
 * RFC 4180, CRLF, nulls as empty fields, empty strings as `""`, numbers as
 * JavaScript prints them, dates and timestamps as ISO 8601 at their own
 * precision, nested values as JSON. Feed them to a Blob for exports too big
 * for one string.
 */
export function toCsvChunks(table: Table, options: CsvOptions = {}): string[] {
	const guard = options.formulaGuard ?? true;
	const chunks = [table.schema.fields.map((f) => csvText(f.name, guard)).join(',') + CRLF];
	const dictionaryCache = new Map<Vector, string[]>();
	for (const rb of table.batches) {
		const columns = rb.schema.fields.map((_, c) => rb.getChildAt(c)?.data[0] as Data);
		for (let start = 0; start < rb.numRows; start += CSV_BLOCK_ROWS) {
			const end = Math.min(rb.numRows, start + CSV_BLOCK_ROWS);
			const cells = columns.map((d) => formatCells(d, start, end, guard, dictionaryCache));
			// One flat array of cells and separators, joined once: much faster than concatenating each line.
			const width = cells.length;
			const parts = new Array<string>((end - start) * width * 2);
			let k = 0;
			for (let r = 0; r < end - start; r++) {
				for (let c = 0; c < width; c++) {
					parts[k++] = (cells[c] as string[])[r] as string;
					parts[k++] = c === width - 1 ? CRLF : ',';
				}
			}
			chunks.push(parts.join(''));
		}
	}
	return chunks;
}

/** The table as CSV text (see `toCsvChunks`). */
export function toCsvText(table: Table, options: CsvOptions = {}): string {
	return toCsvChunks(table, options).join('');
}

/**
 * The table as UTF-8 CSV bytes (see `toCsvChunks`): chunks are joined and
 * encoded once (in a few parts only past ~32M characters).
 */
export function toCsv(table: Table, options: CsvOptions = {}): Uint8Array {
	const encoder = new TextEncoder();
	const parts: Uint8Array[] = [];
	let group: string[] = [];
	let size = 0;
	const flush = (): void => {
		if (group.length > 0) parts.push(encoder.encode(group.join('')));
		group = [];
		size = 0;
	};
	for (const chunk of toCsvChunks(table, options)) {
		if (size + chunk.length > CSV_JOIN_CHARS) flush();
		group.push(chunk);
		size += chunk.length;
	}
	flush();
	if (parts.length === 1) return parts[0] as Uint8Array;
	const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
	let offset = 0;
	for (const p of parts) {
		out.set(p, offset);
		offset += p.length;
	}
	return out;
}

/** The CSV cells of rows [start, end) of one column, type by type. */
function formatCells(d: Data, start: number, end: number, guard: boolean, dictionaryCache: Map<Vector, string[]>): string[] {
	const out = new Array<string>(end - start);
	const text = (s: string): string => csvText(s, guard);
	const bitmap = d.nullCount > 0 ? d.nullBitmap : null;
	const each = (format: (i: number) => string): string[] => {
		if (!bitmap) {
			for (let i = start; i < end; i++) out[i - start] = format(i);
			return out;
		}
		for (let i = start; i < end; i++) {
			const bit = d.offset + i;
			out[i - start] = (bitmap[bit >> 3] as number) & (1 << (bit & 7)) ? format(i) : '';
		}
		return out;
	};
	const type = d.type as DataType;
	switch (type.typeId) {
		case Type.Int:
		case Type.Float: {
			const values = d.values as ArrayLike<number | bigint>;
			if (type.typeId === Type.Float && (type as unknown as { precision: number }).precision === 1) return each((i) => float32Text(values[i] as number));
			if (values instanceof Uint16Array) return each((i) => String(util.uint16ToFloat64(values[i] as number))); // Float16
			return each((i) => String(values[i]));
		}
		case Type.Bool: {
			const bits = d.values as Uint8Array;
			return each((i) => {
				const bit = d.offset + i;
				return (bits[bit >> 3] as number) & (1 << (bit & 7)) ? 'true' : 'false';
			});
		}
		case Type.Utf8:
		case Type.LargeUtf8:
			return each(utf8Reader(d, start, end, text));
		case Type.Dictionary: {
			const dictionary = d.dictionary as Vector;
			let formatted = dictionaryCache.get(dictionary);
			if (!formatted) {
				formatted = dictionary.data.flatMap((dd) => formatCells(dd, 0, dd.length, guard, dictionaryCache));
				dictionaryCache.set(dictionary, formatted);
			}
			const keys = d.values as ArrayLike<number | bigint>;
			const dict = formatted;
			return each((i) => dict[Number(keys[i])] ?? '');
		}
		case Type.Date: {
			const values = d.values as ArrayLike<number | bigint>;
			const perValue = values instanceof Int32Array ? 86_400_000 : 1;
			return each((i) => dateText(Number(values[i]) * perValue));
		}
		case Type.Timestamp: {
			const values = d.values as BigInt64Array;
			const ts = type as unknown as Timestamp;
			return each((i) => timestampText(BigInt(values[i] as bigint), ts.unit, ts.timezone));
		}
		case Type.Decimal: {
			const vector = makeVector(d);
			const scale = (type as unknown as Decimal).scale;
			return each((i) => decimalText(util.bigNumToBigInt(vector.get(i) as Parameters<typeof util.bigNumToBigInt>[0]), scale));
		}
		default: {
			const vector = makeVector(d);
			return each((i) => text(valueText(vector.get(i))));
		}
	}
}

/**
 * Reads strings [start, end) of a Utf8 column: decodes their bytes once and
 * slices the text (char offsets from the byte offsets: ASCII maps 1:1, else
 * each UTF-8 lead byte is one UTF-16 unit, two for 4-byte sequences);
 * invalid UTF-8 falls back to decoding each value.
 */
function utf8Reader(d: Data, start: number, end: number, cell: (s: string) => string): (i: number) => string {
	const offsets = d.valueOffsets as Int32Array | BigInt64Array;
	const bytes = d.values as Uint8Array;
	const at = (i: number): number => Number(offsets[i]);
	const from = at(start);
	const to = at(end);
	let ascii = true;
	for (let k = from; k < to; k++) {
		if ((bytes[k] as number) >= 0x80) {
			ascii = false;
			break;
		}
	}
	if (ascii) {
		const all = new TextDecoder('latin1').decode(bytes.subarray(from, to));
		return (i) => cell(all.slice(at(i) - from, at(i + 1) - from));
	}
	let all: string;
	try {
		all = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(from, to));
	} catch {
		const lenient = new TextDecoder();
		return (i) => cell(lenient.decode(bytes.subarray(at(i), at(i + 1))));
	}
	const chars = new Int32Array(end - start + 1);
	let pos = 0;
	let b = from;
	for (let i = start; i < end; i++) {
		chars[i - start] = pos;
		for (const stop = at(i + 1); b < stop; b++) {
			const x = bytes[b] as number;
			if ((x & 0xc0) !== 0x80) pos += x >= 0xf0 ? 2 : 1;
		}
	}
	chars[end - start] = pos;
	return (i) => cell(all.slice(chars[i - start], chars[i - start + 1]));
}

/** Shortest decimal text that reads back as the same float32. */
function float32Text(x: number): string {
	if (!Number.isFinite(x)) return String(x);
	for (let p = 1; p <= 9; p++) {
		const s = Number(x.toPrecision(p));
		if (Math.fround(s) === x) return String(s);
	}
	return String(x);
}

/** YYYY-MM-DD of a ms time (its raw value when out of Date's range). */
function dateText(ms: number): string {
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString().slice(0, -14);
}

/** Units per second for each TimeUnit. */
const PER_SECOND: Record<TimeUnit, bigint> = { [TimeUnit.SECOND]: 1n, [TimeUnit.MILLISECOND]: 1000n, [TimeUnit.MICROSECOND]: 1_000_000n, [TimeUnit.NANOSECOND]: 1_000_000_000n };
const FRACTION_DIGITS: Record<TimeUnit, number> = { [TimeUnit.SECOND]: 0, [TimeUnit.MILLISECOND]: 3, [TimeUnit.MICROSECOND]: 6, [TimeUnit.NANOSECOND]: 9 };

/** ISO 8601 of a raw timestamp, exact at its unit; `Z` when the type has a time zone (values are UTC). */
export function timestampText(raw: bigint, unit: TimeUnit, timezone: string | null | undefined): string {
	const per = PER_SECOND[unit];
	let seconds = raw / per;
	let fraction = raw % per;
	if (fraction < 0n) {
		fraction += per;
		seconds -= 1n;
	}
	const date = new Date(Number(seconds) * 1000);
	if (Number.isNaN(date.getTime())) return String(raw);
	const base = date.toISOString().slice(0, -5); // drop ".000Z"
	const digits = FRACTION_DIGITS[unit];
	const frac = fraction === 0n ? '' : `.${fraction.toString().padStart(digits, '0')}`;
	return `${base}${frac}${timezone ? 'Z' : ''}`;
}

/** A decimal's unscaled integer as text with `scale` digits after the point. */
export function decimalText(unscaled: bigint, scale: number): string {
	const negative = unscaled < 0n;
	const digits = (negative ? -unscaled : unscaled).toString();
	let s: string;
	if (scale <= 0) s = digits === '0' ? '0' : digits + '0'.repeat(-scale);
	else {
		const padded = digits.padStart(scale + 1, '0');
		s = `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
	}
	return negative ? `-${s}` : s;
}

/** Text for any other Arrow value: binary as base64, nested values as JSON (bigints as numbers' text). */
function valueText(x: unknown): string {
	if (typeof x === 'string') return x;
	if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
	if (x instanceof Date) return x.toISOString();
	if (x instanceof Uint8Array) {
		let binary = '';
		for (let i = 0; i < x.length; i++) binary += String.fromCharCode(x[i] as number);
		return btoa(binary);
	}
	return JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(x);
}

/** The parts of a parquet-wasm module `toParquet` uses (the Node build, or the browser's initialised ESM build). */
export interface ParquetWriter<T, P> {
	Table: { fromIPCStream(buffer: Uint8Array): T };
	writeParquet(table: T, writerProperties?: P | null): Uint8Array;
}

/**
 * The table as Parquet bytes, through parquet-wasm (`pq`: `import * as
 * parquet from 'parquet-wasm'` in Node; in the browser, the ESM build after
 * its init). `writerProperties` from parquet-wasm's WriterPropertiesBuilder
 * (default: its defaults). The wasm table is consumed by the write.
 */
export function toParquet<T, P>(table: Table, pq: ParquetWriter<T, P>, writerProperties?: P | null): Uint8Array {
	const wasmTable = pq.Table.fromIPCStream(tableToIPC(table, 'stream'));
	return pq.writeParquet(wasmTable, writerProperties ?? null);
}
