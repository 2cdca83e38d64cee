/** The two sides of a comparison (two tables, or one table split by time or by values) as SQL relations. */
import { excludedRowsSql, rangePredicate, tableRowsSql, valuesPredicate, type TimeRange } from '../sql/drift';
import type { DriftSides, DriftSpec } from './types';

/** Label of a period: "before X", "from X" or "[X, Y)". */
function rangeLabel(range: TimeRange): string {
	if (range.from !== undefined && range.until !== undefined) return `[${range.from}, ${range.until})`;
	if (range.until !== undefined) return `before ${range.until}`;
	if (range.from !== undefined) return `from ${range.from}`;
	return 'all';
}

/** The two sides of a comparison as SQL relations built with ident / literal only. */
export function driftSides(spec: DriftSpec): DriftSides {
	if (spec.kind === 'tables') {
		return {
			reference: { sql: tableRowsSql(spec.reference), label: spec.referenceLabel ?? spec.reference },
			current: { sql: tableRowsSql(spec.current), label: spec.currentLabel ?? spec.current },
			splitColumn: null,
			excluded: null,
			split: null
		};
	}
	const [ref, cur, refLabel, curLabel] =
		spec.kind === 'time'
			? [rangePredicate(spec.column, spec.reference), rangePredicate(spec.column, spec.current), rangeLabel(spec.reference), rangeLabel(spec.current)]
			: [valuesPredicate(spec.column, spec.reference), valuesPredicate(spec.column, spec.current), spec.reference.join(', '), spec.current.join(', ')];
	const outside = spec.kind === 'time' ? 'outside both periods' : 'in neither value list';
	return {
		reference: { sql: tableRowsSql(spec.table, ref), label: spec.referenceLabel ?? refLabel },
		current: { sql: tableRowsSql(spec.table, cur), label: spec.currentLabel ?? curLabel },
		splitColumn: spec.column,
		excluded: { sql: excludedRowsSql(spec.table, spec.column, ref, cur), why: `rows whose "${spec.column}" is NULL or ${outside}` },
		split: { table: spec.table, reference: ref, current: cur }
	};
}

/** Cut a time column at `cut`: `col < cut` is the reference, `col >= cut` the current data. */
export function timeCutSplit(table: string, column: string, cut: string | number): DriftSpec {
	return { kind: 'time', table, column, reference: { until: cut }, current: { from: cut } };
}

/**
 * Calendar year against calendar year of a DATE / TIMESTAMP (or ISO text)
 * column, e.g. COMPAS `compas_screening_date` 2013 vs 2014; labels "2013" and
 * "2014". For a column that holds the year as a number, use a `values` split.
 */
export function yearSplit(table: string, column: string, referenceYear: number, currentYear: number): DriftSpec {
	for (const y of [referenceYear, currentYear]) {
		if (!Number.isInteger(y) || y < 1 || y > 9998) throw new RangeError(`A year must be a whole number between 1 and 9998, got ${y}.`);
	}
	if (referenceYear === currentYear) throw new RangeError(`Compare two different years, not ${referenceYear} with itself.`);
	const start = (y: number) => `${String(y).padStart(4, '0')}-01-01`;
	return {
		kind: 'time',
		table,
		column,
		reference: { from: start(referenceYear), until: start(referenceYear + 1) },
		current: { from: start(currentYear), until: start(currentYear + 1) },
		referenceLabel: String(referenceYear),
		currentLabel: String(currentYear)
	};
}
