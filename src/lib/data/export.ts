import { Table, makeVector, tableToIPC } from 'apache-arrow';
import { utf8Vector } from './arrow-vectors';
import type { DbAdapter } from './adapter';
import { AUDIT_VIEW } from './audit-view';
import type { ColumnType } from './sql/overview';
import { ident, literal } from './sql/quote';

/** Columns Plumb adds to an export, after the dataset's own. */
export const EXPORT_COLUMNS = ['given_label', 'suggested_label', 'label_quality', 'is_label_issue', 'review_decision', 'corrected_label'] as const;
/** The review decisions joined into an export. */
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
 * corrected label. Names that collide with the added ones get a suffix.
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
	return [
		`SELECT a."__row" AS "row", ${cols.join(', ')},`,
		`${text('a."__label"')} AS given_label, ${text('a."__suggested"')} AS suggested_label, a."__quality" AS label_quality,`,
		`coalesce(a."__issue", false) AS is_label_issue, x.review_decision, ${text('x.corrected_label')} AS corrected_label`,
		`FROM ${ident(options.source ?? AUDIT_VIEW)} a LEFT JOIN ${ident(DECISIONS_TABLE)} x ON x."__row" = a."__row"`,
		options.flaggedOnly ? `WHERE a."__issue"` : '',
		`ORDER BY a."__row"`
	].join(' ');
}

/** Put the decisions where the export query joins them. */
export async function writeDecisions(db: DbAdapter, decisions: readonly ExportDecision[]): Promise<void> {
	await db.exec(`DROP TABLE IF EXISTS ${ident(DECISIONS_TABLE)}`);
	const t = new Table({
		__row: makeVector(Int32Array.from(decisions, (d) => d.row)),
		review_decision: utf8Vector(decisions.map((d) => d.decision)),
		corrected_label: utf8Vector(decisions.map((d) => d.correctedLabel))
	});
	await db.createFromArrow(DECISIONS_TABLE, tableToIPC(t, 'stream'));
}

/** Options of DuckDB's CSV writer for exports: header, RFC 4180 quoting, empty for NULL. */
export const CSV_COPY_OPTIONS = `(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', NULLSTR '')`;
export { literal };
