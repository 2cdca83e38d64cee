import type { DemoName, Source } from '$lib/data/worker/protocol';
import { suggestRoles, type Roles } from '$lib/data/roles';
import { buildReport } from '$lib/report/build-report';
import { correctedLabel, type Decision } from '$lib/review/decisions';
import { PLUMB_VERSION } from '$lib/version';
import { DEMOS } from '$lib/ui/demos';
import { problemOf } from './problem';
import { Engine } from './engine.svelte';
import { Dataset } from './dataset.svelte';
import { LabelIssues } from './label-issues.svelte';
import { Slices } from './slices.svelte';
import { Drift } from './drift.svelte';
import { Representation } from './representation.svelte';
import { ReviewedLabels } from './reviewed-labels.svelte';
import { Review } from './review.svelte';
import { ImageSources } from './images.svelte';
import { linkQuery, readLink, rolesFromLink, type Link, type View } from './url';

export type { View } from './url';
export type { Problem } from './problem';
export { problemOf } from './problem';
export { DEFAULT_TIME_LIMIT } from './browser-storage';

/**
 * The page's state for one audit: the engine, the open dataset and its roles,
 * the view shown, and one store per feature. Everything a link records is
 * mirrored in the address bar (see url.ts) so a link reopens the same audit.
 */
export class Audit {
	readonly engine = new Engine();
	readonly dataset = new Dataset();
	readonly labels: LabelIssues;
	readonly slices: Slices;
	readonly drift: Drift;
	readonly representation: Representation;
	readonly reviewed: ReviewedLabels;
	readonly review: Review;
	readonly images = new ImageSources();
	view = $state<View>('overview');
	demo = $state<DemoName | null>(null);
	/** Milliseconds the last successful load took, from request to overview (shown, and read by `npm run bench`). */
	loadMs = $state<number | null>(null);
	/** `drift_test` link parameters that could not be read, reported when the dataset loads. */
	private badDriftTests: string[] = [];

	constructor() {
		const changed = () => this.writeUrl();
		this.labels = new LabelIssues(this.engine, this.dataset, changed);
		this.slices = new Slices(this.engine, this.dataset, this.labels, changed);
		this.drift = new Drift(this.engine, this.dataset, changed);
		this.representation = new Representation(this.engine);
		this.review = new Review(() => this.reviewed.sync());
		this.reviewed = new ReviewedLabels(this.engine, this.dataset, this.review, this.slices, () => this.view === 'slices', changed);
		// After a restart, what the page shows is repeated in this order (the reviewed labels before the slices on them).
		for (const restore of [this.drift.restoreReference, this.labels.restore, this.reviewed.restore, this.slices.restore, this.drift.restore, this.representation.restore]) {
			this.engine.onRestart(restore);
		}
	}

	/** Open what a link asks for: its view and options, then its demo (or warm the engine up for a file). */
	openLink(params: URLSearchParams) {
		const link = readLink(params);
		this.applyLink(link);
		if (link.demo) void this.loadDemo(link.demo, params);
		else this.engine.warmUp();
	}

	/** Take a link's view and options (before the dataset loads). */
	private applyLink(link: Link) {
		if (link.view) this.view = link.view;
		if (link.filterBy) this.labels.options.filterBy = link.filterBy;
		if (link.rankBy) this.labels.options.rankBy = link.rankBy;
		if (link.sliceBy) this.slices.by = link.sliceBy;
		if (link.positive !== undefined) this.slices.positive = link.positive;
		if (link.reference !== undefined) this.slices.reference = link.reference;
		this.drift.overrides = link.driftOverrides;
		this.badDriftTests = link.badDriftTests;
		this.reviewed.on = link.useReviewed;
		if (link.driftExact) this.drift.exact = true;
	}

	/** Load files (drop or picker) as the dataset. */
	async loadFiles(files: File[]) {
		this.demo = null;
		await this.load(files.map((file) => ({ kind: 'file', file })));
	}

	/** Load a bundled demo with its default roles (overridden by the link's `params`, if it names roles). */
	async loadDemo(name: DemoName, params?: URLSearchParams) {
		const demo = DEMOS[name];
		const base = new URL(document.baseURI);
		const ok = await this.load(
			demo.files.map((f) => ({ kind: 'url', url: new URL(f, base).href, name: f.split('/').pop()! })),
			params && readLink(params).hasRoles ? params : new URLSearchParams(demo.roles)
		);
		if (ok) this.demo = name;
		this.writeUrl();
	}

	private async load(sources: Source[], params?: URLSearchParams): Promise<boolean> {
		this.engine.problem = null;
		const started = performance.now();
		const firstLoad = !this.dataset.summary;
		try {
			const summary = await this.engine.load(sources);
			this.loadMs = performance.now() - started;
			this.dataset.summary = summary;
			this.labels.report = null;
			this.slices.result = null;
			this.slices.filter = null;
			const columns = this.dataset.columns.map((c) => c.name);
			// Per-column drift tests from the link (first dataset only) are kept for columns this dataset has.
			const unknownTests = firstLoad ? Object.keys(this.drift.overrides).filter((c) => !columns.includes(c)) : [];
			this.drift.reset(new Set(columns), firstLoad);
			this.representation.reset();
			this.reviewed.reset();
			const suggested = suggestRoles(this.dataset.columns, { imageLike: summary.imageColumns });
			const fromUrl = params ? rolesFromLink(params, columns) : null;
			this.dataset.roles = params && readLink(params).hasRoles && fromUrl ? fromUrl.roles : suggested.roles;
			const unknown = [...(fromUrl?.unknown ?? []), ...unknownTests];
			const linkProblems = [
				...(unknown.length ? [`The link names columns this dataset does not have: ${unknown.join(', ')}. They were ignored.`] : []),
				...(this.badDriftTests.length ? [`The link's drift test settings could not be read: ${this.badDriftTests.join('; ')}. They were ignored.`] : [])
			];
			if (linkProblems.length) this.engine.problem = { message: linkProblems.join(' ') };
			this.badDriftTests = [];
			this.writeUrl();
			// The decisions live in IndexedDB: open them for this dataset, whichever tab is shown.
			void this.review.open(summary.fingerprint, summary.name);
			this.images.setDataset(summary.fingerprint);
			this.reviewed.sync();
			if (this.view === 'issues' || this.view === 'review') void this.labels.find();
			// with reviewed labels asked for, the slices wait for them (the reviewed labels compute them)
			if (this.view === 'slices' && !this.reviewed.on) void this.slices.compute();
			return true;
		} catch (e) {
			this.engine.problem = problemOf(e);
			return false;
		}
	}

	setView(v: View) {
		this.view = v;
		this.writeUrl();
		if ((v === 'issues' || v === 'review') && !this.labels.report) void this.labels.find();
		if (v === 'slices' && !this.slices.result) void this.slices.compute();
	}

	setRoles(r: Roles) {
		this.dataset.roles = r;
		this.labels.report = null;
		this.slices.result = null;
		this.writeUrl();
	}

	/** The dataset with Plumb's columns and the review decisions, as CSV or Parquet bytes (made in the worker). */
	async exportTable(format: 'csv' | 'parquet', scope: 'flagged' | 'all', decisions: Decision[]): Promise<Uint8Array> {
		const report = this.labels.report;
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
		this.engine.computing = { stage: 'exporting', detail: `${scope} rows as ${format}` };
		try {
			return await this.engine.call('exportTable', { format, scope, decisions: rows, roles: this.dataset.plainRoles }, 'Export');
		} finally {
			this.engine.computing = null;
		}
	}

	/** The stakeholder report (self-contained HTML) of what has been computed: results from the worker, HTML made here. */
	async report(): Promise<string> {
		return buildReport(await this.engine.call('report', { roles: this.dataset.plainRoles, createdAt: new Date().toISOString(), plumbVersion: PLUMB_VERSION }, 'The report'));
	}

	/** Some dataset rows' values (ids, text) for lists. */
	rows = (rows: number[], columns: string[]) => this.engine.call('rows', { rows, columns }, 'Reading rows');

	/** Thumbnails' pixels for some rows (null when the dataset has no pixel images). */
	pixels = (rows: number[]) => this.engine.call('pixels', { rows }, 'Reading images');

	/** A column's values (or two columns' combinations) with counts (for a target population or a split). */
	groupValues = (column: string | string[]) => this.engine.call('groupValues', { column }, 'Listing values');

	/** Mirror dataset, roles, view and options in the address bar (no navigation). */
	private writeUrl() {
		if (typeof window === 'undefined') return;
		const q = linkQuery({
			demo: this.demo,
			roles: this.dataset.summary ? this.dataset.plainRoles : null,
			view: this.view,
			labelOptions: this.labels.options,
			sliceBy: this.slices.by,
			useReviewed: this.reviewed.on,
			positive: this.slices.positive,
			reference: this.slices.reference,
			driftOverrides: this.drift.overrides
		});
		history.replaceState(history.state, '', q ? `?${q}` : location.pathname);
	}
}
