import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as parquet from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { ReportingSession as AuditSession } from '../../../src/lib/report/session-report';
import { encodeNpy } from '../../../src/lib/data/load/npy';
import { cleanCorrections, type Corrections } from '../../../src/lib/data/corrections';
import { correctionsFromDecisions } from '../../../src/lib/review/corrections';
import { makeDecision, type Decision } from '../../../src/lib/review/decisions';
import type { SliceTable } from '../../../src/lib/core/slices';

const enc = (s: string) => new TextEncoder().encode(s);
const roles = { label: 'label', protected: ['g'], nuisance: [] };
// Ten rows in two groups; given labels and the model's predictions (argmax of the probabilities).
const GROUPS = ['x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y'];
const LABELS = [0, 0, 0, 1, 1, 1, 2, 2, 2, 0];
const PREDS = [0, 0, 1, 1, 1, 2, 2, 2, 2, 0];

/** A session with the ten rows loaded: groups, labels and probabilities. */
async function fixtureSession(): Promise<AuditSession> {
	const session = new AuditSession(await NodeDuckDB.open());
	const n = LABELS.length;
	const probs = Float64Array.from({ length: n * 3 }, (_, j) => (PREDS[Math.floor(j / 3)] === j % 3 ? 0.8 : 0.1));
	await session.load([
		{ name: 't.csv', bytes: enc(['g', ...GROUPS].join('\n')) },
		{ name: 'labels.npy', bytes: encodeNpy(Int32Array.from(LABELS), [n], '<i4') },
		{ name: 'probs.npy', bytes: encodeNpy(probs, [n, 3], '<f8') }
	]);
	return session;
}

let s: AuditSession;
beforeEach(async () => {
	s = await fixtureSession();
	await s.labelIssues(roles);
});
afterEach(() => s.close());

const labelsAsGiven = { given: null, suggested: null };
/** Decisions: accept on row 5 (-> 2), relabel row 0 as 1, exclude row 9, keep row 3, unsure row 4. */
function decisions(): Decision[] {
	return [
		makeDecision(5, 'accept', { given: '1', suggested: '2' }),
		makeDecision(0, 'relabel', { ...labelsAsGiven, chosen: '1' }),
		makeDecision(9, 'exclude', labelsAsGiven),
		makeDecision(3, 'keep', { given: '1', suggested: '0' }),
		makeDecision(4, 'unsure', labelsAsGiven)
	];
}

async function byGroup() {
	const r = await s.slices(roles, { by: ['g'], discover: false, minSize: 1 });
	const t = r.report!.tables[0]!;
	const counts = (b: { cls: string; count: number }[]) => Object.fromEntries(b.filter((c) => c.count > 0).map((c) => [c.cls, c.count]));
	return {
		table: t as SliceTable,
		overall: { n: t.overall.n, classes: counts(t.overall.classBalance), error: t.overall.rates.errorRate?.value },
		groups: Object.fromEntries(t.groups.map((g) => [g.label, { n: g.n, classes: counts(g.classBalance), error: g.rates.errorRate?.value }]))
	};
}

describe('reviewed labels in the audit view', () => {
	test('accept / relabel change __label, exclude leaves every aggregate, keep / unsure change nothing; null restores', async () => {
		const before = await byGroup();
		expect(before.overall).toEqual({ n: 10, classes: { '0': 4, '1': 3, '2': 3 }, error: 2 / 10 });
		expect(before.groups).toEqual({
			x: { n: 5, classes: { '0': 3, '1': 2 }, error: 1 / 5 },
			y: { n: 5, classes: { '0': 1, '1': 1, '2': 3 }, error: 1 / 5 }
		});
		const flags = (await s.db.query('SELECT "__row" AS r, "__issue" AS i, "__suggested" AS sug FROM audit ORDER BY 1')).map((r) => [Number(r.r), r.i, r.sug]);

		const summary = await s.setCorrections(correctionsFromDecisions(decisions()), roles);
		expect(summary).toMatchObject({ active: true, relabelled: 2, excluded: 1, dropped: 0, rows: { given: 10, reviewed: 9 } });
		expect(summary!.classCounts).toEqual([
			{ label: '0', given: 4, reviewed: 2 },
			{ label: '1', given: 3, reviewed: 3 },
			{ label: '2', given: 3, reviewed: 4 }
		]);
		const after = await byGroup();
		// Row 0: 0 -> 1 (now an error: predicted 0); row 5: 1 -> 2 (now right); row 9 gone.
		expect(after.overall).toEqual({ n: 9, classes: { '0': 2, '1': 3, '2': 4 }, error: 2 / 9 });
		expect(after.groups).toEqual({
			x: { n: 5, classes: { '0': 2, '1': 3 }, error: 2 / 5 },
			y: { n: 4, classes: { '2': 4 }, error: 0 }
		});
		// Flags, suggestions and the confident-learning report are those found on the given labels.
		const rows = (await s.db.query('SELECT "__row" AS r, "__issue" AS i, "__suggested" AS sug FROM audit ORDER BY 1')).map((r) => [Number(r.r), r.i, r.sug]);
		expect(rows).toEqual(flags.filter((f) => f[0] !== 9));
		const report = s.labelReport!;
		await s.labelIssues(roles);
		expect(Array.from(s.labelReport!.given)).toEqual(Array.from(report.given));
		// Slice rows (the filter behind "open a slice") leave excluded rows out too.
		expect(Array.from(await s.sliceRows([{ column: 'g', kind: 'equals', value: 'y' }]))).toEqual([5, 6, 7, 8]);

		expect(await s.setCorrections(null, roles)).toBeNull();
		const restored = await byGroup();
		expect(restored.overall).toEqual(before.overall);
		expect(restored.groups).toEqual(before.groups);
	});

	test('exports keep every row with its label as given while reviewed labels are in use', async () => {
		await s.setCorrections(correctionsFromDecisions(decisions()), roles);
		const bytes = await s.exportTable('parquet', 'all', [{ row: 0, decision: 'relabel', correctedLabel: '1' }], roles);
		const t = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
		expect(t.numRows).toBe(10);
		expect(Array.from({ length: 10 }, (_, i) => t.getChild('given_label')!.get(i))).toEqual(LABELS.map(String));
		expect(t.getChild('corrected_label')!.get(0)).toBe('1');
		// The audit view still uses the reviewed labels afterwards.
		expect((await s.db.query('SELECT count(*) AS n FROM audit'))[0]!.n).toBe(9);
	});

	test('hostile corrections: rows that are not rows and classes that are not classes are dropped, names stay data', async () => {
		const hostile = `x'); DROP TABLE dataset; --`;
		const c = {
			relabelRows: [-1, 10, 2 ** 31 - 1, Number.NaN, 1.5, '2', 1, 2, 2, 7],
			relabelTo: [0, 0, 0, 0, 0, 0, 5, 0, 1, -1],
			classes: ['1', hostile],
			excludedRows: Int32Array.from([-5, 10, 8])
		} as unknown as Corrections;
		const clean = cleanCorrections(c, 10);
		// Dropped: -1, 10, 2^31-1, NaN, 1.5, '2', class 5, class -1, and excluded -5 and 10.
		expect(clean.dropped).toBe(10);
		expect(Array.from(clean.rows)).toEqual([2, 8]);
		expect(clean.labels).toEqual([hostile, null]);
		expect(Array.from(clean.excluded)).toEqual([0, 1]);
		// Not even arrays: nothing applies.
		expect(cleanCorrections({ relabelRows: 'oops', relabelTo: null, classes: 3, excludedRows: {} } as unknown as Corrections, 10).rows.length).toBe(0);

		const summary = await s.setCorrections(c, roles);
		expect(summary).toMatchObject({ relabelled: 1, excluded: 1, dropped: 10, rows: { given: 10, reviewed: 9 } });
		expect(summary!.classCounts.find((x) => x.label === hostile)).toEqual({ label: hostile, given: 0, reviewed: 1 });
		const [row2] = await s.db.query('SELECT "__label" AS l FROM audit WHERE "__row" = 2');
		expect(row2!.l).toBe(hostile);
		expect((await s.db.query('SELECT count(*) AS n FROM dataset'))[0]!.n).toBe(10);
	});

	test('a relabel to the label already given changes no count', async () => {
		const summary = await s.setCorrections(correctionsFromDecisions([makeDecision(6, 'relabel', { ...labelsAsGiven, chosen: '2' })]), roles);
		expect(summary).toMatchObject({ relabelled: 0, excluded: 0, rows: { given: 10, reviewed: 10 } });
		expect(summary!.classCounts.every((c) => c.given === c.reviewed)).toBe(true);
	});
});

describe('correctionsFromDecisions', () => {
	test('accept and relabel give labels, exclude excludes, keep and unsure are left out; the last decision per row wins', () => {
		const c = correctionsFromDecisions([
			makeDecision(4, 'relabel', { ...labelsAsGiven, chosen: 'cat' }),
			makeDecision(1, 'accept', { given: 'dog', suggested: 'cat' }),
			makeDecision(2, 'accept', { given: 'cat', suggested: 'dog' }),
			makeDecision(3, 'keep', { given: 'dog', suggested: 'cat' }),
			makeDecision(5, 'unsure', labelsAsGiven),
			makeDecision(6, 'exclude', labelsAsGiven),
			makeDecision(2, 'exclude', labelsAsGiven),
			makeDecision(6, 'keep', { given: 'dog', suggested: 'cat' })
		]);
		expect(c.classes).toEqual(['cat']);
		expect(Array.from(c.relabelRows)).toEqual([4, 1]);
		expect(Array.from(c.relabelTo)).toEqual([0, 0]);
		expect(Array.from(c.excludedRows)).toEqual([2]);
		expect(c.relabelRows).toBeInstanceOf(Int32Array);
	});
});

describe('export order', () => {
	test('250,000 rows (several row groups, native DuckDB in parallel): rows in order, each decision on its own row', async () => {
		const n = 250_000;
		const big = new AuditSession(await NodeDuckDB.open());
		try {
			const lines = ['id,label'];
			for (let i = 0; i < n; i++) lines.push(`${i * 3},${i % 7 === 0 ? 'b' : 'a'}`);
			await big.load([{ name: 'big.csv', bytes: enc(lines.join('\n')) }]);
			const decided = [0, 1, 122_879, 122_880, 199_999, n - 1];
			const decisions = [
				...decided.map((row) => ({ row, decision: 'relabel', correctedLabel: `c${row}` })),
				{ row: n, decision: 'keep', correctedLabel: 'x' },
				{ row: -1, decision: 'keep', correctedLabel: 'x' }
			];
			const t = tableFromIPC(parquet.readParquet(await big.exportTable('parquet', 'all', decisions, { label: 'label', protected: [], nuisance: [] })).intoIPCStream());
			expect(t.numRows).toBe(n);
			const row = t.getChild('row')!.toArray() as ArrayLike<number | bigint>;
			const id = t.getChild('id')!.toArray() as ArrayLike<number | bigint>;
			let inOrder = true;
			for (let i = 0; i < n; i++) if (Number(row[i]) !== i || Number(id[i]) !== i * 3) inOrder = false;
			expect(inOrder).toBe(true);
			const corrected = t.getChild('corrected_label')!;
			const withLabel: number[] = [];
			for (let i = 0; i < n; i++) if (corrected.get(i) !== null) withLabel.push(i);
			expect(withLabel).toEqual(decided);
			expect(decided.map((r) => corrected.get(r))).toEqual(decided.map((r) => `c${r}`));
			expect(t.getChild('given_label')!.get(7)).toBe('b');
		} finally {
			big.close();
		}
	}, 120_000);
});

describe('reviewProgress with a kept set of flagged rows', () => {
	test('counts the same as with the row array', async () => {
		const { reviewProgress, DecisionLog } = await import('../../../src/lib/review/decisions');
		const log = new DecisionLog([makeDecision(3, 'keep', { given: 'a', suggested: 'b' }), makeDecision(9, 'exclude', labelsAsGiven), makeDecision(40, 'accept', { given: 'a', suggested: 'b' })]);
		const flagged = [3, 9, 12, 12, 15];
		expect(reviewProgress(log.values(), new Set(flagged))).toEqual(reviewProgress(log.decisions(), flagged));
		expect(reviewProgress(log.values(), new Set(flagged))).toMatchObject({ flagged: 4, reviewed: 2, remaining: 2, outsideFlagged: 1 });
	});
});

describe('the report says when slices use reviewed labels', () => {
	test('slices computed with reviewed labels are marked with what the decisions changed; as given, not', async () => {
		const s2 = await fixtureSession();
		try {
			const options = { createdAt: '2026-01-01T00:00:00Z', plumbVersion: 'test', madeIn: 'cli' as const };
			await s2.slices(roles, { by: ['g'], minSize: 1 });
			expect(await s2.report(roles, options)).not.toContain('Labels in the slices');
			await s2.setCorrections(correctionsFromDecisions(decisions()), roles);
			await s2.slices(roles, { by: ['g'], minSize: 1 });
			expect(await s2.report(roles, options)).toMatch(/Labels in the slices.*reviewed: 2 rows relabelled and 1 excluded by review decisions/s);
			await s2.setCorrections(null, roles);
			await s2.slices(roles, { by: ['g'], minSize: 1 });
			expect(await s2.report(roles, options)).not.toContain('Labels in the slices');
		} finally {
			s2.close();
		}
	}, 60_000);
});
