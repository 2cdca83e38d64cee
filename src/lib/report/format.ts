/**
 * Number formats of the report. Deterministic (no locale lookup), and a dash
 * for a value that is missing or not a number, so a table never shows "NaN".
 */
import { format } from 'd3';

export const MISSING = '–';

const thousands = format(',d');

/** A count with thousands separators: 7,214. */
export function count(n: number | null | undefined): string {
	return n === null || n === undefined || !Number.isFinite(n) ? MISSING : thousands(Math.round(n));
}

/** A share as a percentage: 0.44853 -> 44.85%. */
export function pct(x: number | null | undefined, digits = 2): string {
	return x === null || x === undefined || !Number.isFinite(x) ? MISSING : `${(100 * x).toFixed(digits)}%`;
}

/** A 95% interval of shares: 42.23–47.50%. */
export function pctInterval(lo: number | null | undefined, hi: number | null | undefined, digits = 2): string {
	if (lo === null || lo === undefined || hi === null || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi)) return '';
	return `${(100 * lo).toFixed(digits)}–${(100 * hi).toFixed(digits)}%`;
}

/** A plain number with fixed decimals. */
export function fixed(x: number | null | undefined, digits: number): string {
	return x === null || x === undefined || !Number.isFinite(x) ? MISSING : x.toFixed(digits);
}

/** A ratio: 1.91, ∞ for Infinity. */
export function ratio(x: number | null | undefined): string {
	if (x === Infinity) return '∞';
	return fixed(x, 2);
}

/** Below this a p-value is written in scientific notation. */
const SMALL_P = 0.001;
/** Below this a p-value is written as a bound: floating point has nothing meaningful to add. */
const TINY_P = 1e-16;

/** A p-value: 0.034, 2.1e-7, < 1e-16. */
export function pValue(p: number | null | undefined): string {
	if (p === null || p === undefined || !Number.isFinite(p)) return MISSING;
	if (p < TINY_P) return '< 1e-16';
	if (p < SMALL_P) return p.toExponential(1);
	return p.toFixed(3);
}

/** A p-value after "p": `p = 0.034`, `p < 1e-16`. */
export function pEquals(p: number | null | undefined): string {
	const text = pValue(p);
	return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

/** A statistic of any size, 4 significant digits. */
export function stat(x: number | null | undefined): string {
	if (x === null || x === undefined || !Number.isFinite(x)) return x === Infinity ? '∞' : MISSING;
	if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(2);
	return String(Number(x.toPrecision(4)));
}

/** "1 column", "3 columns". */
export function plural(n: number, one: string, many = `${one}s`): string {
	return `${count(n)} ${n === 1 ? one : many}`;
}

/** An ISO 8601 instant as `2026-11-22 14:03 UTC`; throws a RangeError for anything else. */
export function utcDateTime(iso: string): string {
	const d = new Date(iso);
	if (!/^\d{4}-\d{2}-\d{2}/.test(iso) || Number.isNaN(d.getTime())) throw new RangeError(`Report date must be an ISO 8601 date, got ${JSON.stringify(iso)}.`);
	const s = d.toISOString();
	return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}
