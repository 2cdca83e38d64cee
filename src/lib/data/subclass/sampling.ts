/**
 * The DuckDB side of a sampling plan: read the stratifying columns (class
 * first, then known attributes) as text and plan the sample with core's
 * {@link samplingPlan}.
 */
import { samplingPlan, type SamplingPlan, type SamplingPlanOptions } from '../../core/subclass/sampling-plan';
import type { DbAdapter } from '../db/adapter';
import { DataError } from '../load/errors';
import { attributeTextSql } from './balanced-set';

/** Plan which rows to annotate, stratified by `strata` columns of the dataset table. */
export async function planSample(db: DbAdapter, columns: readonly { name: string }[], strata: readonly string[], options: SamplingPlanOptions, file: string): Promise<SamplingPlan> {
	const names = new Set(columns.map((c) => c.name));
	if (strata.length === 0) throw new DataError(`${file}: choose the class column (and any known attribute) to stratify by.`, { file });
	for (const s of strata) if (!names.has(s)) throw new DataError(`${file}: has no column "${s}" to stratify by.`, { file, column: s });
	const found = await db.query(attributeTextSql(strata));
	const values = strata.map((_, i) => found.map((r) => {
		const v = r[`c${i}`];
		return v === null || v === undefined ? null : String(v);
	}));
	return samplingPlan(values, options);
}
