/**
 * What the stakeholder report is built from: the plain results computed so
 * far (label issues, slices, drift, representativeness) with the settings
 * used. The HTML is made by report/ from this object, on the page's main
 * thread or in the CLI, never here.
 */
import type { DatasetSummary } from '../dataset';
import type { ReportDataset, ReportInput } from '../audit-summary';
import type { Roles } from '../roles/index';
import { loaded, type SessionState } from './state';

/** The dataset part of the report input from what `load` returns. */
export function reportDataset(summary: Pick<DatasetSummary, 'name' | 'files' | 'fingerprint' | 'overview'>): ReportDataset {
	return {
		name: summary.name,
		files: summary.files.map((f) => ({ name: f.name, bytes: f.bytes, role: f.role })),
		fingerprint: summary.fingerprint,
		rows: summary.overview.rows,
		columns: summary.overview.columns.length
	};
}

export interface ReportMeta {
	createdAt: string;
	plumbVersion: string;
	madeIn: 'browser' | 'cli';
}

/** Everything the report shows, as plain objects (structured-clonable). */
export function reportInput(s: SessionState, roles: Roles, meta: ReportMeta): ReportInput {
	const summary = loaded(s);
	return {
		dataset: reportDataset(summary),
		createdAt: meta.createdAt,
		plumbVersion: meta.plumbVersion,
		madeIn: meta.madeIn,
		settings: {
			roles,
			labelIssues: s.labelReport?.options,
			slices: s.slicesResult ? { positive: s.slicesResult.positive, reviewedLabels: s.slicesReviewed } : undefined,
			drift: s.driftReport && s.driftSettings ? s.driftSettings : undefined
		},
		identifierLikeColumns: summary.identifiers,
		labelIssues: s.labelReport,
		slices: s.slicesResult?.report ?? null,
		discovery: s.slicesResult?.discovery ?? null,
		drift: s.driftReport,
		representativeness: s.representationReport ? [s.representationReport] : null
	};
}
