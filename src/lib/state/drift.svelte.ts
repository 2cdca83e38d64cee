import type { Body } from '$lib/data/worker/client';
import type { Source } from '$lib/data/worker/protocol';
import type { DriftRequest } from '$lib/data/session';
import type { DriftOverride, DriftReport } from '$lib/data/drift';
import { withOverride } from '$lib/ui/drift-table';
import { problemOf } from './problem';
import type { Engine, Restorer } from './engine.svelte';
import type { Dataset } from './dataset.svelte';

/** A reference dataset loaded to compare with (reference side of drift, expected shares). */
export interface ReferenceInfo {
	name: string;
	rows: number;
	columns: string[];
	warnings: string[];
}

/**
 * Drift: the reference dataset, the last comparison (request and report), and
 * the user's per-column test / threshold choices, which every drift run uses
 * (and so does the report).
 */
export class Drift {
	report = $state.raw<DriftReport | null>(null);
	request = $state.raw<DriftRequest | null>(null);
	overrides = $state.raw<Record<string, DriftOverride>>({});
	reference = $state.raw<ReferenceInfo | null>(null);
	/** Wall time of the last drift request as the page saw it (ms), and how many have finished. */
	ms = $state<number | null>(null);
	runs = $state(0);
	/** From the link `?drift=exact`: every numeric drift column read and sorted (for comparisons and benchmarks). */
	exact = false;
	private referenceSources: Source[] | null = null;

	constructor(
		private readonly engine: Engine,
		private readonly dataset: Dataset,
		/** The overrides changed (the URL mirrors them). */
		private readonly changed: () => void
	) {}

	/** Load the reference dataset again in a fresh engine. */
	readonly restoreReference: Restorer = async (client) => {
		if (this.referenceSources) await client.request('loadReference', { sources: this.referenceSources });
	};

	/** Repeat the comparison shown in a fresh engine. */
	readonly restore: Restorer = async (client) => {
		if (this.report && this.request) await client.request('drift', this.body(this.request));
	};

	/** Forget everything of the dataset before; `keepOverrides` keeps the per-column choices for columns in `columns`. */
	reset(columns: ReadonlySet<string>, keepOverrides: boolean) {
		this.referenceSources = null;
		this.reference = null;
		this.report = null;
		this.request = null;
		if (!keepOverrides) this.overrides = {};
		this.overrides = Object.fromEntries(Object.entries(this.overrides).filter(([c]) => columns.has(c)));
	}

	/**
	 * Drift between two sides (see DriftRequest) with the user's per-column
	 * overrides (`request.overrides`, default: the current ones); the result
	 * replaces the last one and a newer run supersedes an older one. Resolves
	 * to whether it succeeded; on failure the last table stays.
	 */
	async compute(request: DriftRequest): Promise<boolean> {
		const overrides = request.overrides ?? this.overrides;
		const full = { ...request, overrides } as DriftRequest;
		const count = Object.keys(overrides).length;
		const started = performance.now();
		const out = await this.engine.compute('drift', this.body(full), 'Drift', {
			key: 'drift',
			detail: count ? `drift (${count} column${count > 1 ? 's' : ''} with your test or threshold)` : 'drift',
			progress: (p) => (this.engine.computing = p),
			onError: (p) => {
				if (!count) return p;
				const retry = () => {
					this.engine.problem = null;
					void this.compute({ ...full, overrides: {} });
				};
				return { ...p, action: { label: 'Use the default tests', run: retry } };
			}
		});
		if (out === 'superseded' || out === 'failed') return false;
		this.report = out.result;
		this.ms = performance.now() - started;
		this.runs++;
		this.request = full;
		this.overrides = overrides;
		this.changed();
		return true;
	}

	/**
	 * Set (or, with null, remove) one column's test / threshold and recompute
	 * the last comparison in the worker. Kept only if the engine accepts it.
	 */
	setOverride(column: string, override: DriftOverride | null): Promise<boolean> {
		return this.applyOverrides(withOverride(this.overrides, column, override));
	}

	/** Drop every per-column choice and recompute with the default tests. */
	async resetOverrides() {
		await this.applyOverrides({});
	}

	/** Use these per-column choices: recompute the last comparison, or keep them for the next one. */
	private async applyOverrides(overrides: Record<string, DriftOverride>): Promise<boolean> {
		if (!this.request) {
			this.overrides = overrides;
			this.changed();
			return true;
		}
		this.engine.problem = null;
		return this.compute({ ...this.request, overrides });
	}

	/** Load a second dataset to compare with, then compare with it. */
	async loadReference(files: File[]) {
		const names = files.map((f) => f.name).join(', ');
		this.engine.computing = { stage: 'reading', detail: names };
		try {
			const sources: Source[] = files.map((file) => ({ kind: 'file', file }));
			this.reference = await this.engine.call('loadReference', { sources }, `Loading ${names}`, { progress: (p) => (this.engine.computing = p) });
			this.referenceSources = sources;
			await this.compute({ kind: 'reference' });
		} catch (e) {
			this.engine.problem = problemOf(e);
		} finally {
			this.engine.computing = null;
		}
	}

	/** A drift request as sent to the engine: with `exact` when the link asks for every column sorted. */
	private body(request: DriftRequest): Body<'drift'> {
		return { roles: this.dataset.plainRoles, request: this.exact ? { ...request, exact: true } : request };
	}
}
