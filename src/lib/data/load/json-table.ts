/**
 * JSON and NDJSON files to Apache Arrow tables.
 *
 * Accepted shapes:
 *  - a top-level array of objects, one per row: `[{"a":1,"b":"x"}, ...]`;
 *  - an object of equal-length column arrays: `{"a":[1,2], "b":["x","y"]}`;
 *  - NDJSON / JSON Lines: one object per line, blank lines ignored (always
 *    used for `.ndjson` / `.jsonl` files, otherwise detected when the whole
 *    text is not one JSON document);
 *  - as a convenience, an object with a single key holding an array of
 *    objects (`{"data":[{...}, ...]}`) is read as that array.
 *
 * Column order is the order in which keys are first seen in the text; a
 * missing key gives null. Column types are inferred over all values, see
 * {@link inferColumnType}.
 */
import { boolVector, float64ListVector, float64Vector, int32Vector, utf8Vector } from './arrow-vectors';
import {
	Field,
	Float64,
	List,
	RecordBatch,
	Schema,
	Struct,
	Table,
	Utf8,
	makeData,
	type DataType,
	type Vector
} from 'apache-arrow';

/** A JSON file could not be turned into a table; the message says why and what to do. */
export class JsonLoadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JsonLoadError';
	}
}

type Row = Record<string, unknown>;

/** Arrow column type chosen for a JSON column. */
export type JsonColumnType = 'int32' | 'float64' | 'bool' | 'utf8' | 'list' | 'json';

const SHAPES =
	'Use an array of objects ([{"col": 1}, ...]), an object of equal-length column arrays ({"col": [1, 2]}), or NDJSON (one object per line).';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A plain JSON object (not null, not an array). */
function isObject(v: unknown): v is Row {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "a number", "an array", "null"... for error messages. */
function describe(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	if (typeof v === 'object') return 'an object';
	return typeof v === 'number' ? 'a number' : typeof v === 'string' ? 'a string' : `a ${typeof v}`;
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let start = 0;
	for (let i = 0; i < offset && i < text.length; i++) {
		if (text.charCodeAt(i) === 10) {
			line++;
			start = i + 1;
		}
	}
	return { line, column: offset - start + 1 };
}

/** Error for a whole document that does not parse, with line/column when the parser gives a position. */
function syntaxError(text: string, fileName: string, err: unknown): JsonLoadError {
	const msg = err instanceof Error ? err.message : String(err);
	const pos = /at position (\d+)/.exec(msg)?.[1];
	const where = pos === undefined ? '' : (() => {
		const { line, column } = lineColumn(text, Number(pos));
		return ` at line ${line}, column ${column}`;
	})();
	return new JsonLoadError(
		`${fileName}: not valid JSON${where} (${msg}). Check for a missing or extra comma, bracket or quote there. ${SHAPES}`
	);
}

/** Parses NDJSON: one object per non-blank line. */
function parseNdjson(text: string, fileName: string): Row[] {
	const rows: Row[] = [];
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const line = (lines[i] ?? '').trim();
		if (line === '') continue;
		let value: unknown;
		try {
			value = JSON.parse(line);
		} catch (err) {
			const msg = err instanceof Error ? err.message : String(err);
			throw new JsonLoadError(`${fileName} line ${i + 1}: not valid JSON (${msg}). Each line must hold one JSON object.`);
		}
		if (!isObject(value)) {
			throw new JsonLoadError(`${fileName} line ${i + 1}: found ${describe(value)}, not an object. Each line must hold one JSON object.`);
		}
		rows.push(value);
	}
	return rows;
}

/** Checks that every item of a top-level array is an object. */
function checkRecords(items: unknown[], fileName: string, where: string): Row[] {
	for (let i = 0; i < items.length; i++) {
		const item = items[i];
		if (!isObject(item)) {
			throw new JsonLoadError(
				`${fileName}: item ${i + 1} of ${where} is ${describe(item)}; each item must be an object such as {"col": 1}. ${SHAPES}`
			);
		}
	}
	return items as Row[];
}

/** Column-major data: names in order and one value array per column. */
interface Columns {
	names: string[];
	values: unknown[][];
	rows: number;
}

/** Turns row objects into columns, keys in first-seen order, missing keys -> null. */
function rowsToColumns(rows: Row[]): Columns {
	const index = new Map<string, number>();
	const values: unknown[][] = [];
	const names: string[] = [];
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r] as Row;
		for (const key of Object.keys(row)) {
			let c = index.get(key);
			if (c === undefined) {
				c = names.length;
				index.set(key, c);
				names.push(key);
				values.push([]);
			}
			const col = values[c] as unknown[];
			while (col.length < r) col.push(null);
			col.push(row[key]);
		}
	}
	for (const col of values) while (col.length < rows.length) col.push(null);
	return { names, values, rows: rows.length };
}

/** Columns from `{"a":[..], "b":[..]}`; all arrays must have the same length. */
function objectToColumns(obj: Row, fileName: string): Columns {
	const names = Object.keys(obj);
	const values = names.map((n) => obj[n] as unknown[]);
	const rows = values[0]?.length ?? 0;
	for (let i = 1; i < names.length; i++) {
		const len = values[i]?.length ?? 0;
		if (len !== rows) {
			throw new JsonLoadError(
				`${fileName}: column arrays differ in length ('${names[0]}' has ${rows} values, '${names[i]}' has ${len}). In the {"column": [values]} form every array must have the same length.`
			);
		}
	}
	return { names, values, rows };
}

/** Parses the text into columns, choosing the shape as documented above. */
function parseColumns(text: string, fileName: string): { columns: Columns; depth: number } {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') throw new JsonLoadError(`${fileName} is empty.`);
	const body = text.replace(/^\uFEFF/, '');
	if (/\.(ndjson|jsonl)$/i.test(fileName.trim())) return { columns: rowsToColumns(parseNdjson(body, fileName)), depth: 1 };

	let doc: unknown;
	try {
		doc = JSON.parse(trimmed);
	} catch (err) {
		// Not one document: NDJSON if its first non-blank line is an object on its own.
		const firstLine = trimmed.split('\n', 1)[0]?.trim() ?? '';
		let firstIsObject = false;
		try {
			firstIsObject = isObject(JSON.parse(firstLine));
		} catch {
			firstIsObject = false;
		}
		if (firstIsObject) return { columns: rowsToColumns(parseNdjson(body, fileName)), depth: 1 };
		throw syntaxError(trimmed, fileName, err);
	}

	if (Array.isArray(doc)) {
		return { columns: rowsToColumns(checkRecords(doc, fileName, 'the top-level array')), depth: 2 };
	}
	if (!isObject(doc)) {
		throw new JsonLoadError(`${fileName} holds ${describe(doc)}, not a table. ${SHAPES}`);
	}
	const keys = Object.keys(doc);
	const only = keys.length === 1 ? doc[keys[0] as string] : undefined;
	if (Array.isArray(only) && only.length > 0 && only.every(isObject)) {
		return { columns: rowsToColumns(checkRecords(only, fileName, `'${keys[0]}'`)), depth: 3 };
	}
	if (keys.length > 0 && keys.every((k) => Array.isArray(doc[k]))) {
		return { columns: objectToColumns(doc, fileName), depth: 1 };
	}
	// A single object that is not a set of columns: one row (one-line NDJSON).
	return { columns: rowsToColumns([doc]), depth: 1 };
}

/** Canonical array-index keys are listed first by Object.keys, whatever the text order. */
const INDEX_KEY = /^(0|[1-9]\d*)$/;

/**
 * Keys of the objects nested exactly `depth` containers deep, in the order
 * they first appear in the text. Used only to restore text order when
 * `Object.keys` has moved integer-like keys to the front.
 */
function keysInTextOrder(text: string, depth: number): string[] {
	const seen = new Set<string>();
	const stack: string[] = [];
	let expectKey = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') {
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			if (expectKey && stack.length === depth && stack.at(-1) === '{') {
				try {
					seen.add(JSON.parse(text.slice(i, j + 1)) as string);
				} catch {
					/* malformed key: ignore, JSON.parse already succeeded on the document */
				}
			}
			expectKey = false;
			i = j;
		} else if (c === '{' || c === '[') {
			stack.push(c);
			expectKey = c === '{';
		} else if (c === '}' || c === ']') {
			stack.pop();
			expectKey = false;
		} else if (c === ',') {
			expectKey = stack.at(-1) === '{';
		} else if (c === ':') {
			expectKey = false;
		}
	}
	return [...seen];
}

/** Reorders columns to text order when some key looks like an array index. */
function restoreTextOrder(columns: Columns, text: string, depth: number): Columns {
	if (!columns.names.some((n) => INDEX_KEY.test(n))) return columns;
	const order = new Map(keysInTextOrder(text, depth).map((k, i) => [k, i]));
	const idx = columns.names.map((_, i) => i);
	idx.sort((a, b) => (order.get(columns.names[a] as string) ?? Infinity) - (order.get(columns.names[b] as string) ?? Infinity) || a - b);
	return {
		names: idx.map((i) => columns.names[i] as string),
		values: idx.map((i) => columns.values[i] as unknown[]),
		rows: columns.rows
	};
}

/** An array whose elements are all numbers (or null); `[]` qualifies. */
function isNumberArray(v: unknown): v is (number | null)[] {
	return Array.isArray(v) && v.every((x) => x === null || typeof x === 'number');
}

/**
 * Type of a column from all its non-null values:
 * integers that all fit in int32 -> `int32`; other numbers -> `float64`;
 * booleans -> `bool`; strings -> `utf8`; arrays of numbers -> `list`
 * (List<Float64>, e.g. probability vectors); anything else (objects, mixed
 * kinds) -> `json`, a Utf8 column holding strings as they are and other values
 * as `JSON.stringify` text. An all-null column is `utf8`.
 */
export function inferColumnType(values: readonly unknown[]): JsonColumnType {
	let numbers = 0;
	let int32 = true;
	let bools = 0;
	let strings = 0;
	let lists = 0;
	let other = 0;
	for (const v of values) {
		if (v === null || v === undefined) continue;
		if (typeof v === 'number') {
			numbers++;
			if (int32 && !(Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX)) int32 = false;
		} else if (typeof v === 'boolean') bools++;
		else if (typeof v === 'string') strings++;
		else if (isNumberArray(v)) lists++;
		else other++;
	}
	const kinds = (numbers > 0 ? 1 : 0) + (bools > 0 ? 1 : 0) + (strings > 0 ? 1 : 0) + (lists > 0 ? 1 : 0) + (other > 0 ? 1 : 0);
	if (kinds === 0) return 'utf8';
	if (kinds > 1 || other > 0) return 'json';
	if (numbers > 0) return int32 ? 'int32' : 'float64';
	if (bools > 0) return 'bool';
	if (strings > 0) return 'utf8';
	return 'list';
}

/** Text for a value of a mixed (`json`) column. */
function toJsonText(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Builds the Arrow vector for one column. */
function buildVector(values: unknown[], type: JsonColumnType): Vector {
	switch (type) {
		case 'int32':
			return int32Vector(values as (number | null)[]);
		case 'float64':
			return float64Vector(values as (number | null)[]);
		case 'bool':
			return boolVector(values as (boolean | null)[]);
		case 'utf8':
			return utf8Vector(values as (string | null)[]);
		case 'list':
			return float64ListVector(values as ((number | null)[] | null)[]);
		case 'json':
			return utf8Vector(values.map(toJsonText));
	}
}

/** Assembles a table from named vectors, keeping the given column order. */
function makeTable(names: string[], vectors: Vector[], rows: number): Table {
	const fields = names.map((n, i) => new Field(n, (vectors[i] as Vector).type as DataType, true));
	const data = makeData({
		type: new Struct(fields),
		length: rows,
		nullCount: 0,
		children: vectors.map((v) => {
			// the vectors of arrow-vectors.ts are single-chunk
			const d = v.data[0];
			if (v.data.length !== 1 || !d) throw new Error('jsonToArrow: expected a single-chunk vector');
			return d;
		})
	});
	return new Table([new RecordBatch(new Schema(fields), data)]);
}

/**
 * Parses JSON or NDJSON text into an Arrow table (see the module comment for
 * the accepted shapes and type rules). Throws {@link JsonLoadError} naming
 * the file, and the line (NDJSON) or position, with advice on what to fix.
 */
export function jsonToArrow(text: string, fileName: string): Table {
	const parsed = parseColumns(text, fileName);
	const columns = restoreTextOrder(parsed.columns, text.replace(/^\uFEFF/, ''), parsed.depth);
	if (columns.rows === 0) throw new JsonLoadError(`${fileName} holds no rows. ${SHAPES}`);
	if (columns.names.length === 0) throw new JsonLoadError(`${fileName}: the objects have no keys, so there are no columns to load.`);
	const vectors = columns.values.map((vals) => buildVector(vals, inferColumnType(vals)));
	return makeTable(columns.names, vectors, columns.rows);
}
