/**
 * Grouping rows by the values of one or more columns (strata for a sample,
 * cells for a balanced set). Values are strings; `null` is a missing value.
 */

/** One combination of values, in the order of the columns. */
export type CellKey = readonly (string | null)[];

/** A stable text key for a combination (JSON, so no two combinations collide). */
export function keyText(key: CellKey): string {
	return JSON.stringify(key);
}

/** A readable label: the values joined by " x ", missing shown as "(missing)". */
export function keyLabel(key: CellKey): string {
	return key.map((v) => (v === null ? '(missing)' : v)).join(' x ');
}

/** Check that every column has the same number of rows; returns that number. */
export function rowCount(columns: readonly (readonly (string | null)[])[], what: string): number {
	if (columns.length === 0) throw new RangeError(`Give at least one column to ${what} by.`);
	const n = columns[0]!.length;
	columns.forEach((c, i) => {
		if (c.length !== n) throw new RangeError(`Column ${i + 1} has ${c.length} rows, column 1 has ${n}; they must be the same length.`);
	});
	return n;
}

/** Rows grouped by their combination of values, groups sorted by key (values compared as text, missing last). */
export function groupRows(columns: readonly (readonly (string | null)[])[], what: string): { key: CellKey; rows: number[] }[] {
	const n = rowCount(columns, what);
	const groups = new Map<string, { key: CellKey; rows: number[] }>();
	for (let i = 0; i < n; i++) {
		const key = columns.map((c) => c[i] ?? null);
		const t = keyText(key);
		let g = groups.get(t);
		if (!g) groups.set(t, (g = { key, rows: [] }));
		g.rows.push(i);
	}
	return [...groups.values()].sort((a, b) => compareKeys(a.key, b.key));
}

/** Order of keys: value by value, numbers numerically when both parse as numbers, else as text; missing last. */
export function compareKeys(a: CellKey, b: CellKey): number {
	for (let i = 0; i < a.length; i++) {
		const x = a[i] ?? null;
		const y = b[i] ?? null;
		if (x === y) continue;
		if (x === null) return 1;
		if (y === null) return -1;
		const nx = Number(x);
		const ny = Number(y);
		if (x.trim() !== '' && y.trim() !== '' && Number.isFinite(nx) && Number.isFinite(ny) && nx !== ny) return nx - ny;
		return x < y ? -1 : 1;
	}
	return 0;
}
