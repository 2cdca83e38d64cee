import { EngineClient, EngineError, type ProgressInfo } from '$lib/data/worker/client';
import type { DemoName, Source } from '$lib/data/worker/protocol';
import type { DatasetSummary } from '$lib/data/dataset';
import { suggestRoles, rolesFromSearchParams, rolesToSearchParams, type ColumnInfo, type Roles } from '$lib/data/roles';
import { DEMOS } from './demos';

export type View = 'overview' | 'roles' | 'issues';

/** A problem shown to the user; nothing already loaded is lost when one occurs. */
export interface Problem {
	message: string;
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
	/** Milliseconds the last successful load took, from request to overview (shown, and read by `npm run bench`). */
	loadMs = $state<number | null>(null);
	private loadId = 0;

	get columns(): ColumnInfo[] {
		const s = this.summary;
		if (!s) return [];
		return s.overview.columns.map((c) => ({ name: c.name, type: c.type, distinct: c.distinct, nulls: c.nulls, rows: s.overview.rows }));
	}

	/** Start the engine (DuckDB-wasm) before the first file arrives, so loading is not kept waiting. */
	warmUp() {
		this.client().request('warmUp', {}).catch((e) => (this.problem = problemOf(e)));
	}

	private client(): EngineClient {
		this.engine ??= new EngineClient();
		return this.engine;
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
			params && [...params.keys()].some((k) => k !== 'demo' && k !== 'view') ? params : new URLSearchParams(demo.roles)
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
			const suggested = suggestRoles(this.columns);
			const fromUrl = params ? rolesFromSearchParams(params, this.columns.map((c) => c.name)) : null;
			const hasUrlRoles = params && [...params.keys()].some((k) => !['demo', 'view'].includes(k));
			this.roles = hasUrlRoles && fromUrl ? fromUrl.roles : suggested.roles;
			if (fromUrl && fromUrl.unknown.length) {
				this.problem = { message: `The link names columns this dataset does not have: ${fromUrl.unknown.join(', ')}. They were ignored.` };
			}
			this.syncUrl();
			return true;
		} catch (e) {
			this.problem = problemOf(e);
			return false;
		} finally {
			this.busy = null;
		}
	}

	cancel() {
		if (this.busy) this.engine?.cancel(this.loadId);
	}

	setView(v: View) {
		this.view = v;
		this.syncUrl();
	}

	setRoles(r: Roles) {
		this.roles = r;
		this.syncUrl();
	}

	/** Mirror dataset, roles and view in the address bar (no navigation). */
	syncUrl() {
		if (typeof window === 'undefined') return;
		let p = new URLSearchParams();
		if (this.demo) p.set('demo', this.demo);
		if (this.summary) p = rolesToSearchParams($state.snapshot(this.roles) as Roles, p);
		if (this.view !== 'overview') p.set('view', this.view);
		const q = p.toString().replaceAll('%2C', ',');
		history.replaceState(history.state, '', q ? `?${q}` : location.pathname);
	}
}

export function problemOf(e: unknown): Problem {
	if (e instanceof EngineError) return { message: e.info.message, file: e.info.file, row: e.info.row, column: e.info.column };
	return { message: e instanceof Error ? e.message : String(e) };
}
