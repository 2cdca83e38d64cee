/**
 * Messages between the page and the engine worker. Every request carries an
 * id; the worker answers with any number of `progress` messages and then one
 * `result` or `error`. Errors are plain objects because an Error cannot always
 * be structured-cloned. {@link ResultOf} and {@link ProgressOf} give each
 * request's result and progress stages; the worker's handler map is checked
 * against them.
 */
import type { SlicePredicate } from '../../core/slices';
import type { Corrections, CorrectionsSummary } from '../corrections';
import type { Row } from '../db/connector';
import type { DatasetSummary } from '../dataset';
import type { DriftReport } from '../drift/index';
import type { ExportDecision } from '../export';
import type { LabelIssueOptions, LabelIssueReport } from '../label-issues';
import type { LoadStage } from '../load/load-dataset';
import type { ReportInput } from '../audit-summary';
import type { RepresentationReport } from '../representativeness';
import type { Roles } from '../roles/index';
import type { DriftRequest, GroupValue, RepresentationRequest, SliceRequest, SlicesResult } from '../services/results';
import type { Pixels } from '../services/rows';

export type { Pixels } from '../services/rows';

export type DemoName = 'mnist' | 'compas';

export type Source = { kind: 'file'; file: File } | { kind: 'url'; url: string; name: string };

export type Request =
	| { type: 'warmUp'; id: number }
	| { type: 'load'; id: number; sources: Source[] }
	| { type: 'labelIssues'; id: number; roles: Roles; options: Partial<LabelIssueOptions> }
	/** Pixel arrays of some rows (image datasets), for thumbnails. */
	| { type: 'pixels'; id: number; rows: number[] }
	/** Some dataset rows as plain objects (for ids, text and attributes in lists). */
	| { type: 'rows'; id: number; rows: number[]; columns: string[] }
	| { type: 'slices'; id: number; roles: Roles; request: SliceRequest }
	/** Dataset rows in a slice (the audit view filtered by the slice's predicates). */
	| { type: 'sliceRows'; id: number; predicates: SlicePredicate[] }
	| { type: 'loadReference'; id: number; sources: Source[] }
	| { type: 'drift'; id: number; roles: Roles; request: DriftRequest }
	| { type: 'representation'; id: number; request: RepresentationRequest }
	/** Values of a column, or combinations of several (an intersection), with counts. */
	| { type: 'groupValues'; id: number; column: string | string[] }
	| { type: 'exportTable'; id: number; format: 'csv' | 'parquet'; scope: 'flagged' | 'all'; decisions: ExportDecision[]; roles: Roles }
	/** Use reviewed labels in the audit view (null: the labels as given). */
	| { type: 'setCorrections'; id: number; roles: Roles; corrections: Corrections | null }
	/** The plain results the report is made of (the page builds the HTML). */
	| { type: 'report'; id: number; roles: Roles; createdAt: string; plumbVersion: string }
	| { type: 'cancel'; id: number; target: number };

export type RequestType = Request['type'];
/** The request of a type. */
export type RequestOf<K extends RequestType> = Extract<Request, { type: K }>;

export interface ResultOf {
	warmUp: null;
	load: DatasetSummary;
	labelIssues: LabelIssueReport;
	pixels: Pixels | null;
	rows: Row[];
	slices: SlicesResult;
	sliceRows: Int32Array;
	loadReference: { name: string; rows: number; columns: string[]; warnings: string[] };
	drift: DriftReport;
	representation: RepresentationReport;
	groupValues: GroupValue[];
	exportTable: Uint8Array;
	/** The plain results the report is made of; report/buildReport makes the HTML on the page. */
	report: ReportInput;
	setCorrections: CorrectionsSummary | null;
	cancel: null;
}

/** Progress of a load: bytes read, then the loader's stages. */
export type LoadProgress = { stage: 'reading'; detail: string; done: number; total: number } | { stage: LoadStage; detail: string };
/** Progress of a computation: one message saying what runs. */
export type ComputeProgress = { stage: 'computing'; detail: string };

/** The progress messages each request may send before its result (never: none). */
export interface ProgressOf {
	warmUp: never;
	load: LoadProgress;
	labelIssues: ComputeProgress;
	pixels: never;
	rows: never;
	slices: ComputeProgress;
	sliceRows: never;
	loadReference: LoadProgress;
	drift: ComputeProgress;
	representation: never;
	groupValues: never;
	exportTable: { stage: 'exporting'; detail: string };
	report: never;
	setCorrections: never;
	cancel: never;
}

export interface WorkerError {
	name: string;
	message: string;
	file?: string;
	row?: number;
	column?: string;
	/** Something the user can do about it, e.g. 'softmax' for probabilities that look like logits. */
	action?: string;
}

export type Response =
	| { type: 'progress'; id: number; stage: string; detail: string; done?: number; total?: number }
	| { type: 'result'; id: number; result: unknown }
	| { type: 'error'; id: number; error: WorkerError };

/** Turn anything thrown into a {@link WorkerError}. */
export function toWorkerError(e: unknown): WorkerError {
	if (e instanceof Error) {
		const d = e as Error & { file?: string; row?: number; column?: string; action?: string };
		return { name: e.name, message: e.message, file: d.file, row: d.row, column: d.column, action: d.action };
	}
	return { name: 'Error', message: String(e) };
}
