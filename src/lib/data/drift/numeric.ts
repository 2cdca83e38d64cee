/**
 * Drift of the numeric columns from typed arrays: taken from memory when both
 * sides hold the column there (see InMemoryColumns), else read out of DuckDB a
 * few columns at a time; large columns without sorting when possible
 * (core/drift/aggregated.ts), the rest sorted (exact).
 */
import { aggregatedColumnDrift, numericColumnDrift, scratchFor, type ColumnDrift, type SkippedColumn, type SortScratch } from '../../core/drift/index';
import { DRIFT_AGGREGATE_DEFAULTS } from '../../core/options/drift';
import type { SampleExtent } from '../../core/stats/index';
import type { DbAdapter, NumericColumns } from '../db/adapter';
import type { InMemoryColumns } from '../kept-columns';
import { numericSql } from '../sql/drift';
import { ident } from '../sql/quote';
import type { Settings } from './categorical';
import type { Source } from './plan';
import type { DriftOptions, DriftRelation } from './types';

/** Numeric columns read out of DuckDB per query (per side). */
const NUMERIC_READ_BATCH = 8;

export interface NumericRoutes {
	exact: number;
	counts: number;
	binned: number;
	inMemory: number;
}

/** Let other work queued on the event loop run (the categorical queries' replies) between columns. */
function nextTask(): Promise<void> {
	if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = () => {
			channel.port1.close();
			resolve();
		};
		channel.port2.postMessage(null);
	});
}

/** The relation's in-memory columns that can stand for a source (a plain column, not an expression). */
function memoryFor(rel: DriftRelation, src: Source): InMemoryColumns | null {
	return rel.inMemory && src.expr === ident(src.name) ? rel.inMemory : null;
}

/** A side's values, its extent when known, and whether someone else holds the array (then it is copied before sorting). */
type Side = { values: Float64Array; extent?: SampleExtent; shared: boolean };

/**
 * Tests one column after another, reusing the sort and bin work space:
 * aggregated when possible, else sorted (a copy when the array is shared).
 */
function columnTester(options: DriftOptions, settings: Settings, timing: { numericMs: number }) {
	const results = new Map<Source, ColumnDrift>();
	const skipped: SkippedColumn[] = [];
	const routes: NumericRoutes = { exact: 0, counts: 0, binned: 0, inMemory: 0 };
	const agg = options.aggregate === false ? null : { ...DRIFT_AGGREGATE_DEFAULTS, ...options.aggregate };
	let scratch: SortScratch | null = null;
	// the fine histograms' bins of every value, one array per side reused column after column
	let bins: [Uint16Array, Uint16Array] = [new Uint16Array(0), new Uint16Array(0)];
	const run = (src: Source, refSide: Side, curSide: Side) => {
		const t0 = performance.now();
		const [ref, cur] = [refSide.values, curSide.values];
		const shared = refSide.shared || curSide.shared;
		const s = settings.of(src.name);
		if (agg && (bins[0].length < ref.length || bins[1].length < cur.length)) bins = [new Uint16Array(Math.max(ref.length, bins[0].length)), new Uint16Array(Math.max(cur.length, bins[1].length))];
		const extents = refSide.extent && curSide.extent ? { refExtent: refSide.extent, curExtent: curSide.extent } : {};
		const a = agg ? aggregatedColumnDrift(src, { ref, cur, ...extents, scratch: bins }, s, settings.bins, settings.top, agg) : null;
		if (a) {
			results.set(src, a);
			if (a.maxError) routes.binned++;
			else routes.counts++;
		} else {
			const longest = Math.max(ref.length, cur.length);
			if (!scratch || scratch.values.length < longest) scratch = scratchFor(longest);
			// sorting is in place: never on an array someone else holds
			const r = numericColumnDrift(src, shared ? ref.slice() : ref, shared ? cur.slice() : cur, scratch, s, settings.bins, settings.top);
			routes.exact++;
			if ('why' in r) skipped.push(r);
			else results.set(src, { ...r, method: 'exact', maxError: null });
		}
		timing.numericMs += performance.now() - t0;
	};
	return { run, results, skipped, routes };
}

/**
 * Drift of numeric sources from typed arrays: from memory when both sides
 * hold the column there, else read out of DuckDB (one readNumeric per side
 * for a few columns at a time). Yields to the event loop between columns, so
 * that queries started before (the categorical counts) go on meanwhile.
 */
export async function numericResults(
	db: DbAdapter,
	options: DriftOptions,
	sources: Source[],
	settings: Settings,
	timing: { readMs: number; numericMs: number }
): Promise<{ results: Map<Source, ColumnDrift>; skipped: SkippedColumn[]; routes: NumericRoutes }> {
	const tester = columnTester(options, settings, timing);
	// a side read out of DuckDB, offered to its relation's memory for next time (then shared)
	const remembered = (rel: DriftRelation, src: Source, values: Float64Array): Side => {
		const extent = memoryFor(rel, src)?.remember?.(src.name, values) ?? undefined;
		return { values, extent, shared: extent !== undefined };
	};
	const toRead: { src: Source; ref: Side | null; cur: Side | null }[] = [];
	for (const src of sources) {
		const t0 = performance.now();
		const fromMemory = (rel: DriftRelation): Side | null => {
			const memory = memoryFor(rel, src);
			return memory?.has(src.name) ? { ...memory.get(src.name), shared: true } : null;
		};
		const ref = fromMemory(options.reference);
		const cur = fromMemory(options.current);
		timing.readMs += performance.now() - t0;
		if (ref && cur) {
			tester.routes.inMemory++;
			tester.run(src, ref, cur);
			await nextTask();
		} else toRead.push({ src, ref, cur });
	}
	// a few columns at a time, only the sides not in memory: less memory at once (in wasm, smaller results to grow the heap for)
	for (let first = 0; first < toRead.length; first += NUMERIC_READ_BATCH) {
		const batch = toRead.slice(first, first + NUMERIC_READ_BATCH);
		const r0 = performance.now();
		const read = async (rel: DriftRelation, wanted: typeof batch): Promise<NumericColumns> => (wanted.length ? db.readNumeric(numericSql(rel, wanted.map((x) => x.src))) : {});
		const refMissing = batch.filter((x) => !x.ref);
		const curMissing = batch.filter((x) => !x.cur);
		const refRead = await read(options.reference, refMissing);
		const curRead = await read(options.current, curMissing);
		timing.readMs += performance.now() - r0;
		for (const x of batch) {
			const ref = x.ref ?? remembered(options.reference, x.src, refRead[`v${refMissing.indexOf(x)}`]!);
			const cur = x.cur ?? remembered(options.current, x.src, curRead[`v${curMissing.indexOf(x)}`]!);
			tester.run(x.src, ref, cur);
		}
	}
	return { results: tester.results, skipped: tester.skipped, routes: tester.routes };
}
