import { EngineError, type Body } from '$lib/data/worker/client';
import { DEFAULT_LABEL_ISSUE_OPTIONS, type LabelIssueOptions, type LabelIssueReport } from '$lib/data/label-issues';
import type { Engine, Restorer } from './engine.svelte';
import type { Dataset } from './dataset.svelte';

export type { LabelIssueReport };

/** Confident learning: the options chosen and the last report (a newer run replaces an older one's result). */
export class LabelIssues {
	report = $state.raw<LabelIssueReport | null>(null);
	options = $state<LabelIssueOptions>({ ...DEFAULT_LABEL_ISSUE_OPTIONS });

	constructor(
		private readonly engine: Engine,
		private readonly dataset: Dataset,
		/** The options changed (the URL mirrors them). */
		private readonly changed: () => void
	) {}

	/** Repeat the report shown in a fresh engine. */
	readonly restore: Restorer = async (client) => {
		if (this.report) await client.request('labelIssues', this.body());
	};

	/** Whether the roles allow confident learning (a label and probabilities). */
	get canFind(): boolean {
		const r = this.dataset.roles;
		return !!r.label && (!!r.predProbs?.length || !!r.predProbsList || !!this.dataset.summary?.npyProbs);
	}

	/** Run confident learning in the engine with the current roles and options. */
	async find() {
		if (!this.dataset.summary || !this.canFind) return;
		const out = await this.engine.compute('labelIssues', this.body(), 'Finding label issues', {
			key: 'labelIssues',
			detail: 'confident learning',
			onError: (p, e) =>
				e instanceof EngineError && e.info.action === 'softmax' ? { ...p, action: { label: 'Apply softmax (they are logits)', run: () => this.setOptions({ softmax: true }) } } : p
		});
		if (out === 'superseded') return;
		this.report = out === 'failed' ? null : out.result;
	}

	setOptions(o: Partial<LabelIssueOptions>) {
		this.options = { ...this.options, ...o };
		this.changed();
		void this.find();
	}

	/** The options as a plain object (slices compute confident learning with them too). */
	get plainOptions(): LabelIssueOptions {
		return $state.snapshot(this.options);
	}

	private body(): Body<'labelIssues'> {
		return { roles: this.dataset.plainRoles, options: this.plainOptions };
	}
}
