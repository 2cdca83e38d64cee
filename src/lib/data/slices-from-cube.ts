/**
 * `plumb slices --cube FILE`: the slice report from a cube computed where the data lives
 * (the query of sql/portable/slice-cube.ts, run on a warehouse, saved as CSV or Parquet).
 * The cube goes through the same counting SQL and the same core as a direct run, so the
 * tables are the same, number for number.
 */
import type { Connector } from './db/connector';
import { DataError } from './load/errors';
import { positiveOf } from './services/view';
import { frequentClasses, MAX_BALANCE_CLASSES, sliceTablesOf, type SliceReport, type SliceReportOptions } from './slice-report';
import { CUBE_COLUMNS } from './sql/portable/slice-cube';
import { badCubeCountSql, cubeColumnsSql, cubeLabelsSql, cubeTableSql } from './sql/slice-cube-file';
import { runSliceTable, type SliceAttr } from './sql/slices';

export interface CubeSliceOptions extends Omit<SliceReportOptions, 'by' | 'source' | 'cache' | 'keyText' | 'quantiles'> {
	/** The attributes in the cube's order (`g0`, `g1`): names, and the bin edges used in the query. */
	by: SliceAttr[];
	/**
	 * A binary task: its positive class, or `true` to choose it as a direct run does (1 / true /
	 * yes / positive, else the last label). Absent: binary when the cube's labels have two values.
	 */
	binary?: string | true;
}

const CUBE_TABLE = 'plumb_imported_cube';

/** Read the cube file into a table, checking its columns and counts first. */
async function importCube(conn: Connector, path: string, kind: 'csv' | 'parquet', attributes: number): Promise<void> {
	const have = new Set((await conn.query(cubeColumnsSql(path, kind))).map((r) => String(r.column_name)));
	const need = [...Array.from({ length: attributes }, (_, i) => CUBE_COLUMNS.group(i)), CUBE_COLUMNS.label, CUBE_COLUMNS.pred, CUBE_COLUMNS.issue, CUBE_COLUMNS.n];
	const missing = need.filter((c) => !have.has(c));
	if (missing.length) {
		throw new DataError(
			`${path}: the cube has no column ${missing.map((c) => `"${c}"`).join(', ')}; it needs ${need.join(', ')} (the columns of \`plumb sql slices\`, one g per --by attribute).`,
			{ file: path, column: missing[0] }
		);
	}
	const [bad] = await conn.query(badCubeCountSql(path, kind));
	if (bad) throw new DataError(`${path}, row ${bad.r}: the count "n" is "${bad.v}"; every cube row needs a whole, non-negative count.`, { file: path, row: Number(bad.r), column: 'n' });
	await conn.exec(cubeTableSql(CUBE_TABLE, path, kind, attributes));
}

/** The slice report of a cube file (CSV or Parquet). */
export async function sliceReportFromCube(conn: Connector, path: string, options: CubeSliceOptions): Promise<SliceReport & { positive: string | null }> {
	const kind = /\.parquet$/i.test(path) ? 'parquet' : 'csv';
	if (options.by.length < 1 || options.by.length > 2) throw new RangeError('Slice a cube by one attribute or two.');
	await importCube(conn, path, kind, options.by.length);
	const labels = (await conn.query(cubeLabelsSql(CUBE_TABLE))).map((r) => String(r.v));
	let positive: string | undefined;
	if (typeof options.binary === 'string') positive = options.binary;
	else if (options.binary === true || labels.length === 2) {
		if (labels.length > 2) throw new DataError(`${path}: a binary task needs two label values, but the cube has ${labels.length} (${labels.slice(0, 5).join(', ')}…).`, { file: path, column: 'label' });
		positive = positiveOf(labels).positive;
	}
	const classes = options.classes ?? (await frequentClasses(conn, CUBE_TABLE, MAX_BALANCE_CLASSES, true));
	const rows = await runSliceTable(conn, { source: CUBE_TABLE, cube: true, by: options.by, positive, classes });
	return { source: path, attributes: options.by, classes, tables: sliceTablesOf(rows, options.by, classes, { ...options, positive }), positive: positive ?? null };
}
