/**
 * The baseline's inputs read out of DuckDB as typed arrays, in row order: numeric feature columns as
 * Float64Array (NULL as NaN), text/boolean/date columns as category codes (sorted distinct values,
 * NULL as -1), the label as class indices, and pixel images (kept beside the table) as one
 * `pixels` feature.
 */
import type { DbAdapter } from '../db/adapter';
import { DATASET_TABLE, type PixelImages } from '../dataset';
import { DataError } from '../load/errors';
import { ident } from '../sql/quote';
import type { ColumnType } from '../sql/overview';
import { columnKind } from '../roles';
import { resolveLabels } from '../label-inputs';
import { labelTextSql } from '../sql/labels';
import { MISSING_CODE, type FeatureColumn } from '../../core/models/features';

/** Name of the feature made of an image's pixels. */
export const PIXELS_FEATURE = 'pixels';
/** A categorical feature with more distinct values than this is refused (one-hot would explode). */
export const MAX_CATEGORIES = 1000;
/** Most classes a baseline label may have. */
export const MAX_CLASSES = 1000;

/** Features a column of this DuckDB type can be: numeric, categorical, or neither (lists, blobs). */
export function featureKind(type: string): 'numeric' | 'categorical' | null {
	const kind = columnKind(type);
	if (kind === 'integer' || kind === 'float') return 'numeric';
	if (kind === 'string' || kind === 'boolean' || kind === 'date') return 'categorical';
	return null;
}

function columnType(columns: readonly ColumnType[], name: string, file: string): string {
	const c = columns.find((c) => c.name === name);
	if (!c) throw new DataError(`The dataset has no column "${name}". Columns: ${columns.map((c) => c.name).join(', ')}.`, { file, column: name });
	return c.type;
}

/** Read the named feature columns (and `pixels` from the images) as {@link FeatureColumn}s. */
export async function readFeatureColumns(db: DbAdapter, columns: readonly ColumnType[], names: readonly string[], images: PixelImages | null, file = DATASET_TABLE): Promise<FeatureColumn[]> {
	const t = ident(DATASET_TABLE);
	const numeric = names.filter((n) => n !== PIXELS_FEATURE || columns.some((c) => c.name === n)).filter((n) => featureKind(columnType(columns, n, file)) === 'numeric');
	const read = numeric.length ? await db.readNumeric(`SELECT ${numeric.map((n, j) => `${ident(n)}::DOUBLE AS ${ident(`f${j}`)}`).join(', ')} FROM ${t} ORDER BY rowid`) : {};
	const out: FeatureColumn[] = [];
	for (const name of names) {
		if (name === PIXELS_FEATURE && !columns.some((c) => c.name === name)) {
			if (!images) throw new DataError(`There are no images to take "${PIXELS_FEATURE}" from; load an image file (IDX or .npy) with the table.`, { file, column: name });
			out.push({ kind: 'pixels', name, data: images.data, perRow: images.width * images.height * images.channels, max: 255 });
			continue;
		}
		const type = columnType(columns, name, file);
		const kind = featureKind(type);
		if (kind === 'numeric') out.push({ kind, name, values: read[`f${numeric.indexOf(name)}`]! });
		else if (kind === 'categorical') out.push(await readCategorical(db, name, file));
		else throw new DataError(`Column "${name}" has type ${type}, which the baseline cannot use as a feature (numbers, text, booleans and dates only). Leave it out of --features.`, { file, column: name });
	}
	return out;
}

async function readCategorical(db: DbAdapter, name: string, file: string): Promise<FeatureColumn> {
	const c = ident(name);
	const t = ident(DATASET_TABLE);
	const [count] = await db.query(`SELECT count(DISTINCT ${c}) AS k FROM ${t}`);
	const k = Number(count?.k ?? 0);
	if (k > MAX_CATEGORIES) {
		throw new DataError(`Column "${name}" has ${k.toLocaleString('en-US')} distinct values; the baseline one-hot encodes text columns and takes at most ${MAX_CATEGORIES}. Leave it out of the features (it may be an identifier).`, { file, column: name });
	}
	const levels = (await db.query(`SELECT DISTINCT ${c}::VARCHAR AS v FROM ${t} WHERE ${c} IS NOT NULL ORDER BY v`)).map((r) => String(r.v));
	const codes = (
		await db.readNumeric(`SELECT CASE WHEN ${c} IS NULL THEN ${MISSING_CODE} ELSE dense_rank() OVER (PARTITION BY ${c} IS NULL ORDER BY ${c}::VARCHAR) - 1 END AS k FROM ${t} ORDER BY rowid`)
	).k!;
	return { kind: 'categorical', name, levels, codes: Int32Array.from(codes) };
}

/**
 * The label's classes and each row's class index (-1 for a missing label). Classes are the sorted
 * distinct values, numerically when they are all integers (as scikit-learn orders `classes_`).
 */
export async function readBaselineLabels(db: DbAdapter, column: string, type: string, file = DATASET_TABLE): Promise<{ classNames: string[]; labels: Int32Array }> {
	const c = ident(column);
	const [count] = await db.query(`SELECT count(DISTINCT ${c}) AS k FROM ${ident(DATASET_TABLE)}`);
	const k = Number(count?.k ?? 0);
	if (k < 2) throw new DataError(`The label column "${column}" has ${k} distinct value${k === 1 ? '' : 's'}; a model needs at least two classes.`, { file, column });
	if (k > MAX_CLASSES) throw new DataError(`The label column "${column}" has ${k.toLocaleString('en-US')} distinct values; the baseline takes at most ${MAX_CLASSES} classes. Is it the right column?`, { file, column });
	const values = (await db.query(`SELECT DISTINCT ${labelTextSql(column, type)} AS v FROM ${ident(DATASET_TABLE)} WHERE ${c} IS NOT NULL`)).map((r) => String(r.v));
	const ints = values.every((v) => /^-?\d+$/.test(v));
	const classNames = ints ? values.sort((a, b) => Number(a) - Number(b)) : values.sort();
	return { classNames, labels: await resolveLabels(db, column, type, classNames) };
}
