/** Reviewed labels in the audit view (or the labels as given again). */
import { cleanCorrections, correctionsSummary, writeCorrections, type Corrections, type CorrectionsSummary } from '../corrections';
import type { Roles } from '../roles/index';
import { loaded, type SessionState } from './state';
import { refreshAuditView } from './view';

/**
 * Use reviewed labels (or, with null, the labels as given again): store the
 * checked corrections and recreate the audit view so `__label` is the
 * corrected label and excluded rows are left out of every aggregate.
 * Confident learning is not re-run: its flags are what is being reviewed.
 */
export async function setCorrections(s: SessionState, corrections: Corrections | null, roles: Roles): Promise<CorrectionsSummary | null> {
	const summary = loaded(s);
	const clean = corrections ? cleanCorrections(corrections, summary.overview.rows) : null;
	if (clean) await writeCorrections(s.db, clean);
	s.corrections = clean !== null;
	await refreshAuditView(s, roles);
	s.correctionsInfo = clean ? await correctionsSummary(s.db, clean.dropped) : null;
	return s.correctionsInfo;
}
