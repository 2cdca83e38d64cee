import { Table, tableToIPC } from 'apache-arrow';
import { utf8Vector } from './load/arrow-vectors';
import type { DbAdapter } from './db/adapter';
import { AUDIT_VIEW } from './sql/audit-view';
import type { ColumnType } from './sql/overview';
import { ident, literal } from './sql/quote';

/** Columns Plumb adds to an export, after the dataset's own. */
export const EXPORT_COLUMNS = ['given_label', 'suggested_label', 'label_quality', 'is_label_issue', 'review_decision', 'corrected_label'] as const;
/** The review decisions joined into an export: one row per dataset row, in row order (NULL where there is none). */
export const DECISIONS_TABLE = 'plumb_decisions';

export interface ExportDecision {
	row: number;
	decision: string;
	correctedLabel: string | null;
}

/**
 * Spreadsheets run cells that start with = + - @ (or tab / CR) as formulas;
 * a leading apostrophe makes them text (OWASP's CSV-injection advice). The
 * rule is `guardFormula` of review/decisions-csv.ts in SQL: apostrophes then a
 * formula character get one more apostrophe, so `unguardFormula` undoes it.
 */
function guardedText(expr: string): string {
	return `CASE WHEN regexp_matches(${expr}, '^''*[=+@\\t\\r-]') THEN '''' || ${expr} ELSE ${expr} END`;
}

/**
 * SQL for the export: `row` (0-based) first, every dataset column, then
 * given/suggested label, label quality, issue flag, review decision and
 * corrected label, in row order. Names that collide with the added ones get
 * a suffix. The decisions table has one row per dataset row, so it is joined
 * by position: no hash join and no sort of the whole table (the audit view is
 * in row order already), which is most of an export's time at a million rows.
 * `source`: the view to read (default `audit`; `audit_given` while reviewed
 * labels are in use, so the export keeps the given labels and every row).
 */
export function exportSql(columns: readonly ColumnType[], options: { flaggedOnly: boolean; guardFormulas: boolean; source?: string }): string {
	const added = new Set<string>(['row', ...EXPORT_COLUMNS]);
	const used = new Set<string>(added);
	const cols = columns.map((c) => {
		let name = c.name;
		for (let k = 1; used.has(name.toLowerCase()); k++) name = `${c.name}_${k}`;
		used.add(name.toLowerCase());
		const expr = `a.${ident(c.name)}`;
		const value = options.guardFormulas && /^VARCHAR/i.test(c.type) ? guardedText(expr) : expr;
		return `${value} AS ${ident(name)}`;
	});
	const text = (e: string) => (options.guardFormulas ? guardedText(e) : e);
	const a = (name: string) => `a.${ident(name)}`;
	return [
		`SELECT ${a('__row')} AS ${ident('row')}, ${cols.join(', ')},`,
		`${text(a('__label'))} AS given_label, ${text(a('__suggested'))} AS suggested_label, ${a('__quality')} AS label_quality,`,
		`coalesce(${a('__issue')}, false) AS is_label_issue, x.review_decision, ${text('x.corrected_label')} AS corrected_label`,
		`FROM ${ident(options.source ?? AUDIT_VIEW)} a POSITIONAL JOIN ${ident(DECISIONS_TABLE)} x`,
		options.flaggedOnly ? `WHERE ${a('__issue')}` : ''
	].join(' ');
}

/**
 * Put the decisions where the export query joins them: a table of `rows`
 * rows (the dataset's), the decision and corrected label at each decided
 * row's position. Decisions naming no row of the dataset are left out.
 */
export async function writeDecisions(db: DbAdapter, decisions: readonly ExportDecision[], rows: number): Promise<void> {
	await db.exec(`DROP TABLE IF EXISTS ${ident(DECISIONS_TABLE)}`);
	const decision: (string | null)[] = new Array(rows).fill(null);
	const corrected: (string | null)[] = new Array(rows).fill(null);
	for (const d of decisions) {
		if (!Number.isInteger(d.row) || d.row < 0 || d.row >= rows) continue;
		decision[d.row] = d.decision;
		corrected[d.row] = d.correctedLabel;
	}
	const t = new Table({ review_decision: utf8Vector(decision), corrected_label: utf8Vector(corrected) });
	await db.createFromArrow(DECISIONS_TABLE, tableToIPC(t, 'stream'));
}

/** Options of DuckDB's CSV writer for exports: header, RFC 4180 quoting, empty for NULL. */
export const CSV_COPY_OPTIONS = `(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', NULLSTR '')`;
export { literal };
