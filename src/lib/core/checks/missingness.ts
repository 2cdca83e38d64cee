/**
 * Missingness per column and by protected attribute.
 *
 * A value counts as missing when it is NULL, empty text, NaN or one of the
 * sentinels in {@link MISSING_SENTINELS} (the SQL is in data/sql/checks.ts).
 * By group: the share missing with a 95% Wilson interval, and the flag slices
 * use (core/slices.ts): each group tested against the rest of the data
 * (chi-square, or Fisher's exact test for small expected counts; see
 * core/stats/disparity.ts), Benjamini-Hochberg over every test of one
 * attribute's table (all its columns and groups), groups below the minimum
 * size shown but never flagged. A significant difference is flagged whichever
 * way it goes (as slices do); `share` against the other groups' says which.
 */
import { groupVsRestTest } from '../stats/disparity';
import { benjaminiHochbergTest } from '../stats/multiple-testing';
import { wilsonInterval } from '../stats/wilson';

/** Text values read as missing (compared trimmed and case-insensitively), besides NULL. */
export const MISSING_TEXT = ['', '?', 'NA', 'N/A', 'NaN', 'NULL', 'None', '-999', '-9999'] as const;
/** Numbers read as missing in numeric columns, besides NULL and NaN. */
export const MISSING_NUMBERS = [-999, -9999] as const;
/** What counts as missing, in words (for the page, the help and the report). */
export const MISSING_SENTINELS = `NULL, NaN, empty text, the numbers ${MISSING_NUMBERS.join(' and ')}, and the text values ${MISSING_TEXT.filter((t) => t !== '')
	.map((t) => `"${t}"`)
	.join(', ')} (any case, surrounding spaces ignored)`;

export interface ColumnMissing {
	column: string;
	missing: number;
	share: number;
}

/** Shares missing per column, in the order given. */
export function missingShares(counts: readonly { column: string; missing: number }[], rows: number): ColumnMissing[] {
	return counts.map((c) => ({ column: c.column, missing: c.missing, share: rows > 0 ? c.missing / rows : NaN }));
}

/** Missing values of one column in one group of one attribute, as SQL counts them. */
export interface GroupMissingCounts {
	column: string;
	attribute: string;
	/** The group's value as text; null is the group of rows where the attribute is missing. */
	group: string | null;
	missing: number;
	n: number;
}

export interface GroupMissing extends GroupMissingCounts {
	share: number;
	/** 95% Wilson interval of the share. */
	low: number;
	high: number;
	/** Share missing in the rest of the rows. */
	restShare: number;
	pValue: number;
	/** BH-adjusted over the attribute's table (NaN for small groups). */
	adjustedPValue: number;
	small: boolean;
	flagged: boolean;
}

/**
 * Shares, intervals and flags for every (column, attribute, group) count.
 * Each (column, attribute) pair must list all groups of the attribute, so that
 * the rest of a group is the other groups. Output in input order.
 */
export function missingnessByGroup(
	counts: readonly GroupMissingCounts[],
	options: { minGroupSize: number; alpha: number }
): GroupMissing[] {
	const totals = new Map<string, { missing: number; n: number }>();
	const key = (c: GroupMissingCounts) => JSON.stringify([c.column, c.attribute]);
	for (const c of counts) {
		if (c.missing > c.n || c.missing < 0) throw new RangeError(`Missing count ${c.missing} of ${c.column} in group ${c.group} is not within 0..${c.n}.`);
		const t = totals.get(key(c)) ?? { missing: 0, n: 0 };
		t.missing += c.missing;
		t.n += c.n;
		totals.set(key(c), t);
	}
	const raw = counts.map((c) => {
		const t = totals.get(key(c))!;
		const restN = t.n - c.n;
		const restMissing = t.missing - c.missing;
		const small = c.n < options.minGroupSize;
		const test = restN > 0 && c.n > 0 ? groupVsRestTest(c.missing, c.n, restMissing, restN) : null;
		return { c, restShare: restN > 0 ? restMissing / restN : NaN, small, p: test ? test.pValue : NaN };
	});
	const out: GroupMissing[] = new Array(counts.length);
	for (const attribute of new Set(counts.map((c) => c.attribute))) {
		const idx = raw.flatMap((r, i) => (r.c.attribute === attribute ? [i] : []));
		const bh = benjaminiHochbergTest(
			idx.map((i) => (raw[i]!.small ? NaN : raw[i]!.p)),
			options.alpha
		);
		idx.forEach((i, j) => {
			const { c, restShare, small, p } = raw[i]!;
			const ci = wilsonInterval(c.missing, c.n);
			out[i] = {
				...c,
				share: c.n > 0 ? c.missing / c.n : NaN,
				low: ci.lo,
				high: ci.hi,
				restShare,
				pValue: p,
				adjustedPValue: small ? NaN : bh.adjusted[j]!,
				small,
				flagged: !small && bh.reject[j]!
			};
		});
	}
	return out;
}
