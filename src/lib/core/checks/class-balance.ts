/**
 * Class balance: each class's share of the labelled rows, overall and within
 * each group of a protected attribute (or split), the smallest class flagged
 * when its share is below a threshold the user sets. Rows without a label
 * are left out.
 */
import { chiSquareIndependence } from '../stats/chi-square';

export interface ClassShare {
	cls: string;
	n: number;
	share: number;
}

export interface Balance {
	n: number;
	classes: ClassShare[];
	/** The smallest class (first in class order on ties), null without rows. */
	smallest: ClassShare | null;
	flagged: boolean;
}

/** Shares of the given class counts (in the order of `classes`), the smallest flagged below `minShare`. */
export function balanceOf(classes: readonly string[], counts: ArrayLike<number>, minShare: number): Balance {
	let n = 0;
	for (let c = 0; c < classes.length; c++) n += counts[c] ?? 0;
	const shares = classes.map((cls, c) => ({ cls, n: counts[c] ?? 0, share: n > 0 ? (counts[c] ?? 0) / n : NaN }));
	let smallest: ClassShare | null = null;
	for (const s of shares) if (n > 0 && (!smallest || s.n < smallest.n)) smallest = s;
	return { n, classes: shares, smallest, flagged: !!smallest && smallest.share < minShare };
}

/** Rows per (group, class) of one attribute, as SQL counts them. */
export interface GroupClassCount {
	group: string | null;
	cls: string;
	n: number;
}

export interface GroupBalance extends Balance {
	group: string | null;
}

/** The class balance within each group, classes in the overall order; groups in first-seen order. */
export function balanceByGroup(classes: readonly string[], cells: readonly GroupClassCount[], minShare: number): GroupBalance[] {
	const index = new Map(classes.map((c, i) => [c, i]));
	const groups = new Map<string | null, Float64Array>();
	for (const cell of cells) {
		const c = index.get(cell.cls);
		if (c === undefined) throw new RangeError(`Class "${cell.cls}" is not among the classes.`);
		let a = groups.get(cell.group);
		if (!a) groups.set(cell.group, (a = new Float64Array(classes.length)));
		a[c]! += cell.n;
	}
	return [...groups].map(([group, counts]) => ({ group, ...balanceOf(classes, counts, minShare) }));
}

export interface SplitLabelTest {
	splits: (string | null)[];
	classes: string[];
	/** counts[split][class]. */
	counts: number[][];
	/** Pearson chi-square of independence of split and label (no continuity correction). */
	statistic: number;
	dof: number;
	pValue: number;
}

/** Label distribution per split with the chi-square test of independence (NaN when a split or class has no rows). */
export function splitLabelTest(classes: readonly string[], cells: readonly GroupClassCount[]): SplitLabelTest {
	const byGroup = balanceByGroup(classes, cells, 0);
	const counts = byGroup.map((g) => g.classes.map((c) => c.n));
	const chi =
		counts.length >= 1 && classes.length >= 1
			? chiSquareIndependence(counts, { correction: false })
			: { statistic: NaN, dof: 0, pValue: NaN };
	return { splits: byGroup.map((g) => g.group), classes: [...classes], counts, statistic: chi.statistic, dof: chi.dof, pValue: chi.pValue };
}
