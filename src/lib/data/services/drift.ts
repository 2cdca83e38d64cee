/**
 * Drift between a reference and a current side: the reference dataset vs
 * this one, or this one split by a time column or a column's values, with
 * numeric columns taken from memory where the load path kept them.
 */
import { DATASET_TABLE } from '../dataset';
import { computeDrift, driftSides, type DriftReport, type DriftSides } from '../drift/index';
import { rowsWithFlag } from '../kept-columns';
import { DataError } from '../load/errors';
import type { Roles } from '../roles/index';
import { splitSidesSql } from '../sql/drift';
import { driftComparison, type DriftRequest } from './results';
import { REFERENCE_TABLE, loaded, type SessionState } from './state';

/** The sides of a request as SQL relations. */
function sidesOf(s: SessionState, spec: DriftRequest): DriftSides {
	const summary = loaded(s);
	if (spec.kind === 'reference') {
		if (!s.reference) throw new DataError('Load a reference dataset first (Drift > Compare with another dataset).', { file: '(none)' });
		return driftSides({ kind: 'tables', reference: REFERENCE_TABLE, current: DATASET_TABLE, referenceLabel: s.reference.name, currentLabel: summary.name });
	}
	if (spec.kind === 'time') return driftSides({ kind: 'time', table: DATASET_TABLE, column: spec.column, reference: { until: spec.cut }, current: { from: spec.cut } });
	return driftSides({ kind: 'values', table: DATASET_TABLE, column: spec.column, reference: spec.reference, current: spec.current });
}

/**
 * The sides of a drift comparison with their numeric columns from memory:
 * whole tables (columns kept at load, or read back by an earlier drift), or
 * for a split of one table kept at load its rows by side (one query for the
 * sides of every row).
 */
async function withKeptColumns(s: SessionState, sides: DriftSides): Promise<DriftSides> {
	if (!sides.split) {
		return {
			...sides,
			reference: { ...sides.reference, inMemory: s.kept.wholeTable(REFERENCE_TABLE) },
			current: { ...sides.current, inMemory: s.kept.wholeTable(DATASET_TABLE) }
		};
	}
	const kept = s.kept.get(sides.split.table);
	if (!kept) return sides;
	const { table, reference, current } = sides.split;
	const flags = (await s.db.readNumeric(splitSidesSql(table, reference, current))).side!;
	if (flags.length !== kept.rows) return sides;
	return { ...sides, reference: { ...sides.reference, inMemory: rowsWithFlag(kept, flags, 1) }, current: { ...sides.current, inMemory: rowsWithFlag(kept, flags, 2) } };
}

/** Drift as asked; label, prediction and probability columns are reported apart. */
export async function drift(s: SessionState, spec: DriftRequest, roles: Roles): Promise<DriftReport> {
	const overrides = spec.overrides ?? {};
	const sides = await withKeptColumns(s, sidesOf(s, spec));
	s.driftReport = await computeDrift(s.db, { ...sides, overrides, roles, aggregate: spec.exact ? false : undefined });
	s.driftSettings = { comparison: driftComparison(spec, s.driftReport), overrides: { ...overrides } };
	return s.driftReport;
}
