import type { DbAdapter } from './adapter';
import { DATASET_TABLE, type DatasetSummary, type PixelImages, type SourceFile } from './dataset';
import { loadDataset, type Progress } from './load';
import { describeSql, EXACT_DISTINCT_MAX_ROWS, overviewSql, parseOverview, type ColumnType, type Overview } from './sql/overview';
import { ident } from './sql/quote';
import { DataError } from './loaders/errors';
import { runLabelIssues, type LabelIssueOptions, type LabelIssueReport, type RowResults } from './label-issues';
import { distinctLabelTextSql } from './label-inputs';
import { auditViewSql, createAuditView, type AuditViewSpec, type PredictionSource } from './audit-view';
import type { Roles } from './roles';
import type { Row } from './connector';
import { buildReport, reportDataset } from '../report/build-report';
import type { ReportDriftSettings } from '../report/types';
import { identifierLikeColumns, imageReferenceColumns, joinNames } from './roles';
import { exportSql, writeDecisions, type ExportDecision } from './export';
import { computeDrift, driftSides, type DriftOverride, type DriftReport, type DriftSides } from './drift';
import { KeptColumnStore, rowsWithFlag } from './kept-columns';
import { compareToDataset, compareToTarget, type RepresentationReport } from './representativeness';
import { AUDIT_GIVEN_VIEW, AUDIT_VIEW, MEASURED_TABLE, auditKeyText } from './audit-view';
import { cleanCorrections, correctionsSummary, writeCorrections, type Corrections, type CorrectionsSummary } from './corrections';
import { sliceReport, type SliceReport } from './slice-report';
import { discoverSliceMetrics, sliceFilterSql } from './sql/slice-discovery';
import { SliceCache } from './slice-cache';
import type { SliceAttr } from './sql/slices';
import type { SlicePredicate } from '../core/slices';
import type { SliceDiscovery } from '../core/slice-discovery';
import { binByQuantiles, imageFeatures } from '../core/image-features';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

/** An attribute Plumb measures itself, with the bins it is sliced by. */
export interface MeasuredAttribute {
	name: string;
	description: string;
	edges: number[];
	labels: string[];
}

/** The second dataset's table (reference side of drift, expected shares). */
export const REFERENCE_TABLE = 'reference_dataset';

/** What the Drift page asks for. */
export type DriftRequest = (
	| { kind: 'reference'; overrides?: Record<string, DriftOverride> }
	| { kind: 'time'; column: string; cut: string; overrides?: Record<string, DriftOverride> }
	| { kind: 'values'; column: string; reference: string[]; current: string[]; overrides?: Record<string, DriftOverride> }
) & {
	/** Read and sort every numeric column (no SQL aggregation, no binning; slower on large data). */
	exact?: boolean;
};

/** A group of one column or an intersection, with its rows (see AuditSession.groupValues). */
export interface GroupValue {
	/** The target key ("Male", or "African-American,Male" for an intersection); null when a part is NULL. */
	value: string | null;
	/** One value per column, null for NULL. */
	values: (string | null)[];
	n: number;
}

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

/**
 * Brightness, contrast and foreground fraction of every image, stored in
 * MEASURED_TABLE and binned into thirds (dark / normal / bright...), so a
 * failure tied to lighting shows up as a slice.
 */
async function measureImages(db: DbAdapter, im: PixelImages): Promise<MeasuredAttribute[]> {
	const f = imageFeatures(im.data, im.n, im.width, im.height, im.channels);
	await db.exec(`DROP TABLE IF EXISTS ${ident(MEASURED_TABLE)}`);
	await db.createFromArrow(MEASURED_TABLE, tableToIPC(tableFromArrays({ brightness: f.brightness, contrast: f.contrast, foreground: f.foreground }), 'stream'));
	const attr = (name: string, values: Float64Array, labels: string[], description: string): MeasuredAttribute => ({
		name,
		description,
		edges: binByQuantiles(values, labels).edges,
		labels
	});
	return [
		attr('brightness', f.brightness, ['dark', 'normal', 'bright'], 'mean pixel brightness, in thirds'),
		attr('contrast', f.contrast, ['low contrast', 'normal contrast', 'high contrast'], 'pixel standard deviation, in thirds'),
		attr('foreground', f.foreground, ['little ink', 'normal ink', 'much ink'], 'share of pixels unlike the border, in thirds')
	];
}

/**
 * One audit: a DuckDB with the loaded dataset, plus what is kept beside it as
 * typed arrays (probabilities from an .npy, pixel arrays). The browser worker
 * and the CLI both drive this class, so they compute the same things the
 * same way.
 */
export class AuditSession {
	summary: DatasetSummary | null = null;
	probs: { data: Float32Array | Float64Array; n: number; k: number; source: string } | null = null;
	images: PixelImages | null = null;
	columns: ColumnType[] = [];
	/** Per-row confident-learning results of the last run, kept for review and slices. */
	rowResults: RowResults | null = null;
	labelReport: LabelIssueReport | null = null;
	reference: { name: string; rows: number; columns: string[]; warnings: string[] } | null = null;
	slicesResult: SlicesResult | null = null;
	driftReport: DriftReport | null = null;
	/** How the last drift was asked for (comparison, per-column overrides), for the report's settings. */
	driftSettings: ReportDriftSettings | null = null;
	representationReport: RepresentationReport | null = null;
	/** Attributes Plumb measured itself (image brightness...), with their default bins. */
	measured: MeasuredAttribute[] = [];
	/** Slice tables, discoveries and quantile edges while the audit view's data stay the same. */
	private sliceCache = new SliceCache();
	/** Numeric columns of the loaded tables kept from the load path (for drift), under a memory budget. */
	readonly kept = new KeptColumnStore();
	/** Whether the audit view uses reviewed labels (CORRECTIONS_TABLE); see {@link setCorrections}. */
	corrections = false;
	/** What the reviewed labels change, while in use (for the report). */
	private correctionsInfo: CorrectionsSummary | null = null;
	/** The reviewed labels the last slices were computed with (null: labels as given). */
	private slicesReviewed: CorrectionsSummary | null = null;

	constructor(readonly db: DbAdapter) {}

	/** Load files as the current dataset. On failure the previous dataset stays as it was. */
	async load(files: SourceFile[], progress?: Progress): Promise<DatasetSummary> {
		const timings: Record<string, number> = {};
		let t = performance.now();
		let current = 'fingerprint';
		/** Charge the time since the last stage change to the stage that just ended. */
		const next = (stage: string) => {
			const now = performance.now();
			timings[current] = (timings[current] ?? 0) + now - t;
			t = now;
			current = stage;
		};
		const fingerprint = await fingerprintOf(files);
		next('checking');
		const loaded = await loadDataset(
			this.db,
			files,
			(stage, detail) => {
				next(stage);
				progress?.(stage, detail);
			},
			DATASET_TABLE,
			{ keepBytes: this.kept.budgetFor(DATASET_TABLE) }
		);
		this.kept.set(DATASET_TABLE, loaded.kept);
		next('summarising');
		progress?.('summarising', `${loaded.rows.toLocaleString('en-US')} rows`);
		this.columns = await describe(this.db, DATASET_TABLE);
		const overview = await computeOverview(this.db, DATASET_TABLE, this.columns);
		next('done');
		this.probs = loaded.probs;
		this.images = loaded.images;
		this.rowResults = null;
		this.labelReport = null;
		// Slices, drift and representativeness were of the previous dataset: the report must not show them.
		this.slicesResult = null;
		this.slicesReviewed = null;
		this.driftReport = null;
		this.driftSettings = null;
		this.representationReport = null;
		this.corrections = false;
		this.correctionsInfo = null;
		const { identifiers, imageColumns } = await this.sampledColumnHints(overview.rows);
		next('measuring');
		this.measured = this.images ? await measureImages(this.db, this.images) : [];
		this.summary = {
			name: files.map((f) => f.name).join(' + '),
			files: loaded.files,
			fingerprint,
			overview,
			npyProbs: loaded.probs ? { source: loaded.probs.source, k: loaded.probs.k } : null,
			images: loaded.images ? { source: loaded.images.source, width: loaded.images.width, height: loaded.images.height, channels: loaded.images.channels } : null,
			warnings: loaded.warnings,
			measured: this.measured.map((m) => ({ name: m.name, description: m.description })),
			identifiers,
			imageColumns,
			timings
		};
		return this.summary;
	}

	/**
	 * Slice tables (one per attribute, plus the intersection of two) and, when
	 * asked, automatic slice discovery over the protected and nuisance
	 * attributes. Runs confident learning first when it can and has not run, so
	 * label-issue rates are there.
	 */
	async slices(roles: Roles, options: SliceRequest): Promise<SlicesResult> {
		if (!this.summary) throw new DataError('Load a dataset first.', { file: '(none)' });
		const t0 = performance.now();
		const canLearn = !!roles.label && (!!roles.predProbs?.length || !!roles.predProbsList || !!this.probs);
		if (canLearn && !this.rowResults) await this.labelIssues(roles, options.labelOptions ?? {});
		const classes = this.labelReport?.classNames;
		const binary = classes ? classes.length === 2 : !!(roles.score && roles.threshold !== undefined) || !!roles.predLabel;
		let positive = options.positive;
		if (binary && positive === undefined && roles.label) {
			positive = classes && classes.length === 2 ? (classes.find((c) => ['1', 'true', 'yes'].includes(c.toLowerCase())) ?? classes[1]) : undefined;
			if (positive === undefined) positive = (await binaryClasses(this.db, { column: roles.label, type: this.typeOf(roles.label) })).positive;
		}
		const view = await this.refreshAuditView(roles, positive);
		const cache = this.sliceCache;
		// the view's SQL stays the same while reviewed labels change the rows behind it: they are state too
		cache.validFor([this.summary, this.rowResults, auditViewSql(view), this.correctionsInfo]);
		const attr = (c: string): string | SliceAttr => {
			const edges = options.edges?.[c];
			if (edges?.length) return { column: c, bins: [...edges].sort((a, b) => a - b) };
			const m = this.measured.find((x) => x.name === c);
			return m ? { column: c, bins: m.edges, binLabels: m.labels } : c;
		};
		const by = options.by.map(attr);
		const t1 = performance.now();
		const tables = { by, positive: binary ? positive : undefined, reference: options.reference, minSize: options.minSize };
		const report = by.length ? await cache.memo(JSON.stringify(['tables', tables]), () => sliceReport(this.db, { ...tables, cache: cache.resolve, keyText: auditKeyText(view) })) : null;
		const t2 = performance.now();
		const candidates = [...roles.protected, ...roles.nuisance].map(attr);
		const metrics = this.rowResults ? (['error', 'issue'] as const) : (['error'] as const);
		const search = { source: AUDIT_VIEW, columns: candidates, metrics: [...metrics], minSupport: options.minSize };
		const discovery =
			options.discover && candidates.length
				? await cache.memo(JSON.stringify(['discovery', search]), async () => {
						const [error, issue] = await discoverSliceMetrics(this.db, { ...search, cache: cache.resolve });
						return { error: error!, issue: issue ?? null };
					})
				: null;
		const t3 = performance.now();
		this.slicesReviewed = this.correctionsInfo;
		this.slicesResult = { report, discovery, positive: binary ? (positive ?? null) : null, timings: { labelIssues: t1 - t0, tables: t2 - t1, discovery: t3 - t2 } };
		return this.slicesResult;
	}

	/** Dataset rows (0-based) in a slice, in row order. */
	async sliceRows(predicates: SlicePredicate[]): Promise<Int32Array> {
		const read = await this.db.readNumeric(`SELECT "__row"::DOUBLE AS r FROM ${ident(AUDIT_VIEW)} WHERE ${sliceFilterSql({ predicates })} ORDER BY "__row"`);
		return Int32Array.from(read.r ?? []);
	}

	/** A second dataset to compare with (drift, representativeness), in REFERENCE_TABLE. */
	async loadReference(files: SourceFile[], progress?: Progress): Promise<{ name: string; rows: number; columns: string[]; warnings: string[] }> {
		const loaded = await loadDataset(this.db, files, progress, REFERENCE_TABLE, { keepBytes: this.kept.budgetFor(REFERENCE_TABLE) });
		this.kept.set(REFERENCE_TABLE, loaded.kept);
		const columns = (await describe(this.db, REFERENCE_TABLE)).map((c) => c.name);
		this.reference = { name: files.map((f) => f.name).join(' + '), rows: loaded.rows, columns, warnings: loaded.warnings };
		return this.reference;
	}

	/**
	 * Drift between a reference and a current side: the reference dataset vs
	 * this one, or this one split by a time column or a column's values.
	 * Label, prediction and probability columns are reported apart.
	 */
	async drift(spec: DriftRequest, roles: Roles): Promise<DriftReport> {
		if (!this.summary) throw new DataError('Load a dataset first.', { file: '(none)' });
		let sides;
		if (spec.kind === 'reference') {
			if (!this.reference) throw new DataError('Load a reference dataset first (Drift > Compare with another dataset).', { file: '(none)' });
			sides = driftSides({ kind: 'tables', reference: REFERENCE_TABLE, current: DATASET_TABLE, referenceLabel: this.reference.name, currentLabel: this.summary.name });
		} else if (spec.kind === 'time') {
			sides = driftSides({ kind: 'time', table: DATASET_TABLE, column: spec.column, reference: { until: spec.cut }, current: { from: spec.cut } });
		} else {
			sides = driftSides({ kind: 'values', table: DATASET_TABLE, column: spec.column, reference: spec.reference, current: spec.current });
		}
		const overrides = spec.overrides ?? {};
		sides = await this.withKeptColumns(sides);
		this.driftReport = await computeDrift(this.db, { ...sides, overrides, roles, aggregate: spec.exact ? false : undefined });
		this.driftSettings = { comparison: driftComparison(spec, this.driftReport), overrides: { ...overrides } };
		return this.driftReport;
	}

	/**
	 * The sides of a drift comparison with their numeric columns from memory:
	 * whole tables (columns kept at load, or read back by an earlier drift), or
	 * for a split of one table kept at load its rows by side (one query for the
	 * sides of every row).
	 */
	private async withKeptColumns(sides: DriftSides): Promise<DriftSides> {
		if (!sides.split) {
			return {
				...sides,
				reference: { ...sides.reference, inMemory: this.kept.wholeTable(REFERENCE_TABLE) },
				current: { ...sides.current, inMemory: this.kept.wholeTable(DATASET_TABLE) }
			};
		}
		const kept = this.kept.get(sides.split.table);
		if (!kept) return sides;
		const { reference, current } = sides.split;
		const read = await this.db.readNumeric(
			`SELECT (coalesce(${reference}, FALSE)::INTEGER + 2 * coalesce(${current}, FALSE)::INTEGER)::DOUBLE AS "side" FROM ${ident(sides.split.table)} ORDER BY rowid`
		);
		const flags = read.side!;
		if (flags.length !== kept.rows) return sides;
		return { ...sides, reference: { ...sides.reference, inMemory: rowsWithFlag(kept, flags, 1) }, current: { ...sides.current, inMemory: rowsWithFlag(kept, flags, 2) } };
	}

	/** Shares of an attribute (or two) against a target population or the reference dataset. */
	async representation(spec: RepresentationRequest): Promise<RepresentationReport> {
		if (!this.summary) throw new DataError('Load a dataset first.', { file: '(none)' });
		this.representationReport =
			spec.against === 'reference'
				? await compareToDataset(this.db, { table: DATASET_TABLE, otherTable: REFERENCE_TABLE, attribute: spec.attribute })
				: await compareToTarget(this.db, { table: DATASET_TABLE, attribute: spec.attribute, target: new Map(Object.entries(spec.target)) });
		return this.representationReport;
	}

	/**
	 * The values of a column (or the combinations of several: an intersection)
	 * with their counts, most frequent first. `value` is the key a target
	 * population gives the group (parts joined with `joinNames`, as
	 * parseTargetCsv gives them), null when a part is NULL.
	 */
	async groupValues(column: string | readonly string[], limit = 50): Promise<GroupValue[]> {
		const columns = typeof column === 'string' ? [column] : [...column];
		if (columns.length === 0) return [];
		const g = columns.map((_, i) => ident(`g${i}`));
		const rows = await this.db.query(
			`SELECT ${columns.map((c, i) => `${ident(c)}::VARCHAR AS ${g[i]}`).join(', ')}, count(*) AS n FROM ${ident(DATASET_TABLE)} GROUP BY ALL ORDER BY n DESC, ${g.join(', ')} LIMIT ${Math.max(1, Math.floor(limit))}`
		);
		return rows.map((r) => {
			const values = columns.map((_, i) => (r[`g${i}`] === null || r[`g${i}`] === undefined ? null : String(r[`g${i}`])));
			const value = values.some((v) => v === null) ? null : values.length === 1 ? values[0]! : joinNames(values as string[]);
			return { value, values, n: Number(r.n) };
		});
	}

	/**
	 * The dataset with Plumb's columns added (given and suggested label, label
	 * quality, issue flag, review decision, corrected label), every row or the
	 * flagged ones, as CSV (formula-guarded text) or Parquet.
	 */
	async exportTable(format: 'csv' | 'parquet', scope: 'flagged' | 'all', decisions: ExportDecision[], roles: Roles): Promise<Uint8Array> {
		if (!this.summary) throw new DataError('Load a dataset first.', { file: '(none)' });
		await this.refreshAuditView(roles);
		await writeDecisions(this.db, decisions, this.summary.overview.rows);
		// Exports keep every row with its label as given; the decisions are in their own columns.
		const sql = exportSql(this.columns, { flaggedOnly: scope === 'flagged', guardFormulas: format === 'csv', source: this.corrections ? AUDIT_GIVEN_VIEW : AUDIT_VIEW });
		return format === 'csv' ? this.db.exportCsv(sql) : this.db.exportParquet(sql);
	}

	/**
	 * The stakeholder report: one self-contained HTML file (inline SVG, no
	 * scripts) with what has been computed so far: label issues, slices, drift
	 * and representativeness, the settings used and how to read each part.
	 */
	async report(roles: Roles, options: { createdAt: string; plumbVersion: string; madeIn: 'browser' | 'cli' }): Promise<string> {
		if (!this.summary) throw new DataError('Load a dataset first.', { file: '(none)' });
		return buildReport({
			dataset: reportDataset(this.summary),
			createdAt: options.createdAt,
			plumbVersion: options.plumbVersion,
			madeIn: options.madeIn,
			settings: {
				roles,
				labelIssues: this.labelReport?.options,
				slices: this.slicesResult ? { positive: this.slicesResult.positive, reviewedLabels: this.slicesReviewed } : undefined,
				drift: this.driftReport && this.driftSettings ? this.driftSettings : undefined
			},
			identifierLikeColumns: this.summary.identifiers,
			labelIssues: this.labelReport,
			slices: this.slicesResult?.report ?? null,
			discovery: this.slicesResult?.discovery ?? null,
			drift: this.driftReport,
			representativeness: this.representationReport ? [this.representationReport] : null
		});
	}

	/**
	 * What a sample of values says about the columns: which look like direct
	 * identifiers (names, emails, phones, national ids; also judged by name) and
	 * which hold image paths or URLs.
	 */
	private async sampledColumnHints(rows: number): Promise<{ identifiers: { column: string; why: string }[]; imageColumns: string[] }> {
		const cols = this.columns.slice(0, 1000);
		if (cols.length === 0) return { identifiers: [], imageColumns: [] };
		const sample = await this.db.query(`SELECT ${cols.map((c) => `${ident(c.name)}::VARCHAR AS ${ident(c.name)}`).join(', ')} FROM ${ident(DATASET_TABLE)} LIMIT 200`);
		const byColumn = Object.fromEntries(cols.map((c) => [c.name, sample.map((r) => r[c.name])]));
		const infos = cols.map((c) => ({ name: c.name, type: c.type, distinct: NaN, nulls: 0, rows }));
		return { identifiers: identifierLikeColumns(infos, byColumn), imageColumns: imageReferenceColumns(infos, byColumn) };
	}

	/** Release the database (the CLI's native DuckDB and its temporary files). */
	close(): void {
		(this.db as { close?: () => void }).close?.();
	}

	/** Pixel arrays of some rows, for thumbnails (null when the dataset has no pixel images). */
	pixels(rows: number[]): { width: number; height: number; channels: number; data: Uint8Array } | null {
		const im = this.images;
		if (!im) return null;
		const size = im.width * im.height * im.channels;
		const data = new Uint8Array(rows.length * size);
		rows.forEach((r, i) => {
			if (r >= 0 && r < im.n) data.set(im.data.subarray(r * size, (r + 1) * size), i * size);
		});
		return { width: im.width, height: im.height, channels: im.channels, data };
	}

	/** Some dataset rows (by 0-based index) with the given columns, in the order asked. */
	async rows(rows: number[], columns: string[]): Promise<Row[]> {
		const ids = rows.filter((r) => Number.isInteger(r) && r >= 0);
		if (ids.length === 0 || columns.length === 0) return rows.map(() => ({}));
		const cols = columns.map((c) => `${ident(c)}::VARCHAR AS ${ident(c)}`).join(', ');
		const found = await this.db.query(`SELECT rowid AS "__row", ${cols} FROM ${ident(DATASET_TABLE)} WHERE rowid IN (${ids.join(', ')})`);
		const byRow = new Map(found.map((r) => [Number(r.__row), r]));
		return rows.map((r) => byRow.get(r) ?? {});
	}

	/** The DuckDB type of a column of the dataset. */
	typeOf(column: string): string {
		const c = this.columns.find((c) => c.name === column);
		if (!c) throw new DataError(`The dataset has no column "${column}".`, { file: this.summary?.name ?? DATASET_TABLE, column });
		return c.type;
	}

	/** Find label issues with confident learning; keeps per-row results and refreshes the audit view. */
	async labelIssues(roles: Roles, options: Partial<LabelIssueOptions> = {}): Promise<LabelIssueReport> {
		if (!this.summary) throw new DataError('Load a dataset first.', { file: '(none)' });
		const { report, rows } = await runLabelIssues(this.db, roles, roles.label ? this.typeOf(roles.label) : 'VARCHAR', this.probs, options, this.kept.get(DATASET_TABLE) ?? null);
		this.rowResults = rows;
		this.labelReport = report;
		await this.refreshAuditView(roles);
		return report;
	}

	/**
	 * Use reviewed labels (or, with null, the labels as given again): store the
	 * checked corrections and recreate the audit view so `__label` is the
	 * corrected label and excluded rows are left out of every aggregate.
	 * Confident learning is not re-run: its flags are what is being reviewed.
	 */
	async setCorrections(corrections: Corrections | null, roles: Roles): Promise<CorrectionsSummary | null> {
		if (!this.summary) throw new DataError('Load a dataset first.', { file: '(none)' });
		const clean = corrections ? cleanCorrections(corrections, this.summary.overview.rows) : null;
		if (clean) await writeCorrections(this.db, clean);
		this.corrections = clean !== null;
		await this.refreshAuditView(roles);
		this.correctionsInfo = clean ? await correctionsSummary(this.db, clean.dropped) : null;
		return this.correctionsInfo;
	}

	/**
	 * (Re)create the audit view for the roles: label and prediction as text,
	 * per-row results when confident learning has run.
	 */
	async refreshAuditView(roles: Roles, positive?: string): Promise<AuditViewSpec> {
		const classNames = this.labelReport?.classNames ?? null;
		let prediction: PredictionSource = { kind: 'none' };
		if (this.rowResults && classNames) prediction = { kind: 'probs', classNames };
		else if (roles.predLabel) prediction = { kind: 'column', column: roles.predLabel, type: this.typeOf(roles.predLabel) };
		else if (roles.score && roles.threshold !== undefined) {
			const { positive: pos, negative } = await binaryClasses(this.db, roles.label ? { column: roles.label, type: this.typeOf(roles.label) } : null, positive);
			prediction = { kind: 'score', column: roles.score, threshold: roles.threshold, positive: pos, negative };
		}
		const spec: AuditViewSpec = {
			label: roles.label ? { column: roles.label, type: this.typeOf(roles.label) } : null,
			prediction,
			rowResults: this.rowResults !== null,
			classNames,
			measured: this.measured.length > 0,
			corrections: this.corrections
		};
		await createAuditView(this.db, spec);
		return spec;
	}
}

/**
 * The two classes of a binary label and which is positive: the one given, else
 * "1" / "true" / "yes" when present, else the second in sorted order.
 */
export async function binaryClasses(db: DbAdapter, label: { column: string; type: string } | null, positive?: string): Promise<{ positive: string; negative: string }> {
	if (!label) return { positive: positive ?? '1', negative: '0' };
	const values = (await db.query(`${distinctLabelTextSql(DATASET_TABLE, label.column, label.type)} ORDER BY 1`)).map((r) =>
		String(r.v)
	);
	if (values.length > 2) {
		throw new DataError(`A score with a threshold needs a two-class label, but "${label.column}" has ${values.length} values (${values.slice(0, 5).join(', ')}…).`, {
			file: DATASET_TABLE,
			column: label.column
		});
	}
	const pos = positive ?? values.find((v) => ['1', 'true', 'yes', 'positive'].includes(v.toLowerCase())) ?? values[values.length - 1] ?? '1';
	const neg = values.find((v) => v !== pos) ?? (pos === '1' ? '0' : `not ${pos}`);
	return { positive: pos, negative: neg };
}

export async function describe(db: DbAdapter, table: string): Promise<ColumnType[]> {
	return (await db.query(describeSql(table))).map((r) => ({ name: String(r.name), type: String(r.type) }));
}

/** Beyond this many columns, the overview lists the rest by name and type only (statistics cost ~1 ms a column). */
export const OVERVIEW_MAX_COLUMNS = 1000;
/** Beyond this many columns, distinct counts are estimates (an exact count costs ~2 ms a column even on one row). */
const EXACT_DISTINCT_MAX_COLUMNS = 100;

/**
 * The dataset overview: one DuckDB query per batch of columns (batches keep a
 * 10,000-column file from building one enormous statement). Distinct counts
 * are exact for small tables and HyperLogLog estimates for large or wide ones.
 */
export async function computeOverview(db: DbAdapter, table: string, columns: ColumnType[]): Promise<Overview> {
	const BATCH = 500;
	const [count] = await db.query(`SELECT count(*) AS n FROM ${ident(table)}`);
	const rows = Number(count?.n ?? 0);
	const approx = rows > EXACT_DISTINCT_MAX_ROWS || columns.length > EXACT_DISTINCT_MAX_COLUMNS;
	const out: Overview = { rows, columns: [] };
	const described = columns.slice(0, OVERVIEW_MAX_COLUMNS);
	for (let i = 0; i < described.length; i += BATCH) {
		const batch = described.slice(i, i + BATCH);
		const [row] = await db.query(overviewSql(table, batch, approx));
		out.columns.push(...parseOverview(row ?? {}, batch, approx).columns);
	}
	for (const c of columns.slice(OVERVIEW_MAX_COLUMNS)) {
		out.columns.push({ name: c.name, type: c.type, nulls: NaN, distinct: NaN, min: null, max: null, top: [], approx });
	}
	if (columns.length > OVERVIEW_MAX_COLUMNS) out.describedColumns = OVERVIEW_MAX_COLUMNS;
	return out;
}

/** SHA-256 over the files' names, sizes and bytes: the key under which review work is kept. */
export async function fingerprintOf(files: SourceFile[]): Promise<string> {
	const parts: Uint8Array[] = [];
	for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', f.bytes as Uint8Array<ArrayBuffer>));
		parts.push(new TextEncoder().encode(`${f.bytes.length}:`), digest);
	}
	const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
	let o = 0;
	for (const p of parts) {
		all.set(p, o);
		o += p.length;
	}
	const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
	return Array.from(d.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}
