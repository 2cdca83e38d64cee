import type { AuditSession } from '../session';
import { AUDIT_GIVEN_VIEW, AUDIT_VIEW } from '../sql/audit-view';
import { CSV_COPY_OPTIONS, DECISIONS_TABLE, exportSql } from '../export';
import type { Roles } from '../roles';
import { ident, literal } from '../sql/quote';

/**
 * AuditSession.exportTable without review decisions, written by DuckDB's
 * COPY straight to `path` (no bytes through JavaScript): the same columns,
 * rows and formula guards.
 */
export async function copyExport(s: AuditSession, path: string, format: 'csv' | 'parquet', scope: 'flagged' | 'all', roles: Roles): Promise<void> {
	await s.refreshAuditView(roles);
	const rows = s.summary!.overview.rows;
	await s.db.exec(`DROP TABLE IF EXISTS ${ident(DECISIONS_TABLE)}`);
	await s.db.exec(`CREATE TABLE ${ident(DECISIONS_TABLE)} AS SELECT NULL::VARCHAR AS review_decision, NULL::VARCHAR AS corrected_label FROM range(${rows})`);
	const sql = exportSql(s.columns, { flaggedOnly: scope === 'flagged', guardFormulas: format === 'csv', source: s.corrections ? AUDIT_GIVEN_VIEW : AUDIT_VIEW });
	await s.db.exec(`COPY (${sql}) TO ${literal(path)} ${format === 'csv' ? CSV_COPY_OPTIONS : '(FORMAT parquet)'}`);
}
