/**
 * Exact duplicates and conflicting labels from the groups SQL found (rows with
 * the same hash of their feature values; see data/sql/checks.ts): groups as
 * sorted 0-based row indices, sorted by their first row; a group whose rows
 * carry more than one (non-missing) label is a conflicting-label group, a
 * label error no model is needed to see.
 */

/** One group of rows with equal feature values, as SQL returns it. */
export interface DuplicateGroupCounts {
	rows: number[];
	/** Distinct non-missing labels among the rows (0 without a label column). */
	labels: number;
}

export interface DuplicateReport {
	/** Groups of two or more rows, each sorted ascending, groups sorted by their first row. */
	groups: number[][];
	/** The groups whose rows carry more than one label (same form). */
	conflicting: number[][];
	/** Rows that repeat an earlier row (sum over groups of size - 1). */
	extraRows: number;
}

/** Sort and check the groups, and pick those with conflicting labels. */
export function duplicateReport(found: readonly DuplicateGroupCounts[]): DuplicateReport {
	const all = found
		.filter((g) => g.rows.length > 1)
		.map((g) => ({ rows: [...g.rows].sort((a, b) => a - b), labels: g.labels }))
		.sort((a, b) => a.rows[0]! - b.rows[0]!);
	return {
		groups: all.map((g) => g.rows),
		conflicting: all.filter((g) => g.labels > 1).map((g) => g.rows),
		extraRows: all.reduce((s, g) => s + g.rows.length - 1, 0)
	};
}

/** Rows in the conflicting groups (sorted): likely label issues for the review workspace. */
export function conflictingRows(report: DuplicateReport): number[] {
	return report.conflicting.flat().sort((a, b) => a - b);
}

/**
 * Groups of images with identical pixels: each image's bytes hashed (two
 * 32-bit FNV-1a hashes with different offsets), images grouped by hash, and
 * each group split by an exact byte comparison (so a hash collision never
 * makes a duplicate). `data` holds `n` images of `size` bytes each, in row
 * order. Groups of two or more rows, each ascending, sorted by first row.
 */
export function pixelDuplicateGroups(data: Uint8Array, n: number, size: number): number[][] {
	if (!Number.isInteger(size) || size <= 0 || data.length < n * size) throw new RangeError(`pixelDuplicateGroups: ${n} images of ${size} bytes need ${n * size} bytes, got ${data.length}.`);
	const buckets = new Map<number, number[]>();
	for (let i = 0; i < n; i++) {
		let a = 0x811c9dc5;
		let b = 0x01234567;
		for (let j = i * size, end = j + size; j < end; j++) {
			a = Math.imul(a ^ data[j]!, 0x01000193);
			b = Math.imul(b ^ data[j]!, 0x01000193);
		}
		const key = (a >>> 0) * 2 ** 21 + ((b >>> 0) & 0x1fffff);
		const list = buckets.get(key);
		if (list) list.push(i);
		else buckets.set(key, [i]);
	}
	const same = (x: number, y: number) => {
		for (let j = 0; j < size; j++) if (data[x * size + j] !== data[y * size + j]) return false;
		return true;
	};
	const groups: number[][] = [];
	for (const rows of buckets.values()) {
		if (rows.length < 2) continue;
		const parts: number[][] = [];
		for (const r of rows) {
			const p = parts.find((g) => same(g[0]!, r));
			if (p) p.push(r);
			else parts.push([r]);
		}
		groups.push(...parts.filter((g) => g.length > 1));
	}
	return groups.sort((x, y) => x[0]! - y[0]!);
}

/**
 * Intersect two partitions given as duplicate groups (rows outside every
 * group are alone): rows are duplicates when they share a group in both.
 * Used when an image dataset has table features too.
 */
export function intersectGroups(a: readonly number[][], b: readonly number[][]): number[][] {
	const inB = new Map<number, number>();
	b.forEach((g, i) => g.forEach((r) => inB.set(r, i)));
	const out: number[][] = [];
	for (const g of a) {
		const parts = new Map<number, number[]>();
		for (const r of g) {
			const k = inB.get(r);
			if (k === undefined) continue;
			const p = parts.get(k);
			if (p) p.push(r);
			else parts.set(k, [r]);
		}
		for (const p of parts.values()) if (p.length > 1) out.push(p.sort((x, y) => x - y));
	}
	return out.sort((x, y) => x[0]! - y[0]!);
}

/** Distinct non-missing labels (codes >= 0) among the rows of each group. */
export function labelsPerGroup(groups: readonly number[][], codes: ArrayLike<number>): DuplicateGroupCounts[] {
	return groups.map((rows) => ({ rows: [...rows], labels: new Set(rows.map((r) => codes[r]!).filter((c) => c >= 0)).size }));
}
