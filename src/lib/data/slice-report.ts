/**
 * The slice report behind `plumb slices` and the Slices page: given a
 * connector on which the `audit` view exists, slice by one or two attributes
 * and return one {@link SliceTable} per attribute, plus the intersection when
 * there are two.
 */
import { buildSliceTable, type SliceCounts, type SliceTable } from '../core/slices';
import type { Connector } from './db/connector';
import type { AuditKeyText } from './sql/audit-view';
import { ident } from './sql/quote';
import { resolveSliceAttrs, runSliceTable, tallySql, withSliceCube, type ResolveCache, type SliceAttr } from './sql/slices';

/** Class balance lists at most this many classes (the most frequent), so 1,000-class tasks stay readable. */
export const MAX_BALANCE_CLASSES = 50;

export interface SliceReportOptions {
	/** View to read (default `audit`). */
	source?: string;
	/** One or two attributes: column names, or attributes with bin edges. */
	by: (string | SliceAttr)[];
	/** Binary task: the positive class as text. */
	positive?: string;
	/** Classes for class balance (default: the most frequent given labels, up to {@link MAX_BALANCE_CLASSES}). */
	classes?: string[];
	/**
	 * Reference group: a value of the first attribute, or a value per column
	 * (the intersection's reference is the pair when both are given). Default:
	 * the largest group of each table. null is the missing-value group.
	 */
	reference?: string | null | Record<string, string | null>;
	/** Minimum group size to be flagged (default 30). */
	minSize?: number;
	/** FDR level of Benjamini-Hochberg (default 0.05). */
	alpha?: number;
	/** Quantile bins for numeric attributes given without edges (default 4; 0 keeps values). */
	quantiles?: number;
	/** Column types and quantile edges kept from earlier calls on the same data (see slices.ts `resolveSliceAttrs`). */
	cache?: ResolveCache;
	/** When `source` is the audit view: how its key columns become label and prediction text (a faster cube). */
	keyText?: AuditKeyText | null;
}

export interface SliceReport {
	source: string;
	/** The attributes as sliced (numeric ones with their edges). */
	attributes: SliceAttr[];
	classes: string[];
	/** One table per attribute, then the intersection when there are two. */
	tables: SliceTable[];
}

/**
 * The most frequent given labels, sorted as text (numbers in numeric order).
 * `cube`: `source` is a cube of slices.ts `sliceCubeSql` (rows weighted by `__n`).
 */
export async function frequentClasses(conn: Connector, source: string, limit = MAX_BALANCE_CLASSES, cube = false): Promise<string[]> {
	const label = ident('__label');
	const rows = await conn.query(
		`SELECT ${label} AS cls FROM ${ident(source)} WHERE ${label} IS NOT NULL GROUP BY ${label} ORDER BY ${tallySql(cube)} DESC, ${label} LIMIT ${Math.max(0, Math.floor(limit))}`
	);
	return rows.map((r) => String(r.cls)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The reference values of a table over the given attribute indices, or undefined (largest group). */
function referenceFor(reference: SliceReportOptions['reference'], columns: readonly string[], attrs: readonly number[]): (string | null)[] | undefined {
	if (reference === undefined) return undefined;
	if (reference === null || typeof reference === 'string') return attrs.length === 1 && attrs[0] === 0 ? [reference] : undefined;
	const values = attrs.map((a) => reference[columns[a]!]);
	return values.every((v) => v !== undefined) ? (values as (string | null)[]) : undefined;
}

/**
 * Run the slice SQL on `source` and assemble the tables. `source` is read once,
 * into a cube that class balance and the counts are then taken from.
 */
export async function sliceReport(conn: Connector, options: SliceReportOptions): Promise<SliceReport> {
	const source = options.source ?? 'audit';
	const attributes = await resolveSliceAttrs(conn, source, options.by, { quantiles: options.quantiles, cache: options.cache });
	const { classes, rows } = await withSliceCube(conn, source, attributes, async (cube) => {
		const classes = options.classes ?? (await frequentClasses(conn, cube, MAX_BALANCE_CLASSES, true));
		return { classes, rows: await runSliceTable(conn, { source: cube, cube: true, by: attributes, positive: options.positive, classes }) };
	}, options.keyText);
	return { source, attributes, classes, tables: sliceTablesOf(rows, attributes, classes, options) };
}

/**
 * The tables of a report from the grouped counts (one attribute: its table; two: each
 * attribute's, then their intersection), whether the counts came from the data or from a
 * cube computed elsewhere (see slices-from-cube.ts).
 */
export function sliceTablesOf(rows: readonly SliceCounts[], attributes: readonly SliceAttr[], classes: string[], options: Omit<SliceReportOptions, 'by'>): SliceTable[] {
	const overall = rows.find((r) => r.attrs.length === 0);
	if (!overall) throw new Error('The slice query returned no overall row.');
	const columns = attributes.map((a) => a.column);
	const sets = attributes.length === 1 ? [[0]] : [[0], [1], [0, 1]];
	return sets.map((set) =>
		buildSliceTable(
			rows.filter((r) => r.attrs.join(',') === set.join(',')),
			overall,
			{ columns, attrs: set, classes, positive: options.positive ?? null, minSize: options.minSize, alpha: options.alpha, reference: referenceFor(options.reference, columns, set) }
		)
	);
}
