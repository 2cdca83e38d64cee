import { DataError } from './errors';

/** Delimiters Plumb recognises, in order of preference when counts tie. */
export const CSV_DELIMITERS = [',', '\t', ';', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** How many records the delimiter/header sniffer looks at. */
const SNIFF_RECORDS = 50;
/** How many bytes the sniffer looks at, at most. */
const SNIFF_BYTES = 1 << 20;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface CsvScan {
	delimiter: CsvDelimiter;
	/** Header names as written (empty when the file has no header row). */
	header: string[];
	/** Column names to use: header names made unique and non-empty, or column_1... */
	names: string[];
	hasHeader: boolean;
	/** Data records (not counting the header). */
	records: number;
	/** UTF-8 bytes to hand to DuckDB (BOM removed, non-UTF-8 input transcoded). */
	bytes: Uint8Array;
	warnings: string[];
}

/**
 * Check a delimited text file before DuckDB reads it, so every problem is
 * reported with its file, line and column: empty file, header only, ragged
 * records, unterminated quotes, non-UTF-8 bytes, duplicate or empty names.
 * Sniffs the delimiter and whether the first record is a header.
 *
 * One pass over the bytes, quote-aware (RFC 4180: `""` inside quotes is a quote,
 * quoted fields may hold delimiters and newlines).
 */
export function scanCsv(input: Uint8Array, file: string): CsvScan {
	const warnings: string[] = [];
	let bytes = stripBom(input);
	if (bytes.length !== input.length) warnings.push(`${file}: removed a byte-order mark at the start of the file.`);
	if (bytes.length === 0 || isBlank(bytes)) throw new DataError(`${file} is empty. Choose a file with a header row and at least one data row.`, { file });

	const bad = firstInvalidUtf8(bytes);
	if (bad >= 0) {
		const line = lineOf(bytes, bad);
		bytes = new TextEncoder().encode(new TextDecoder('windows-1252').decode(bytes));
		warnings.push(
			`${file} is not UTF-8 (first invalid byte on line ${line}); Plumb read it as Windows-1252 (Latin-1). If characters look wrong, save the file as UTF-8 and load it again.`
		);
	}

	const delimiter = sniffDelimiter(bytes);
	const first = readRecords(bytes, delimiter.charCodeAt(0), SNIFF_RECORDS + 1, SNIFF_BYTES);
	const headerRow = first[0] ?? [];
	const hasHeader = looksLikeHeader(headerRow, first.slice(1));
	const width = headerRow.length;
	const records = countRecords(bytes, delimiter.charCodeAt(0), width, file, hasHeader);
	if (hasHeader && records === 0) {
		throw new DataError(`${file} has a header row but no data rows. Add at least one row of data.`, { file, row: 1 });
	}
	const header = hasHeader ? headerRow : [];
	const names = hasHeader ? uniqueNames(headerRow, file, warnings) : headerRow.map((_, i) => `column_${i + 1}`);
	return { delimiter, header, names, hasHeader, records, bytes, warnings };
}

function stripBom(b: Uint8Array): Uint8Array {
	return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

function isBlank(b: Uint8Array): boolean {
	for (let i = 0; i < b.length; i++) {
		const c = b[i]!;
		if (c !== 0x20 && c !== 0x09 && c !== LF && c !== CR) return false;
	}
	return true;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(b);
		return -1;
	} catch {
		// Walk only when the fast native check failed.
		let i = 0;
		while (i < b.length) {
			const c = b[i]!;
			const len = c < 0x80 ? 1 : (c & 0xe0) === 0xc0 ? 2 : (c & 0xf0) === 0xe0 ? 3 : (c & 0xf8) === 0xf0 ? 4 : 0;
			if (len === 0 || i + len > b.length) return i;
			try {
				new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(i, i + len));
			} catch {
				return i;
			}
			i += len;
		}
		return b.length;
	}
}

/** 1-based line number of a byte offset. */
function lineOf(b: Uint8Array, offset: number): number {
	let line = 1;
	for (let i = 0; i < offset && i < b.length; i++) if (b[i] === LF) line++;
	return line;
}

/**
 * Pick the delimiter that splits the first records into the same number (> 1)
 * of fields most consistently; ties go to the earlier of `CSV_DELIMITERS`.
 */
export function sniffDelimiter(bytes: Uint8Array): CsvDelimiter {
	let best: CsvDelimiter = ',';
	let bestScore = -1;
	for (const d of CSV_DELIMITERS) {
		const recs = readRecords(bytes, d.charCodeAt(0), SNIFF_RECORDS, SNIFF_BYTES);
		const width = recs[0]?.length ?? 0;
		if (width < 2) continue;
		const consistent = recs.filter((r) => r.length === width).length;
		const score = (consistent / recs.length) * 1000 + Math.min(width, 999);
		if (score > bestScore) {
			bestScore = score;
			best = d;
		}
	}
	return best;
}

/** Parse up to `max` records from the start (for sniffing; quote-aware). */
export function readRecords(bytes: Uint8Array, delim: number, max: number, maxBytes = bytes.length): string[][] {
	const dec = new TextDecoder();
	const out: string[][] = [];
	let fields: string[] = [];
	let start = 0;
	let inQuotes = false;
	let quoted = false;
	const end = Math.min(bytes.length, maxBytes);
	const field = (i: number) => {
		let s = dec.decode(bytes.subarray(start, i));
		if (quoted) s = s.trim().replace(/^"|"$/g, '').replaceAll('""', '"');
		fields.push(s);
		quoted = false;
	};
	for (let i = 0; i < end; i++) {
		const c = bytes[i]!;
		if (inQuotes) {
			if (c === QUOTE) {
				if (bytes[i + 1] === QUOTE) i++;
				else inQuotes = false;
			}
			continue;
		}
		if (c === QUOTE) {
			inQuotes = true;
			quoted = true;
		} else if (c === delim) {
			field(i);
			start = i + 1;
		} else if (c === LF || c === CR) {
			field(i);
			if (!(fields.length === 1 && fields[0] === '')) out.push(fields);
			fields = [];
			if (c === CR && bytes[i + 1] === LF) i++;
			start = i + 1;
			if (out.length >= max) return out;
		}
	}
	if (end === bytes.length && (start < end || fields.length > 0)) {
		field(end);
		if (!(fields.length === 1 && fields[0] === '')) out.push(fields);
	}
	return out;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * The first record is a header when none of its fields is a number, or when a
 * column that is numeric in every sampled record below is not numeric in it.
 */
function looksLikeHeader(first: string[], rest: string[][]): boolean {
	if (first.every((f) => !NUMERIC.test(f))) return true;
	return rest.length > 0 && first.some((f, j) => !NUMERIC.test(f) && rest.every((r) => NUMERIC.test(r[j] ?? '')));
}

/**
 * Count data records, checking that each has `width` fields and that quotes
 * are closed. Throws a DataError naming the 1-based line of the first bad record.
 */
function countRecords(bytes: Uint8Array, delim: number, width: number, file: string, hasHeader: boolean): number {
	let records = 0;
	let fields = 1;
	let inQuotes = false;
	let line = 1;
	let recordLine = 1;
	let blank = true;
	const n = bytes.length;
	const endRecord = () => {
		if (!blank) {
			if (fields !== width) {
				throw new DataError(
					`${file} line ${recordLine}: expected ${width} fields (as in the ${hasHeader ? 'header' : 'first row'}) but found ${fields}. ` +
						`Check for a missing or extra delimiter, or quote the field that holds one.`,
					{ file, row: recordLine }
				);
			}
			records++;
		}
		fields = 1;
		blank = true;
	};
	for (let i = 0; i < n; i++) {
		const c = bytes[i]!;
		if (inQuotes) {
			if (c === QUOTE) {
				if (bytes[i + 1] === QUOTE) i++;
				else inQuotes = false;
			} else if (c === LF) line++;
			continue;
		}
		if (c === QUOTE) {
			inQuotes = true;
			blank = false;
		} else if (c === delim) {
			fields++;
			blank = false;
		} else if (c === LF || c === CR) {
			endRecord();
			if (c === CR && bytes[i + 1] === LF) i++;
			line++;
			recordLine = line;
		} else if (blank && c !== 0x20 && c !== 0x09) blank = false;
	}
	if (inQuotes) {
		throw new DataError(`${file} line ${recordLine}: a quoted field is never closed. Add the missing closing quote (").`, {
			file,
			row: recordLine
		});
	}
	endRecord();
	return hasHeader ? records - 1 : records;
}

/** Make header names unique and non-empty, telling the user what was renamed. */
export function uniqueNames(raw: string[], file: string, warnings: string[]): string[] {
	const used = new Set<string>();
	const lower = new Set(raw.map((r) => r.trim().toLowerCase()));
	return raw.map((r, i) => {
		let name = r.trim();
		if (name === '') {
			name = `column_${i + 1}`;
			while (lower.has(name.toLowerCase()) || used.has(name.toLowerCase())) name += '_';
			warnings.push(`${file}: column ${i + 1} has no name; it is called "${name}".`);
		} else if (used.has(name.toLowerCase())) {
			let k = 2;
			while (used.has(`${name}_${k}`.toLowerCase()) || lower.has(`${name}_${k}`.toLowerCase())) k++;
			warnings.push(`${file}: column ${i + 1} repeats the name "${name}"; it is called "${name}_${k}".`);
			name = `${name}_${k}`;
		}
		used.add(name.toLowerCase());
		return name;
	});
}
