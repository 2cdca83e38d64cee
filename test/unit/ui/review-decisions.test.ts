import { describe, expect, test } from 'vitest';
import {
	DECISION_KINDS,
	DecisionLog,
	correctedLabel,
	isDecisionKind,
	makeDecision,
	reviewProgress,
	validateDecision,
	validateDecisions,
	type Decision,
	type DecisionKind
} from '../../../src/lib/review/decisions';

const T = 1_714_560_000_000;
const d = (row: number, kind: DecisionKind, label: string | null, at = T): Decision => ({ row, kind, label, at });

describe('correctedLabel', () => {
	test('each kind: keep -> given, accept -> suggested, relabel -> chosen, unsure / exclude -> null', () => {
		expect(correctedLabel(d(0, 'keep', null), 'cat', 'dog')).toBe('cat');
		expect(correctedLabel(d(0, 'accept', null), 'cat', 'dog')).toBe('dog');
		expect(correctedLabel(d(0, 'relabel', 'bird'), 'cat', 'dog')).toBe('bird');
		expect(correctedLabel(d(0, 'unsure', null), 'cat', 'dog')).toBeNull();
		expect(correctedLabel(d(0, 'exclude', null), 'cat', 'dog')).toBeNull();
		expect(correctedLabel(null, 'cat', 'dog')).toBeNull();
	});

	test('the label recorded in the decision wins over a changed suggestion', () => {
		expect(correctedLabel(d(0, 'accept', 'dog'), 'cat', 'fox')).toBe('dog');
		expect(correctedLabel(d(0, 'keep', 'cat'), 'cow', 'fox')).toBe('cat');
	});

	test('makeDecision records the label its kind implies', () => {
		const labels = { given: 'cat', suggested: 'dog', chosen: 'bird' };
		expect(DECISION_KINDS.map((k) => makeDecision(3, k, labels, T).label)).toEqual(['cat', 'dog', 'bird', null, null]);
		expect(makeDecision(3, 'keep', labels, T + 0.4)).toEqual({ row: 3, kind: 'keep', label: 'cat', at: T });
		for (const k of DECISION_KINDS) {
			const made = makeDecision(3, k, labels, T);
			expect(correctedLabel(made, 'cat', 'dog')).toBe(made.label);
		}
	});
});

describe('validation', () => {
	const classes = ['cat', 'dog', 'bird'];

	test('well-formed decisions pass and come back without extra properties', () => {
		const check = validateDecision({ ...d(2, 'relabel', 'bird'), extra: 1 }, { rows: 3, classes });
		expect(check).toEqual({ ok: true, decision: d(2, 'relabel', 'bird') });
		expect(isDecisionKind('keep')).toBe(true);
		expect(isDecisionKind('Keep')).toBe(false);
	});

	test.each([
		[null, 'not a decision record'],
		[{ ...d(0, 'keep', 'cat'), row: -1 }, 'row -1 is not a row index'],
		[{ ...d(0, 'keep', 'cat'), row: 1.5 }, 'row 1.5 is not a row index'],
		[{ ...d(0, 'keep', 'cat'), row: '3' }, 'row "3" is not a row index'],
		[d(5, 'keep', 'cat'), 'row 5 is out of range (the dataset has 5 rows)'],
		[{ ...d(0, 'keep', 'cat'), kind: 'maybe' }, 'unknown decision "maybe"'],
		[{ ...d(0, 'keep', 'cat'), at: 'yesterday' }, 'decision time "yesterday" is not a time'],
		[{ ...d(0, 'keep', 'cat'), at: 1.5 }, 'decision time 1.5 is not a time'],
		[d(0, 'relabel', null), '"relabel" needs a class label'],
		[d(0, 'accept', ''), '"accept" needs a class label'],
		[d(0, 'unsure', 'cat'), '"unsure" carries no label'],
		[d(0, 'relabel', 'fish'), 'class "fish" is not one of the classes ("cat", "dog", "bird")'],
		[{ ...d(0, 'keep', 'cat'), label: 7 }, 'label 7 is not text']
	])('rejects %j: %s', (x, reason) => {
		const check = validateDecision(x, { rows: 5, classes });
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.reason).toContain(reason);
	});

	test('validateDecisions splits valid from invalid, naming each by position', () => {
		const { valid, problems } = validateDecisions([d(0, 'keep', 'cat'), d(1, 'relabel', 'fish'), d(2, 'exclude', null)], { classes });
		expect(valid.map((x) => x.row)).toEqual([0, 2]);
		expect(problems).toEqual([{ index: 1, reason: expect.stringContaining('"fish"') }]);
	});
});

describe('DecisionLog', () => {
	test('apply returns the previous value; undo restores it step by step', () => {
		const log = new DecisionLog([d(1, 'keep', 'cat')]);
		expect(log.apply(d(1, 'relabel', 'dog', T + 1))).toEqual(d(1, 'keep', 'cat'));
		expect(log.apply(d(2, 'exclude', null, T + 2))).toBeNull();
		expect(log.size).toBe(2);

		expect(log.undo()).toEqual({ row: 2, before: d(2, 'exclude', null, T + 2), after: null });
		expect(log.get(2)).toBeNull();
		expect(log.undo()).toEqual({ row: 1, before: d(1, 'relabel', 'dog', T + 1), after: d(1, 'keep', 'cat') });
		expect(log.get(1)).toEqual(d(1, 'keep', 'cat'));
		// Restored decisions are not undoable: the history starts with this session.
		expect(log.canUndo).toBe(false);
		expect(log.undo()).toBeNull();
	});

	test('remove is undoable; removing a row without a decision records nothing', () => {
		const log = new DecisionLog([d(4, 'unsure', null)]);
		expect(log.remove(7)).toBeNull();
		expect(log.canUndo).toBe(false);
		expect(log.remove(4)).toEqual(d(4, 'unsure', null));
		expect(log.undo()).toEqual({ row: 4, before: null, after: d(4, 'unsure', null) });
		expect(log.decisions()).toEqual([d(4, 'unsure', null)]);
	});

	test('history is bounded: the oldest steps are dropped', () => {
		const log = new DecisionLog([], 3);
		for (let i = 0; i < 10; i++) log.apply(d(i, 'keep', 'cat', T + i));
		expect(log.undoDepth).toBe(3);
		expect([log.undo()?.row, log.undo()?.row, log.undo()?.row, log.undo()]).toEqual([9, 8, 7, null]);
		expect(log.size).toBe(7);
		expect(() => new DecisionLog([], -1)).toThrow(RangeError);
	});

	test('decisions() is sorted by row; reset forgets everything', () => {
		const log = new DecisionLog();
		log.apply(d(9, 'keep', 'cat'));
		log.apply(d(3, 'keep', 'dog'));
		expect(log.decisions().map((x) => x.row)).toEqual([3, 9]);
		log.reset();
		expect([log.size, log.canUndo]).toEqual([0, false]);
	});
});

describe('reviewProgress', () => {
	test('counts reviewed flagged rows by kind, and decisions outside the flagged set apart', () => {
		const p = reviewProgress([d(1, 'keep', 'cat'), d(3, 'relabel', 'dog'), d(5, 'exclude', null), d(8, 'keep', 'cat')], new Int32Array([1, 3, 5, 7]));
		expect(p).toEqual({
			flagged: 4,
			reviewed: 3,
			remaining: 1,
			fraction: 0.75,
			byKind: { keep: 1, accept: 0, relabel: 1, unsure: 0, exclude: 1 },
			outsideFlagged: 1
		});
	});

	test('nothing flagged is complete; duplicate rows count once', () => {
		expect(reviewProgress([], []).fraction).toBe(1);
		const p = reviewProgress([d(1, 'keep', 'cat'), d(1, 'accept', 'dog')], [1, 1, 2]);
		expect([p.flagged, p.reviewed, p.byKind.keep, p.byKind.accept]).toEqual([2, 1, 1, 0]);
	});
});
