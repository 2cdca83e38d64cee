/**
 * Reviewed labels in the engine: the corrections the page sends (rows a
 * review decision relabelled, rows it excluded), checked, stored in
 * CORRECTIONS_TABLE for the `audit` view, and summarised (how many rows they
 * change, class counts before and after).
 */
import { Table, makeVector, tableToIPC } from 'apache-arrow';
import type { DbAdapter } from './db/adapter';
import { utf8Vector } from './load/arrow-vectors';
import { AUDIT_GIVEN_VIEW, CORRECTIONS_TABLE } from './sql/audit-view';
import { ident } from './sql/quote';

/**
 * What the page sends (typed arrays, cheap to post): rows whose label a
 * decision changed with the class each one now has (an index into
 * `classes`), and rows to leave out. Keep / unsure decisions are not sent.
 */
export interface Corrections {
	/** 0-based dataset rows relabelled (accept suggestion, relabel). */
	relabelRows: Int32Array;
	/** Per relabelled row, an index into `classes`. */
	relabelTo: Int32Array;
	/** Class names (as text, like `__label`). */
	classes: string[];
	/** 0-based dataset rows excluded from every aggregate. */
	excludedRows: Int32Array;
}

/** Corrections after checking: one entry per row, in row order. */
export interface CleanCorrections {
	rows: Int32Array;
	/** Corrected label, or null for a row that is only excluded. */
	labels: (string | null)[];
	/** 1 = excluded. */
	excluded: Uint8Array;
	/** Entries dropped: not a row of the dataset, or a class index out of range. */
	dropped: number;
}

/** What the reviewed labels do to the data, for the page to state. */
export interface CorrectionsSummary {
	/** Whether the `audit` view uses reviewed labels. */
	active: boolean;
	/** Rows whose label a decision changed (the corrected label differs from the given one). */
	relabelled: number;
	/** Rows left out of every aggregate. */
	excluded: number;
	/** Corrections ignored because they named no row of this dataset or no class. */
	dropped: number;
	/** Rows counted with labels as given, and with reviewed labels. */
	rows: { given: number; reviewed: number };
	/** Per label (null: no label), rows with it as given and after review: the 50 most frequent, in label order. */
	classCounts: { label: string | null; given: number; reviewed: number }[];
}

/** True for an integer row index inside a dataset of `n` rows. */
const isRow = (r: unknown, n: number): r is number => typeof r === 'number' && Number.isInteger(r) && r >= 0 && r < n;

/**
 * Check corrections against a dataset of `n` rows: entries naming no row (out
 * of range, negative, fractional, not a number) or no class are dropped and
 * counted; a row named twice keeps its last relabel; a row both relabelled and
 * excluded is excluded. Accepts plain arrays too (the message may not hold
 * what its type says).
 */
export function cleanCorrections(c: Corrections, n: number): CleanCorrections {
	const byRow = new Map<number, { label: string | null; excluded: boolean }>();
	let dropped = 0;
	const relabelRows = arrayLike(c?.relabelRows);
	const relabelTo = arrayLike(c?.relabelTo);
	const classes = Array.isArray(c?.classes) ? c.classes : [];
	for (let i = 0; i < relabelRows.length; i++) {
		const r = relabelRows[i];
		const k = relabelTo[i];
		const label = typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < classes.length ? classes[k] : undefined;
		if (!isRow(r, n) || typeof label !== 'string') {
			dropped++;
			continue;
		}
		byRow.set(r, { label, excluded: false }); // exclusions come after, and win
	}
	const excludedRows = arrayLike(c?.excludedRows);
	for (let i = 0; i < excludedRows.length; i++) {
		const r = excludedRows[i];
		if (!isRow(r, n)) {
			dropped++;
			continue;
		}
		byRow.set(r, { label: null, excluded: true });
	}
	const rows = Int32Array.from([...byRow.keys()].sort((a, b) => a - b));
	const labels = Array.from(rows, (r) => byRow.get(r)!.label);
	const excluded = Uint8Array.from(rows, (r) => (byRow.get(r)!.excluded ? 1 : 0));
	return { rows, labels, excluded, dropped };
}

/** `x` when it is an array or typed array, else an empty array. */
function arrayLike(x: unknown): ArrayLike<unknown> {
	return Array.isArray(x) || ArrayBuffer.isView(x) ? (x as unknown as ArrayLike<unknown>) : [];
}

/** Replace CORRECTIONS_TABLE with the checked corrections. */
export async function writeCorrections(db: DbAdapter, c: CleanCorrections): Promise<void> {
	await db.exec(`DROP TABLE IF EXISTS ${ident(CORRECTIONS_TABLE)}`);
	const t = new Table({ __row: makeVector(c.rows), label: utf8Vector(c.labels), excluded: makeVector(c.excluded) });
	await db.createFromArrow(CORRECTIONS_TABLE, tableToIPC(t, 'stream'));
}

/** Largest number of labels listed in the before/after class counts. */
export const MAX_COUNTED_CLASSES = 50;

/**
 * What the corrections change, from one scan of the labels as given joined to
 * the corrections (a few rows: given label x corrected label x excluded):
 * rows relabelled (to a label other than the given one), rows excluded, and
 * label counts with the labels as given and after review, as AUDIT_VIEW
 * counts them (the corrected label where there is one, excluded rows left
 * out). Needs AUDIT_GIVEN_VIEW and CORRECTIONS_TABLE.
 */
export async function correctionsSummary(db: DbAdapter, dropped: number): Promise<CorrectionsSummary> {
	const groups = await db.query(
		`SELECT g.${ident('__label')} AS given, c.${ident('label')} AS label, coalesce(c.${ident('excluded')}, 0) = 1 AS excluded, count(*) AS n ` +
			`FROM ${ident(AUDIT_GIVEN_VIEW)} g LEFT JOIN ${ident(CORRECTIONS_TABLE)} c ON c.${ident('__row')} = g.${ident('__row')} GROUP BY ALL`
	);
	const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
	const perLabel = new Map<string | null, { label: string | null; given: number; reviewed: number }>();
	const at = (label: string | null) => perLabel.get(label) ?? perLabel.set(label, { label, given: 0, reviewed: 0 }).get(label)!;
	let relabelled = 0;
	let excluded = 0;
	for (const r of groups) {
		const n = Number(r.n);
		const given = text(r.given);
		const corrected = text(r.label);
		at(given).given += n;
		if (r.excluded) excluded += n;
		else {
			at(corrected ?? given).reviewed += n;
			if (corrected !== null && corrected !== given) relabelled += n;
		}
	}
	const byCount = (a: { label: string | null; given: number; reviewed: number }, b: typeof a) =>
		b.given - a.given || b.reviewed - a.reviewed || (a.label === null ? 1 : b.label === null ? -1 : a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
	const classCounts = [...perLabel.values()].sort(byCount);
	return {
		active: true,
		relabelled,
		excluded,
		dropped,
		rows: { given: classCounts.reduce((s, x) => s + x.given, 0), reviewed: classCounts.reduce((s, x) => s + x.reviewed, 0) },
		// The most frequent labels, listed in label order (numbers in numeric order, no label last).
		classCounts: classCounts.slice(0, MAX_COUNTED_CLASSES).sort((a, b) => (a.label === null ? 1 : b.label === null ? -1 : a.label.localeCompare(b.label, 'en', { numeric: true })))
	};
}
