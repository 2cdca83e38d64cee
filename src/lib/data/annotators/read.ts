/**
 * Reading many labels per example out of DuckDB into sparse annotations
 * (core/agreement): wide (one column per annotator), long (item, annotator,
 * label rows, pivoted in DuckDB) or counts (one column per class holding how
 * many people chose it). Bad input throws a DataError naming the file, the
 * row (0-based) and the column, and what to do.
 */
import type { Annotations } from '../../core/agreement/annotations';
import type { DbAdapter } from '../db/adapter';
import { DataError } from '../load/errors';
import {
	abstainCountSql,
	cellTextSql,
	longAnnotatorKeysSql,
	rowCountSql,
	countsSql,
	distinctLabelsSql,
	firstUnknownSql,
	longAnnotatorsSql,
	longDuplicateSql,
	longIndexSql,
	longItemsSql,
	longNullKeySql,
	longSparseSql,
	UNKNOWN_CODE,
	wideSparseSql,
	type LongColumns,
	type TypedColumn
} from '../sql/annotators';
import { classNamesFor, distinctValues, type ClassSpec } from './classes';

export interface AnnotationMatrix {
	ann: Annotations;
	/** annotator (or labeling-function) names, in annotator order */
	annotators: string[];
	classNames: string[];
	/** long format: the item ids in item order (first appearance); null for wide / counts (item = row) */
	items: string[] | null;
	/** whether "-1" (abstain) appears: labeling functions */
	abstains: boolean;
	/** the format read */
	format: 'wide' | 'long' | 'counts';
}

/** Most labels read at once (4 float64 per label travel through DuckDB's result). */
export const MAX_LABELS = 200_000_000;

/** Most annotators in a long file. */
export const MAX_ANNOTATORS = 10_000;

/** Text order with digit runs compared as numbers (a2 before a10). */
export function naturalCompare(x: string, y: string): number {
	const px = x.split(/(\d+)/);
	const py = y.split(/(\d+)/);
	for (let t = 0; t < Math.min(px.length, py.length); t++) {
		const a = px[t]!;
		const b = py[t]!;
		if (a === b) continue;
		if (t % 2 === 1) return Number(a) - Number(b) || a.length - b.length;
		return a < b ? -1 : 1;
	}
	return px.length - py.length;
}

/** Sparse annotations from (i, j, c) columns ordered by i then j. */
function fromTriples(i: Float64Array, j: Float64Array, c: Float64Array, n: number, m: number, k: number): Annotations {
	const ptr = new Int32Array(n + 1);
	for (let p = 0; p < i.length; p++) ptr[i[p]! + 1]!++;
	for (let r = 0; r < n; r++) ptr[r + 1]! += ptr[r]!;
	return { n, m, k, ptr, who: Int32Array.from(j), label: Int32Array.from(c) };
}

/** Wide: `columns` are the annotators; row i is item i. */
export async function readWide(db: DbAdapter, table: string, file: string, columns: TypedColumn[], spec: ClassSpec): Promise<AnnotationMatrix> {
	if (columns.length < 1) throw new DataError(`${file}: no annotator columns given.`, { file });
	const [rows] = await db.query(rowCountSql(table));
	const n = Number(rows?.n ?? 0);
	if (n * columns.length > MAX_LABELS * 4) throw new DataError(`${file}: ${n} rows x ${columns.length} annotator columns is more than Plumb reads at once (${MAX_LABELS * 4} cells).`, { file });
	const values = await distinctValues(db, distinctLabelsSql(table, columns));
	if (values.length === 0) throw new DataError(`${file}: the annotator columns (${columns.map((c) => c.name).join(', ')}) hold no label.`, { file });
	const classNames = classNamesFor(values, spec, file, `the annotator columns`);
	const abstains = Number((await db.query(abstainCountSql(table, columns)))[0]?.n ?? 0) > 0;
	const t = await db.readNumeric(wideSparseSql(table, columns, classNames));
	const bad = t.c!.indexOf(UNKNOWN_CODE);
	if (bad >= 0) {
		const col = columns[t.j![bad]!]!;
		const [row] = await db.query(firstUnknownSql(table, col, classNames));
		throw new DataError(`${file}: row ${row?.r} (0-based), column "${col.name}": the label "${row?.v}" is not one of the classes (${classNames.slice(0, 12).join(', ')}).`, {
			file,
			row: Number(row?.r),
			column: col.name
		});
	}
	const ann = fromTriples(t.i!, t.j!, t.c!, n, columns.length, classNames.length);
	return { ann, annotators: columns.map((c) => c.name), classNames, items: null, abstains, format: 'wide' };
}

/** Long: rows (item, annotator, label); items in order of first appearance, annotators sorted. */
export async function readLong(db: DbAdapter, table: string, file: string, c: LongColumns, spec: ClassSpec): Promise<AnnotationMatrix> {
	const [nullKey] = await db.query(longNullKeySql(table, c));
	if (nullKey) {
		const col = nullKey.no_item ? c.item.name : c.annotator.name;
		throw new DataError(`${file}: row ${nullKey.r} (0-based) has no ${nullKey.no_item ? 'item id' : 'annotator'} in column "${col}"; fill it in or drop the row.`, {
			file,
			row: Number(nullKey.r),
			column: col
		});
	}
	const [dup] = await db.query(longDuplicateSql(table, c));
	if (dup)
		throw new DataError(
			`${file}: item "${dup.item}" has ${dup.n} rows from annotator "${dup.annotator}" (rows ${dup.r1} and ${dup.r2}, 0-based; columns "${c.item.name}", "${c.annotator.name}"). Keep one label per item and annotator.`,
			{ file, row: Number(dup.r2), column: c.annotator.name }
		);
	const values = await distinctValues(db, distinctLabelsSql(table, [c.label]));
	if (values.length === 0) throw new DataError(`${file}: column "${c.label.name}" holds no label.`, { file, column: c.label.name });
	const classNames = classNamesFor(values, spec, file, `column "${c.label.name}"`);
	const abstains = Number((await db.query(abstainCountSql(table, [c.label])))[0]?.n ?? 0) > 0;
	const annotatorKeys = (await db.query(longAnnotatorKeysSql(table, c))).map((r) => String(r.v));
	if (annotatorKeys.length > MAX_ANNOTATORS) throw new DataError(`${file}: column "${c.annotator.name}" names ${annotatorKeys.length} annotators; Plumb takes at most ${MAX_ANNOTATORS}.`, { file, column: c.annotator.name });
	for (const sql of longIndexSql(table, c, annotatorKeys.sort(naturalCompare))) await db.exec(sql);
	const items = (await db.query(longItemsSql())).map((r) => String(r.key));
	const annotators = (await db.query(longAnnotatorsSql())).map((r) => String(r.key));
	const t = await db.readNumeric(longSparseSql(table, c, classNames));
	const bad = t.c!.indexOf(UNKNOWN_CODE);
	if (bad >= 0) {
		const r = t.r![bad]!;
		const [row] = await db.query(cellTextSql(table, c.label.name, r));
		throw new DataError(`${file}: row ${r} (0-based), column "${c.label.name}": the label "${row?.v}" is not one of the classes (${classNames.slice(0, 12).join(', ')}).`, {
			file,
			row: r,
			column: c.label.name
		});
	}
	const ann = fromTriples(t.i!, t.j!, t.c!, items.length, annotators.length, classNames.length);
	return { ann, annotators, classNames, items, abstains, format: 'long' };
}

/**
 * Counts: `columns` (one per class, in class order) hold how many annotators chose
 * each class. The annotators are anonymous: item i's labels are spread over slots
 * 0, 1, ... in class order, so per-annotator statistics mean nothing here.
 */
export async function readCounts(db: DbAdapter, table: string, file: string, columns: string[], classNames: string[]): Promise<AnnotationMatrix> {
	if (columns.length < 2) throw new DataError(`${file}: counts need one column per class (at least 2).`, { file });
	const t = await db.readNumeric(countsSql(table, columns));
	const cols = columns.map((_, j) => t[`n${j}`]!);
	const n = cols[0]!.length;
	const k = columns.length;
	let nnz = 0;
	let m = 0;
	for (let i = 0; i < n; i++) {
		let row = 0;
		for (let j = 0; j < k; j++) {
			const v = cols[j]![i]!;
			const x = Number.isNaN(v) ? 0 : v;
			if (!(Number.isInteger(x) && x >= 0))
				throw new DataError(`${file}: row ${i} (0-based), column "${columns[j]}": the count ${v} is not a whole number >= 0.`, { file, row: i, column: columns[j] });
			row += x;
		}
		if (row > 10_000) throw new DataError(`${file}: row ${i} (0-based) counts ${row} labels; Plumb takes at most 10,000 per item.`, { file, row: i });
		nnz += row;
		m = Math.max(m, row);
		if (nnz > MAX_LABELS) throw new DataError(`${file}: more than ${MAX_LABELS} labels in all; sample the rows.`, { file });
	}
	const ptr = new Int32Array(n + 1);
	const who = new Int32Array(nnz);
	const label = new Int32Array(nnz);
	let p = 0;
	for (let i = 0; i < n; i++) {
		let slot = 0;
		for (let j = 0; j < k; j++) {
			const v = cols[j]![i]!;
			const x = Number.isNaN(v) ? 0 : v;
			for (let r = 0; r < x; r++) {
				who[p] = slot++;
				label[p++] = j;
			}
		}
		ptr[i + 1] = p;
	}
	const annotators = Array.from({ length: m }, (_, s) => `slot${s}`);
	return { ann: { n, m, k, ptr, who, label }, annotators, classNames, items: null, abstains: false, format: 'counts' };
}
