/** The audit view over the dataset (label and prediction as text, per-row results) and the classes of a binary label. */
import { auditViewSql, correctedAuditViewSql, type AuditViewSpec, type PredictionSource } from '../sql/audit-view';
import type { DbAdapter } from '../db/adapter';
import { DATASET_TABLE } from '../dataset';
import { distinctLabelsSql } from '../sql/labels';
import { DataError } from '../load/errors';
import type { Roles } from '../roles/index';
import { typeOf, type SessionState } from './state';


/**
 * The two classes of a binary label and which is positive: the one given, else
 * "1" / "true" / "yes" when present, else the second in sorted order.
 */
export async function binaryClasses(db: DbAdapter, label: { column: string; type: string } | null, positive?: string): Promise<{ positive: string; negative: string }> {
	if (!label) return { positive: positive ?? '1', negative: '0' };
	const values = (await db.query(`${distinctLabelsSql(DATASET_TABLE, label.column, label.type)} ORDER BY 1`)).map((r) => String(r.v));
	if (values.length > 2) {
		throw new DataError(`A score with a threshold needs a two-class label, but "${label.column}" has ${values.length} values (${values.slice(0, 5).join(', ')}…).`, {
			file: DATASET_TABLE,
			column: label.column
		});
	}
	return positiveOf(values, positive);
}

/**
 * The positive and negative class of a two-valued label (values sorted): the one given, else
 * 1 / true / yes / positive, else the last value.
 */
export function positiveOf(values: readonly string[], positive?: string): { positive: string; negative: string } {
	const pos = positive ?? values.find((v) => ['1', 'true', 'yes', 'positive'].includes(v.toLowerCase())) ?? values[values.length - 1] ?? '1';
	const neg = values.find((v) => v !== pos) ?? (pos === '1' ? '0' : `not ${pos}`);
	return { positive: pos, negative: neg };
}

/**
 * (Re)create the audit view for the roles: label and prediction as text,
 * per-row results when confident learning has run.
 */
export async function refreshAuditView(s: SessionState, roles: Roles, positive?: string): Promise<AuditViewSpec> {
	const classNames = s.labelReport?.classNames ?? null;
	let prediction: PredictionSource = { kind: 'none' };
	if (s.rowResults && classNames) prediction = { kind: 'probs', classNames };
	else if (roles.predLabel) prediction = { kind: 'column', column: roles.predLabel, type: typeOf(s, roles.predLabel) };
	else if (roles.score && roles.threshold !== undefined) {
		const { positive: pos, negative } = await binaryClasses(s.db, roles.label ? { column: roles.label, type: typeOf(s, roles.label) } : null, positive);
		prediction = { kind: 'score', column: roles.score, threshold: roles.threshold, positive: pos, negative };
	}
	const spec: AuditViewSpec = {
		label: roles.label ? { column: roles.label, type: typeOf(s, roles.label) } : null,
		prediction,
		rowResults: s.rowResults !== null,
		classNames,
		measured: s.measured.length > 0,
		corrections: s.corrections
	};
	await s.db.exec(auditViewSql(spec));
	if (spec.corrections) await s.db.exec(correctedAuditViewSql());
	return spec;
}
