/**
 * A balanced validation set: cells are the combinations of two or more
 * attributes (e.g. label x lighting), every combination of the values seen in
 * the data, and each cell gets `perCell` rows drawn at random, or all it has
 * when it has fewer ("short" by the difference). Equal counts wherever the
 * data allow, so a per-cell error rate is measured on the same footing in
 * every cell. Rows with a missing value in any of the attributes are left out
 * (counted in `missing`).
 *
 * Seeded: each cell draws with its own generator seeded from (seed, cell), so
 * the same seed gives the same rows, and changing another cell leaves this
 * one's rows as they were.
 */
import { assertSeed, fnv1a, mulberry32, sampleWithoutReplacement } from './prng';
import { compareKeys, groupRows, keyLabel, keyText, type CellKey } from './strata';

/** Defaults of a balanced draw (the size per cell has none: the user chooses it). */
export const BALANCE_DEFAULTS = { seed: 0 } as const;

/** Most cells a draw may have (the cross product is checked before it is built). */
export const MAX_CELLS = 100_000;

export interface BalancedCell {
	/** The cell's value per attribute, in the order of `by`. */
	key: string[];
	label: string;
	available: number;
	drawn: number;
	short: number;
	/** Drawn rows (0-based), ascending. */
	rows: number[];
}

export interface BalancedDraw {
	by: string[];
	seed: number;
	perCell: number;
	cells: BalancedCell[];
	/** All drawn rows, ascending. */
	rows: number[];
	/** Rows left out for a missing value. */
	missing: number;
	/** Cells with fewer rows than perCell. */
	shortCells: BalancedCell[];
}

/** Manifest written beside an exported set. */
export interface BalancedManifest {
	seed: number;
	per_cell: number;
	by: string[];
	rows: number;
	missing: number;
	cells: { cell: Record<string, string>; available: number; drawn: number; short: number }[];
}

/** Draw the set. `columns[j]` holds attribute `by[j]`'s value per row as text (null = missing). */
export function balancedDraw(by: readonly string[], columns: readonly (readonly (string | null)[])[], perCell: number, seed: number): BalancedDraw {
	if (by.length !== columns.length) throw new RangeError(`Name each attribute: ${by.length} names for ${columns.length} columns.`);
	if (by.length < 1) throw new RangeError('Give at least one attribute to balance by.');
	if (new Set(by).size !== by.length) throw new RangeError(`An attribute is named twice in ${by.join(', ')}.`);
	if (!Number.isSafeInteger(perCell) || perCell < 1) throw new RangeError(`The size per cell must be a whole number of at least 1, got ${perCell}.`);
	assertSeed(seed);
	const groups = groupRows(columns, 'balance');
	const present = groups.filter((g) => g.key.every((v) => v !== null));
	const missing = groups.filter((g) => g.key.some((v) => v === null)).reduce((s, g) => s + g.rows.length, 0);
	const values = by.map((_, j) => [...new Set(present.map((g) => g.key[j]!))].map((v) => [v] as CellKey).sort(compareKeys).map((k) => k[0]!));
	const count = values.reduce((s, v) => s * v.length, 1);
	if (count > MAX_CELLS) throw new RangeError(`${by.join(' x ')} makes ${count.toLocaleString('en-US')} cells (limit ${MAX_CELLS.toLocaleString('en-US')}); choose attributes with fewer values.`);
	const rowsOf = new Map(present.map((g) => [keyText(g.key), g.rows]));
	const cells: BalancedCell[] = [];
	const all: number[] = [];
	const walk = (prefix: string[]) => {
		if (prefix.length === by.length) {
			const t = keyText(prefix);
			const rows = rowsOf.get(t) ?? [];
			const drawn = sampleWithoutReplacement(rows, perCell, mulberry32(fnv1a(`${seed}\u0000${t}`))).sort((a, b) => a - b);
			all.push(...drawn);
			cells.push({ key: prefix, label: keyLabel(prefix), available: rows.length, drawn: drawn.length, short: perCell - drawn.length, rows: drawn });
			return;
		}
		for (const v of values[prefix.length]!) walk([...prefix, v]);
	};
	if (present.length > 0) walk([]);
	all.sort((a, b) => a - b);
	return { by: [...by], seed, perCell, cells, rows: all, missing, shortCells: cells.filter((c) => c.short > 0) };
}

/** The manifest JSON object of a draw. */
export function balancedManifest(d: BalancedDraw): BalancedManifest {
	return {
		seed: d.seed,
		per_cell: d.perCell,
		by: d.by,
		rows: d.rows.length,
		missing: d.missing,
		cells: d.cells.map((c) => ({ cell: Object.fromEntries(d.by.map((b, j) => [b, c.key[j]!])), available: c.available, drawn: c.drawn, short: c.short }))
	};
}

/** One line per short cell, e.g. `3 x night: 2 of 5 (short by 3)`. */
export function shortfallLines(d: BalancedDraw): string[] {
	return d.shortCells.map((c) => `${c.label}: ${c.available} available, ${c.drawn} of ${d.perCell} drawn (short by ${c.short})`);
}
