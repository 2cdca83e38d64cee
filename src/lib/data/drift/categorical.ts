/**
 * Drift of the categorical columns from per-value counts made in DuckDB: one
 * query per side for every column at once (see categoryCountsSql).
 */
import { categoricalHistogram, categoricalTest, emptySide, finish, type ColumnDrift, type SkippedColumn, type TestSettings } from '../../core/drift/index';
import type { DbAdapter } from '../db/adapter';
import { categoryCountsSql, rowCountSql } from '../sql/drift';
import type { Source } from './plan';
import type { DriftOptions, DriftRelation } from './types';

/** How each column is tested and the histograms' sizes. */
export interface Settings {
	of: (column: string) => TestSettings;
	bins: number;
	top: number;
}

/** One side's counts per value of each categorical source, with its non-NULL and distinct counts. */
interface SideCounts {
	rows: number;
	counts: Map<string, number>[];
	nulls: number[];
	nonNull: number[];
	distinct: number[];
	/** Nearly unique sources whose values were not sent (their counts are empty). */
	dropped: boolean[];
}

/**
 * One side's category counts (one query; see {@link categoryCountsSql}), and
 * its row count (from the counts, or one more query when there is no
 * categorical source).
 */
async function readCounts(db: DbAdapter, rel: DriftRelation, categorical: Source[], dropNearlyUnique: readonly number[] = []): Promise<SideCounts> {
	const out: SideCounts = {
		rows: 0,
		counts: categorical.map(() => new Map<string, number>()),
		nulls: categorical.map(() => 0),
		nonNull: categorical.map(() => 0),
		distinct: categorical.map(() => 0),
		dropped: categorical.map(() => false)
	};
	if (categorical.length === 0) {
		const [row] = await db.query(rowCountSql(rel));
		out.rows = Number(row?.rows ?? 0);
		return out;
	}
	for (const r of await db.query(categoryCountsSql(rel, categorical, dropNearlyUnique))) {
		const i = Number(r.i);
		out.rows = Number(r.rows);
		out.nonNull[i] = Number(r.k);
		out.distinct[i] = Number(r.d);
		if (r.dropped) out.dropped[i] = true;
		else if (r.v === null || r.v === undefined) out.nulls[i] = Number(r.n);
		else out.counts[i]!.set(String(r.v), Number(r.n));
	}
	return out;
}

/**
 * Drift of the categorical sources from per-value counts, one query per side:
 * the reference first, whose nearly unique text features (identifiers) are
 * skipped, then the current side for the rest. Also the sides' row counts.
 */
export async function categoricalResults(
	db: DbAdapter,
	options: DriftOptions,
	sources: Source[],
	settings: Settings
): Promise<{ rows: [number, number]; results: Map<Source, ColumnDrift>; skipped: SkippedColumn[] }> {
	const features = sources.flatMap((s, i) => (s.section === 'features' ? [i] : []));
	const ref = await readCounts(db, options.reference, sources, features);
	const skipped: SkippedColumn[] = [];
	const asked = sources.filter((s, i) => {
		if (!ref.dropped[i]) return true;
		skipped.push({ column: s.name, why: `nearly unique text: ${ref.distinct[i]} distinct values in ${ref.nonNull[i]} reference values (an identifier or free text, not a category)` });
		return false;
	});
	const cur = await readCounts(db, options.current, asked);
	const results = new Map<Source, ColumnDrift>();
	asked.forEach((src, j) => {
		const i = sources.indexOf(src);
		const empty = emptySide(ref.nonNull[i]!, cur.nonNull[j]!);
		if (empty) {
			skipped.push({ column: src.name, why: empty });
			return;
		}
		const rc = ref.counts[i]!;
		const cc = cur.counts[j]!;
		const s = settings.of(src.name);
		const base = { column: src.name, type: src.type, nRef: ref.nonNull[i]!, nCur: cur.nonNull[j]!, nullsRef: ref.nulls[i]!, nullsCur: cur.nulls[j]! };
		results.set(src, finish(base, 'categorical', categoricalTest(src.name, rc, cc, s), s, categoricalHistogram(rc, cc, settings.top)));
	});
	return { rows: [ref.rows, cur.rows], results, skipped };
}
