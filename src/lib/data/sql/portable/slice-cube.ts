import { binsOf } from '../bins';
import { tableRef, type Dialect } from './dialect';

/**
 * The slice cube as portable SQL (issue #18): the rows of a table counted once per distinct
 * (group values, given label, prediction, issue flag). Every number of `plumb slices`
 * (rates, intervals, tests, disparities, class balance, the aggregate fairness metrics)
 * follows from these counts, so the query runs where the table lives and only the cube
 * comes back: at most (distinct values of each attribute + 1 for missing) x labels x
 * predictions x 3 rows, whatever the table's size.
 *
 * Columns of the result: `g0` (`g1`): the attribute's value (or bin label) as text, NULL
 * for missing; `label`, `pred`: text; `issue`: 1, 0 or NULL (unknown); `n`: rows.
 * `plumb slices --cube FILE` reads it back (see data/slices-from-cube.ts).
 */

/** Where the prediction comes from, as `plumb slices` takes it. */
export type PortablePrediction =
	| { kind: 'none' }
	/** a predicted-label column */
	| { kind: 'column'; column: string }
	/** score >= threshold is `positive`, otherwise `negative` */
	| { kind: 'score'; column: string; threshold: number; positive: string; negative: string }
	/** the first maximal probability column (numpy's argmax), named `classNames[j]` (default `j`) */
	| { kind: 'probs'; columns: readonly string[]; classNames?: readonly string[] };

export interface PortableSliceAttr {
	column: string;
	/** inner bin edges of a numeric column (labels as in `plumb slices`: `< e0`, `[e0, e1)`, ..., `>= ek`) */
	bins?: readonly number[];
}

export interface PortableSliceTable {
	/** table name, optionally qualified (`schema.table`) */
	table: string;
	/** given-label column (integer or text values; NULL = unlabelled) */
	label: string;
	prediction: PortablePrediction;
	/** one or two attributes */
	by: readonly PortableSliceAttr[];
	/** a column holding the label-issue flag (boolean or 0/1); without it issues are unknown */
	issueColumn?: string;
	/**
	 * Instead of `issueColumn`: a query returning one column `row_id` per flagged row (query 3 of
	 * `plumb sql label-issues`), joined on `rowId`.
	 */
	flagged?: { sql: string; rowId: string };
}

/** Output column names of the cube (the reader expects exactly these). */
export const CUBE_COLUMNS = { group: (i: number) => `g${i}`, label: 'label', pred: 'pred', issue: 'issue', n: 'n' } as const;

function groupSql(d: Dialect, a: PortableSliceAttr): string {
	const col = `t.${d.ident(a.column)}`;
	if (!a.bins) return d.toText(col);
	const bins = binsOf(a.bins);
	const x = d.toDouble(col);
	if (bins.length === 1) return `CASE WHEN ${col} IS NULL THEN NULL ELSE ${d.text(bins[0]!.label)} END`;
	const whens = bins.slice(0, -1).map((b) => `WHEN ${x} < ${d.float(b.hi!)} THEN ${d.text(b.label)}`);
	return `CASE WHEN ${col} IS NULL THEN NULL ${whens.join(' ')} ELSE ${d.text(bins[bins.length - 1]!.label)} END`;
}

/** The first maximal index of K probability columns (NULL when any is NULL), as text. */
function argmaxSql(d: Dialect, columns: readonly string[], names: readonly string[]): string {
	const p = columns.map((c) => d.toDouble(`t.${d.ident(c)}`));
	const whens = p.slice(0, -1).map((pj, j) => {
		const rest = p.slice(j + 1).map((q) => `${pj} >= ${q}`);
		return `WHEN ${rest.join(' AND ')} THEN ${d.text(names[j]!)}`;
	});
	// a row is "first maximal at j" when no earlier column won and p_j >= every later one
	return `CASE WHEN ${p.map((x) => `${x} IS NULL`).join(' OR ')} THEN NULL ${whens.join(' ')} ELSE ${d.text(names[names.length - 1]!)} END`;
}

function predSql(d: Dialect, p: PortablePrediction): string {
	switch (p.kind) {
		case 'none':
			return d.toText('NULL');
		case 'column':
			return d.toText(`t.${d.ident(p.column)}`);
		case 'score': {
			const s = d.toDouble(`t.${d.ident(p.column)}`);
			return `CASE WHEN ${s} IS NULL THEN NULL WHEN ${s} >= ${d.float(p.threshold)} THEN ${d.text(p.positive)} ELSE ${d.text(p.negative)} END`;
		}
		case 'probs': {
			if (p.columns.length < 2) throw new Error('Give at least two probability columns.');
			const names = p.classNames ?? p.columns.map((_, j) => String(j));
			if (names.length !== p.columns.length) throw new Error(`${p.columns.length} probability columns but ${names.length} class names.`);
			return argmaxSql(d, p.columns, names);
		}
	}
}

/** The cube query (see the module comment). */
export function sliceCubePortableSql(d: Dialect, t: PortableSliceTable): string {
	if (t.by.length < 1 || t.by.length > 2) throw new Error(`Slice by one or two attributes, got ${t.by.length}.`);
	if (t.issueColumn && t.flagged) throw new Error('Give the issue flags one way: an issue column or the flagged rows, not both.');
	const groups = t.by.map((a, i) => `${groupSql(d, a)} AS ${d.ident(CUBE_COLUMNS.group(i))}`);
	let issue = 'CAST(NULL AS INTEGER)';
	let from = `${tableRef(d, t.table)} t`;
	if (t.issueColumn) issue = `CAST(t.${d.ident(t.issueColumn)} AS INTEGER)`;
	if (t.flagged) {
		issue = `CASE WHEN t.${d.ident(t.flagged.rowId)} IS NULL THEN NULL WHEN f.row_id IS NULL THEN 0 ELSE 1 END`;
		from += ` LEFT JOIN (${t.flagged.sql}) f ON f.row_id = t.${d.ident(t.flagged.rowId)}`;
	}
	const cols = [...groups, `${d.toText(`t.${d.ident(t.label)}`)} AS ${d.ident(CUBE_COLUMNS.label)}`, `${predSql(d, t.prediction)} AS ${d.ident(CUBE_COLUMNS.pred)}`, `${issue} AS ${d.ident(CUBE_COLUMNS.issue)}`];
	const keys = [...t.by.map((_, i) => CUBE_COLUMNS.group(i)), CUBE_COLUMNS.label, CUBE_COLUMNS.pred, CUBE_COLUMNS.issue].map((c) => d.ident(c));
	return `SELECT ${keys.join(', ')}, COUNT(*) AS ${d.ident(CUBE_COLUMNS.n)}\nFROM (SELECT ${cols.join(', ')}\n  FROM ${from}) r\nGROUP BY ${keys.join(', ')}`;
}
