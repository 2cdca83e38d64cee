import { DATASET_TABLE } from '../dataset';
import { labelTextOfSql } from './labels';
import { ident, literal } from './quote';

/** The view's own columns and those of the per-row results and corrections tables. */
const [ROW, LABEL, PRED, LABEL_KEY, PRED_KEY, ISSUE, QUALITY, SUGGESTED, SUGGESTED_K, PRED_K, C_LABEL, EXCLUDED] = [
	'__row', '__label', '__pred', '__label_key', '__pred_key', '__issue', '__quality', '__suggested', '__suggested_k', '__pred_k', 'label', 'excluded'
].map(ident) as [string, string, string, string, string, string, string, string, string, string, string, string];

/** The view every aggregate reads: the dataset plus resolved label, prediction and per-row results. */
export const AUDIT_VIEW = 'audit';
/** Per-row results computed in the engine from typed arrays (prediction, label-issue flag, quality). */
export const ROW_RESULTS_TABLE = 'plumb_row_results';
/** Per-row attributes measured by Plumb (image brightness, contrast, foreground). */
export const MEASURED_TABLE = 'plumb_measured';
/**
 * Labels set by review decisions: `__row`, `label` (the corrected label, or
 * NULL when the row is only excluded) and `excluded` (left out of every
 * aggregate). One row per dataset row at most.
 */
export const CORRECTIONS_TABLE = 'plumb_corrections';
/**
 * The audit view with the labels as given. It exists while reviewed labels
 * are in use (then `audit` reads it and applies the corrections); exports and
 * the before/after class counts read it.
 */
export const AUDIT_GIVEN_VIEW = 'audit_given';

/** Where the model's prediction comes from. */
export type PredictionSource =
	| { kind: 'none' }
	/** Argmax of the probabilities, computed in the engine into ROW_RESULTS_TABLE.__pred_k. */
	| { kind: 'probs'; classNames: string[] }
	| { kind: 'column'; column: string; type: string }
	/** score >= threshold is the positive class. */
	| { kind: 'score'; column: string; threshold: number; positive: string; negative: string };

export interface AuditViewSpec {
	label: { column: string; type: string } | null;
	prediction: PredictionSource;
	/** Whether ROW_RESULTS_TABLE exists (N rows, in row order). */
	rowResults: boolean;
	/** Class names for ROW_RESULTS_TABLE's class indices. */
	classNames: string[] | null;
	/** Whether MEASURED_TABLE exists (N rows, in row order). */
	measured: boolean;
	/** Whether to apply CORRECTIONS_TABLE (reviewed labels): then AUDIT_GIVEN_VIEW holds the labels as given. */
	corrections?: boolean;
}

/**
 * SQL creating {@link AUDIT_VIEW}: every dataset column, then `__row` (0-based
 * row), `__label` and `__pred` (text), `__issue`, `__quality`,
 * `__suggested` from the row results, and measured attributes. Side tables
 * have one row per dataset row in the same order, so they are joined by
 * position, not by key.
 */
export function auditViewSql(spec: AuditViewSpec): string {
	return baseViewSql(spec, spec.corrections ? AUDIT_GIVEN_VIEW : AUDIT_VIEW);
}

/** {@link auditViewSql} creating the view under `name`. */
function baseViewSql(spec: AuditViewSpec, name: string): string {
	// the text columns are the key columns turned into text, the same way an aggregate over the keys does it
	const keys = keyColumnsSql(spec);
	const text = keyText(spec);
	const cols = ['d.*', `d.rowid AS ${ROW}`, `${text.label(keys.label)} AS ${LABEL}`, `${text.pred(keys.pred)} AS ${PRED}`];
	cols.push(`${keys.label} AS ${LABEL_KEY}`, `${keys.pred} AS ${PRED_KEY}`);
	const names = classNamesSql(spec);
	if (spec.rowResults) {
		cols.push(`r.${ISSUE}::BOOLEAN AS ${ISSUE}`, `r.${QUALITY} AS ${QUALITY}`);
		cols.push(names ? `${names}[r.${SUGGESTED_K} + 1] AS ${SUGGESTED}` : `NULL::VARCHAR AS ${SUGGESTED}`);
	} else cols.push(`NULL::BOOLEAN AS ${ISSUE}`, `NULL::DOUBLE AS ${QUALITY}`, `NULL::VARCHAR AS ${SUGGESTED}`);
	if (spec.measured) cols.push('m.*');
	const from = [`${ident(DATASET_TABLE)} d`];
	if (spec.rowResults) from.push(`${ident(ROW_RESULTS_TABLE)} r`);
	if (spec.measured) from.push(`${ident(MEASURED_TABLE)} m`);
	return `CREATE OR REPLACE VIEW ${ident(name)} AS SELECT ${cols.join(', ')} FROM ${from.join(' POSITIONAL JOIN ')}`;
}

/**
 * `__label_key` and `__pred_key`: cheap values (the label column as stored, the
 * predicted class index, score >= threshold) from which `__label` and
 * `__pred` follow, so that an aggregate can group on them and turn only its
 * few result rows into text (see {@link auditKeyText}).
 */
function keyColumnsSql(spec: AuditViewSpec): { label: string; pred: string } {
	const p = spec.prediction;
	let pred = 'NULL::INTEGER';
	if (p.kind === 'probs' && spec.rowResults && spec.classNames) pred = `r.${PRED_K}`;
	else if (p.kind === 'column') pred = `d.${ident(p.column)}`;
	else if (p.kind === 'score') pred = `(d.${ident(p.column)} >= ${literal(p.threshold)})`;
	return { label: spec.label ? `d.${ident(spec.label.column)}` : 'NULL::INTEGER', pred };
}

/** Turns key columns (of a grouped result) back into `__label` / `__pred` text. */
export interface AuditKeyText {
	label(key: string): string;
	pred(key: string): string;
}

/**
 * How `__label_key` / `__pred_key` become the view's `__label` / `__pred`
 * text, as SQL over a key expression; null while reviewed labels are in use
 * (a corrected `__label` no longer follows from the stored label).
 */
export function auditKeyText(spec: AuditViewSpec): AuditKeyText | null {
	return spec.corrections ? null : keyText(spec);
}

/** The class names as a SQL list (index k + 1 is class k), or null. */
function classNamesSql(spec: AuditViewSpec): string | null {
	return spec.classNames ? `list_value(${spec.classNames.map(literal).join(', ')})` : null;
}

/** Key expressions to `__label` / `__pred` text (see {@link auditKeyText}). */
function keyText(spec: AuditViewSpec): AuditKeyText {
	const p = spec.prediction;
	const names = classNamesSql(spec);
	const label = (key: string) => (spec.label ? labelTextOfSql(key, spec.label.type) : 'NULL::VARCHAR');
	const pred = (key: string): string => {
		if (p.kind === 'probs' && spec.rowResults && names) return `${names}[${key} + 1]`;
		if (p.kind === 'column') return labelTextOfSql(key, p.type);
		if (p.kind === 'score') return `CASE WHEN ${key} IS NULL THEN NULL WHEN ${key} THEN ${literal(p.positive)} ELSE ${literal(p.negative)} END`;
		return 'NULL::VARCHAR';
	};
	return { label, pred };
}

/**
 * SQL creating {@link AUDIT_VIEW} over {@link AUDIT_GIVEN_VIEW} with the
 * reviewed labels: `__label` is the corrected label where a decision set one,
 * and excluded rows are left out (so they leave every count, rate and slice).
 * Everything else (prediction, issue flag, quality, suggestion) is as given:
 * confident learning is not re-run on corrected labels.
 */
export function correctedAuditViewSql(): string {
	const c = ident(CORRECTIONS_TABLE);
	return (
		`CREATE OR REPLACE VIEW ${ident(AUDIT_VIEW)} AS SELECT g.* REPLACE (coalesce(c.${C_LABEL}, g.${LABEL}) AS ${LABEL}) ` +
		`FROM ${ident(AUDIT_GIVEN_VIEW)} g LEFT JOIN ${c} c ON c.${ROW} = g.${ROW} WHERE coalesce(c.${EXCLUDED}, 0) = 0`
	);
}
