/**
 * Review decisions as CSV, alone (without the dataset): written so a
 * reviewer can keep or share their work, read back exactly. Pure.
 *
 * Format: RFC 4180 (comma separated, CRLF line ends, fields holding a comma,
 * a double quote, CR or LF are quoted with inner quotes doubled; an empty
 * string is written `""` so it differs from a missing value).
 *
 * Spreadsheet formula guard: a text cell starting with `=`, `+`, `-`, `@`,
 * tab or CR would run as a formula when the file is opened in a spreadsheet
 * (CSV injection), so it is written with a leading `'`. To keep that
 * reversible, a cell made of apostrophes followed by one of those characters
 * gets one more `'` too; `unguardFormula` removes exactly one, so import
 * restores the original text. Numbers are never guarded ("-1.5" is a number
 * to a spreadsheet, not a formula).
 */
import { DataError } from '../data/load/errors';
import { DECISION_KINDS, correctedLabel, isDecisionKind, validateDecision, type Decision, type DecisionKind } from './decisions';

/** The columns of a decisions CSV, in order. */
export const DECISIONS_CSV_COLUMNS = ['row', 'id', 'given_label', 'decision', 'corrected_label', 'decided_at'] as const;
/** Columns an imported file must have. */
const REQUIRED_COLUMNS = ['row', 'decision', 'corrected_label'] as const;
/** Line ending (RFC 4180). */
export const CRLF = '\r\n';
/** Issues listed in an import error message before "and N more". */
const ISSUES_SHOWN = 5;
/** Issues collected before the import stops looking. */
const MAX_ISSUES = 100;

/** True when `code` (a UTF-16 unit) starts a spreadsheet formula: = + - @ tab CR. */
function isFormulaStart(code: number): boolean {
	return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

/** True when `s` is zero or more apostrophes followed by a formula-start character. */
function needsGuard(s: string): boolean {
	let i = 0;
	while (s.charCodeAt(i) === 39) i++;
	return i < s.length && isFormulaStart(s.charCodeAt(i));
}

/** `s` made safe to open in a spreadsheet: a leading `'` when it could start a formula (see the module comment). */
export function guardFormula(s: string): string {
	const c = s.charCodeAt(0);
	// Fast path: most cells start with a letter or digit.
	if (c !== 39 && !isFormulaStart(c)) return s;
	return needsGuard(s) ? `'${s}` : s;
}

/** Reverses `guardFormula`: removes one leading `'` from `'...'=...`-shaped cells. */
export function unguardFormula(s: string): string {
	return s.charCodeAt(0) === 39 && needsGuard(s.slice(1)) ? s.slice(1) : s;
}

/** True when a field must be quoted: it holds a comma, a double quote, CR or LF (checked without a regex). */
function needsQuotes(s: string): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c === 44 || c === 34 || c === 10 || c === 13) return true;
	}
	return false;
}

/** One CSV field (RFC 4180): quoted when needed, `""` for the empty string. */
export function csvField(s: string): string {
	if (s === '') return '""';
	return needsQuotes(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A text cell: guarded against formulas (unless `guard` is false) and quoted; null -> empty. */
export function csvText(s: string | null, guard = true): string {
	if (s === null) return '';
	return csvField(guard ? guardFormula(s) : s);
}

/** What the decisions CSV takes from the dataset for each row (each optional). */
export interface DecisionsCsvSource {
	/** The row's given label. */
	given?: (row: number) => string | null;
	/** The row's suggested label (for `accept` decisions that carry none). */
	suggested?: (row: number) => string | null;
	/** The row's value in the id column, if one is set. */
	id?: (row: number) => string | number | bigint | null;
}

/**
 * The decisions as CSV text: header `row,id,given_label,decision,corrected_label,decided_at`,
 * one line per decision by row, times as ISO 8601 (UTC, ms), CRLF line ends.
 */
export function decisionsToCsv(decisions: Iterable<Decision>, source: DecisionsCsvSource = {}, options: { formulaGuard?: boolean } = {}): string {
	const guard = options.formulaGuard ?? true;
	const sorted = [...decisions].sort((a, b) => a.row - b.row);
	const lines = [DECISIONS_CSV_COLUMNS.join(',')];
	for (const d of sorted) {
		const given = source.given?.(d.row) ?? null;
		const id = source.id?.(d.row) ?? null;
		const idCell = id === null ? '' : typeof id === 'string' ? csvText(id, guard) : String(id);
		const corrected = correctedLabel(d, given, source.suggested?.(d.row) ?? null);
		lines.push([String(d.row), idCell, csvText(given, guard), d.kind, csvText(corrected, guard), new Date(d.at).toISOString()].join(','));
	}
	return lines.join(CRLF) + CRLF;
}

/** One problem in an imported file: 1-based line, the column's name (null for the whole line). */
export interface CsvIssue {
	line: number;
	column: string | null;
	message: string;
}

/** An imported decisions CSV that cannot be used; `issues` lists every problem found (up to 100). */
export class DecisionsCsvError extends DataError {
	readonly issues: CsvIssue[];

	constructor(file: string, issues: CsvIssue[]) {
		const shown = issues.slice(0, ISSUES_SHOWN).map((i) => `line ${i.line}${i.column ? `, column "${i.column}"` : ''}: ${i.message}`);
		const more = issues.length > ISSUES_SHOWN ? `; and ${issues.length - ISSUES_SHOWN} more problem${issues.length - ISSUES_SHOWN === 1 ? '' : 's'}` : '';
		super(`${file} cannot be imported: ${shown.join('; ')}${more}. Nothing was imported.`, { file, row: issues[0]?.line, column: issues[0]?.column ?? undefined });
		this.name = 'DecisionsCsvError';
		this.issues = issues;
	}
}

/** A parsed CSV record: its fields and the line it starts on. */
interface CsvRecord {
	line: number;
	fields: string[];
}

/**
 * Splits CSV text into records (RFC 4180; also LF or CR line ends). Blank
 * lines are skipped (so a one-column file cannot hold an empty value
 * unquoted; `""` is one). Throws DecisionsCsvError on an unterminated quote or a
 * stray quote.
 */
export function parseCsvRecords(text: string, fileName: string): CsvRecord[] {
	const records: CsvRecord[] = [];
	const n = text.length;
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let line = 1;
	while (i < n) {
		const start = line;
		const c0 = text.charCodeAt(i);
		if (c0 === 10 || c0 === 13) {
			// A blank line: skipped.
			i += c0 === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
			line++;
			continue;
		}
		const fields: string[] = [];
		let atEnd = false;
		while (!atEnd) {
			let value: string;
			if (text.charCodeAt(i) === 34) {
				// Quoted field: up to the closing quote, "" is a quote.
				const quoteLine = line;
				let j = i + 1;
				let parts = '';
				for (;;) {
					const q = text.indexOf('"', j);
					if (q < 0) throw new DecisionsCsvError(fileName, [{ line: quoteLine, column: null, message: `a quoted field (column ${fields.length + 1}) is never closed` }]);
					const chunk = text.slice(j, q);
					line += countLines(chunk);
					parts += chunk;
					if (text.charCodeAt(q + 1) === 34) {
						parts += '"';
						j = q + 2;
					} else {
						i = q + 1;
						break;
					}
				}
				value = parts;
				const c = text.charCodeAt(i);
				if (i < n && c !== 44 && c !== 10 && c !== 13) {
					throw new DecisionsCsvError(fileName, [{ line, column: null, message: `unexpected text after the closing quote of column ${fields.length + 1}` }]);
				}
			} else {
				let j = i;
				while (j < n) {
					const c = text.charCodeAt(j);
					if (c === 44 || c === 10 || c === 13) break;
					if (c === 34) throw new DecisionsCsvError(fileName, [{ line, column: null, message: `a double quote inside unquoted column ${fields.length + 1}: quote the whole field and double the inner quotes` }]);
					j++;
				}
				value = text.slice(i, j);
				i = j;
			}
			fields.push(value);
			const c = text.charCodeAt(i);
			if (c === 44) {
				i++;
			} else {
				// End of record: CRLF, LF, CR or end of text.
				if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
				else if (i < n) i++;
				if (c === 10 || c === 13) line++;
				atEnd = true;
			}
		}
		records.push({ line: start, fields });
	}
	return records;
}

/** Line breaks in `s` (CRLF counts once). */
function countLines(s: string): number {
	let count = 0;
	for (let k = 0; k < s.length; k++) {
		const c = s.charCodeAt(k);
		if (c === 10) count++;
		else if (c === 13 && s.charCodeAt(k + 1) !== 10) count++;
	}
	return count;
}

/** What an import checks decisions against. */
export interface DecisionsCsvTarget {
	/** Rows in the dataset: `row` must be below it. */
	rows: number;
	/** Class names: labels must be among them. */
	classes: readonly string[];
	/** The dataset's id per row: when given, a non-empty `id` cell must match (catches importing onto another file). */
	ids?: (row: number) => string | null;
	/** The dataset's given label per row: when given, a differing `given_label` cell is a warning. */
	given?: (row: number) => string | null;
	/** Reverse the formula guard (default true; see the module comment). */
	formulaGuard?: boolean;
	/** Time for decisions without `decided_at` (default now). */
	now?: number;
}

/**
 * Reads a decisions CSV written by `decisionsToCsv` (or edited by hand) back
 * into decisions, checked against the dataset. Columns are found by header
 * name (case-insensitive; `id`, `given_label`, `decided_at` optional, others
 * ignored). All-or-nothing: any problem throws DecisionsCsvError listing
 * each one with its line and column. Mismatching given labels are warnings.
 */
export function parseDecisionsCsv(text: string, fileName: string, target: DecisionsCsvTarget): { decisions: Decision[]; warnings: string[] } {
	const records = parseCsvRecords(text, fileName);
	const header = records[0];
	if (!header) throw new DecisionsCsvError(fileName, [{ line: 1, column: null, message: `the file is empty (expected the header ${DECISIONS_CSV_COLUMNS.join(',')})` }]);
	const col = headerColumns(header, fileName);
	const ctx: ImportContext = {
		target,
		fileName,
		classes: new Set(target.classes),
		unguard: (s) => (target.formulaGuard === false ? s : unguardFormula(s)),
		now: Math.round(target.now ?? Date.now())
	};
	const issues: CsvIssue[] = [];
	const warnings: string[] = [];
	const seen = new Map<number, number>();
	const decisions: Decision[] = [];
	for (const record of records.slice(1)) {
		if (issues.length >= MAX_ISSUES) break;
		if (record.fields.length !== header.fields.length) {
			issues.push({ line: record.line, column: null, message: `${record.fields.length} fields, but the header has ${header.fields.length}` });
			continue;
		}
		const cell = (name: string): string | null => {
			const index = col.get(name);
			return index === undefined ? null : (record.fields[index] ?? '');
		};
		const result = readDecision(cell, record.line, ctx);
		if ('message' in result) {
			issues.push({ line: record.line, ...result });
			continue;
		}
		const { decision, warning } = result;
		const earlier = seen.get(decision.row);
		if (earlier !== undefined) {
			issues.push({ line: record.line, column: 'row', message: `row ${decision.row} already has a decision on line ${earlier}` });
			continue;
		}
		seen.set(decision.row, record.line);
		if (warning) warnings.push(warning);
		decisions.push(decision);
	}
	if (issues.length > 0) throw new DecisionsCsvError(fileName, issues);
	return { decisions, warnings };
}

/** What reading one line needs besides its cells. */
interface ImportContext {
	target: DecisionsCsvTarget;
	fileName: string;
	classes: ReadonlySet<string>;
	unguard: (s: string) => string;
	now: number;
}

type LineResult = { decision: Decision; warning: string | null } | { column: string | null; message: string };

/** One line's decision (and a warning when its given label differs from the dataset's), or its first problem. */
function readDecision(cell: (name: string) => string | null, line: number, ctx: ImportContext): LineResult {
	const { target } = ctx;
	const rowText = (cell('row') ?? '').trim();
	const row = /^\d+$/.test(rowText) ? Number(rowText) : NaN;
	if (!Number.isSafeInteger(row)) return { column: 'row', message: `"${rowText}" is not a row number (0-based)` };
	if (row >= target.rows) return { column: 'row', message: `row ${row} is out of range: the dataset has ${target.rows} rows (0 to ${target.rows - 1})` };
	const kind = (cell('decision') ?? '').trim().toLowerCase();
	if (!isDecisionKind(kind)) return { column: 'decision', message: `unknown decision "${cell('decision')}" (expected ${DECISION_KINDS.join(', ')})` };
	const idText = cell('id');
	if (target.ids && idText !== null && idText !== '') {
		const expected = target.ids(row);
		const got = ctx.unguard(idText);
		if (expected !== null && got !== expected) {
			return { column: 'id', message: `id "${got}" does not match row ${row}'s id "${expected}" in the dataset: was this file exported from another dataset?` };
		}
	}
	const givenText = cell('given_label');
	const given = givenText === null || givenText === '' ? null : ctx.unguard(givenText);
	const correctedText = cell('corrected_label') ?? '';
	const corrected = correctedText === '' ? null : ctx.unguard(correctedText);
	const label = decisionLabel(kind, corrected, given, ctx.classes);
	if (typeof label === 'object' && label !== null) return { column: 'corrected_label', message: label.problem };
	const at = parseTime(cell('decided_at'), ctx.now);
	if (at === null) return { column: 'decided_at', message: `"${cell('decided_at')}" is not a time (expected ISO 8601, e.g. 2024-05-01T12:30:00.000Z)` };
	const check = validateDecision({ row, kind, label: label ?? (kind === 'keep' ? (target.given?.(row) ?? given) : null), at }, { rows: target.rows, classes: target.classes });
	if (!check.ok) return { column: null, message: check.reason };
	const actual = given !== null ? (target.given?.(row) ?? null) : null;
	const warning = actual !== null && actual !== given ? `line ${line}: row ${row} has the given label "${actual}" in the dataset, but "${given}" in ${ctx.fileName}.` : null;
	return { decision: check.decision, warning };
}

/**
 * The label a line's decision carries, from its `corrected_label` cell
 * (null when empty: none, or for `keep` the given label), or the problem
 * with it.
 */
function decisionLabel(kind: DecisionKind, corrected: string | null, given: string | null, classes: ReadonlySet<string>): string | null | { problem: string } {
	if (kind === 'unsure' || kind === 'exclude') {
		return corrected === null ? null : { problem: `"${kind}" leaves the row without a corrected label, but it has "${corrected}"` };
	}
	if (corrected === null) return kind === 'keep' ? null : { problem: `"${kind}" needs a corrected label` };
	if (kind === 'keep' && given !== null && corrected !== given) {
		return { problem: `"keep" leaves the given label "${given}", but the corrected label is "${corrected}" (use "relabel" to change it)` };
	}
	if (!classes.has(corrected)) return { problem: `class "${corrected}" is not one of the dataset's ${classes.size} classes` };
	return corrected;
}

/** Maps each known header name to its column index; throws on missing or duplicate columns. */
function headerColumns(header: CsvRecord, fileName: string): Map<string, number> {
	const col = new Map<string, number>();
	const issues: CsvIssue[] = [];
	header.fields.forEach((raw, index) => {
		const name = raw.trim().toLowerCase();
		if (!(DECISIONS_CSV_COLUMNS as readonly string[]).includes(name)) return;
		if (col.has(name)) issues.push({ line: header.line, column: name, message: `the column "${name}" appears twice` });
		else col.set(name, index);
	});
	const missing = REQUIRED_COLUMNS.filter((c) => !col.has(c));
	if (missing.length > 0) {
		issues.push({ line: header.line, column: null, message: `the header lacks the column${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')} (expected ${DECISIONS_CSV_COLUMNS.join(',')})` });
	}
	if (issues.length > 0) throw new DecisionsCsvError(fileName, issues);
	return col;
}

/** ms since the epoch from an ISO 8601 time or an integer ms; empty or absent -> `fallback`; invalid -> null. */
function parseTime(text: string | null, fallback: number): number | null {
	const s = text?.trim() ?? '';
	if (s === '') return fallback;
	if (/^-?\d+$/.test(s)) return Number.isSafeInteger(Number(s)) ? Number(s) : null;
	// Date.parse also takes looser forms; require a date first.
	if (!/^[+-]?\d{4,6}-\d{2}-\d{2}/.test(s)) return null;
	const ms = Date.parse(s);
	return Number.isNaN(ms) ? null : ms;
}
