import type { Decision, DecisionKind } from '$lib/review/decisions';

/** How each decision kind is named in the review workspace. */
export const KIND_TITLES: Record<DecisionKind, string> = { keep: 'keep given', accept: 'accept suggestion', relabel: 'relabel', unsure: 'unsure', exclude: 'exclude' };

/** A decision as a list shows it ('relabel 7'); empty for none. */
export function decisionStatus(d: Decision | null): string {
	return d ? KIND_TITLES[d.kind] + (d.kind === 'relabel' ? ` ${d.label}` : '') : '';
}
