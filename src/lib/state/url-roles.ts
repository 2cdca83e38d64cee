/**
 * Roles in URL search parameters: `label=y&pred_probs=p_a,p_b&protected=race,sex&threshold=5`.
 * Pure functions.
 */
import { joinNames, splitNames } from '../data/roles/names';
import type { Roles } from '../data/roles/types';

/** Search-parameter key of each single-column role. */
const SINGLE_KEYS = {
	id: 'id',
	label: 'label',
	predProbsList: 'pred_probs_list',
	predLabel: 'pred_label',
	score: 'score',
	time: 'time',
	split: 'split',
	image: 'image',
	text: 'text'
} as const satisfies Partial<Record<keyof Roles, string>>;
type SingleRole = keyof typeof SINGLE_KEYS;
const SINGLE_ROLES = Object.keys(SINGLE_KEYS) as SingleRole[];

/** Search-parameter key of each multi-column role. */
const LIST_KEYS = { predProbs: 'pred_probs', protected: 'protected', nuisance: 'nuisance' } as const;
type ListRole = keyof typeof LIST_KEYS;
const LIST_ROLES = Object.keys(LIST_KEYS) as ListRole[];

/** Every key this module owns in a URL. */
export const ROLE_PARAM_KEYS: readonly string[] = [
	...Object.values(SINGLE_KEYS),
	...Object.values(LIST_KEYS),
	'threshold'
];

/**
 * Writes roles into search parameters (a copy of `base`, whose other keys are
 * kept and whose role keys are replaced): `label=y&pred_probs=p_a,p_b&
 * protected=race,sex&threshold=5`. Lists are comma-separated; commas and
 * backslashes inside names are backslash-escaped. Empty roles are omitted.
 */
export function rolesToSearchParams(roles: Roles, base?: URLSearchParams): URLSearchParams {
	const params = new URLSearchParams(base);
	for (const k of ROLE_PARAM_KEYS) params.delete(k);
	for (const role of SINGLE_ROLES) {
		const v = roles[role];
		if (v !== undefined) params.set(SINGLE_KEYS[role], v);
	}
	for (const role of LIST_ROLES) {
		const v = roles[role];
		if (v && v.length > 0) params.set(LIST_KEYS[role], joinNames(v));
	}
	if (roles.threshold !== undefined && Number.isFinite(roles.threshold)) {
		params.set('threshold', String(roles.threshold));
	}
	return params;
}

/**
 * Reads roles from search parameters. Names not in `columns` are dropped and
 * reported in `unknown` (each once). Repeated list keys are merged; duplicate
 * names within a list are dropped. A threshold that is not a finite number is
 * ignored.
 */
export function rolesFromSearchParams(
	params: URLSearchParams,
	columns: string[]
): { roles: Roles; unknown: string[] } {
	const known = new Set(columns);
	const unknown: string[] = [];
	const keep = (name: string): boolean => {
		if (known.has(name)) return true;
		if (name !== '' && !unknown.includes(name)) unknown.push(name);
		return false;
	};
	const roles: Roles = { protected: [], nuisance: [] };
	for (const role of SINGLE_ROLES) {
		const v = params.get(SINGLE_KEYS[role]);
		if (v !== null && keep(v)) roles[role] = v;
	}
	for (const role of LIST_ROLES) {
		const names = params.getAll(LIST_KEYS[role]).flatMap(splitNames).filter(keep);
		const unique = [...new Set(names)];
		if (role === 'predProbs') {
			if (unique.length > 0) roles.predProbs = unique;
		} else {
			roles[role] = unique;
		}
	}
	const t = params.get('threshold');
	if (t !== null && t.trim() !== '' && Number.isFinite(Number(t))) roles.threshold = Number(t);
	return { roles, unknown };
}
