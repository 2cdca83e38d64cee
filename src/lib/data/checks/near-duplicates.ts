/** Near duplicates over the numeric features read by numeric-checks.ts (see core/checks/near-duplicates.ts). */
import { nearDuplicates, type NearDuplicates } from '../../core/checks/near-duplicates';
import type { CheckOptions } from '../../core/checks/options';

export type NearDuplicateReport = NearDuplicates;

/** Near-duplicate pairs among rows of the kept numeric feature columns. */
export function nearDuplicateCheck(kept: ReadonlyMap<string, Float64Array>, rows: number, options: CheckOptions): NearDuplicateReport {
	return nearDuplicates(kept, rows, options);
}
