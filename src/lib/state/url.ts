/**
 * The one URL codec: every parameter of a Plumb link is read by {@link readLink}
 * and written by {@link linkQuery}, both pure. Reading never writes the URL
 * back; the page's store writes the address bar when its state changes.
 */
import type { DemoName } from '$lib/data/worker/protocol';
import type { DriftOverride } from '$lib/data/drift';
import type { DriftTestName } from '$lib/core/stats/drift-test-selection';
import { joinNames, splitNames, type Roles } from '$lib/data/roles';
import { rolesFromSearchParams, rolesToSearchParams, ROLE_PARAM_KEYS } from './url-roles';
import { DEFAULT_LABEL_ISSUE_OPTIONS, type LabelIssueOptions } from '$lib/data/label-issues';
import { FILTER_BY_METHODS, LABEL_QUALITY_METHODS, type FilterBy, type LabelQualityMethod } from '$lib/core/confident-learning';
import { parseThreshold } from '$lib/ui/drift-table';
import { DEMOS } from '$lib/ui/demos';

export type View = 'overview' | 'roles' | 'issues' | 'review' | 'slices' | 'drift';
export const VIEWS: readonly View[] = ['overview', 'roles', 'issues', 'review', 'slices', 'drift'];

/** What a link asks for (parameters it does not have are left out). */
export interface Link {
	demo?: DemoName;
	view?: View;
	filterBy?: FilterBy;
	rankBy?: LabelQualityMethod;
	sliceBy?: string[];
	positive?: string;
	reference?: string;
	driftOverrides: Record<string, DriftOverride>;
	/** `drift_test` parameters that could not be read. */
	badDriftTests: string[];
	useReviewed: boolean;
	/** `?drift=exact`: every numeric drift column read and sorted. */
	driftExact: boolean;
	/** Whether the link names any column role (then {@link rolesFromLink} reads them once the columns are known). */
	hasRoles: boolean;
}

/** Read a link's parameters (roles are read against the dataset's columns by {@link rolesFromLink}). */
export function readLink(params: URLSearchParams): Link {
	const view = params.get('view');
	const filterBy = params.get('filter_by');
	const rankBy = params.get('rank_by');
	const demo = params.get('demo');
	const by = params.get('by');
	const tests = overridesFromParams(params);
	return {
		demo: demo && demo in DEMOS ? (demo as DemoName) : undefined,
		view: view && (VIEWS as readonly string[]).includes(view) ? (view as View) : undefined,
		filterBy: filterBy && (FILTER_BY_METHODS as readonly string[]).includes(filterBy) ? (filterBy as FilterBy) : undefined,
		rankBy: rankBy && (LABEL_QUALITY_METHODS as readonly string[]).includes(rankBy) ? (rankBy as LabelQualityMethod) : undefined,
		sliceBy: by ? splitNames(by) : undefined,
		positive: params.get('positive') ?? undefined,
		reference: params.get('reference') ?? undefined,
		driftOverrides: tests.overrides,
		badDriftTests: tests.bad,
		useReviewed: params.get('reviewed') === '1',
		driftExact: params.get('drift') === 'exact',
		hasRoles: hasRoleParams(params)
	};
}

/** Whether a link names any column role. */
export function hasRoleParams(params: URLSearchParams): boolean {
	return ROLE_PARAM_KEYS.some((k) => params.has(k));
}

/** The roles a link names, against the dataset's columns (names it has not are listed in `unknown`). */
export function rolesFromLink(params: URLSearchParams, columns: string[]): { roles: Roles; unknown: string[] } {
	return rolesFromSearchParams(params, columns);
}

/** The state a link records. */
export interface LinkState {
	demo: DemoName | null;
	/** Null before a dataset is open. */
	roles: Roles | null;
	view: View;
	labelOptions: Pick<LabelIssueOptions, 'filterBy' | 'rankBy'>;
	sliceBy: readonly string[];
	useReviewed: boolean;
	positive: string | undefined;
	reference: string | null | undefined;
	driftOverrides: Readonly<Record<string, DriftOverride>>;
}

/** The query string (without `?`) of a link to this state; defaults are left out. */
export function linkQuery(s: LinkState): string {
	let p = new URLSearchParams();
	if (s.demo) p.set('demo', s.demo);
	if (s.roles) p = rolesToSearchParams(s.roles, p);
	if (s.view !== 'overview') p.set('view', s.view);
	if (s.labelOptions.filterBy !== DEFAULT_LABEL_ISSUE_OPTIONS.filterBy) p.set('filter_by', s.labelOptions.filterBy);
	if (s.labelOptions.rankBy !== DEFAULT_LABEL_ISSUE_OPTIONS.rankBy) p.set('rank_by', s.labelOptions.rankBy);
	if (s.sliceBy.length) p.set('by', joinNames(s.sliceBy));
	if (s.useReviewed) p.set('reviewed', '1');
	if (s.positive !== undefined) p.set('positive', s.positive);
	if (typeof s.reference === 'string') p.set('reference', s.reference);
	p = overridesToParams(s.driftOverrides, p);
	return p.toString().replaceAll('%2C', ',');
}

// ---------------------------------------------------------------------------
// Per-column drift tests

/** URL parameter holding one column's override: `column,test,threshold` (joinNames-escaped; empty parts for defaults). */
export const DRIFT_TEST_PARAM = 'drift_test';
const TESTS: readonly DriftTestName[] = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon'];

/** Append one `drift_test` parameter per overridden column (in column order, so links are stable). */
export function overridesToParams(overrides: Readonly<Record<string, DriftOverride>>, params: URLSearchParams): URLSearchParams {
	for (const column of Object.keys(overrides).sort()) {
		const o = overrides[column]!;
		params.append(DRIFT_TEST_PARAM, joinNames([column, o.test ?? '', o.threshold !== undefined ? String(o.threshold) : '']));
	}
	return params;
}

/**
 * Overrides from `drift_test` parameters; a malformed one (unknown test, bad
 * threshold, wrong number of parts) is listed in `bad` and ignored.
 */
export function overridesFromParams(params: URLSearchParams): { overrides: Record<string, DriftOverride>; bad: string[] } {
	const overrides: Record<string, DriftOverride> = {};
	const bad: string[] = [];
	for (const raw of params.getAll(DRIFT_TEST_PARAM)) {
		const parts = splitNames(raw);
		const [column, test, threshold] = parts;
		if (parts.length !== 3 || !column) {
			bad.push(raw);
			continue;
		}
		if (test !== '' && !TESTS.includes(test as DriftTestName)) {
			bad.push(raw);
			continue;
		}
		const t = threshold === '' ? { value: null } : parseThreshold(threshold!, (test || 'wasserstein') as DriftTestName);
		if ('error' in t) {
			bad.push(raw);
			continue;
		}
		const o: DriftOverride = {};
		if (test) o.test = test as DriftTestName;
		if (t.value !== null) o.threshold = t.value;
		if (o.test !== undefined || o.threshold !== undefined) overrides[column] = o;
	}
	return { overrides, bad };
}
