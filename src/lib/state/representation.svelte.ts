import type { RepresentationRequest } from '$lib/data/session';
import type { RepresentationReport } from '$lib/data/representativeness';
import { problemOf } from './problem';
import type { Engine, Restorer } from './engine.svelte';

/** Representativeness: shares of an attribute against a target population or the reference dataset. */
export class Representation {
	report = $state.raw<RepresentationReport | null>(null);
	private last: RepresentationRequest | null = null;

	constructor(private readonly engine: Engine) {}

	/** Repeat the comparison shown in a fresh engine. */
	readonly restore: Restorer = async (client) => {
		if (this.report && this.last) await client.request('representation', { request: this.last });
	};

	reset() {
		this.report = null;
		this.last = null;
	}

	async compute(request: RepresentationRequest) {
		try {
			this.report = await this.engine.call('representation', { request }, 'Representativeness');
			this.last = request;
		} catch (e) {
			this.engine.problem = problemOf(e);
		}
	}
}
