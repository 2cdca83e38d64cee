import { afterEach, beforeEach, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../../src/lib/data/session';

let s: AuditSession;
beforeEach(async () => {
	s = new AuditSession(await NodeDuckDB.open());
});
afterEach(() => s.close());

/** 40 labeled rows the model agrees with, then unlabeled rows of known uncertainty. */
function table(): string {
	const lines = ['id,label,p_0,p_1'];
	for (let i = 0; i < 40; i++) lines.push(`${i},${i % 2},${i % 2 ? 0.1 : 0.9},${i % 2 ? 0.9 : 0.1}`);
	// p(max) of the unlabeled rows: 0.99, 0.5, 0.9, 0.6, 0.7 -> least confidence 0.01, 0.5, 0.1, 0.4, 0.3.
	for (const [i, p] of [[40, 0.99], [41, 0.5], [42, 0.9], [43, 0.4], [44, 0.7]] as const) lines.push(`${i},,${p},${1 - p}`);
	return lines.join('\n');
}

test('rows without a label are left out of confident learning and ranked for labelling, most uncertain first', async () => {
	await s.load([{ name: 't.csv', bytes: new TextEncoder().encode(table()) }]);
	const r = await s.labelIssues({ label: 'label', predProbs: ['p_0', 'p_1'], protected: [], nuisance: [] });
	expect(r.labeled).toBe(40);
	expect(r.unlabeled).toBe(5);
	expect(Array.from(r.toLabel.rows)).toEqual([41, 43, 44, 42, 40]);
	expect(Array.from(r.toLabel.leastConfidence).map((x) => +x.toFixed(6))).toEqual([0.5, 0.4, 0.3, 0.1, 0.01]);
	// margin p1 - p2 and entropy (natural log) for the most uncertain row, p = (0.5, 0.5).
	expect(r.toLabel.margin[0]).toBeCloseTo(0, 12);
	expect(r.toLabel.entropy[0]).toBeCloseTo(Math.log(2), 12);
	// Per-row quality is NaN for the unlabeled rows, and they are never flagged.
	expect(Number.isNaN(s.rowResults!.quality[41]!)).toBe(true);
	expect(Array.from(r.ranked).some((row) => row >= 40)).toBe(false);
});
