import { EngineClient, EngineError, type Body, type ProgressInfo } from '$lib/data/worker/client';
import type { DemoName, Request, ResultOf, Source, WorkerError } from '$lib/data/worker/protocol';
import type { DatasetSummary } from '$lib/data/dataset';
import { suggestRoles, splitNames, joinNames, type ColumnInfo, type Roles } from '$lib/data/roles';
import { rolesFromSearchParams, rolesToSearchParams, ROLE_PARAM_KEYS } from './url-roles';
import { buildReport } from '$lib/report/build-report';
import type { DriftRequest, RepresentationRequest, SlicesResult } from '$lib/data/session';
import type { DriftOverride, DriftReport } from '$lib/data/drift';
import { overridesFromParams, overridesToParams, withOverride } from './drift-table';
import { correctedLabel, type Decision } from '$lib/review/decisions';
import type { RepresentationReport } from '$lib/data/representativeness';
import type { SlicePredicate } from '$lib/core/slices';
import type { CorrectionsSummary } from '$lib/data/corrections';
import { correctionsFromDecisions } from '$lib/review/corrections';
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
	/** The user's per-column test / threshold choices; every drift run uses them (and so does the report). */
	driftOverrides = $state.raw<Record<string, DriftOverride>>({});
	private driftRun = 0;
	/** `drift_test` link parameters that could not be read, reported when the dataset loads. */
	private badDriftParams: string[] = [];
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
	/** Seconds one engine operation may run before Plumb stops it (a setting kept in this browser). */
	timeLimit = $state(readTimeLimit());
	/** True while the engine is restarted and the open dataset read again (after a cancel or a time limit). */
	reopening = $state(false);
	/** What the open dataset and the reference dataset were read from, to reopen them after a restart. */
	private openSources: Source[] | null = null;
	private referenceSources: Source[] | null = null;
	private lastRepresentation: RepresentationRequest | null = null;
	private restoring: Promise<void> | null = null;
	/** The reviewed labels last sent to the engine (repeated when it is restarted). */
	private lastCorrections: Body<'setCorrections'> | null = null;
	/** "Use reviewed labels": counts, rates and slices use the labels set by review decisions (kept in the URL as `reviewed=1`). */
	useReviewed = $state(false);
	/** What the reviewed labels in use change (null: labels as given). */
	reviewedLabels = $state.raw<CorrectionsSummary | null>(null);
	/** Key of the decisions last sent to the engine, so the same ones are not sent twice. */
	private correctionsKey: string | null = null;
	private correctionsRun = 0;

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
		const tests = overridesFromParams(params);
		this.driftOverrides = tests.overrides;
		this.badDriftParams = tests.bad;
		this.useReviewed = params.get('reviewed') === '1';
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
		const firstLoad = !this.summary;
		try {
			const name = sources.map((s) => (s.kind === 'file' ? s.file.name : s.name)).join(', ');
			const summary = await this.call('load', { sources }, `Loading ${name}`, (p) => (this.busy = p), (id) => (this.loadId = id));
			this.loadMs = performance.now() - started;
			this.summary = summary;
			this.openSources = sources;
			this.referenceSources = null;
			this.reference = null;
			this.lastRepresentation = null;
			this.labelReport = null;
			this.slices = null;
			this.sliceFilter = null;
			this.drift = null;
			this.driftRequest = null;
			// Per-column drift tests from the link (first dataset only) are kept for columns this dataset has.
			if (!firstLoad) this.driftOverrides = {};
			const names = new Set(this.columns.map((c) => c.name));
			const unknownTests = Object.keys(this.driftOverrides).filter((c) => !names.has(c));
			this.driftOverrides = Object.fromEntries(Object.entries(this.driftOverrides).filter(([c]) => names.has(c)));
			this.representation = null;
			// A newly loaded dataset starts with its labels as given; the reviewed ones are sent again if asked for.
			this.reviewedLabels = null;
			this.correctionsKey = null;
			this.lastCorrections = null;
			const suggested = suggestRoles(this.columns, { imageLike: summary.imageColumns });
			const fromUrl = params ? rolesFromSearchParams(params, this.columns.map((c) => c.name)) : null;
			const hasUrlRoles = params && hasRoleParams(params);
			this.roles = hasUrlRoles && fromUrl ? fromUrl.roles : suggested.roles;
			const unknown = [...(fromUrl?.unknown ?? []), ...unknownTests];
			const linkProblems = [
				...(unknown.length ? [`The link names columns this dataset does not have: ${unknown.join(', ')}. They were ignored.`] : []),
				...(this.badDriftParams.length ? [`The link's drift test settings could not be read: ${this.badDriftParams.join('; ')}. They were ignored.`] : [])
			];
			if (linkProblems.length) this.problem = { message: linkProblems.join(' ') };
			this.badDriftParams = [];
			this.syncUrl();
			if (this.view === 'issues' || this.view === 'review') void this.findLabelIssues();
			// with reviewed labels asked for, the slices wait for them (applyCorrections computes them)
			if (this.view === 'slices' && !this.useReviewed) void this.computeSlices();
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
			const report = await this.call('labelIssues', this.labelIssuesBody(), 'Finding label issues');
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
			const result = await this.call('slices', this.slicesBody(), 'Slices');
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

	/** Turn "Use reviewed labels" on or off (the decisions are sent by {@link applyCorrections}). */
	setUseReviewed(on: boolean) {
		this.useReviewed = on;
		this.syncUrl();
	}

	/**
	 * Send the review decisions to the engine as corrections (or null: labels
	 * as given again), then recompute the slices with them. `key` names the
	 * decisions' state: the same key is not sent twice. A newer call
	 * supersedes an older one.
	 */
	async applyCorrections(decisions: Decision[] | null, key: string) {
		if (!this.summary || key === this.correctionsKey) return;
		const was = this.correctionsKey;
		this.correctionsKey = key;
		if (decisions === null && this.reviewedLabels === null && was === null) return;
		const run = ++this.correctionsRun;
		// Slice results being computed now would be on the old labels: drop them.
		this.sliceRun++;
		try {
			const body: Body<'setCorrections'> = {
				roles: this.plainRoles,
				corrections: decisions ? correctionsFromDecisions(decisions) : null
			};
			const summary = await this.call('setCorrections', body, 'Applying reviewed labels');
			if (run !== this.correctionsRun) return;
			this.lastCorrections = body;
			this.reviewedLabels = summary;
			if (this.view === 'slices') void this.computeSlices();
			else {
				this.slices = null;
				if (this.computing?.detail === 'slices') this.computing = null;
			}
		} catch (e) {
			if (run === this.correctionsRun) {
				this.correctionsKey = null;
				this.problem = problemOf(e);
			}
		}
	}

	/** Load a second dataset to compare with (reference side of drift, expected shares). */
	async loadReference(files: File[]) {
		this.computing = { stage: 'reading', detail: files.map((f) => f.name).join(', ') };
		try {
			const sources: Source[] = files.map((file) => ({ kind: 'file', file }));
			this.reference = await this.call('loadReference', { sources }, `Loading ${files.map((f) => f.name).join(', ')}`, (p) => (this.computing = p));
			this.referenceSources = sources;
			await this.computeDrift({ kind: 'reference' });
		} catch (e) {
			this.problem = problemOf(e);
		} finally {
			this.computing = null;
		}
	}

	/**
	 * Drift between two sides (see DriftRequest) with the user's per-column
	 * overrides (`request.overrides`, default: the current ones); the result
	 * replaces the last one and a newer run supersedes an older one. Resolves
	 * to whether it succeeded; on failure the last table stays.
	 */
	async computeDrift(request: DriftRequest): Promise<boolean> {
		const overrides = request.overrides ?? this.driftOverrides;
		const full = { ...request, overrides } as DriftRequest;
		const run = ++this.driftRun;
		const count = Object.keys(overrides).length;
		this.computing = { stage: 'computing', detail: count ? `drift (${count} column${count > 1 ? 's' : ''} with your test or threshold)` : 'drift' };
		try {
			const started = performance.now();
			const report = await this.call('drift', this.driftBody(full), 'Drift', (p) => {
				if (run === this.driftRun) this.computing = p;
			});
			if (run !== this.driftRun) return false;
			this.drift = report;
			this.driftMs = performance.now() - started;
			this.driftRuns++;
			this.driftRequest = full;
			this.driftOverrides = overrides;
			this.syncUrl();
			return true;
		} catch (e) {
			if (run === this.driftRun) {
				this.problem = problemOf(e);
				if (count) {
					const retry = () => {
						this.problem = null;
						void this.computeDrift({ ...full, overrides: {} });
					};
					this.problem = { ...this.problem, action: { label: 'Use the default tests', run: retry } };
				}
			}
			return false;
		} finally {
			if (run === this.driftRun) this.computing = null;
		}
	}

	/**
	 * Set (or, with null, remove) one column's test / threshold and recompute
	 * the last comparison in the worker. Kept only if the engine accepts it.
	 */
	async setDriftOverride(column: string, override: DriftOverride | null): Promise<boolean> {
		return this.applyDriftOverrides(withOverride(this.driftOverrides, column, override));
	}

	/** Drop every per-column choice and recompute with the default tests. */
	async resetDriftOverrides() {
		await this.applyDriftOverrides({});
	}

	/** Use these per-column choices: recompute the last comparison, or keep them for the next one. */
	private async applyDriftOverrides(overrides: Record<string, DriftOverride>): Promise<boolean> {
		if (!this.driftRequest) {
			this.driftOverrides = overrides;
			this.syncUrl();
			return true;
		}
		this.problem = null;
		return this.computeDrift({ ...this.driftRequest, overrides });
	}

	/** Some dataset rows' values (ids, text) for lists. */
	rows(rows: number[], columns: string[]) {
		return this.call('rows', { rows, columns }, 'Reading rows');
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
			return await this.call('exportTable', { format, scope, decisions: rows, roles: this.plainRoles }, 'Export');
		} finally {
			this.computing = null;
		}
	}

	/** The stakeholder report (self-contained HTML) of what has been computed: results from the worker, HTML made here. */
	async report(): Promise<string> {
		return buildReport(await this.call('report', { roles: this.plainRoles, createdAt: new Date().toISOString(), plumbVersion: PLUMB_VERSION }, 'The report'));
	}

	/** A column's values (or two columns' combinations) with counts (for a target population or a split). */
	groupValues(column: string | string[]) {
		return this.call('groupValues', { column }, 'Listing values');
	}

	/** Shares of an attribute against a target population or the reference dataset. */
	async computeRepresentation(request: RepresentationRequest) {
		try {
			this.representation = await this.call('representation', { request }, 'Representativeness');
			this.lastRepresentation = request;
		} catch (e) {
			this.problem = problemOf(e);
		}
	}

	/** Filter the rest of the app to a slice (a group of a slice table, or a discovered slice). */
	async openSlice(label: string, predicates: SlicePredicate[]) {
		try {
			const rows = await this.call('sliceRows', { predicates }, 'Opening the slice');
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
		return this.call('pixels', { rows }, 'Reading images');
	}

	/**
	 * Cancel the load in progress. The engine checks for it between chunks; a
	 * load stuck inside DuckDB cannot, so after two seconds the engine is
	 * restarted and the dataset open before is read again.
	 */
	cancel() {
		if (!this.busy || this.reopening || !this.engine) return;
		const id = this.loadId;
		this.engine.cancel(id);
		setTimeout(() => {
			if (this.busy && !this.reopening && this.loadId === id) {
				this.stopEngine({ name: 'Cancelled', message: 'Loading was cancelled. Nothing was changed; the dataset loaded before is still open.' });
			}
		}, 2000);
	}

	/** Cancel the computation in progress (label issues, slices, drift...): the engine is restarted and the dataset reopened. */
	cancelComputation() {
		if (!this.engine || this.reopening) return;
		const what = this.computing?.detail ?? 'the computation';
		this.stopEngine({ name: 'Cancelled', message: `Cancelled ${what}. The dataset is being reopened; your review decisions and earlier results are kept.` });
	}

	/** Change the time limit per operation (seconds, > 0); kept in this browser. */
	setTimeLimit(seconds: number) {
		if (!Number.isFinite(seconds) || seconds <= 0) return;
		this.timeLimit = seconds;
		try {
			localStorage.setItem(TIME_LIMIT_KEY, String(seconds));
		} catch {
			/* storage unavailable: the limit holds for this page only */
		}
	}

	/** The roles as a plain object, to send to the engine. */
	private get plainRoles(): Roles {
		return $state.snapshot(this.roles) as Roles;
	}

	private labelIssuesBody(): Body<'labelIssues'> {
		return { roles: this.plainRoles, options: $state.snapshot(this.labelOptions) };
	}

	/** A drift request as sent to the engine: with `exact` when the link asks for every column sorted. */
	private driftBody(request: DriftRequest): Body<'drift'> {
		return { roles: this.plainRoles, request: this.driftExact ? { ...request, exact: true } : request };
	}

	private slicesBody(): Body<'slices'> {
		return {
			roles: this.plainRoles,
			request: {
				by: $state.snapshot(this.sliceBy),
				positive: this.slicePositive,
				reference: this.sliceReference,
				minSize: this.sliceMinSize,
				edges: $state.snapshot(this.sliceEdges),
				discover: true,
				labelOptions: $state.snapshot(this.labelOptions)
			}
		};
	}

	/**
	 * Send a request to the engine under the time limit: past it, the engine is
	 * stopped and restarted (see {@link stopEngine}) and the request fails with
	 * a message naming `what` and the limit. Requests wait while the dataset is
	 * being reopened.
	 */
	private async call<T extends Exclude<Request['type'], 'cancel'>>(
		type: T,
		body: Body<T>,
		what: string,
		progress?: (p: ProgressInfo) => void,
		onStart?: (id: number) => void
	): Promise<ResultOf[T]> {
		if (this.restoring) await this.restoring;
		const limit = this.timeLimit;
		const pending = this.client().request(type, body, progress, onStart);
		const timer = setTimeout(
			() =>
				this.stopEngine({
					name: 'TimeLimit',
					message:
						`${what} took longer than ${limit} s, the time limit per operation, and was stopped. The dataset is being reopened; your review decisions and earlier results are kept. ` +
						`Raise the limit under Settings, ask for less (fewer columns or attributes), or use the command line (npx plumb), which runs native DuckDB, for data this large.`
				}),
			limit * 1000
		);
		try {
			return await pending;
		} finally {
			clearTimeout(timer);
		}
	}

	/**
	 * Stop the engine whatever it is doing (every pending request fails with
	 * `reason`), start a fresh one and read the open dataset into it again,
	 * then repeat what the page shows (label issues, slices, drift,
	 * representativeness) so exports and the report see the same results.
	 */
	private stopEngine(reason: WorkerError) {
		if (!this.engine || this.reopening) return;
		this.engine.restart(reason);
		this.restoring = this.reopen().finally(() => (this.restoring = null));
	}

	private async reopen() {
		const sources = this.openSources;
		if (!sources) {
			this.busy = null;
			this.computing = null;
			return;
		}
		const engine = this.client();
		this.reopening = true;
		this.busy = { stage: 'reopening', detail: this.summary?.name ?? '' };
		this.computing = null;
		try {
			await engine.request('load', { sources }, (p) => (this.busy = { ...p, stage: 'reopening' }));
			if (this.referenceSources) await engine.request('loadReference', { sources: this.referenceSources });
			// Rejected requests have settled by now: only results the page still shows are repeated.
			if (this.labelReport) await engine.request('labelIssues', this.labelIssuesBody());
			if (this.reviewedLabels && this.lastCorrections) await engine.request('setCorrections', this.lastCorrections);
			if (this.slices) await engine.request('slices', this.slicesBody());
			if (this.drift && this.driftRequest) await engine.request('drift', this.driftBody(this.driftRequest));
			if (this.representation && this.lastRepresentation) await engine.request('representation', { request: this.lastRepresentation });
		} catch (e) {
			this.problem = problemOf(e);
		} finally {
			this.reopening = false;
			this.busy = null;
		}
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
		if (this.summary) p = rolesToSearchParams(this.plainRoles, p);
		if (this.view !== 'overview') p.set('view', this.view);
		if (this.labelOptions.filterBy !== DEFAULT_LABEL_ISSUE_OPTIONS.filterBy) p.set('filter_by', this.labelOptions.filterBy);
		if (this.labelOptions.rankBy !== DEFAULT_LABEL_ISSUE_OPTIONS.rankBy) p.set('rank_by', this.labelOptions.rankBy);
		if (this.sliceBy.length) p.set('by', joinNames(this.sliceBy));
		if (this.useReviewed) p.set('reviewed', '1');
		if (this.slicePositive !== undefined) p.set('positive', this.slicePositive);
		if (typeof this.sliceReference === 'string') p.set('reference', this.sliceReference);
		p = overridesToParams(this.driftOverrides, p);
		const q = p.toString().replaceAll('%2C', ',');
		history.replaceState(history.state, '', q ? `?${q}` : location.pathname);
	}
}

const TIME_LIMIT_KEY = 'plumb.timeLimitSeconds';
/** Default seconds one operation may take: a 1.5 GB file loads well within it; a hang does not last longer. */
export const DEFAULT_TIME_LIMIT = 300;

/** The time limit kept in this browser, or the default. */
function readTimeLimit(): number {
	try {
		const v = Number(globalThis.localStorage?.getItem(TIME_LIMIT_KEY));
		return Number.isFinite(v) && v > 0 ? v : DEFAULT_TIME_LIMIT;
	} catch {
		return DEFAULT_TIME_LIMIT;
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
