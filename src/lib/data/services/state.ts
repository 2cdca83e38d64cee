/**
 * What one audit holds between requests, shared by the per-feature services:
 * the database, the loaded dataset's description and typed arrays, and each
 * feature's last results (for the report and for the features built on them).
 */
import type { DbAdapter } from '../db/adapter';
import { DATASET_TABLE, type DatasetSummary, type PixelImages } from '../dataset';
import type { DriftReport } from '../drift/index';
import type { KeptColumnStore } from '../kept-columns';
import type { LabelIssueReport, RowResults } from '../label-issues';
import { DataError } from '../load/errors';
import type { RepresentationReport } from '../representativeness';
import type { ColumnType } from '../sql/overview';
import type { CorrectionsSummary } from '../corrections';
import type { ResultCache, SliceCache } from './result-cache';
import type { DriftSettings, SlicesResult } from './results';

/** The second dataset's table (reference side of drift, expected shares). */
export const REFERENCE_TABLE = 'reference_dataset';

/** An attribute Plumb measures itself, with the bins it is sliced by. */
export interface MeasuredAttribute {
	name: string;
	description: string;
	edges: number[];
	labels: string[];
}

export interface SessionState {
	readonly db: DbAdapter;
	summary: DatasetSummary | null;
	probs: { data: Float32Array | Float64Array; n: number; k: number; source: string } | null;
	images: PixelImages | null;
	columns: ColumnType[];
	/** Per-row confident-learning results of the last run, kept for review and slices. */
	rowResults: RowResults | null;
	labelReport: LabelIssueReport | null;
	reference: { name: string; rows: number; columns: string[]; warnings: string[] } | null;
	slicesResult: SlicesResult | null;
	driftReport: DriftReport | null;
	/** How the last drift was asked for (comparison, per-column overrides), for the report's settings. */
	driftSettings: DriftSettings | null;
	representationReport: RepresentationReport | null;
	/** Attributes Plumb measured itself (image brightness...), with their default bins. */
	measured: MeasuredAttribute[];
	/** Numeric columns of the loaded tables kept from the load path (for drift), under a memory budget. */
	readonly kept: KeptColumnStore;
	/** Whether the audit view uses reviewed labels (CORRECTIONS_TABLE). */
	corrections: boolean;
	/** What the reviewed labels change, while in use (for the report). */
	correctionsInfo: CorrectionsSummary | null;
	/** The reviewed labels the last slices were computed with (null: labels as given). */
	slicesReviewed: CorrectionsSummary | null;
	/** Slice tables, discoveries and quantile edges while the audit view's data stay the same. */
	readonly sliceCache: SliceCache;
	/** Confident-learning results by their inputs, while the dataset stays the same. */
	readonly labelCache: ResultCache;
}

/** The loaded dataset's summary, or a DataError asking for one. */
export function loaded(s: SessionState): DatasetSummary {
	if (!s.summary) throw new DataError('Load a dataset first.', { file: '(none)' });
	return s.summary;
}

/** The DuckDB type of a column of the dataset. */
export function typeOf(s: SessionState, column: string): string {
	const c = s.columns.find((c) => c.name === column);
	if (!c) throw new DataError(`The dataset has no column "${column}".`, { file: s.summary?.name ?? DATASET_TABLE, column });
	return c.type;
}
