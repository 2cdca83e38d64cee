/**
 * One audit: a DuckDB with the loaded dataset, plus what is kept beside it as
 * typed arrays (probabilities from an .npy, pixel arrays) and each feature's
 * last results. The browser worker and the CLI both drive this class, so they
 * compute the same things the same way; each method is one per-feature
 * service in services/.
 */
import type { SlicePredicate } from '../core/slices';
import type { AuditViewSpec } from './sql/audit-view';
import type { CorrectionsSummary, Corrections } from './corrections';
import type { DbAdapter } from './db/adapter';
import type { Row } from './db/connector';
import type { DatasetSummary, PixelImages, SourceFile } from './dataset';
import type { DriftReport } from './drift/index';
import type { ExportDecision } from './export';
import { KeptColumnStore } from './kept-columns';
import type { LabelIssueOptions, LabelIssueReport, RowResults } from './label-issues';
import type { Progress } from './load/load-dataset';
import type { ReportInput } from './audit-summary';
import type { RepresentationReport } from './representativeness';
import type { Roles } from './roles/index';
import type { ColumnType } from './sql/overview';
import { load, loadReference } from './services/dataset';
import { drift } from './services/drift';
import { exportTable } from './services/export';
import { labelIssues, LABEL_CACHE_RESULTS } from './services/label-issues';
import { setCorrections } from './services/corrections';
import { reportInput, type ReportMeta } from './services/report-input';
import { groupValues, representation } from './services/representativeness';
import { ResultCache, SliceCache } from './services/result-cache';
import type { DriftRequest, DriftSettings, GroupValue, RepresentationRequest, SliceRequest, SlicesResult } from './services/results';
import { pixels, rows, type Pixels } from './services/rows';
import { sliceRows, slices } from './services/slices';
import { typeOf, type MeasuredAttribute, type SessionState } from './services/state';
import { refreshAuditView } from './services/view';

export { REFERENCE_TABLE, type MeasuredAttribute } from './services/state';
export { driftComparison, type DriftRequest, type GroupValue, type RepresentationRequest, type SliceRequest, type SlicesResult } from './services/results';
export { binaryClasses } from './services/view';
export { computeOverview, describe, fingerprintOf, OVERVIEW_MAX_COLUMNS } from './services/dataset';
export { reportDataset, type ReportMeta } from './services/report-input';

export class AuditSession implements SessionState {
	summary: DatasetSummary | null = null;
	probs: { data: Float32Array | Float64Array; n: number; k: number; source: string } | null = null;
	images: PixelImages | null = null;
	columns: ColumnType[] = [];
	rowResults: RowResults | null = null;
	labelReport: LabelIssueReport | null = null;
	reference: { name: string; rows: number; columns: string[]; warnings: string[] } | null = null;
	slicesResult: SlicesResult | null = null;
	driftReport: DriftReport | null = null;
	driftSettings: DriftSettings | null = null;
	representationReport: RepresentationReport | null = null;
	measured: MeasuredAttribute[] = [];
	readonly kept = new KeptColumnStore();
	corrections = false;
	correctionsInfo: CorrectionsSummary | null = null;
	slicesReviewed: CorrectionsSummary | null = null;
	readonly sliceCache = new SliceCache();
	readonly labelCache = new ResultCache(LABEL_CACHE_RESULTS);

	constructor(readonly db: DbAdapter) {}

	/** Load files as the current dataset. On failure the previous dataset stays as it was. */
	load(files: SourceFile[], progress?: Progress): Promise<DatasetSummary> {
		return load(this, files, progress);
	}

	/** A second dataset to compare with (drift, representativeness), in REFERENCE_TABLE. */
	loadReference(files: SourceFile[], progress?: Progress): Promise<{ name: string; rows: number; columns: string[]; warnings: string[] }> {
		return loadReference(this, files, progress);
	}

	/** Find label issues with confident learning (kept by their inputs); keeps per-row results and refreshes the audit view. */
	labelIssues(roles: Roles, options: Partial<LabelIssueOptions> = {}): Promise<LabelIssueReport> {
		return labelIssues(this, roles, options);
	}

	/** Slice tables and, when asked, slice discovery (see services/slices.ts). */
	slices(roles: Roles, options: SliceRequest): Promise<SlicesResult> {
		return slices(this, roles, options);
	}

	/** Dataset rows (0-based) in a slice, in row order. */
	sliceRows(predicates: SlicePredicate[]): Promise<Int32Array> {
		return sliceRows(this, predicates);
	}

	/** Drift between a reference and a current side (see services/drift.ts). */
	drift(spec: DriftRequest, roles: Roles): Promise<DriftReport> {
		return drift(this, spec, roles);
	}

	/** Shares of an attribute (or two) against a target population or the reference dataset. */
	representation(spec: RepresentationRequest): Promise<RepresentationReport> {
		return representation(this, spec);
	}

	/** The values of a column (or combinations of several) with their counts, most frequent first. */
	groupValues(column: string | readonly string[], limit = 50): Promise<GroupValue[]> {
		return groupValues(this, column, limit);
	}

	/** The dataset with Plumb's columns added, as CSV or Parquet (see services/export.ts). */
	exportTable(format: 'csv' | 'parquet', scope: 'flagged' | 'all', decisions: ExportDecision[], roles: Roles): Promise<Uint8Array> {
		return exportTable(this, format, scope, decisions, roles);
	}

	/** Use reviewed labels (or, with null, the labels as given again). */
	setCorrections(corrections: Corrections | null, roles: Roles): Promise<CorrectionsSummary | null> {
		return setCorrections(this, corrections, roles);
	}

	/** What the stakeholder report is built from (plain results); report/buildReport makes the HTML. */
	reportInput(roles: Roles, meta: ReportMeta): ReportInput {
		return reportInput(this, roles, meta);
	}

	/** Pixel arrays of some rows, for thumbnails (null when the dataset has no pixel images). */
	pixels(rowIds: number[]): Pixels | null {
		return pixels(this, rowIds);
	}

	/** Some dataset rows (by 0-based index) with the given columns, in the order asked. */
	rows(rowIds: number[], columns: string[]): Promise<Row[]> {
		return rows(this, rowIds, columns);
	}

	/** The DuckDB type of a column of the dataset. */
	typeOf(column: string): string {
		return typeOf(this, column);
	}

	/** (Re)create the audit view for the roles. */
	refreshAuditView(roles: Roles, positive?: string): Promise<AuditViewSpec> {
		return refreshAuditView(this, roles, positive);
	}

	/** Release the database (the CLI's native DuckDB and its temporary files). */
	close(): void {
		(this.db as { close?: () => void }).close?.();
	}
}
