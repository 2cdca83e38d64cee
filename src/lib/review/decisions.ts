/**
 * Review decisions on flagged rows (likely label errors): their types, the
 * label each one implies, an undo log, progress counts and validation.
 * Pure: no I/O (persistence is `store.ts`, CSV is `decisions-csv.ts`).
 */

/** What the reviewer decided for one row. */
export type DecisionKind = 'keep' | 'accept' | 'relabel' | 'unsure' | 'exclude';

/** Every kind, in the order the UI offers them. */
export const DECISION_KINDS: readonly DecisionKind[] = ['keep', 'accept', 'relabel', 'unsure', 'exclude'];

/** Kinds whose decision names a class (the corrected label). */
const LABELLED_KINDS: ReadonlySet<DecisionKind> = new Set(['accept', 'relabel']);

/** One reviewer decision on one dataset row. */
export interface Decision {
	/** 0-based row index in the dataset as loaded. */
	row: number;
	kind: DecisionKind;
	/** The class name for `relabel` / `accept`, the given label for `keep`, null for `unsure` / `exclude`. */
	label: string | null;
	/** When it was decided, ms since the epoch (an integer). */
	at: number;
}

/** Largest time `Date` can represent (ms); `toISOString` throws past it. */
const MAX_DATE_MS = 8.64e15;

/** Default number of undo steps kept by a DecisionLog. */
export const DEFAULT_UNDO_LIMIT = 500;

/** True when `x` is one of the five decision kinds. */
export function isDecisionKind(x: unknown): x is DecisionKind {
	return typeof x === 'string' && (DECISION_KINDS as readonly string[]).includes(x);
}

/**
 * A decision with the label its kind implies: the given label for `keep`,
 * the suggested one for `accept`, `chosen` for `relabel`, null otherwise.
 */
export function makeDecision(
	row: number,
	kind: DecisionKind,
	labels: { given: string | null; suggested: string | null; chosen?: string | null },
	at: number = Date.now()
): Decision {
	const label = kind === 'keep' ? labels.given : kind === 'accept' ? labels.suggested : kind === 'relabel' ? (labels.chosen ?? null) : null;
	return { row, kind, label, at: Math.round(at) };
}

/**
 * The label a row ends up with after its decision: keep -> given,
 * accept -> suggested, relabel -> the chosen class, unsure / exclude -> null.
 * The label recorded in the decision wins over `given` / `suggested` (it is
 * what the reviewer saw and agreed to, even if a re-run changed the
 * suggestion); they are the fallback when the decision carries none.
 * No decision -> null.
 */
export function correctedLabel(decision: Decision | null | undefined, given: string | null, suggested: string | null): string | null {
	if (!decision) return null;
	switch (decision.kind) {
		case 'keep':
			return decision.label ?? given;
		case 'accept':
			return decision.label ?? suggested;
		case 'relabel':
			return decision.label;
		case 'unsure':
		case 'exclude':
			return null;
	}
}

/** What a validation needs to know about the dataset (each check is skipped when absent). */
export interface DecisionContext {
	/** Number of rows in the dataset: `row` must be below it. */
	rows?: number;
	/** Class names: labels must be one of them. */
	classes?: readonly string[];
}

export type DecisionCheck = { ok: true; decision: Decision } | { ok: false; reason: string };

/**
 * Checks that `x` is a well-formed Decision (and, given a context, that its
 * row is in range and its label a known class). Returns a clean copy (no
 * extra properties) or the reason it is not valid, worded for the user.
 */
export function validateDecision(x: unknown, ctx: DecisionContext = {}): DecisionCheck {
	if (x === null || typeof x !== 'object') return { ok: false, reason: 'not a decision record' };
	const r = x as Record<string, unknown>;
	const { row, kind, label, at } = r;
	if (typeof row !== 'number' || !Number.isSafeInteger(row) || row < 0) return { ok: false, reason: `row ${show(row)} is not a row index` };
	if (ctx.rows !== undefined && row >= ctx.rows) return { ok: false, reason: `row ${row} is out of range (the dataset has ${ctx.rows} rows)` };
	if (!isDecisionKind(kind)) return { ok: false, reason: `unknown decision ${show(kind)} (expected ${DECISION_KINDS.join(', ')})` };
	if (typeof at !== 'number' || !Number.isSafeInteger(at) || Math.abs(at) > MAX_DATE_MS) return { ok: false, reason: `decision time ${show(at)} is not a time` };
	if (label !== null && typeof label !== 'string') return { ok: false, reason: `label ${show(label)} is not text` };
	if (LABELLED_KINDS.has(kind) && (label === null || label === '')) return { ok: false, reason: `"${kind}" needs a class label` };
	if ((kind === 'unsure' || kind === 'exclude') && label !== null) return { ok: false, reason: `"${kind}" carries no label, but has ${show(label)}` };
	if (label !== null && ctx.classes && !ctx.classes.includes(label)) return { ok: false, reason: `class ${show(label)} is not one of the classes (${listClasses(ctx.classes)})` };
	return { ok: true, decision: { row, kind, label, at } };
}

/** Validates many decisions: the valid ones, and one problem per invalid one. */
export function validateDecisions(xs: Iterable<unknown>, ctx: DecisionContext = {}): { valid: Decision[]; problems: { index: number; reason: string }[] } {
	const valid: Decision[] = [];
	const problems: { index: number; reason: string }[] = [];
	let index = 0;
	for (const x of xs) {
		const check = validateDecision(x, ctx);
		if (check.ok) valid.push(check.decision);
		else problems.push({ index, reason: check.reason });
		index++;
	}
	return { valid, problems };
}

/** Review progress over the flagged rows. */
export interface ReviewProgress {
	/** Flagged rows. */
	flagged: number;
	/** Flagged rows with a decision. */
	reviewed: number;
	/** Flagged rows still without one. */
	remaining: number;
	/** reviewed / flagged (1 when nothing is flagged). */
	fraction: number;
	/** Decisions on flagged rows, by kind. */
	byKind: Record<DecisionKind, number>;
	/** Decisions on rows that are not flagged (e.g. flags changed after a re-run). */
	outsideFlagged: number;
}

/**
 * Counts reviewed / flagged rows and decisions by kind. `flaggedRows` are row
 * indices (duplicates count once), or a set of them (a caller deciding often
 * keeps the set instead of rebuilding it from 100,000 rows each time).
 */
export function reviewProgress(decisions: Iterable<Decision>, flaggedRows: ArrayLike<number> | ReadonlySet<number>): ReviewProgress {
	let flaggedSet: ReadonlySet<number>;
	if (flaggedRows instanceof Set) flaggedSet = flaggedRows;
	else {
		const built = new Set<number>();
		const rows = flaggedRows as ArrayLike<number>;
		for (let i = 0; i < rows.length; i++) built.add(rows[i] as number);
		flaggedSet = built;
	}
	const byKind: Record<DecisionKind, number> = { keep: 0, accept: 0, relabel: 0, unsure: 0, exclude: 0 };
	const seen = new Set<number>();
	let outsideFlagged = 0;
	for (const d of decisions) {
		if (seen.has(d.row)) continue;
		seen.add(d.row);
		if (flaggedSet.has(d.row)) byKind[d.kind]++;
		else outsideFlagged++;
	}
	const flagged = flaggedSet.size;
	const reviewed = seen.size - outsideFlagged;
	return { flagged, reviewed, remaining: flagged - reviewed, fraction: flagged === 0 ? 1 : reviewed / flagged, byKind, outsideFlagged };
}

/** One change the log can undo: the row, and its decision before and after. */
export interface DecisionChange {
	row: number;
	/** Decision before the change (null: the row had none). */
	before: Decision | null;
	/** Decision after the change (null: it was removed). */
	after: Decision | null;
}

/**
 * The current decision per row plus a bounded undo history. Every change
 * returns what the caller must persist; `undo()` returns the change that
 * reverts the last one (persist `after`, or delete the row when it is null).
 */
export class DecisionLog {
	readonly #current = new Map<number, Decision>();
	readonly #history: DecisionChange[] = [];
	readonly #limit: number;

	/** `initial`: decisions restored from storage (later ones win per row); `limit`: undo steps kept. */
	constructor(initial: Iterable<Decision> = [], limit: number = DEFAULT_UNDO_LIMIT) {
		if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`undo limit must be a non-negative integer, got ${limit}`);
		this.#limit = limit;
		for (const d of initial) this.#current.set(d.row, d);
	}

	/** Records `decision` for its row; returns the previous decision for that row (null if none). */
	apply(decision: Decision): Decision | null {
		const before = this.#current.get(decision.row) ?? null;
		this.#current.set(decision.row, decision);
		this.#remember({ row: decision.row, before, after: decision });
		return before;
	}

	/** Removes the decision for `row` (undoable); returns it, or null if there was none (nothing recorded). */
	remove(row: number): Decision | null {
		const before = this.#current.get(row) ?? null;
		if (!before) return null;
		this.#current.delete(row);
		this.#remember({ row, before, after: null });
		return before;
	}

	/** Reverts the last change; returns the reverting change (to persist), or null when there is nothing to undo. */
	undo(): DecisionChange | null {
		const last = this.#history.pop();
		if (!last) return null;
		if (last.before) this.#current.set(last.row, last.before);
		else this.#current.delete(last.row);
		return { row: last.row, before: last.after, after: last.before };
	}

	/** Forgets every decision and the history (after the store was cleared). */
	reset(): void {
		this.#current.clear();
		this.#history.length = 0;
	}

	get(row: number): Decision | null {
		return this.#current.get(row) ?? null;
	}

	get size(): number {
		return this.#current.size;
	}

	get canUndo(): boolean {
		return this.#history.length > 0;
	}

	/** Undo steps available (at most the limit). */
	get undoDepth(): number {
		return this.#history.length;
	}

	/** The current decisions, in no particular order (no copy, no sort). */
	values(): IterableIterator<Decision> {
		return this.#current.values();
	}

	/** The current decisions, by row ascending. */
	decisions(): Decision[] {
		return [...this.#current.values()].sort((a, b) => a.row - b.row);
	}

	/** Pushes a change, dropping the oldest past the limit. */
	#remember(change: DecisionChange): void {
		if (this.#limit === 0) return;
		this.#history.push(change);
		if (this.#history.length > this.#limit) this.#history.splice(0, this.#history.length - this.#limit);
	}
}

/** A value quoted for a message (strings in quotes, the rest as is). */
function show(x: unknown): string {
	if (typeof x === 'string') return JSON.stringify(x.length > 60 ? `${x.slice(0, 57)}...` : x);
	if (x === undefined) return 'missing';
	if (typeof x === 'bigint') return `${x}`;
	try {
		return JSON.stringify(x) ?? String(x);
	} catch {
		return String(x);
	}
}

/** Class names for a message, at most 10. */
function listClasses(classes: readonly string[]): string {
	const shown = classes.slice(0, 10).map((c) => JSON.stringify(c));
	return classes.length > 10 ? `${shown.join(', ')} and ${classes.length - 10} more` : shown.join(', ');
}
