/** Shares of an attribute (or two) against a target population or the reference dataset, and the groups to set targets for. */
import { DATASET_TABLE } from '../dataset';
import { compareToDataset, compareToTarget, type RepresentationReport } from '../representativeness';
import { joinNames } from '../roles/index';
import { groupValuesSql } from '../sql/rows';
import type { GroupValue, RepresentationRequest } from './results';
import { REFERENCE_TABLE, loaded, type SessionState } from './state';

export async function representation(s: SessionState, spec: RepresentationRequest): Promise<RepresentationReport> {
	loaded(s);
	s.representationReport =
		spec.against === 'reference'
			? await compareToDataset(s.db, { table: DATASET_TABLE, otherTable: REFERENCE_TABLE, attribute: spec.attribute })
			: await compareToTarget(s.db, { table: DATASET_TABLE, attribute: spec.attribute, target: new Map(Object.entries(spec.target)) });
	return s.representationReport;
}

/**
 * The values of a column (or the combinations of several: an intersection)
 * with their counts, most frequent first. `value` is the key a target
 * population gives the group (parts joined with `joinNames`, as
 * parseTargetCsv gives them), null when a part is NULL.
 */
export async function groupValues(s: SessionState, column: string | readonly string[], limit = 50): Promise<GroupValue[]> {
	const columns = typeof column === 'string' ? [column] : [...column];
	if (columns.length === 0) return [];
	const rows = await s.db.query(groupValuesSql(DATASET_TABLE, columns, limit));
	return rows.map((r) => {
		const values = columns.map((_, i) => (r[`g${i}`] === null || r[`g${i}`] === undefined ? null : String(r[`g${i}`])));
		const value = values.some((v) => v === null) ? null : values.length === 1 ? values[0]! : joinNames(values as string[]);
		return { value, values, n: Number(r.n) };
	});
}
