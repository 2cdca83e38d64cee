/**
 * The dataset with Plumb's columns added (given and suggested label, label
 * quality, issue flag, review decision, corrected label), every row or the
 * flagged ones, as CSV (formula-guarded text) or Parquet.
 */
import { AUDIT_GIVEN_VIEW, AUDIT_VIEW } from '../sql/audit-view';
import { exportSql, writeDecisions, type ExportDecision } from '../export';
import type { Roles } from '../roles/index';
import { loaded, type SessionState } from './state';
import { refreshAuditView } from './view';

export async function exportTable(s: SessionState, format: 'csv' | 'parquet', scope: 'flagged' | 'all', decisions: ExportDecision[], roles: Roles): Promise<Uint8Array> {
	const summary = loaded(s);
	await refreshAuditView(s, roles);
	await writeDecisions(s.db, decisions, summary.overview.rows);
	// Exports keep every row with its label as given; the decisions are in their own columns.
	const sql = exportSql(s.columns, { flaggedOnly: scope === 'flagged', guardFormulas: format === 'csv', source: s.corrections ? AUDIT_GIVEN_VIEW : AUDIT_VIEW });
	return format === 'csv' ? s.db.exportCsv(sql) : s.db.exportParquet(sql);
}
