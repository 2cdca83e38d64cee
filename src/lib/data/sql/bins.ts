/**
 * Binning of numeric (and date) attributes for slicing.
 *
 * A numeric attribute is cut at sorted inner edges e0 < e1 < ... < ek into
 * k + 1 bins: `< e0`, `[e0, e1)`, ..., `>= ek`. A value equal to an edge goes to
 * the upper bin; NULL stays NULL (its own "missing" group downstream). Edges
 * come from quantiles ({@link quantileEdgesSql}) or from the user.
 *
 * Values are compared as DOUBLE on both sides (`CAST(col AS DOUBLE)` against
 * `CAST(edge AS DOUBLE)`), here and in the filter predicates of
 * slice-discovery.ts, so a row lands in the same bin in every query.
 */
import type { Row } from '../db/connector';
import { ident, literal } from './quote';

/** One bin: `lo <= x < hi`; null bounds are open (minus / plus infinity). */
export interface Bin {
	label: string;
	lo: number | null;
	hi: number | null;
}

/** Default number of quantile bins (quartiles). */
export const DEFAULT_QUANTILES = 4;

/** Significant digits tried first when writing an edge in a label; more are used only to keep labels distinct. */
const LABEL_DIGITS = 6;

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL(\(\s*\d+\s*,\s*\d+\s*\))?|NUMERIC.*|INT[1248]|FLOAT[48])$/i;
const TEMPORAL = /^(DATE|TIMESTAMP.*|DATETIME)$/i;

/** True for DuckDB integer, floating-point and decimal types (the ones {@link binExprSql} can cut). */
export function isNumericType(duckdbType: string): boolean {
	return NUMERIC.test(duckdbType.trim());
}

/** True for DATE and TIMESTAMP types, which can be sliced by year ({@link yearExprSql}). */
export function isTemporalType(duckdbType: string): boolean {
	return TEMPORAL.test(duckdbType.trim());
}

/** The value of a numeric column as DuckDB compares it against bin edges. */
export function numericValueSql(column: string): string {
	return `CAST(${ident(column)} AS DOUBLE)`;
}

/** An edge as a DOUBLE SQL literal. */
export function edgeSql(edge: number): string {
	return `CAST(${literal(edge)} AS DOUBLE)`;
}

/**
 * SQL returning one column `edge` with the inner quantile edges of a numeric
 * column: `quantile_cont` at 1/q, ..., (q-1)/q over the finite values,
 * distinct and ascending. No rows when the column has no finite value.
 */
export function quantileEdgesSql(table: string, column: string, q = DEFAULT_QUANTILES): string {
	if (!Number.isInteger(q) || q < 2) throw new RangeError(`quantileEdgesSql: q must be an integer >= 2, got ${q}.`);
	const x = numericValueSql(column);
	const probs = Array.from({ length: q - 1 }, (_, i) => `CAST(${literal((i + 1) / q)} AS DOUBLE)`).join(', ');
	return (
		`SELECT DISTINCT edge FROM (` +
		`SELECT unnest(quantile_cont(${x}, [${probs}]) FILTER (WHERE isfinite(${x}))) AS edge FROM ${ident(table)}` +
		`) WHERE edge IS NOT NULL ORDER BY edge`
	);
}

/** The edges returned by {@link quantileEdgesSql}, as numbers. */
export function parseEdges(rows: readonly Row[]): number[] {
	return normaliseEdges(rows.map((r) => Number(r.edge)));
}

/** Sort and de-duplicate edges; throws RangeError naming a non-finite edge. */
export function normaliseEdges(edges: readonly number[]): number[] {
	for (const e of edges) {
		if (typeof e !== 'number' || !Number.isFinite(e)) throw new RangeError(`A bin edge must be a finite number, got ${String(e)}.`);
	}
	return [...new Set(edges)].sort((a, b) => a - b);
}

/**
 * Write sorted distinct edges for labels: with {@link LABEL_DIGITS} significant
 * digits, or more when fewer would make two edges look the same.
 */
export function formatEdges(edges: readonly number[]): string[] {
	for (let digits = LABEL_DIGITS; digits < 17; digits++) {
		const out = edges.map((e) => String(Number(e.toPrecision(digits))));
		if (new Set(out).size === out.length) return out;
	}
	return edges.map(String);
}

/**
 * The bins that edges define, in order, with labels `< e0`, `[e0, e1)`, ...,
 * `>= ek` unless `labels` (one per bin, distinct) are given. No edges: one bin `all`.
 */
export function binsOf(edges: readonly number[], labels?: readonly string[]): Bin[] {
	const e = normaliseEdges(edges);
	const text = formatEdges(e);
	const bins: Bin[] = [];
	if (e.length === 0) bins.push({ label: 'all', lo: null, hi: null });
	else {
		bins.push({ label: `< ${text[0]}`, lo: null, hi: e[0]! });
		for (let i = 1; i < e.length; i++) bins.push({ label: `[${text[i - 1]}, ${text[i]})`, lo: e[i - 1]!, hi: e[i]! });
		bins.push({ label: `>= ${text[e.length - 1]}`, lo: e[e.length - 1]!, hi: null });
	}
	if (labels) {
		if (labels.length !== bins.length) throw new RangeError(`${e.length} edges make ${bins.length} bins, but ${labels.length} labels were given.`);
		if (new Set(labels).size !== labels.length) throw new RangeError('Bin labels must be distinct.');
		labels.forEach((l, i) => (bins[i]!.label = l));
	}
	return bins;
}

/**
 * A CASE expression giving the VARCHAR bin label of a numeric column (see
 * {@link binsOf}); NULL stays NULL. NaN, which DuckDB orders above every
 * number, falls in the last bin.
 */
export function binExprSql(column: string, edges: readonly number[], labels?: readonly string[]): string {
	const bins = binsOf(edges, labels);
	const x = numericValueSql(column);
	if (bins.length === 1) return `CASE WHEN ${x} IS NULL THEN NULL ELSE ${literal(bins[0]!.label)} END`;
	const whens = bins.slice(0, -1).map((b) => `WHEN ${x} < ${edgeSql(b.hi!)} THEN ${literal(b.label)}`);
	return `CASE WHEN ${x} IS NULL THEN NULL ${whens.join(' ')} ELSE ${literal(bins[bins.length - 1]!.label)} END`;
}

/** The calendar year of a DATE / TIMESTAMP column as text (`'2013'`); NULL stays NULL. */
export function yearExprSql(column: string): string {
	return `CAST(year(${ident(column)}) AS VARCHAR)`;
}
