/**
 * Train Plumb's baseline on the loaded dataset: read the label and the feature columns from DuckDB
 * (and the pixel images kept beside it), then cross-validate (core/models/cross-validate.ts).
 *
 * This is the worker-ready entry point: the engine worker calls {@link trainBaseline} with
 * `onProgress` posting progress messages, `shouldStop` reading a flag its cancel message sets and
 * `pause` resolving on a zero-delay timer (so that message gets through while the fit runs); the
 * result's `probs` (n x classes Float64Array) can be transferred, and fed to confident learning as
 * a loaded probability matrix.
 */
import type { DbAdapter } from '../db/adapter';
import type { PixelImages } from '../dataset';
import { DATASET_TABLE } from '../dataset';
import { DataError } from '../load/errors';
import type { ColumnType } from '../sql/overview';
import type { Roles } from '../roles';
import { crossValidate, type BaselineHooks, type BaselineOptions, type BaselineResult } from '../../core/models/cross-validate';
import { featureKind, MAX_CATEGORIES, PIXELS_FEATURE, readBaselineLabels, readFeatureColumns } from './read-features';

export interface BaselineRequest {
	label: string;
	/** Feature columns; `pixels` stands for the loaded images. */
	features: string[];
	options?: Partial<BaselineOptions>;
}

export interface BaselineRun extends BaselineResult {
	label: string;
	classNames: string[];
	/** The feature columns as asked for (before one-hot encoding). */
	featureColumns: string[];
}

/** What the baseline needs of a loaded dataset (an AuditSession has all of it). */
export interface BaselineSource {
	db: DbAdapter;
	columns: ColumnType[];
	images: PixelImages | null;
	/** The dataset's name, for error messages. */
	name?: string;
}

export async function trainBaseline(source: BaselineSource, request: BaselineRequest, hooks: BaselineHooks = {}): Promise<BaselineRun> {
	const file = source.name ?? DATASET_TABLE;
	const label = source.columns.find((c) => c.name === request.label);
	if (!label) throw new DataError(`The dataset has no label column "${request.label}". Columns: ${source.columns.map((c) => c.name).join(', ')}.`, { file, column: request.label });
	if (request.features.length === 0) throw new DataError('Choose at least one feature column for the baseline.', { file });
	if (request.features.includes(request.label)) throw new DataError(`The label "${request.label}" cannot also be a feature; leave it out of the features.`, { file, column: request.label });
	const { classNames, labels } = await readBaselineLabels(source.db, label.name, label.type, file);
	const columns = await readFeatureColumns(source.db, source.columns, request.features, source.images, file);
	const result = await crossValidate(columns, labels, classNames.length, request.options, hooks);
	return { ...result, label: request.label, classNames, featureColumns: [...request.features] };
}

/**
 * Feature columns suggested from the roles: every numeric, text, boolean or date column except the
 * label, the id, the probability / prediction / score columns, the time and split columns, image
 * and text references, the protected attributes (unless `includeProtected`) and columns that look
 * like direct identifiers, and text columns with more than {@link MAX_CATEGORIES} distinct values
 * (when `distinct` is known); plus the pixels when images are loaded.
 */
export function suggestBaselineFeatures(columns: readonly (ColumnType & { distinct?: number })[], roles: Roles, identifiers: readonly string[], hasImages: boolean, includeProtected = false): string[] {
	const excluded = new Set<string>(
		[roles.id, roles.label, roles.predLabel, roles.score, roles.predProbsList, roles.time, roles.split, roles.image, roles.text, ...(roles.predProbs ?? []), ...identifiers, ...(includeProtected ? [] : roles.protected)].filter(
			(c): c is string => !!c
		)
	);
	const usable = (c: ColumnType & { distinct?: number }) => {
		const kind = featureKind(c.type);
		return kind === 'numeric' || (kind === 'categorical' && !((c.distinct ?? 0) > MAX_CATEGORIES));
	};
	const out = columns.filter((c) => !excluded.has(c.name) && usable(c)).map((c) => c.name);
	if (hasImages && !out.includes(PIXELS_FEATURE)) out.push(PIXELS_FEATURE);
	return out;
}
