/**
 * What the stakeholder report is built from: plain objects as the data layer
 * returns them (no DuckDB, no DOM). Every section but the dataset is optional.
 * Declared on the data side so the session can gather them without importing
 * the report (report/ builds the HTML from them).
 */
import type { SliceDiscovery } from '../core/slice-discovery';
import type { DriftOverride, DriftReport } from './drift/index';
import type { LabelIssueOptions, LabelIssueReport } from './label-issues';
import type { RepresentationReport } from './representativeness';
import type { Roles } from './roles/index';
import type { SliceReport } from './slice-report';

export interface ReportDataset {
	/** Display name, e.g. `compas.csv` or `labels.npy + pred_probs.npy`. */
	name: string;
	/** The files loaded; `bytes` and `role` are shown when given. */
	files: readonly { name: string; bytes?: number; role?: string }[];
	/** Hex fingerprint of the files (`fingerprintOf`). */
	fingerprint: string;
	rows: number;
	columns: number;
}

export interface ReportDriftSettings {
	/** How the two sides were chosen, e.g. `compas_screening_date: 2013 vs 2014`. Default: the sides' labels. */
	comparison?: string;
	/** Per-column test / threshold overrides as asked. */
	overrides?: Readonly<Record<string, DriftOverride>>;
	chiSquareMode?: 'contingency' | 'goodness-of-fit';
}

export interface ReportSettings {
	roles: Roles;
	/** Confident-learning settings; default: those recorded in the label-issue report. */
	labelIssues?: Pick<LabelIssueOptions, 'filterBy' | 'rankBy'> & Partial<LabelIssueOptions>;
	/** Slice settings as asked; default: read off the slice tables (reference group, min size, FDR level). */
	slices?: {
		reference?: string | null;
		minSize?: number;
		positive?: string | null;
		/** Set when the slices were computed with reviewed labels: rows the review decisions relabelled and excluded. */
		reviewedLabels?: { relabelled: number; excluded: number } | null;
	};
	drift?: ReportDriftSettings;
}

/** Discovered slices: as `AuditSession.slices` returns them, or a plain list. */
export type ReportDiscovery = readonly SliceDiscovery[] | { error: SliceDiscovery; issue: SliceDiscovery | null };

export interface ReportInput {
	dataset: ReportDataset;
	/** When the report was made, ISO 8601 (passed in so the output is deterministic). */
	createdAt: string;
	plumbVersion: string;
	/** Where the report was made, for the footer (default 'browser'). */
	madeIn?: 'browser' | 'cli';
	settings: ReportSettings;
	/** `identifierLikeColumns` from data/roles/. */
	identifierLikeColumns?: readonly { column: string; why: string }[] | null;
	labelIssues?: LabelIssueReport | null;
	/** Issues listed in the top-issues table (default {@link DEFAULT_TOP_ISSUES}). */
	topIssues?: number;
	slices?: SliceReport | null;
	discovery?: ReportDiscovery | null;
	drift?: DriftReport | null;
	representativeness?: readonly RepresentationReport[] | null;
}

export const DEFAULT_TOP_ISSUES = 25;
