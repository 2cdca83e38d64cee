/** What the pages ask the services for, and what the services return beside the core's own result types. */
import type { SliceDiscovery } from '../../core/slice-discovery';
import type { DriftOverride, DriftReport } from '../drift/index';
import type { LabelIssueOptions } from '../label-issues';
import type { ReportDriftSettings } from '../audit-summary';
import type { SliceReport } from '../slice-report';

/** How a drift was asked for, for the report's settings. */
export type DriftSettings = ReportDriftSettings;

/** What the Drift page asks for. */
export type DriftRequest = (
	| { kind: 'reference'; overrides?: Record<string, DriftOverride> }
	| { kind: 'time'; column: string; cut: string; overrides?: Record<string, DriftOverride> }
	| { kind: 'values'; column: string; reference: string[]; current: string[]; overrides?: Record<string, DriftOverride> }
) & {
	/** Read and sort every numeric column (no SQL aggregation, no binning; slower on large data). */
	exact?: boolean;
};

/**
 * A drift request in words for the report's settings, e.g.
 * `compas_screening_date cut at 2014-01-01: before 2014-01-01 (reference) vs from 2014-01-01 (current)`
 * or `split by sex: Male (reference) vs Female (current)`.
 */
export function driftComparison(spec: DriftRequest, report: Pick<DriftReport, 'reference' | 'current'>): string {
	const sides = `${report.reference.label} (reference) vs ${report.current.label} (current)`;
	if (spec.kind === 'time') return `${spec.column} cut at ${spec.cut}: ${sides}`;
	if (spec.kind === 'values') return `split by ${spec.column}: ${sides}`;
	return sides;
}

/** A group of one column or an intersection, with its rows (see groupValues). */
export interface GroupValue {
	/** The target key ("Male", or "African-American,Male" for an intersection); null when a part is NULL. */
	value: string | null;
	/** One value per column, null for NULL. */
	values: (string | null)[];
	n: number;
}

/** What the Representativeness section asks for: target shares by value, or the reference dataset's shares. */
export type RepresentationRequest =
	| { against: 'target'; attribute: string | string[]; target: Record<string, number> }
	| { against: 'reference'; attribute: string | string[] };

/** What the Slices page asks for. */
export interface SliceRequest {
	by: string[];
	/** Bin edges chosen by the user for numeric attributes (default: quartiles; measured ones: thirds). */
	edges?: Record<string, number[]>;
	positive?: string;
	reference?: string | null;
	minSize?: number;
	discover?: boolean;
	labelOptions?: Partial<LabelIssueOptions>;
}

export interface SlicesResult {
	report: SliceReport | null;
	discovery: { error: SliceDiscovery; issue: SliceDiscovery | null } | null;
	positive: string | null;
	/** Milliseconds: confident learning (when it had to run first), slice tables, discovery. */
	timings: { labelIssues: number; tables: number; discovery: number };
}
