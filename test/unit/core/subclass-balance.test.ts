import { describe, expect, test } from 'vitest';
import { balancedDraw, balancedManifest, shortfallLines } from '../../../src/lib/core/subclass/balanced-draw';

// label x lighting: (0, day) 10 rows, (0, night) 2, (1, day) 6, (1, night) 0, plus 3 rows with lighting missing.
const label: string[] = [];
const lighting: (string | null)[] = [];
const add = (l: string, li: string | null, k: number) => {
	for (let i = 0; i < k; i++) {
		label.push(l);
		lighting.push(li);
	}
};
add('0', 'day', 10);
add('1', 'day', 6);
add('0', 'night', 2);
add('0', null, 3);

describe('balanced draw', () => {
	test('every combination is a cell; short cells say by how much', () => {
		const d = balancedDraw(['label', 'lighting'], [label, lighting], 5, 11);
		expect(d.cells.map((c) => [c.label, c.available, c.drawn, c.short])).toEqual([
			['0 x day', 10, 5, 0],
			['0 x night', 2, 2, 3],
			['1 x day', 6, 5, 0],
			['1 x night', 0, 0, 5]
		]);
		expect(d.missing).toBe(3);
		expect(d.rows.length).toBe(12);
		for (const c of d.cells) for (const r of c.rows) expect([label[r], lighting[r]]).toEqual(c.key);
		expect(new Set(d.rows).size).toBe(12);
		expect(shortfallLines(d)).toEqual(['0 x night: 2 available, 2 of 5 drawn (short by 3)', '1 x night: 0 available, 0 of 5 drawn (short by 5)']);
		expect(balancedManifest(d)).toEqual({
			seed: 11,
			per_cell: 5,
			by: ['label', 'lighting'],
			rows: 12,
			missing: 3,
			cells: [
				{ cell: { label: '0', lighting: 'day' }, available: 10, drawn: 5, short: 0 },
				{ cell: { label: '0', lighting: 'night' }, available: 2, drawn: 2, short: 3 },
				{ cell: { label: '1', lighting: 'day' }, available: 6, drawn: 5, short: 0 },
				{ cell: { label: '1', lighting: 'night' }, available: 0, drawn: 0, short: 5 }
			]
		});
	});

	test('same seed same rows; another seed other rows', () => {
		const a = balancedDraw(['label', 'lighting'], [label, lighting], 5, 11);
		expect(balancedDraw(['label', 'lighting'], [label, lighting], 5, 11).rows).toEqual(a.rows);
		const others = [12, 13, 14].map((s) => balancedDraw(['label', 'lighting'], [label, lighting], 5, s).cells[0]!.rows);
		expect(others.some((r) => JSON.stringify(r) !== JSON.stringify(a.cells[0]!.rows))).toBe(true);
	});

	test('numbers sort numerically; three attributes', () => {
		const digit = ['10', '2', '1', '2'];
		const d = balancedDraw(['d'], [digit], 1, 0);
		expect(d.cells.map((c) => c.label)).toEqual(['1', '2', '10']);
		const t = balancedDraw(['a', 'b', 'c'], [['x', 'y'], ['p', 'p'], ['u', 'v']], 1, 0);
		expect(t.cells.length).toBe(4);
		expect(t.shortCells.map((c) => c.label)).toEqual(['x x p x v', 'y x p x u']);
	});

	test('bad input', () => {
		expect(() => balancedDraw(['a'], [label], 0, 1)).toThrow(/at least 1/);
		expect(() => balancedDraw(['a'], [label], 2.5, 1)).toThrow(/whole number/);
		expect(() => balancedDraw(['a', 'a'], [label, label], 2, 1)).toThrow(/named twice/);
		expect(() => balancedDraw(['a', 'b'], [label, ['x']], 2, 1)).toThrow(/same length/);
		const many = Array.from({ length: 400 }, (_, i) => String(i));
		expect(() => balancedDraw(['a', 'b'], [many, many], 1, 1)).toThrow(/160,000 cells/);
	});
});
