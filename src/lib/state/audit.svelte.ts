import { EngineClient, EngineError, type ProgressInfo } from '$lib/data/worker/client';
import type { DemoName, Source } from '$lib/data/worker/protocol';
import type { DatasetSummary } from '$lib/data/dataset';
import { suggestRoles, rolesFromSearchParams, rolesToSearchParams, splitNames, joinNames, ROLE_PARAM_KEYS, type ColumnInfo, type Roles } from '$lib/data/roles';
import type { DriftRequest, RepresentationRequest, SlicesResult } from '$lib/data/session';
import type { DriftReport } from '$lib/data/drift';
import { correctedLabel, type Decision } from '$lib/review/decisions';
import type { RepresentationReport } from '$lib/data/representativeness';
import type { SlicePredicate } from '$lib/core/slices';
import { DEMOS } from './demos';
import { PLUMB_VERSION } from '$lib/version';
import { DEFAULT_LABEL_ISSUE_OPTIONS, type LabelIssueOptions, type LabelIssueReport } from '$lib/data/label-issues';
import { FILTER_BY_METHODS, LABEL_QUALITY_METHODS, type FilterBy, type LabelQualityMethod } from '$lib/core/confident-learning';

export type View = 'overview' | 'roles' | 'issues' | 'review' | 'slices' | 'drift';
export type { LabelIssueReport };

/** A problem shown to the user; nothing already loaded is lost when one occurs. */
export interface Problem {
	message: string;
	/** Something the user can do about it, offered as a button. */
	action?: { label: string; run: () => void };
	file?: string;
	row?: number;
	column?: string;
}

/**
 * The page's state for one audit: the dataset summary from the engine, the
 * column roles, the current view, load progress and the last problem. Roles,
 * the dataset choice and the view are mirrored in the URL so a link reopens
 * the same audit.
 */
export class Audit {
	engine: EngineClient | null = null;
	summary = $state.raw<DatasetSummary | null>(null);
	roles = $state<Roles>({ protected: [], nuisance: [] });
	view = $state<View>('overview');
	demo = $state<DemoName | null>(null);
	busy = $state.raw<ProgressInfo | null>(null);
	problem = $state.raw<Problem | null>(null);
	labelReport = $state.raw<LabelIssueReport | null>(null);
	labelOptions = $state<LabelIssueOptions>({ ...DEFAULT_LABEL_ISSUE_OPTIONS });
	/** Progress of a computation (label issues, slices) shown beside its view. */
	computing = $state.raw<ProgressInfo | null>(null);
	private labelRun = 0;
	slices = $state.raw<SlicesResult | null>(null);
	/** Attributes to slice by (one or two), positive class, reference group, minimum size. */
	sliceBy = $state<string[]>([]);
	slicePositive = $state<string | undefined>(undefined);
	sliceReference = $state<string | null | undefined>(undefined);
	sliceMinSize = $state(30);
	/** Bin edges the user typed for numeric attributes. */
	sliceEdges = $state<Record<string, number[]>>({});
	private sliceRun = 0;
	drift = $state.raw<DriftReport | null>(null);
	driftRequest = $state.raw<DriftRequest | null>(null);
	reference = $state.raw<{ name: string; rows: number; columns: string[]; warnings: string[] } | null>(null);
	representation = $state.raw<RepresentationReport | null>(null);
	/** A slice chosen on the Slices page: the other views (label issues) show only its rows. */
	sliceFilter = $state.raw<{ label: string; rows: Set<number> } | null>(null);
	/** Milliseconds the last successful load took, from request to overview (shown, and read by `npm run bench`). */
	loadMs = $state<number | null>(null);
	/** Wall time of the last drift request as the page saw it (ms), and how many have finished. */
	driftMs = $state<number | null>(null);
	driftRuns = $state(0);
	/** From the link `?drift=exact`: every numeric drift column read and sorted (for comparisons and benchmarks). */
	driftExact = false;
	private loadId = 0;

	get columns(): ColumnInfo[] {
		const s = this.summary;
		if (!s) return [];
		const rows = s.overview.rows;
		return [
			...s.overview.columns.map((c) => ({ name: c.name, type: c.type, distinct: c.distinct, nulls: c.nulls, rows })),
			// Attributes Plumb measured (image brightness...) can be nuisance attributes like any column.
			...s.measured.filter((m) => !s.overview.columns.some((c) => c.name === m.name)).map((m) => ({ name: m.name, type: 'DOUBLE', distinct: rows, nulls: 0, rows }))
		];
	}

	/** Start the engine (DuckDB-wasm) before the first file arrives, so loading is not kept waiting. */
	warmUp() {
		this.client().request('warmUp', {}).catch((e) => (this.problem = problemOf(e)));
	}

	private client(): EngineClient {
		this.engine ??= new EngineClient();
		return this.engine;
	}

	/** Read view and options from a link (before the dataset loads). */
	readUrl(params: URLSearchParams, views: readonly View[]) {
		const v = params.get('view');
		if (v && (views as string[]).includes(v)) this.view = v as View;
		const f = params.get('filter_by');
		if (f && (FILTER_BY_METHODS as readonly string[]).includes(f)) this.labelOptions.filterBy = f as FilterBy;
		const by = params.get('by');
		if (by) this.sliceBy = splitNames(by);
		const pos = params.get('positive');
		if (pos !== null) this.slicePositive = pos;
		const ref = params.get('reference');
		if (ref !== null) this.sliceReference = ref;
		if (params.get('drift') === 'exact') this.driftExact = true;
		const r = params.get('rank_by');
		if (r && (LABEL_QUALITY_METHODS as readonly string[]).includes(r)) this.labelOptions.rankBy = r as LabelQualityMethod;
	}

	/** Load files (drop or picker) as the dataset. */
	async loadFiles(files: File[], params?: URLSearchParams) {
		this.demo = null;
		await this.load(
			files.map((file) => ({ kind: 'file', file })),
			params
		);
	}

	/** Load a bundled demo with its default roles (overridden by `params`). */
	async loadDemo(name: DemoName, params?: URLSearchParams) {
		const demo = DEMOS[name];
		const base = new URL(document.baseURI);
		const ok = await this.load(
			demo.files.map((f) => ({ kind: 'url', url: new URL(f, base).href, name: f.split('/').pop()! })),
			params && hasRoleParams(params) ? params : new URLSearchParams(demo.roles)
		);
		if (ok) this.demo = name;
		this.syncUrl();
	}

	private async load(sources: Source[], params?: URLSearchParams): Promise<boolean> {
		this.problem = null;
		this.busy = { stage: 'starting', detail: 'DuckDB' };
		const started = performance.now();
		try {
			const summary = await this.client().request('load', { sources }, (p) => (this.busy = p), (id) => (this.loadId = id));
			this.loadMs = performance.now() - started;
			this.summary = summary;
			this.labelReport = null;
			this.slices = null;
			this.sliceFilter = null;
			this.drift = null;
			this.representation = null;
			const suggested = suggestRoles(this.columns);
			const fromUrl = params ? rolesFromSearchParams(params, this.columns.map((c) => c.name)) : null;
			const hasUrlRoles = params && hasRoleParams(params);
			this.roles = hasUrlRoles && fromUrl ? fromUrl.roles : suggested.roles;
			if (fromUrl && fromUrl.unknown.length) {
				this.problem = { message: `The link names columns this dataset does not have: ${fromUrl.unknown.join(', ')}. They were ignored.` };
			}
			this.syncUrl();
			if (this.view === 'issues' || this.view === 'review') void this.findLabelIssues();
			if (this.view === 'slices') void this.computeSlices();
			return true;
		} catch (e) {
			this.problem = problemOf(e);
			return false;
		} finally {
			this.busy = null;
		}
	}

	/** Whether the roles allow confident learning (a label and probabilities). */
	get canFindIssues(): boolean {
		return !!this.roles.label && (!!this.roles.predProbs?.length || !!this.roles.predProbsList || !!this.summary?.npyProbs);
	}

	/**
	 * Run confident learning in the engine worker with the current roles and
	 * options. A newer run supersedes an older one: its result is dropped.
	 */
	async findLabelIssues() {
		if (!this.summary || !this.canFindIssues) return;
		const run = ++this.labelRun;
		this.computing = { stage: 'computing', detail: 'confident learning' };
		try {
			const report = await this.client().request('labelIssues', {
				roles: $state.snapshot(this.roles) as Roles,
				options: $state.snapshot(this.labelOptions)
			});
			if (run === this.labelRun) this.labelReport = report;
		} catch (e) {
			if (run === this.labelRun) {
				this.labelReport = null;
				this.problem = problemOf(e);
				if (e instanceof EngineError && e.info.action === 'softmax') {
					this.problem = { ...this.problem, action: { label: 'Apply softmax (they are logits)', run: () => this.setLabelOptions({ softmax: true }) } };
				}
			}
		} finally {
			if (run === this.labelRun) this.computing = null;
		}
	}

	/** Attributes worth slicing by: protected, nuisance, and measured ones. */
	get sliceCandidates(): string[] {
		return [...new Set([...this.roles.protected, ...this.roles.nuisance, ...(this.summary?.measured.map((m) => m.name) ?? [])])];
	}

	/** Compute slice tables (and discovery) in the engine; newer requests supersede older ones. */
	async computeSlices() {
		if (!this.summary) return;
		if (this.sliceBy.length === 0) this.sliceBy = this.sliceCandidates.slice(0, 1);
		const run = ++this.sliceRun;
		this.computing = { stage: 'computing', detail: 'slices' };
		try {
			const result = await this.client().request('slices', {
				roles: $state.snapshot(this.roles) as Roles,
				request: {
					by: $state.snapshot(this.sliceBy),
					positive: this.slicePositive,
					reference: this.sliceReference,
					minSize: this.sliceMinSize,
					edges: $state.snapshot(this.sliceEdges),
					discover: true,
					labelOptions: $state.snapshot(this.labelOptions)
				}
			});
			if (run === this.sliceRun) this.slices = result;
		} catch (e) {
			if (run === this.sliceRun) {
				this.slices = null;
				this.problem = problemOf(e);
			}
		} finally {
			if (run === this.sliceRun) this.computing = null;
		}
	}

	setSliceOptions(o: { by?: string[]; positive?: string; reference?: string | null; minSize?: number; edges?: Record<string, number[]> }) {
		if (o.edges) this.sliceEdges = o.edges;
		if (o.by) {
			this.sliceBy = o.by;
			this.sliceReference = undefined;
		}
		if ('positive' in o) this.slicePositive = o.positive;
		if ('reference' in o) this.sliceReference = o.reference;
		if (o.minSize !== undefined) this.sliceMinSize = o.minSize;
		this.syncUrl();
		void this.computeSlices();
	}

	/** Load a second dataset to compare with (reference side of drift, expected shares). */
	async loadReference(files: File[]) {
		this.computing = { stage: 'reading', detail: files.map((f) => f.name).join(', ') };
		try {
			this.reference = await this.client().request('loadReference', { sources: files.map((file) => ({ kind: 'file', file })) }, (p) => (this.computing = p));
			await this.computeDrift({ kind: 'reference' });
		} catch (e) {
			this.problem = problemOf(e);
		} finally {
			this.computing = null;
		}
	}

	/** Drift between two sides (see DriftRequest); the result replaces the last one. */
	async computeDrift(request: DriftRequest) {
		this.driftRequest = request;
		this.computing = { stage: 'computing', detail: 'drift' };
		try {
			const started = performance.now();
			this.drift = await this.client().request('drift', { roles: $state.snapshot(this.roles) as Roles, request: this.driftExact ? { ...request, exact: true } : request });
			this.driftMs = performance.now() - started;
			this.driftRuns++;
		} catch (e) {
			this.problem = problemOf(e);
		} finally {
			this.computing = null;
		}
	}

	/** Some dataset rows' values (ids, text) for lists. */
	rows(rows: number[], columns: string[]) {
		return this.client().request('rows', { rows, columns });
	}

	/** The dataset with Plumb's columns and the review decisions, as CSV or Parquet bytes (made in the worker). */
	async exportTable(format: 'csv' | 'parquet', scope: 'flagged' | 'all', decisions: Decision[]): Promise<Uint8Array> {
		const report = this.labelReport;
		const byRow = new Map(report ? Array.from(report.ranked, (r, i) => [r, i] as const) : []);
		const name = (k: number | undefined) => (k === undefined ? null : (report?.classNames[k] ?? String(k)));
		const rows = decisions.map((d) => {
			const i = byRow.get(d.row);
			return {
				row: d.row,
				decision: d.kind,
				correctedLabel: correctedLabel(d, name(i === undefined ? undefined : report!.given[i]), name(i === undefined ? undefined : report!.suggested[i]))
			};
		});
		this.computing = { stage: 'exporting', detail: `${scope} rows as ${format}` };
		try {
			return await this.client().request('exportTable', { format, scope, decisions: rows, roles: $state.snapshot(this.roles) as Roles });
		} finally {
			this.computing = null;
		}
	}

	/** The stakeholder report (self-contained HTML) of what has been computed, made in the worker. */
	async report(): Promise<string> {
		return this.client().request('report', { roles: $state.snapshot(this.roles) as Roles, createdAt: new Date().toISOString(), plumbVersion: PLUMB_VERSION });
	}

	/** A column's values with counts (for entering a target population). */
	groupValues(column: string) {
		return this.client().request('groupValues', { column });
	}

	/** Shares of an attribute against a target population or the reference dataset. */
	async computeRepresentation(request: RepresentationRequest) {
		try {
			this.representation = await this.client().request('representation', { request });
		} catch (e) {
			this.problem = problemOf(e);
		}
	}

	/** Filter the rest of the app to a slice (a group of a slice table, or a discovered slice). */
	async openSlice(label: string, predicates: SlicePredicate[]) {
		try {
			const rows = await this.client().request('sliceRows', { predicates });
			this.sliceFilter = { label, rows: new Set(rows) };
		} catch (e) {
			this.problem = problemOf(e);
		}
	}

	setLabelOptions(o: Partial<LabelIssueOptions>) {
		this.labelOptions = { ...this.labelOptions, ...o };
		this.syncUrl();
		void this.findLabelIssues();
	}

	/** Thumbnails' pixels for some rows (null when the dataset has no pixel images). */
	pixels(rows: number[]) {
		return this.client().request('pixels', { rows });
	}

	cancel() {
		if (this.busy) this.engine?.cancel(this.loadId);
	}

	setView(v: View) {
		this.view = v;
		this.syncUrl();
		if ((v === 'issues' || v === 'review') && !this.labelReport) void this.findLabelIssues();
		if (v === 'slices' && !this.slices) void this.computeSlices();
	}

	setRoles(r: Roles) {
		this.roles = r;
		this.labelReport = null;
		this.slices = null;
		this.syncUrl();
	}

	/** Mirror dataset, roles and view in the address bar (no navigation). */
	syncUrl() {
		if (typeof window === 'undefined') return;
		let p = new URLSearchParams();
		if (this.demo) p.set('demo', this.demo);
		if (this.summary) p = rolesToSearchParams($state.snapshot(this.roles) as Roles, p);
		if (this.view !== 'overview') p.set('view', this.view);
		if (this.labelOptions.filterBy !== DEFAULT_LABEL_ISSUE_OPTIONS.filterBy) p.set('filter_by', this.labelOptions.filterBy);
		if (this.labelOptions.rankBy !== DEFAULT_LABEL_ISSUE_OPTIONS.rankBy) p.set('rank_by', this.labelOptions.rankBy);
		if (this.sliceBy.length) p.set('by', joinNames(this.sliceBy));
		if (this.slicePositive !== undefined) p.set('positive', this.slicePositive);
		if (typeof this.sliceReference === 'string') p.set('reference', this.sliceReference);
		const q = p.toString().replaceAll('%2C', ',');
		history.replaceState(history.state, '', q ? `?${q}` : location.pathname);
	}
}

/** Whether a link names any column role. */
function hasRoleParams(params: URLSearchParams): boolean {
	return ROLE_PARAM_KEYS.some((k) => params.has(k));
}

export function problemOf(e: unknown): Problem {
	if (e instanceof EngineError) return { message: e.info.message, file: e.info.file, row: e.info.row, column: e.info.column };
	return { message: e instanceof Error ? e.message : String(e) };
}
