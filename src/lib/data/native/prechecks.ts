import type { AuditSession } from '../session';
import { binaryClasses } from '../session';
import { DATASET_TABLE } from '../dataset';
import { DataError } from '../load/errors';
import { resolveClassNames } from '../label-inputs';
import { labelTextSql } from '../sql/labels';
import { distinctLabelSql, unknownLabelSql } from './sql';
import type { StageHook } from './open';

/**
 * Checks answered from the schema and one cheap query on the label column,
 * before any pass over the whole file, with the messages the full
 * computation would give at its end.
 */

/** Every named column exists (the message of AuditSession.typeOf). */
export function requireColumns(s: AuditSession, columns: (string | undefined)[]): void {
	for (const c of columns) if (c !== undefined) s.typeOf(c);
}

/** A score with a threshold needs a two-class label (the message of binaryClasses). */
export async function checkTwoClassLabel(s: AuditSession, label: string, positive: string | undefined, hook: StageHook = () => {}): Promise<{ positive: string; negative: string }> {
	hook('check label values', label);
	return binaryClasses(s.db, { column: label, type: s.typeOf(label) }, positive);
}

/** At most this many distinct label values are looked at (more cannot be the classes of a probability matrix). */
const MAX_DISTINCT = 10_001;

/**
 * The label's values against the classes of the probabilities (K columns
 * named after their classes, or K columns/an .npy for classes 0..K-1 or the
 * sorted values): the class names, or the error confident learning would
 * raise after reading everything.
 */
export async function checkLabelClasses(s: AuditSession, label: string, k: number, probColumns: string[] | null, hook: StageHook = () => {}): Promise<string[]> {
	hook('check label values', label);
	const type = s.typeOf(label);
	const classNames = await resolveClassNames(s.db, label, type, k, probColumns);
	const text = labelTextSql(label, type);
	const values = (await s.db.query(distinctLabelSql(DATASET_TABLE, label, type, MAX_DISTINCT))).map((r) => String(r.v));
	if (values.every((v) => classNames.includes(v))) return classNames;
	const [row] = await s.db.query(unknownLabelSql(DATASET_TABLE, label, text, classNames));
	const bad = Number(row?.r);
	const count = Number(row?.n ?? 0);
	throw new DataError(
		`Row ${bad} (0-based): the label "${row?.v}" in column "${label}" is not one of the classes (${classNames.slice(0, 12).join(', ')}${classNames.length > 12 ? ', …' : ''}); ` +
			`${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'} like it. Fix those labels or choose the right probability columns.`,
		{ file: DATASET_TABLE, row: bad, column: label }
	);
}
