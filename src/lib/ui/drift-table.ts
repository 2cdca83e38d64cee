/**
 * Pure helpers of the Drift page: sorting the drift table, which tests a
 * column can be re-run with, reading a threshold the user typed, keeping the
 * per-column overrides, and wording target-population file errors with the
 * file name and line. No DOM, no engine: unit-tested in test/unit/ui/drift-table.test.ts.
 */
import type { ColumnDrift, DriftOverride } from '../data/drift';
import type { DriftTestName } from '../core/stats/drift-test-selection';
import { driftThresholdKind, defaultDriftThreshold } from '../core/stats/drift-test-selection';
import { columnKind, splitNames } from '../data/roles';
import type { TargetAttribute } from '../data/representativeness';

// ---------------------------------------------------------------------------
// Sorting

/** Columns of the drift table that can be sorted. */
export type DriftSortKey = 'column' | 'kind' | 'test' | 'statistic' | 'value' | 'threshold' | 'verdict' | 'psi';

export interface DriftSort {
	key: DriftSortKey;
	direction: 'ascending' | 'descending';
}

/** The value a row is sorted by for a key: text, or a number (NaN / null sort last either way). */
function sortValue(c: ColumnDrift, key: DriftSortKey): string | number | null {
	switch (key) {
		case 'column':
			return c.column;
		case 'kind':
			return c.kind;
		case 'test':
			return c.test;
		case 'statistic':
			return c.statistic;
		case 'value':
			return c.pValue ?? c.distance;
		case 'threshold':
			return c.threshold;
		case 'verdict':
			return c.drifted ? 1 : 0;
		case 'psi':
			return c.psi;
	}
}

const missing = (v: string | number | null) => v === null || (typeof v === 'number' && !Number.isFinite(v));

/** Ascending order of two sort values; missing values (null, NaN) are handled by the caller. */
function compareValues(a: string | number, b: string | number): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/**
 * The default order: drifted columns first, then by statistic, largest first
 * (missing statistics last), then by name so the order is stable.
 */
function defaultOrder(a: ColumnDrift, b: ColumnDrift): number {
	if (a.drifted !== b.drifted) return a.drifted ? -1 : 1;
	const sa = Number.isFinite(a.statistic) ? a.statistic : -Infinity;
	const sb = Number.isFinite(b.statistic) ? b.statistic : -Infinity;
	if (sa !== sb) return sb - sa;
	return compareValues(a.column, b.column);
}

/**
 * Rows in the order asked: by `sort.key` in `sort.direction` (values that are
 * missing or not finite always last; ties in the default order), or, with no
 * sort, drifted first then by statistic. Returns a new array.
 */
export function sortDriftRows(rows: readonly ColumnDrift[], sort: DriftSort | null): ColumnDrift[] {
	if (!sort) return [...rows].sort(defaultOrder);
	const sign = sort.direction === 'ascending' ? 1 : -1;
	return [...rows].sort((a, b) => {
		const va = sortValue(a, sort.key);
		const vb = sortValue(b, sort.key);
		const ma = missing(va);
		const mb = missing(vb);
		if (ma !== mb) return ma ? 1 : -1;
		const c = ma ? 0 : sign * compareValues(va!, vb!);
		return c || defaultOrder(a, b);
	});
}

/** The sort after a click on a header: a new column sorts ascending, the same column again reverses. */
export function nextDriftSort(current: DriftSort | null, key: DriftSortKey): DriftSort {
	if (current?.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
	return { key, direction: 'ascending' };
}

/** `aria-sort` of a header: its direction when the table is sorted by it, else 'none'. */
export function ariaSort(sort: DriftSort | null, key: DriftSortKey): 'ascending' | 'descending' | 'none' {
	return sort?.key === key ? sort.direction : 'none';
}

// ---------------------------------------------------------------------------
// Per-column overrides

/** How each test is named to the user. */
export const DRIFT_TEST_TITLES: Record<DriftTestName, string> = {
	ks: 'Kolmogorov–Smirnov',
	chisquare: 'chi-square',
	z: 'two-proportion z-test',
	wasserstein: 'Wasserstein (normed)',
	jensenshannon: 'Jensen–Shannon distance'
};

/** Distinct values a categorical row was tested on (the histogram's categories, "other" expanded). */
function categoryCount(c: ColumnDrift): number {
	const h = c.histogram;
	return h.kind === 'categorical' ? h.categories.length - (h.other > 0 ? 1 : 0) + h.other : Infinity;
}

/**
 * Tests the engine can run on this column (computeDrift in data/drift.ts):
 * KS and Wasserstein need numbers; chi-square and Jensen–Shannon run on any
 * column (numbers are binned by value); the z-test needs at most two categories.
 * PSI is always reported beside the test, not chosen as one.
 */
export function applicableTests(c: ColumnDrift): DriftTestName[] {
	const kind = columnKind(c.type);
	const numeric = c.kind === 'numeric' || kind === 'integer' || kind === 'float';
	const out: DriftTestName[] = [];
	if (numeric) out.push('ks', 'wasserstein');
	out.push('chisquare', 'jensenshannon');
	if (c.kind === 'categorical' && categoryCount(c) <= 2) out.push('z');
	return out;
}

/**
 * A threshold as typed for a test: empty means the test's default; otherwise
 * a positive number, at most 1 for a p-value test. Returns the number, null
 * for the default, or an error worded for the user.
 */
export function parseThreshold(text: string, test: DriftTestName): { value: number | null } | { error: string } {
	const t = text.trim();
	if (t === '') return { value: null };
	const v = Number(t);
	const pValue = driftThresholdKind(test) === 'p_value';
	if (!Number.isFinite(v) || v <= 0 || (pValue && v > 1)) {
		return {
			error: pValue
				? `The threshold of ${DRIFT_TEST_TITLES[test]} is a p-value: a number above 0 and at most 1 (default ${defaultDriftThreshold(test)}).`
				: `The threshold of ${DRIFT_TEST_TITLES[test]} is a distance: a number above 0 (default ${defaultDriftThreshold(test)}).`
		};
	}
	return { value: v };
}

/** The overrides with one column's set (or removed when `o` is null or empty). Returns a new object. */
export function withOverride(
	overrides: Readonly<Record<string, DriftOverride>>,
	column: string,
	o: DriftOverride | null
): Record<string, DriftOverride> {
	const out = { ...overrides };
	delete out[column];
	if (o && (o.test !== undefined || o.threshold !== undefined)) {
		out[column] = { ...(o.test !== undefined ? { test: o.test } : {}), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}) };
	}
	return out;
}

// ---------------------------------------------------------------------------
// Target population files

/**
 * A target-file error as shown to the user: always with the file name and,
 * when known, the line (parseTargetCsv names the line of a bad row, but gives
 * the line of an attribute whose shares do not sum to 1 only as `row`).
 */
export function targetFileError(e: unknown, fileName: string): string {
	const message = e instanceof Error ? e.message : String(e);
	const row = (e as { row?: unknown } | null)?.row;
	let out = message.startsWith(fileName) ? message : `${fileName}: ${message}`;
	if (typeof row === 'number' && !out.includes(`line ${row}`)) {
		out = out.startsWith(`${fileName}: `) ? `${fileName} line ${row}: ${out.slice(fileName.length + 2)}` : `${out} (line ${row})`;
	}
	return out;
}

/** A target attribute's shares as percentages to fill the share inputs, by value key. */
export function targetPercents(a: TargetAttribute): Map<string, string> {
	return new Map([...a.shares].map(([k, share]) => [k, String(Number((share * 100).toPrecision(12)))]));
}

/** A row of the target-share form: a group of the data (or only of the target file) and the share typed, in percent. */
export interface TargetRow {
	/** The target key (see GroupValue.value); null for a group with a NULL part (it cannot be given a share). */
	value: string | null;
	/** One value per attribute column (null for NULL), for display. */
	values: (string | null)[];
	/** Rows of the dataset in the group (0 for a group only in the target file). */
	n: number;
	/** Percent as typed ('' when not given). */
	expected: string;
}

/**
 * The share form's rows for an attribute: the data's groups (most frequent
 * first) with the file's percentages filled in when a target attribute is
 * given (groups the file does not list stay empty: "not in target"), then
 * the file's groups the data does not have (0 rows), in file order.
 */
export function targetRows(
	groups: readonly { value: string | null; values: (string | null)[]; n: number }[],
	attribute: TargetAttribute | undefined
): TargetRow[] {
	const percents = attribute ? targetPercents(attribute) : new Map<string, string>();
	const rows: TargetRow[] = groups.map((g) => ({ value: g.value, values: [...g.values], n: g.n, expected: g.value !== null ? (percents.get(g.value) ?? '') : '' }));
	const known = new Set(groups.map((g) => g.value));
	for (const [key, pct] of percents) {
		if (!known.has(key)) rows.push({ value: key, values: attribute!.columns.length === 1 ? [key] : splitNames(key), n: 0, expected: pct });
	}
	return rows;
}

/** The typed percentages as target shares (fractions) by key; rows left empty or with a NULL part are not in the target. */
export function targetShares(rows: readonly TargetRow[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const r of rows) if (r.value !== null && r.expected.trim() !== '') out[r.value] = Number(r.expected) / 100;
	return out;
}
