/**
 * Slice tables (one per attribute, plus the intersection of two) and
 * automatic slice discovery over the audit view, cached while the data
 * behind the view stay the same.
 */
import type { SlicePredicate } from '../../core/slices';
import { AUDIT_VIEW, auditKeyText, auditViewSql } from '../sql/audit-view';
import { sliceReport } from '../slice-report';
import { rowsWhereSql } from '../sql/rows';
import { discoverSliceMetrics, sliceFilterSql } from '../sql/slice-discovery';
import type { SliceAttr } from '../sql/slices';
import type { Roles } from '../roles/index';
import { canLearn, labelIssues } from './label-issues';
import type { SliceRequest, SlicesResult } from './results';
import { loaded, typeOf, type SessionState } from './state';
import { binaryClasses, refreshAuditView } from './view';

/** The positive class of a binary task: the one asked for, else "1" / "true" / "yes", else the second class. */
async function positiveClass(s: SessionState, roles: Roles, asked: string | undefined): Promise<string | undefined> {
	if (asked !== undefined || !roles.label) return asked;
	const classes = s.labelReport?.classNames;
	const positive = classes && classes.length === 2 ? (classes.find((c) => ['1', 'true', 'yes'].includes(c.toLowerCase())) ?? classes[1]) : undefined;
	return positive ?? (await binaryClasses(s.db, { column: roles.label, type: typeOf(s, roles.label) })).positive;
}

/**
 * Slice tables and, when asked, automatic slice discovery over the protected
 * and nuisance attributes. Runs confident learning first when it can and has
 * not run (the label-issues service returns its kept result for the same
 * inputs), so label-issue rates are there.
 */
export async function slices(s: SessionState, roles: Roles, options: SliceRequest): Promise<SlicesResult> {
	const summary = loaded(s);
	const t0 = performance.now();
	if (canLearn(s, roles) && !s.rowResults) await labelIssues(s, roles, options.labelOptions ?? {});
	const classes = s.labelReport?.classNames;
	const binary = classes ? classes.length === 2 : !!(roles.score && roles.threshold !== undefined) || !!roles.predLabel;
	const positive = binary ? await positiveClass(s, roles, options.positive) : options.positive;
	const view = await refreshAuditView(s, roles, positive);
	const cache = s.sliceCache;
	// the view's SQL stays the same while reviewed labels change the rows behind it: they are state too
	cache.validFor([summary, s.rowResults, auditViewSql(view), s.correctionsInfo]);
	const attr = (c: string): string | SliceAttr => {
		const edges = options.edges?.[c];
		if (edges?.length) return { column: c, bins: [...edges].sort((a, b) => a - b) };
		const m = s.measured.find((x) => x.name === c);
		return m ? { column: c, bins: m.edges, binLabels: m.labels } : c;
	};
	const by = options.by.map(attr);
	const t1 = performance.now();
	const tables = { by, positive: binary ? positive : undefined, reference: options.reference, minSize: options.minSize };
	const report = by.length ? await cache.memo(JSON.stringify(['tables', tables]), () => sliceReport(s.db, { ...tables, cache: cache.resolve, keyText: auditKeyText(view) })) : null;
	const t2 = performance.now();
	const candidates = [...roles.protected, ...roles.nuisance].map(attr);
	const metrics = s.rowResults ? (['error', 'issue'] as const) : (['error'] as const);
	const search = { source: AUDIT_VIEW, columns: candidates, metrics: [...metrics], minSupport: options.minSize };
	const discovery =
		options.discover && candidates.length
			? await cache.memo(JSON.stringify(['discovery', search]), async () => {
					const [error, issue] = await discoverSliceMetrics(s.db, { ...search, cache: cache.resolve });
					return { error: error!, issue: issue ?? null };
				})
			: null;
	const t3 = performance.now();
	s.slicesReviewed = s.correctionsInfo;
	s.slicesResult = { report, discovery, positive: binary ? (positive ?? null) : null, timings: { labelIssues: t1 - t0, tables: t2 - t1, discovery: t3 - t2 } };
	return s.slicesResult;
}

/** Dataset rows (0-based) in a slice, in row order. */
export async function sliceRows(s: SessionState, predicates: SlicePredicate[]): Promise<Int32Array> {
	const read = await s.db.readNumeric(rowsWhereSql(AUDIT_VIEW, sliceFilterSql({ predicates })));
	return Int32Array.from(read.r ?? []);
}
