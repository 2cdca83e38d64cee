/**
 * Category count maps and their alignment over the union of categories, shared by
 * the categorical drift statistics (chi-square, z-test, Jensen-Shannon, PSI).
 */

/** Counts per category, as a Map or a plain record. */
export type CategoryCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

/** Entries of a count map or record, in insertion order. */
export function countEntries(counts: CategoryCounts): [string, number][] {
	if (counts instanceof Map) return [...(counts as ReadonlyMap<string, number>).entries()];
	return Object.entries(counts as Readonly<Record<string, number>>);
}

/** Count occurrences of each value (values are converted with String()). */
export function countCategories(values: Iterable<unknown>): Map<string, number> {
	const out = new Map<string, number>();
	for (const v of values) {
		const key = String(v);
		out.set(key, (out.get(key) ?? 0) + 1);
	}
	return out;
}

export interface AlignedCounts {
	/** Union of categories with a positive count in either map (reference order first). */
	categories: string[];
	reference: Float64Array;
	current: Float64Array;
	referenceTotal: number;
	currentTotal: number;
}

/**
 * Align two count maps over the union of their categories. Categories whose count
 * is 0 in both maps are dropped (they carry no information and would make expected
 * counts 0). Throws RangeError on negative or non-finite counts.
 */
export function alignCounts(reference: CategoryCounts, current: CategoryCounts): AlignedCounts {
	const ref = new Map<string, number>();
	const cur = new Map<string, number>();
	for (const [k, v] of countEntries(reference)) {
		if (!Number.isFinite(v) || v < 0) throw new RangeError(`count for "${k}" must be >= 0`);
		ref.set(k, (ref.get(k) ?? 0) + v);
	}
	for (const [k, v] of countEntries(current)) {
		if (!Number.isFinite(v) || v < 0) throw new RangeError(`count for "${k}" must be >= 0`);
		cur.set(k, (cur.get(k) ?? 0) + v);
	}
	const categories: string[] = [];
	for (const k of ref.keys()) if ((ref.get(k) ?? 0) > 0 || (cur.get(k) ?? 0) > 0) categories.push(k);
	for (const k of cur.keys()) if (!ref.has(k) && (cur.get(k) ?? 0) > 0) categories.push(k);
	const r = Float64Array.from(categories, (k) => ref.get(k) ?? 0);
	const c = Float64Array.from(categories, (k) => cur.get(k) ?? 0);
	let referenceTotal = 0;
	let currentTotal = 0;
	for (let i = 0; i < categories.length; i++) {
		referenceTotal += r[i] as number;
		currentTotal += c[i] as number;
	}
	return { categories, reference: r, current: c, referenceTotal, currentTotal };
}
