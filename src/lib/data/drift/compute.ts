/**
 * Drift between a reference and a current relation (two tables, or one table
 * split by a time or a categorical column), column by column, with the tests
 * Evidently picks by default (see core/stats/drift-test-selection.ts), PSI for
 * every column, histograms for charts, and label / prediction / probability
 * drift reported apart from feature drift.
 *
 * I/O is a handful of queries per side, whatever the number of columns:
 * `DESCRIBE`, one `UNION ALL` of `GROUP BY`s for every categorical column
 * (categorical.ts), and a `readNumeric` per few numeric columns unless the
 * relation holds them in memory (numeric.ts). The categorical queries run in
 * DuckDB while the numeric columns are tested here.
 *
 * A numeric column is tested as categorical when reference and current
 * together hold at most 5 distinct values: the union, as chooseDriftTest and
 * columnDrift count them (Evidently counts `concat(reference, current)`).
 */
import type { DriftReport } from '../../core/drift/types';
import { DRIFT_SCHEMA } from '../../core/options/drift';
import { resolveOptions } from '../../core/options/schema';
import { datasetDrift } from '../../core/stats/index';
import type { DbAdapter } from '../db/adapter';
import { describeRelationSql, listLengthSql } from '../sql/drift';
import { categoricalResults, type Settings } from './categorical';
import { numericResults } from './numeric';
import { listProblem, listSources, planColumns, validateOverrides, type Described, type Plan, type Section } from './plan';
import type { DriftOptions, DriftRelation } from './types';

async function describeRelation(db: DbAdapter, rel: DriftRelation): Promise<Described[]> {
	return (await db.query(describeRelationSql(rel))).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/** The columns of both sides, what to test and what is skipped (with the list column expanded and overrides checked). */
async function planSources(db: DbAdapter, options: DriftOptions): Promise<Plan & { order: string[] }> {
	const refCols = await describeRelation(db, options.reference);
	const curCols = await describeRelation(db, options.current);
	const plan = planColumns(refCols, curCols, options);
	const list = options.roles?.predProbsList;
	if (list !== undefined) {
		const problem = listProblem(refCols.find((c) => c.name === list)?.type, curCols.find((c) => c.name === list)?.type);
		if (problem) plan.skipped.push({ column: list, why: problem });
		else {
			const [row] = await db.query(listLengthSql(options.reference, list));
			plan.sources.push(...listSources(list, Number(row?.k ?? 0)));
		}
	}
	const order = [...new Set([...refCols.map((c) => c.name), ...curCols.map((c) => c.name)])];
	validateOverrides(options.overrides ?? {}, new Set([...order, ...plan.sources.map((s) => s.name)]));
	return { ...plan, order };
}

/**
 * Compare `current` with `reference` column by column. Usage:
 * `computeDrift(db, { ...driftSides(yearSplit('dataset', 'compas_screening_date', 2013, 2014)), roles })`.
 * Throws RangeError for an override naming no column, a bad threshold, or a
 * test that does not fit the column.
 */
export async function computeDrift(db: DbAdapter, options: DriftOptions): Promise<DriftReport> {
	const o = resolveOptions(DRIFT_SCHEMA, options);
	const share = o.datasetDriftShare;
	const settings: Settings = { of: (name) => ({ override: options.overrides?.[name], chiSquareMode: o.chiSquareMode }), bins: o.bins, top: o.topCategories };
	const t0 = performance.now();
	const plan = await planSources(db, options);
	// the categorical counts run in DuckDB while the numeric columns are tested here
	let categoricalMs = 0;
	const categoricalWork = (async () => {
		const categorical = await categoricalResults(db, options, plan.sources.filter((s) => s.read === 'categorical'), settings);
		categoricalMs = performance.now() - t0;
		return categorical;
	})();
	const timing = { readMs: 0, numericMs: 0 };
	const numericWork = numericResults(db, options, plan.sources.filter((s) => s.read === 'numeric'), settings, timing);
	const [categorical, numeric] = await Promise.all([categoricalWork, numericWork]);
	const results = new Map([...categorical.results, ...numeric.results]);
	const inOrder = (section: Section) => plan.sources.filter((s) => s.section === section && results.has(s)).map((s) => results.get(s)!);
	const position = new Map(plan.order.map((name, i) => [name, i]));
	const skipped = [...plan.skipped, ...categorical.skipped, ...numeric.skipped].sort((a, b) => (position.get(a.column) ?? Infinity) - (position.get(b.column) ?? Infinity));
	const features = inOrder('features');
	const dd = datasetDrift(features, share);
	const excluded = options.excluded ? (await db.query(options.excluded.sql))[0] : undefined;
	return {
		reference: { label: options.reference.label, rows: categorical.rows[0] },
		current: { label: options.current.label, rows: categorical.rows[1] },
		excluded: options.excluded ? { rows: Number(excluded?.rows ?? 0), nulls: Number(excluded?.nulls ?? 0), why: options.excluded.why } : null,
		features,
		label: inOrder('label')[0] ?? null,
		prediction: inOrder('prediction'),
		probabilities: inOrder('probabilities'),
		skipped,
		datasetDrift: { share: dd.share, drifted: dd.drifted, driftedColumns: dd.driftedColumns, totalColumns: dd.totalColumns, threshold: share },
		timings: {
			totalMs: performance.now() - t0,
			categoricalMs,
			...timing,
			exactColumns: numeric.routes.exact,
			countsColumns: numeric.routes.counts,
			binnedColumns: numeric.routes.binned,
			inMemoryColumns: numeric.routes.inMemory
		}
	};
}
