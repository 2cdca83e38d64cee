import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as parquet from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../../src/lib/data/session';
import { encodeNpy } from '../../../src/lib/data/load/npy';
import { guardFormula, parseCsvRecords, unguardFormula } from '../../../src/lib/review/decisions-csv';

const enc = (s: string) => new TextEncoder().encode(s);
const TRICKY = ['plain', 'a,b', 'say "hi"', 'two\nlines', '=cmd|\' /C calc\'!A0', '+1', '-x', '@SUM(A1)', "'=already quoted", "'plain apostrophe", 'naïve 日本語'];
const roles = { label: 'label', protected: [], nuisance: [] };

let db: NodeDuckDB;
let s: AuditSession;
beforeEach(async () => {
	db = await NodeDuckDB.open();
	s = new AuditSession(db);
	// Text cells worth guarding, a column named like an added one, labels and probabilities where rows 1 and 3 are flagged.
	const n = TRICKY.length;
	const csv = ['text,given_label', ...TRICKY.map((t, i) => `"${t.replaceAll('"', '""')}",x${i}`)].join('\n');
	const labels = Int32Array.from({ length: n }, (_, i) => (i === 1 || i === 3 ? 1 : 0));
	const probs = Float64Array.from({ length: n * 2 }, (_, j) => (j % 2 === 0 ? 0.97 : 0.03));
	await s.load([
		{ name: 't.csv', bytes: enc(csv) },
		{ name: 'labels.npy', bytes: encodeNpy(labels, [n], '<i4') },
		{ name: 'probs.npy', bytes: encodeNpy(probs, [n, 2], '<f8') }
	]);
	await s.labelIssues(roles);
});
afterEach(() => s.close());

describe('export of the dataset with Plumb columns', () => {
	test('CSV: every row, original columns first, added columns after, formulas guarded as guardFormula does', async () => {
		const decisions = [{ row: 1, decision: 'relabel', correctedLabel: '0' }];
		const bytes = await s.exportTable('csv', 'all', decisions, roles);
		const [header, ...rows] = parseCsvRecords(new TextDecoder().decode(bytes), 'out.csv').map((r) => r.fields);
		expect(header).toEqual(['row', 'text', 'given_label_1', 'label', 'given_label', 'suggested_label', 'label_quality', 'is_label_issue', 'review_decision', 'corrected_label']);
		expect(rows.map((r) => r[0])).toEqual(TRICKY.map((_, i) => String(i)));
		rows.forEach((r, i) => {
			expect(r[1]).toBe(guardFormula(TRICKY[i]!));
			expect(unguardFormula(r[1]!)).toBe(TRICKY[i]);
		});
		const flagged = Array.from(s.labelReport!.ranked).sort((a, b) => a - b);
		expect(flagged.length).toBeGreaterThan(0);
		expect(rows.filter((r) => r[7] === 'true').map((r) => Number(r[0]))).toEqual(flagged);
		expect(rows[1]!.slice(8)).toEqual(['relabel', '0']);
		expect(rows[0]!.slice(8)).toEqual(['', '']);
	});

	test('Parquet, flagged rows only, keeps the 0-based row index', async () => {
		const bytes = await s.exportTable('parquet', 'flagged', [], roles);
		const t = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
		const flagged = Array.from(s.labelReport!.ranked).sort((a, b) => a - b);
		expect(t.numRows).toBe(flagged.length);
		expect(Array.from(t.getChild('row')!.toArray() as ArrayLike<bigint | number>, Number)).toEqual(flagged);
		// Parquet is data, not a spreadsheet: text is written as it is.
		expect(t.getChild('text')!.get(0)).toBe(TRICKY[flagged[0]!]);
		expect(t.getChild('suggested_label')!.get(0)).toBe('0');
	});
});
