import type { Body } from '$lib/data/worker/client';
import type { SlicesResult } from '$lib/data/session';
import type { SlicePredicate } from '$lib/core/slices';
import { problemOf } from './problem';
import type { Engine, Restorer } from './engine.svelte';
import type { Dataset } from './dataset.svelte';
import type { LabelIssues } from './label-issues.svelte';

export interface SliceOptions {
	by?: string[];
	positive?: string;
	reference?: string | null;
	minSize?: number;
	edges?: Record<string, number[]>;
}

/** A slice chosen on the Slices page: the other views (label issues, review) show only its rows. */
export interface SliceFilter {
	label: string;
	rows: Set<number>;
}

/** Slice tables and discovered slices: the options, the last result and the slice the app is filtered to. */
export class Slices {
	result = $state.raw<SlicesResult | null>(null);
	/** Attributes to slice by (one or two), positive class, reference group, minimum size. */
	by = $state<string[]>([]);
	positive = $state<string | undefined>(undefined);
	reference = $state<string | null | undefined>(undefined);
	minSize = $state(30);
	/** Bin edges the user typed for numeric attributes. */
	edges = $state<Record<string, number[]>>({});
	filter = $state.raw<SliceFilter | null>(null);

	constructor(
		private readonly engine: Engine,
		private readonly dataset: Dataset,
		private readonly labels: LabelIssues,
		/** The options changed (the URL mirrors them). */
		private readonly changed: () => void
	) {}

	/** Repeat the slices in a fresh engine (registered by the page's store, after the reviewed labels). */
	readonly restore: Restorer = async (client) => {
		if (this.result) await client.request('slices', this.body());
	};

	/** Compute slice tables (and discovery) in the engine; a newer request replaces an older one. */
	async compute() {
		if (!this.dataset.summary) return;
		if (this.by.length === 0) this.by = this.dataset.sliceCandidates.slice(0, 1);
		const out = await this.engine.compute('slices', this.body(), 'Slices', { key: 'slices', detail: 'slices' });
		if (out === 'superseded') return;
		this.result = out === 'failed' ? null : out.result;
	}

	/** Drop slices being computed now (they would be on labels that just changed). */
	supersede() {
		this.engine.supersede('slices');
	}

	setOptions(o: SliceOptions) {
		if (o.edges) this.edges = o.edges;
		if (o.by) {
			this.by = o.by;
			this.reference = undefined;
		}
		if ('positive' in o) this.positive = o.positive;
		if ('reference' in o) this.reference = o.reference;
		if (o.minSize !== undefined) this.minSize = o.minSize;
		this.changed();
		void this.compute();
	}

	/** Filter the rest of the app to a slice (a group of a slice table, or a discovered slice). */
	async open(label: string, predicates: SlicePredicate[]) {
		try {
			const rows = await this.engine.call('sliceRows', { predicates }, 'Opening the slice');
			this.filter = { label, rows: new Set(rows) };
		} catch (e) {
			this.engine.problem = problemOf(e);
		}
	}

	private body(): Body<'slices'> {
		return {
			roles: this.dataset.plainRoles,
			request: {
				by: $state.snapshot(this.by),
				positive: this.positive,
				reference: this.reference,
				minSize: this.minSize,
				edges: $state.snapshot(this.edges),
				discover: true,
				labelOptions: this.labels.plainOptions
			}
		};
	}
}
