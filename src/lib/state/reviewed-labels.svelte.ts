import { isSuperseded, type Body } from '$lib/data/worker/client';
import type { CorrectionsSummary } from '$lib/data/corrections';
import { correctionsFromDecisions } from '$lib/review/corrections';
import type { Decision } from '$lib/review/decisions';
import { problemOf } from './problem';
import type { Engine, Restorer } from './engine.svelte';
import type { Dataset } from './dataset.svelte';
import type { Review } from './review.svelte';
import type { Slices } from './slices.svelte';

/** Wait after the last decision before sending the decisions as corrections (ms): a burst is sent once. */
const CORRECTIONS_DEBOUNCE_MS = 300;

/**
 * "Use reviewed labels": while on, the engine holds the review decisions as
 * corrections, on every tab, so a view never computes on labels older than
 * the decisions; counts, rates and slices then use the reviewed labels.
 */
export class ReviewedLabels {
	/** Whether the reviewed labels are used (kept in the URL as `reviewed=1`). */
	on = $state(false);
	/** What the reviewed labels in use change (null: labels as given). */
	summary = $state.raw<CorrectionsSummary | null>(null);
	/** Key of the decisions last sent to the engine, so the same ones are not sent twice. */
	private sentKey: string | null = null;
	/** The reviewed labels last sent to the engine (repeated when it is restarted). */
	private last: Body<'setCorrections'> | null = null;
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly engine: Engine,
		private readonly dataset: Dataset,
		private readonly review: Review,
		private readonly slices: Slices,
		/** Whether the Slices page is shown (its slices are recomputed at once; elsewhere they are dropped). */
		private readonly showsSlices: () => boolean,
		/** The switch changed (the URL mirrors it). */
		private readonly changed: () => void
	) {}

	/** Send the reviewed labels to a fresh engine again. */
	readonly restore: Restorer = async (client) => {
		if (this.summary && this.last) await client.request('setCorrections', this.last);
	};

	/** A newly loaded dataset starts with its labels as given; the reviewed ones are sent again if asked for. */
	reset() {
		this.summary = null;
		this.sentKey = null;
		this.last = null;
	}

	/** Turn "Use reviewed labels" on or off. */
	set(on: boolean) {
		this.on = on;
		this.changed();
		this.sync();
	}

	/**
	 * Send the decisions to the engine soon (or, when off, the labels as given):
	 * called when the dataset, the switch or the decisions change; a burst of
	 * decisions is sent once, when it is over.
	 */
	sync() {
		clearTimeout(this.timer);
		const s = this.dataset.summary;
		if (!s) return;
		const on = this.on;
		const key = on ? `${s.fingerprint}:${this.review.version}` : 'off';
		this.timer = setTimeout(() => void this.apply(on ? this.review.all() : null, key), on ? CORRECTIONS_DEBOUNCE_MS : 0);
	}

	/**
	 * Send the review decisions to the engine as corrections (or null: labels
	 * as given again), then recompute the slices with them. `key` names the
	 * decisions' state: the same key is not sent twice. A newer call
	 * supersedes an older one.
	 */
	async apply(decisions: Decision[] | null, key: string) {
		if (!this.dataset.summary || key === this.sentKey) return;
		const was = this.sentKey;
		this.sentKey = key;
		if (decisions === null && this.summary === null && was === null) return;
		// Slice results being computed now would be on the old labels: drop them.
		this.slices.supersede();
		try {
			const body: Body<'setCorrections'> = {
				roles: this.dataset.plainRoles,
				corrections: decisions ? correctionsFromDecisions(decisions) : null
			};
			const summary = await this.engine.call('setCorrections', body, 'Applying reviewed labels', { key: 'setCorrections' });
			this.last = body;
			this.summary = summary;
			if (this.showsSlices()) void this.slices.compute();
			else {
				this.slices.result = null;
				if (this.engine.computing?.detail === 'slices') this.engine.computing = null;
			}
		} catch (e) {
			if (isSuperseded(e)) return;
			this.sentKey = null;
			this.engine.problem = problemOf(e);
		}
	}
}
