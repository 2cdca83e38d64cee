import { DecisionLog, makeDecision, reviewProgress, type Decision, type DecisionKind, type ReviewProgress } from '$lib/review/decisions';
import { openDecisionStore, type DecisionStore } from '$lib/review/store';
import type { LabelIssueReport } from '$lib/data/label-issues';

/** Review status a list can be filtered by. */
export type StatusFilter = 'all' | 'todo' | 'done' | DecisionKind;

/**
 * The review workspace's state: the decisions (persisted to IndexedDB as
 * each is made, keyed by the dataset's fingerprint and row), the current
 * position in the filtered list of flagged rows, and undo.
 */
export class Review {
	store: DecisionStore | null = null;
	private log = new DecisionLog();
	/** Bumped on every change so views re-read the log (the log itself is not reactive). */
	version = $state(0);
	/** Index into `visible` of the example under review. */
	cursor = $state(0);
	status = $state<StatusFilter>('all');
	givenFilter = $state<number | null>(null);
	/** Problems with the saved work (damaged records), or a notice that saving is off. */
	notices = $state.raw<string[]>([]);
	/** Writes not yet committed to IndexedDB. */
	pending = $state(0);
	fingerprint: string | null = null;
	datasetName = '';
	private opened: Promise<void> | null = null;

	/** `changed` runs after every change of the decisions (the reviewed labels follow them). */
	constructor(private readonly changed: () => void = () => {}) {}

	/** Note a change: views re-read the log, and the owner hears of it. */
	private bump() {
		this.version++;
		this.changed();
	}

	/** Open the store and restore the decisions saved for this dataset. */
	open(fingerprint: string, datasetName: string): Promise<void> {
		if (this.fingerprint === fingerprint && this.opened) return this.opened;
		this.fingerprint = fingerprint;
		this.datasetName = datasetName;
		this.opened = (async () => {
			this.store ??= await openDecisionStore();
			const saved = await this.store.all(fingerprint);
			this.log = new DecisionLog(saved);
			this.notices = [...(this.store.notice ? [this.store.notice] : []), ...saved.problems];
			this.cursor = 0;
			this.bump();
		})();
		return this.opened;
	}

	decision(row: number): Decision | null {
		void this.version;
		return this.log.get(row);
	}

	all(): Decision[] {
		void this.version;
		return this.log.decisions();
	}

	get canUndo(): boolean {
		void this.version;
		return this.log.canUndo;
	}

	/** The set of flagged rows of the last `progress` call, kept so a decision does not rebuild it (100,000 rows). */
	private flaggedSet: { of: ArrayLike<number>; set: ReadonlySet<number> } | null = null;

	progress(flagged: ArrayLike<number>): ReviewProgress {
		void this.version;
		if (this.flaggedSet?.of !== flagged) this.flaggedSet = { of: flagged, set: new Set(Array.from(flagged)) };
		// Unsorted: progress needs counts, not order (sorting every decision on each one was the cost).
		return reviewProgress(this.log.values(), this.flaggedSet.set);
	}

	/** Positions in the report's ranked list that pass the filters (and an optional row set). */
	visible(report: LabelIssueReport, rows: Set<number> | null): number[] {
		// Only the status filters depend on the decisions: with "all flagged" a decision does not
		// recompute (and re-key) the list, which at 100,000 flagged rows cost a frame per key press.
		if (this.status !== 'all') void this.version;
		const out: number[] = [];
		for (let i = 0; i < report.ranked.length; i++) {
			const row = report.ranked[i]!;
			if (rows && !rows.has(row)) continue;
			if (this.givenFilter !== null && report.given[i] !== this.givenFilter) continue;
			const d = this.log.get(row);
			if (this.status === 'todo' && d) continue;
			if (this.status === 'done' && !d) continue;
			if (this.status !== 'all' && this.status !== 'todo' && this.status !== 'done' && d?.kind !== this.status) continue;
			out.push(i);
		}
		return out;
	}

	/** Record a decision and save it before resolving (a crash right after loses nothing). */
	async decide(row: number, kind: DecisionKind, labels: { given: string | null; suggested: string | null; chosen?: string | null }) {
		const d = makeDecision(row, kind, labels);
		// A decision made while the saved ones are still being read waits for them, so it is
		// neither lost when the log is restored nor left unsaved for want of a store.
		await this.opened;
		this.log.apply(d);
		this.bump();
		await this.persist(() => this.store!.put(this.fingerprint!, d, this.datasetName));
	}

	/**
	 * Revert the last decision (persisted too). `onReverted` runs as soon as the
	 * decision is reverted in memory, before the write, so the page can move to
	 * that example at once (as a decision moves on before its save resolves).
	 */
	async undo(onReverted?: (row: number) => void): Promise<number | null> {
		await this.opened;
		const change = this.log.undo();
		if (!change) return null;
		this.bump();
		onReverted?.(change.row);
		await this.persist(() => (change.after ? this.store!.put(this.fingerprint!, change.after, this.datasetName) : this.store!.delete(this.fingerprint!, change.row)));
		return change.row;
	}

	/** Add imported decisions (they replace those on the same rows). */
	async importDecisions(decisions: Decision[]) {
		await this.opened;
		for (const d of decisions) this.log.apply(d);
		this.bump();
		await this.persist(() => this.store!.putMany(this.fingerprint!, decisions, this.datasetName));
	}

	/** Forget every decision for this dataset (the caller asked the user first). */
	async clear() {
		await this.persist(() => this.store!.clear(this.fingerprint!));
		this.log.reset();
		this.cursor = 0;
		this.bump();
	}

	private async persist(write: () => Promise<void>) {
		if (!this.store || !this.fingerprint) return;
		this.pending++;
		try {
			await write();
		} catch (e) {
			this.notices = [...this.notices, `Could not save a decision: ${(e as Error).message}. Export your decisions to keep them.`];
		} finally {
			this.pending--;
		}
	}
}
