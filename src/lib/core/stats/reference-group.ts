/**
 * Which group the others are compared with, when the user has not said.
 *
 * The tools disagree. Aequitas compares with a declared group, or with the largest group
 * ("majority"), or with each metric's best group ("min_metric"). Fairlearn compares with
 * all rows ("to_overall") or takes the extremes. The four-fifths rule (EEOC) compares with
 * the group that has the highest selection rate. An auditor expects a declared privileged
 * group, or else the group the outcome favours most. Plumb's default:
 *
 *  1. a declared group, if it is one of the groups;
 *  2. otherwise the group with the most favourable rate among the substantial groups: at
 *     least `minGroupSize` rows (default 30) and at least `minShare` of all rows (default
 *     10%). Without that rule a handful of rows would become everyone's yardstick. The
 *     favourable rate is the highest when a positive outcome is favourable (a loan granted)
 *     and the lowest when it is adverse (flagged high risk, `higherIsFavourable: false`).
 *     Ties go to the larger group, then to the earlier key in sort order;
 *  3. if no group is substantial, the largest group (Aequitas' majority rule).
 *
 * On COMPAS by race, with "high risk" adverse, this picks Caucasian (the lowest high-risk
 * rate among African-American and Caucasian, the only groups with 10% of the rows). It no
 * longer picks African-American just because that group is the largest.
 */

export interface ReferenceCandidate {
	key: string;
	/** rows in the group */
	n: number;
	/** the rate that decides favour (e.g. selection rate); NaN if undefined */
	rate: number;
}

export interface ReferenceOptions {
	/** the privileged group declared by the user, if any */
	declared?: string;
	/** true (default): a higher rate favours the group; false: a lower rate does */
	higherIsFavourable?: boolean;
	/** smallest group that can be the reference (default 30 rows) */
	minGroupSize?: number;
	/** smallest share of all rows a reference must hold (default 0.1) */
	minShare?: number;
}

export type ReferenceReason = 'declared' | 'most-favourable' | 'largest';

export interface ReferenceChoice {
	key: string;
	reason: ReferenceReason;
}

export const DEFAULT_REFERENCE_MIN_GROUP_SIZE = 30;
export const DEFAULT_REFERENCE_MIN_SHARE = 0.1;

/** Plumb's default reference group (rule above). Throws on an empty list or bad options. */
export function defaultReferenceGroup(groups: readonly ReferenceCandidate[], options: ReferenceOptions = {}): ReferenceChoice {
	if (groups.length === 0) throw new RangeError('No groups to choose a reference from.');
	const minGroupSize = options.minGroupSize ?? DEFAULT_REFERENCE_MIN_GROUP_SIZE;
	const minShare = options.minShare ?? DEFAULT_REFERENCE_MIN_SHARE;
	if (!(minGroupSize >= 0)) throw new RangeError(`minGroupSize must be >= 0, got ${minGroupSize}.`);
	if (!(minShare >= 0 && minShare <= 1)) throw new RangeError(`minShare must be in [0, 1], got ${minShare}.`);
	if (options.declared !== undefined && groups.some((g) => g.key === options.declared)) {
		return { key: options.declared, reason: 'declared' };
	}
	const total = groups.reduce((s, g) => s + g.n, 0);
	const sign = options.higherIsFavourable === false ? -1 : 1;
	const byKey = (a: ReferenceCandidate, b: ReferenceCandidate) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
	const substantial = groups.filter((g) => g.n >= minGroupSize && g.n >= minShare * total && !Number.isNaN(g.rate));
	if (substantial.length > 0) {
		const best = [...substantial].sort((a, b) => sign * (b.rate - a.rate) || b.n - a.n || byKey(a, b))[0] as ReferenceCandidate;
		return { key: best.key, reason: 'most-favourable' };
	}
	const largest = [...groups].sort((a, b) => b.n - a.n || byKey(a, b))[0] as ReferenceCandidate;
	return { key: largest.key, reason: 'largest' };
}
