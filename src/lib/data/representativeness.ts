/**
 * Representativeness of a table: the share of each group of an attribute (or
 * of an intersection of attributes) against a target population, or against
 * another loaded table. Counts come from one `GROUP BY` in DuckDB; the
 * statistics (representation ratio, flags, chi-square goodness of fit) from
 * `representativeness` in core/stats.
 *
 * Target population CSV (header required, one row per group):
 *
 *     attribute,value,share
 *     race,African-American,0.13
 *     race,Caucasian,0.60
 *     ...
 *     "race,sex","African-American,Male",0.064
 *
 * - `share` is a fraction or a percentage; per attribute the shares must sum
 *   to 1 (fractions) or 100 (percentages, also written `12.5%`) within 1e-3
 *   relative.
 * - An intersection names its columns in one field, comma-separated (so the
 *   field is quoted), and gives one value per column in the same order;
 *   a comma or backslash inside a name or value is escaped with a backslash
 *   (`joinNames` / `splitNames` in roles.ts).
 * - Values are compared with the column cast to VARCHAR (`1`, `true`,
 *   `2013-01-01`); unquoted fields are trimmed, quoted fields kept as written.
 * - NULL values form their own group, shown as "(missing)"; a target cannot
 *   give it a share, so it is reported as "not in target".
 */
import type { DbAdapter } from './db/adapter';
import { DataError } from './load/errors';
import { joinNames, splitNames } from './roles';
import { ident, literal } from './sql/quote';
import { OVER_REPRESENTED_RATIO, UNDER_REPRESENTED_RATIO, representativeness, type GroupBenchmark } from '../core/stats/index';

/** Shares of one attribute must sum to 1 (or 100) within this relative tolerance. */
export const TARGET_SUM_TOLERANCE = 1e-3;
/** How a NULL value is shown in a group key. */
export const MISSING_LABEL = '(missing)';
const HEADER = ['attribute', 'value', 'share'];

// ---------------------------------------------------------------------------
// Target population CSV

/** One attribute (or intersection) of a target population. */
export interface TargetAttribute {
	/** Key of the attribute: its columns joined with `joinNames` ("race" or "race,sex"). */
	attribute: string;
	/** The column, or the columns of an intersection, in order. */
	columns: string[];
	/** Fraction (summing to 1) per value; an intersection's value is its parts joined with `joinNames`. */
	shares: Map<string, number>;
	/** Whether the file gave percentages. */
	percent: boolean;
	/** 1-based line of the attribute's first row. */
	line: number;
}

/** Target population: attributes by key, in file order. */
export type TargetPopulation = Map<string, TargetAttribute>;

interface CsvRecord {
	fields: string[];
	/** 1-based line where the record starts. */
	line: number;
}

/**
 * RFC 4180 records of a small text: `"` quotes, `""` escapes, CRLF or LF, a
 * leading BOM dropped, blank lines skipped. Unquoted fields are trimmed.
 */
function csvRecords(text: string, file: string): CsvRecord[] {
	const out: CsvRecord[] = [];
	const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let inQuotes = false;
	let line = 1;
	let start = 1;
	const endField = () => {
		fields.push(quoted ? field : field.trim());
		field = '';
		quoted = false;
	};
	const endRecord = () => {
		endField();
		if (!(fields.length === 1 && fields[0] === '')) out.push({ fields, line: start });
		fields = [];
	};
	for (let i = 0; i < s.length; i++) {
		const c = s[i]!;
		if (inQuotes) {
			if (c === '"' && s[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') inQuotes = false;
			else {
				if (c === '\n') line++;
				field += c;
			}
		} else if (c === '"' && field.trim() === '') {
			field = '';
			inQuotes = quoted = true;
		} else if (c === ',') endField();
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && s[i + 1] === '\n') i++;
			endRecord();
			line++;
			start = line;
		} else field += c;
	}
	if (inQuotes) throw new DataError(`${file} line ${start}: a quoted field is never closed. Add the missing closing quote (").`, { file, row: start });
	endRecord();
	return out;
}

/** A share as written (`0.13`, `13`, `13%`) or an error naming the line. */
function parseShare(raw: string, line: number, file: string): { value: number; percent: boolean } {
	const percent = raw.endsWith('%');
	const text = (percent ? raw.slice(0, -1) : raw).trim();
	const value = text === '' ? NaN : Number(text);
	if (!Number.isFinite(value)) throw new DataError(`${file} line ${line}: share "${raw}" is not a number.`, { file, row: line });
	if (value < 0) throw new DataError(`${file} line ${line}: share ${raw} is negative.`, { file, row: line });
	return { value, percent };
}

/**
 * Parse a target population CSV (`attribute,value,share`; see the module
 * comment). Throws a DataError naming the line of a bad row, or the attribute
 * and the sum when an attribute's shares do not sum to 1 (or 100). Whether
 * the attributes exist is for the caller to check ({@link targetColumnProblems}).
 */
export function parseTargetCsv(text: string, fileName: string): TargetPopulation {
	const file = fileName;
	const records = csvRecords(text, file);
	const header = records[0];
	if (!header) throw new DataError(`${file} is empty; a target population needs the header "attribute,value,share" and one row per group.`, { file });
	if (header.fields.length !== 3 || header.fields.some((f, i) => f.trim().toLowerCase() !== HEADER[i])) {
		throw new DataError(`${file} line ${header.line}: the first line must be the header "attribute,value,share", found "${header.fields.join(',')}".`, { file, row: header.line });
	}
	if (records.length === 1) throw new DataError(`${file} has a header but no groups.`, { file });
	const rows = new Map<string, { columns: string[]; line: number; entries: { key: string; value: number; percent: boolean; line: number }[] }>();
	const seen = new Map<string, number>();
	for (const { fields, line } of records.slice(1)) {
		const bad = (msg: string) => new DataError(`${file} line ${line}: ${msg}`, { file, row: line });
		if (fields.length !== 3) throw bad(`expected 3 fields (attribute,value,share) but found ${fields.length}. Quote a field that holds a comma.`);
		const [attrText, valueText, shareText] = fields as [string, string, string];
		const columns = splitNames(attrText).map((c) => c.trim());
		if (columns.length === 0 || columns.some((c) => c === '')) throw bad(`the attribute is empty.`);
		if (new Set(columns).size !== columns.length) throw bad(`attribute "${attrText}" names a column twice.`);
		const parts = columns.length === 1 ? [valueText] : splitNames(valueText).map((v) => v.trim());
		if (parts.length !== columns.length) throw bad(`attribute "${attrText}" has ${columns.length} columns but value "${valueText}" has ${parts.length} part(s); separate them with commas.`);
		const attribute = joinNames(columns);
		const key = columns.length === 1 ? valueText : joinNames(parts);
		const where = JSON.stringify([attribute, key]);
		const before = seen.get(where);
		if (before !== undefined) throw bad(`"${attrText}" = "${valueText}" was already given on line ${before}.`);
		seen.set(where, line);
		const share = parseShare(shareText, line, file);
		const entry = rows.get(attribute) ?? { columns, line, entries: [] };
		entry.entries.push({ key, ...share, line });
		rows.set(attribute, entry);
	}
	const out: TargetPopulation = new Map();
	for (const [attribute, { columns, line, entries }] of rows) {
		const sum = entries.reduce((s, e) => s + e.value, 0);
		const marked = entries.filter((e) => e.percent).length;
		if (marked > 0 && marked < entries.length) {
			throw new DataError(`${file}: attribute "${attribute}" mixes percentages (with %) and plain shares; write all its shares the same way.`, { file, row: line });
		}
		const near = (target: number) => Math.abs(sum - target) <= TARGET_SUM_TOLERANCE * target;
		const percent = marked > 0 || (!near(1) && near(100));
		if (!(percent ? near(100) : near(1))) {
			throw new DataError(
				`${file}: the shares of attribute "${attribute}" sum to ${Number(sum.toPrecision(6))}; they must sum to 1 (or 100 for percentages) within ${TARGET_SUM_TOLERANCE}.`,
				{ file, row: line }
			);
		}
		out.set(attribute, { attribute, columns, shares: new Map(entries.map((e) => [e.key, percent ? e.value / 100 : e.value])), percent, line });
	}
	return out;
}

/** Messages for target attributes naming columns the table does not have (empty when all exist). */
export function targetColumnProblems(target: TargetPopulation, columns: readonly string[]): string[] {
	const known = new Set(columns);
	return [...target.values()].flatMap((a) =>
		a.columns.filter((c) => !known.has(c)).map((c) => `Target attribute "${a.attribute}" (line ${a.line}): the dataset has no column "${c}".`)
	);
}

// ---------------------------------------------------------------------------
// Comparison

export interface RepresentationGroup {
	/** Values joined with ", ", NULL shown as "(missing)". */
	key: string;
	/** One value per attribute column (as VARCHAR), null for NULL. */
	values: (string | null)[];
	observed: number;
	/** observed / all rows of the table. */
	observedShare: number;
	expectedShare: number;
	/** expectedShare x all rows. */
	expectedCount: number;
	/** observedShare / expectedShare: Infinity when the target has no share for the group. */
	ratio: number;
	/** Ratio below 0.8 / above 1.25, or a group the target does not list. */
	flag: 'under' | 'over' | 'not in target' | null;
}

export interface RepresentationReport {
	table: string;
	attributes: string[];
	/** A target population, or another table whose shares are the expected ones. */
	against: { kind: 'target' } | { kind: 'table'; table: string; rows: number };
	rows: number;
	/** Target groups first (in target order), then groups only in the data (largest first). */
	groups: RepresentationGroup[];
	/**
	 * Pearson goodness of fit over the rows whose group is in the target (rows
	 * of groups not in the target would alone make the statistic infinite).
	 */
	chiSquare: { statistic: number; pValue: number; dof: number; rows: number };
	/** Groups present in the data but not in the target, and their rows. */
	notInTarget: { groups: number; rows: number };
}

export interface RepresentationOptions {
	/** Flag ratios below this (default 0.8). */
	under?: number;
	/** Flag ratios above this (default 1.25). */
	over?: number;
}

type Values = (string | null)[];
const tupleKey = (v: Values) => JSON.stringify(v);
const displayKey = (v: Values) => v.map((x) => x ?? MISSING_LABEL).join(', ');

/** SQL: counts per group of `columns` (each cast to VARCHAR as `g{i}`, NULL kept), as `n`. */
export function groupCountsSql(table: string, columns: readonly string[]): string {
	const cols = columns.map((c, i) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(`g${i}`)}`);
	return `SELECT ${cols.join(', ')}, count(*) AS ${ident('n')} FROM ${ident(table)} GROUP BY ALL`;
}

/** Columns as a list: a string is one column (never split), an array an intersection. */
function columnList(attribute: string | readonly string[]): string[] {
	const cols = typeof attribute === 'string' ? [attribute] : [...attribute];
	if (cols.length === 0) throw new RangeError('Name at least one attribute column.');
	if (new Set(cols).size !== cols.length) throw new RangeError(`An attribute column is named twice: ${cols.join(', ')}.`);
	return cols;
}

async function assertColumns(db: DbAdapter, table: string, columns: readonly string[]): Promise<void> {
	const rows = await db.query(`SELECT column_name AS ${ident('name')} FROM information_schema.columns WHERE table_name = ${literal(table)}`);
	if (rows.length === 0) throw new DataError(`There is no table "${table}".`, { file: table });
	const known = new Set(rows.map((r) => String(r.name)));
	for (const c of columns) if (!known.has(c)) throw new DataError(`The table "${table}" has no column "${c}".`, { file: table, column: c });
}

/** Group counts of a table, largest first (ties by value, NULL last). */
async function groupCounts(db: DbAdapter, table: string, columns: readonly string[]): Promise<{ values: Values; n: number }[]> {
	await assertColumns(db, table, columns);
	const rows = await db.query(groupCountsSql(table, columns));
	return rows
		.map((r) => ({ values: columns.map((_, i) => (r[`g${i}`] === null || r[`g${i}`] === undefined ? null : String(r[`g${i}`]))), n: Number(r.n) }))
		.sort((a, b) => b.n - a.n || compareValues(a.values, b.values));
}

/** Order of value tuples: by each value in turn, NULL last. */
function compareValues(a: Values, b: Values): number {
	for (let i = 0; i < a.length; i++) {
		const x = a[i] ?? null;
		const y = b[i] ?? null;
		if (x === y) continue;
		if (x === null) return 1;
		if (y === null) return -1;
		return x < y ? -1 : 1;
	}
	return 0;
}

/**
 * Observed counts against expected shares: every expected group (observed 0
 * when absent from the data) then every other observed group (expected 0).
 * Pure; the statistics come from core `representativeness`.
 */
export function compareCounts(
	observed: readonly { values: Values; n: number }[],
	expected: readonly { values: Values; share: number }[],
	options: RepresentationOptions = {}
): Pick<RepresentationReport, 'rows' | 'groups' | 'chiSquare' | 'notInTarget'> {
	const counts = new Map(observed.map((o) => [tupleKey(o.values), o]));
	const inTarget = new Set(expected.map((e) => tupleKey(e.values)));
	const extra = observed.filter((o) => !inTarget.has(tupleKey(o.values)));
	const all: (GroupBenchmark & { values: Values })[] = [
		...expected.map((e) => ({ key: displayKey(e.values), values: e.values, observed: counts.get(tupleKey(e.values))?.n ?? 0, expectedShare: e.share })),
		...extra.map((o) => ({ key: displayKey(o.values), values: o.values, observed: o.n, expectedShare: 0 }))
	];
	const rows = observed.reduce((s, o) => s + o.n, 0);
	const opts = { under: options.under ?? UNDER_REPRESENTED_RATIO, over: options.over ?? OVER_REPRESENTED_RATIO };
	const table = representativeness(all, opts);
	const targetOnly = all.slice(0, expected.length);
	const fit = representativeness(targetOnly, opts);
	const groups = table.groups.map(
		(g, i): RepresentationGroup => ({
			key: g.key,
			values: all[i]!.values,
			observed: g.observed,
			observedShare: g.observedShare,
			expectedShare: g.expectedShare,
			expectedCount: g.expectedCount,
			ratio: g.ratio,
			flag: i >= expected.length ? 'not in target' : g.flag
		})
	);
	return {
		rows,
		groups,
		chiSquare: { statistic: fit.statistic, pValue: fit.pValue, dof: fit.dof, rows: targetOnly.reduce((s, g) => s + g.observed, 0) },
		notInTarget: { groups: extra.length, rows: extra.reduce((s, o) => s + o.n, 0) }
	};
}

/**
 * Compare the groups of `attribute` in `table` with a target population.
 * `attribute` is one column name (never split) or several for an
 * intersection; `target` maps value -> share (fractions summing to 1 within
 * 1e-3), an intersection's value being its parts joined with `joinNames`
 * ("African-American,Male"), as {@link parseTargetCsv} gives them.
 */
export async function compareToTarget(
	db: DbAdapter,
	spec: { table: string; attribute: string | readonly string[]; target: ReadonlyMap<string, number> } & RepresentationOptions
): Promise<RepresentationReport> {
	const columns = columnList(spec.attribute);
	const expected = [...spec.target].map(([key, share]) => {
		const values = columns.length === 1 ? [key] : splitNames(key);
		if (values.length !== columns.length) throw new RangeError(`Target value "${key}" has ${values.length} part(s) for ${columns.length} attribute columns.`);
		if (!Number.isFinite(share) || share < 0) throw new RangeError(`Target share of "${key}" must be a finite number >= 0, got ${share}.`);
		return { values, share };
	});
	const sum = expected.reduce((s, e) => s + e.share, 0);
	if (expected.length === 0 || Math.abs(sum - 1) > TARGET_SUM_TOLERANCE) {
		throw new RangeError(`Target shares for "${columns.join(', ')}" sum to ${Number(sum.toPrecision(6))}; they must sum to 1 within ${TARGET_SUM_TOLERANCE}.`);
	}
	const observed = await groupCounts(db, spec.table, columns);
	return { table: spec.table, attributes: columns, against: { kind: 'target' }, ...compareCounts(observed, expected, spec) };
}

/**
 * Compare the groups of `attribute` in `table` with their shares in
 * `otherTable` (e.g. a training set against the population it came from).
 * NULL is a group on both sides; groups only in `table` are "not in target".
 */
export async function compareToDataset(
	db: DbAdapter,
	spec: { table: string; otherTable: string; attribute: string | readonly string[] } & RepresentationOptions
): Promise<RepresentationReport> {
	const columns = columnList(spec.attribute);
	const other = await groupCounts(db, spec.otherTable, columns);
	const otherRows = other.reduce((s, o) => s + o.n, 0);
	if (otherRows === 0) throw new DataError(`The table "${spec.otherTable}" is empty; it cannot give expected shares.`, { file: spec.otherTable });
	const observed = await groupCounts(db, spec.table, columns);
	const expected = other.map((o) => ({ values: o.values, share: o.n / otherRows }));
	return { table: spec.table, attributes: columns, against: { kind: 'table', table: spec.otherTable, rows: otherRows }, ...compareCounts(observed, expected, spec) };
}
