import { describe, expect, test } from 'vitest';
import * as parquet from 'parquet-wasm';
import {
	Bool,
	Decimal,
	Dictionary,
	Field,
	Float32,
	Float64,
	Int32,
	Int64,
	List,
	Table,
	TimeUnit,
	TimestampMicrosecond,
	TimestampMillisecond,
	DateDay,
	Utf8,
	makeData,
	makeVector,
	tableFromIPC,
	vectorFromArray,
	type Vector
} from 'apache-arrow';
import { buildExportTable, decimalText, exportColumnNames, timestampText, toCsv, toCsvChunks, toCsvText, toParquet, type ExportInput } from '../../src/lib/review/export-table';
import {
	DecisionsCsvError,
	decisionsToCsv,
	guardFormula,
	parseCsvRecords,
	parseDecisionsCsv,
	unguardFormula,
	type DecisionsCsvTarget
} from '../../src/lib/review/decisions-csv';
import type { Decision, DecisionKind } from '../../src/lib/review/decisions';

const T = Date.UTC(2024, 4, 1, 12, 30, 0, 123);
const d = (row: number, kind: DecisionKind, label: string | null, at = T + row): Decision => ({ row, kind, label, at });

/** Column values as plain JS (nested vectors as arrays). */
const valuesOf = (t: Table, name: string): unknown[] => {
	const v = t.getChild(name);
	if (!v) throw new Error(`no column ${name}`);
	return Array.from({ length: v.length }, (_, i) => {
		const x: unknown = v.get(i);
		return x !== null && typeof x === 'object' && 'toArray' in x ? Array.from((x as Vector).toArray() as ArrayLike<unknown>) : x;
	});
};
const names = (t: Table): string[] => t.schema.fields.map((f) => f.name);
/** CSV text back into rows of fields (the test's reader is the module's RFC 4180 parser). */
const readCsv = (text: string): string[][] => parseCsvRecords(text, 'test.csv').map((r) => r.fields);

const TRICKY = [
	'plain',
	'a,b',
	'say "hi"',
	'two\nlines',
	'crlf\r\ninside',
	'naïve café 日本語 🙂',
	'=cmd|\' /C calc\'!A0',
	'+1',
	'-x',
	'@SUM(A1)',
	'\tTab',
	'\rCR',
	"'=already quoted",
	"'plain apostrophe",
	'',
	null
];

describe('CSV cells', () => {
	test('quoting (RFC 4180) and the formula guard, exact text', () => {
		const t = new Table({ s: vectorFromArray(TRICKY, new Utf8()), n: vectorFromArray(TRICKY.map((_, i) => -i - 0.5), new Float64()) });
		const text = toCsvText(t);
		expect(text.split('\r\n').slice(0, 4)).toEqual(['s,n', 'plain,-0.5', '"a,b",-1.5', '"say ""hi""",-2.5']);
		expect(text).toContain('\r\n"two\nlines",-3.5\r\n"crlf\r\ninside",-4.5\r\nnaïve café 日本語 🙂,-5.5\r\n');
		expect(text).toContain(`\r\n'=cmd|' /C calc'!A0,-6.5\r\n'+1,-7.5\r\n'-x,-8.5\r\n'@SUM(A1),-9.5\r\n'\tTab,-10.5\r\n"'\rCR",-11.5\r\n`);
		expect(text).toContain(`\r\n''=already quoted,-12.5\r\n'plain apostrophe,-13.5\r\n"",-14.5\r\n,-15.5\r\n`);
		expect(text.endsWith('\r\n')).toBe(true);
		// Numbers are never guarded: -0.5 stays a number for the spreadsheet.
		expect(text).not.toContain("'-0.5");
	});

	test('read back and unguarded, every cell is the original (null and "" kept apart)', () => {
		const t = new Table({ s: vectorFromArray(TRICKY, new Utf8()), i: vectorFromArray(TRICKY.map((_, i) => i), new Int32()) });
		const rows = readCsv(toCsvText(t)).slice(1);
		const raw = toCsvText(t).split('\r\n');
		expect(raw.at(-3)).toBe('"",14');
		expect(raw.at(-2)).toBe(',15');
		expect(rows.map((r) => r[1])).toEqual(TRICKY.map((_, i) => String(i)));
		expect(rows.map((r) => (r[0] === '' ? null : unguardFormula(r[0] as string)))).toEqual(TRICKY.map((s) => (s === '' ? null : s)));
	});

	test('guardFormula / unguardFormula are inverse on any text', () => {
		const samples = [...TRICKY.filter((s): s is string => s !== null), "''-x", "'", "''", 'a=b', '-', "'@"];
		for (const s of samples) expect(unguardFormula(guardFormula(s))).toBe(s);
		expect(guardFormula('=1+1')).toBe("'=1+1");
		expect(guardFormula("'=1")).toBe("''=1");
		expect(guardFormula("'a")).toBe("'a");
		expect(unguardFormula("'a")).toBe("'a");
	});

	test('the guard can be turned off', () => {
		const t = new Table({ s: vectorFromArray(['=1+1'], new Utf8()) });
		expect(toCsvText(t, { formulaGuard: false })).toBe('s\r\n=1+1\r\n');
	});

	test('typed columns: ints, int64, float32, bool, dates, timestamps, decimals, lists, dictionaries', () => {
		const decimal = makeVector(makeData({ type: new Decimal(2, 10, 128), length: 3, nullCount: 0, data: new Uint32Array([12345, 0, 0, 0, 5, 0, 0, 0, 0xffff_ff85, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff]) }));
		const t = new Table({
			i: vectorFromArray([1, null, -3], new Int32()),
			big: vectorFromArray([9007199254740993n, null, -2n], new Int64()),
			f32: vectorFromArray([0.1, 2.5, null], new Float32()),
			b: vectorFromArray([true, false, null], new Bool()),
			day: vectorFromArray([new Date(Date.UTC(2024, 1, 29)), null, new Date(0)], new DateDay()),
			ts: vectorFromArray([1.5, 0, null], new TimestampMicrosecond()),
			tz: vectorFromArray([T, null, -1], new TimestampMillisecond('UTC')),
			dec: decimal,
			list: vectorFromArray([[1, 2], null, []], new List(new Field('item', new Int32(), true))),
			dict: vectorFromArray(['=x', 'b', null], new Dictionary(new Utf8(), new Int32())),
			f: vectorFromArray([NaN, Infinity, 1e-7], new Float64())
		});
		expect(readCsv(toCsvText(t))).toEqual([
			['i', 'big', 'f32', 'b', 'day', 'ts', 'tz', 'dec', 'list', 'dict', 'f'],
			['1', '9007199254740993', '0.1', 'true', '2024-02-29', '1970-01-01T00:00:00.001500', '2024-05-01T12:30:00.123Z', '123.45', '[1,2]', "'=x", 'NaN'],
			['', '', '2.5', 'false', '', '1970-01-01T00:00:00', '', '0.05', '', 'b', 'Infinity'],
			['-3', '-2', '', '', '1970-01-01', '', '1969-12-31T23:59:59.999Z', '-1.23', '[]', '', '1e-7']
		]);
		expect(timestampText(-1n, TimeUnit.NANOSECOND, null)).toBe('1969-12-31T23:59:59.999999999');
		expect([decimalText(5n, 0), decimalText(7n, -2), decimalText(-5n, 3)]).toEqual(['5', '700', '-0.005']);
	});

	test('multi-batch and sliced tables; non-ASCII blocks; bytes are UTF-8', () => {
		const a = new Table({ s: vectorFromArray(['é', 'x,y', 'ü🙂'], new Utf8()), n: vectorFromArray([1, 2, 3], new Int32()) });
		const b = new Table({ s: vectorFromArray([null, 'z'], new Utf8()), n: vectorFromArray([4, null], new Int32()) });
		const t = a.concat(b).slice(1, 5);
		expect(t.batches.length).toBe(2);
		const expected = 's,n\r\n"x,y",2\r\nü🙂,3\r\n,4\r\nz,\r\n';
		expect(toCsvText(t)).toBe(expected);
		expect(toCsvChunks(t).join('')).toBe(expected);
		expect(new TextDecoder().decode(toCsv(t))).toBe(expected);
	});
});

/** A small dataset and results: 6 rows, 3 classes; rows 1, 3, 4 flagged. */
function fixture(): ExportInput {
	const first = new Table({
		image_id: vectorFromArray(['img-a', 'img-b', 'img-c', 'img-d'], new Utf8()),
		label: vectorFromArray(['cat', 'dog', 'cat', 'bird'], new Utf8()),
		width: vectorFromArray([10, 20, 30, null], new Int32()),
		row: vectorFromArray([100, 101, 102, 103], new Int32()), // collides with the added `row`
		tags: vectorFromArray([[1], [2, 3], null, []], new List(new Field('item', new Int32(), true)))
	});
	const second = new Table({
		image_id: vectorFromArray(['img-e', '=evil'], new Utf8()),
		label: vectorFromArray(['dog', null], new Utf8()),
		width: vectorFromArray([50, 60], new Int32()),
		row: vectorFromArray([104, 105], new Int32()),
		tags: vectorFromArray([[5], [6]], new List(new Field('item', new Int32(), true)))
	});
	return {
		table: first.concat(second),
		idColumn: 'image_id',
		classNames: ['cat', 'dog', 'bird'],
		labels: new Int32Array([0, 1, 0, 2, 1, -1]),
		suggested: new Int32Array([0, 0, 0, 1, 2, 1]),
		quality: new Float64Array([0.9, 0.1, 0.8, 0.2, 0.3, NaN]),
		issue: new Uint8Array([0, 1, 0, 1, 1, 0]),
		decisions: [d(1, 'accept', 'cat'), d(3, 'relabel', 'cat'), d(4, 'exclude', null), d(2, 'keep', 'cat')]
	};
}

describe('export table', () => {
	test('every row: row first, id second, dataset columns, added columns; values', () => {
		const t = buildExportTable(fixture());
		expect(names(t)).toEqual(['row_plumb', 'image_id', 'label', 'width', 'row', 'tags', 'given_label', 'suggested_label', 'label_quality', 'is_label_issue', 'review_decision', 'corrected_label']);
		expect(t.numRows).toBe(6);
		expect(valuesOf(t, 'row_plumb')).toEqual([0, 1, 2, 3, 4, 5]);
		expect(valuesOf(t, 'row')).toEqual([100, 101, 102, 103, 104, 105]);
		expect(valuesOf(t, 'width')).toEqual([10, 20, 30, null, 50, 60]);
		expect(valuesOf(t, 'given_label')).toEqual(['cat', 'dog', 'cat', 'bird', 'dog', null]);
		expect(valuesOf(t, 'suggested_label')).toEqual(['cat', 'cat', 'cat', 'dog', 'bird', 'dog']);
		expect(valuesOf(t, 'label_quality')).toEqual([0.9, 0.1, 0.8, 0.2, 0.3, null]);
		expect(valuesOf(t, 'is_label_issue')).toEqual([false, true, false, true, true, false]);
		expect(valuesOf(t, 'review_decision')).toEqual([null, 'accept', 'keep', 'relabel', 'exclude', null]);
		// Unreviewed rows keep their given label by default.
		expect(valuesOf(t, 'corrected_label')).toEqual(['cat', 'cat', 'cat', 'cat', null, null]);
		expect(valuesOf(buildExportTable(fixture(), { unreviewed: 'null' }), 'corrected_label')).toEqual([null, 'cat', 'cat', 'cat', null, null]);
	});

	test('only flagged rows keep their original row indices, ids and nested values', () => {
		const t = buildExportTable(fixture(), { rows: 'flagged' });
		expect(t.numRows).toBe(3);
		expect(valuesOf(t, 'row_plumb')).toEqual([1, 3, 4]);
		expect(valuesOf(t, 'image_id')).toEqual(['img-b', 'img-d', 'img-e']);
		expect(valuesOf(t, 'width')).toEqual([20, null, 50]);
		expect(valuesOf(t, 'tags')).toEqual([[2, 3], [], [5]]);
		expect(valuesOf(t, 'review_decision')).toEqual(['accept', 'relabel', 'exclude']);
		expect(valuesOf(t, 'corrected_label')).toEqual(['cat', 'cat', null]);
		expect(readCsv(toCsvText(t)).map((r) => r[0])).toEqual(['row_plumb', '1', '3', '4']);
	});

	test('relation: the flagged export equals the full export restricted to the flagged rows, for every column type', () => {
		const n = 7;
		const pick = <T,>(xs: T[]) => xs.slice(0, n);
		const part = (from: number, to: number) =>
			new Table({
				i64: vectorFromArray(pick([1n, null, 3n, -4n, 5n, null, 7n]).slice(from, to), new Int64()),
				ts: vectorFromArray(pick([1.5, null, 3, 4, 5e3, 6, null]).slice(from, to), new TimestampMicrosecond()),
				day: vectorFromArray(pick([new Date(0), null, new Date(864e5), new Date(2 * 864e5), null, new Date(0), new Date(0)]).slice(from, to), new DateDay()),
				b: vectorFromArray(pick([true, false, null, true, true, false, null]).slice(from, to), new Bool()),
				f32: vectorFromArray(pick([0.5, null, 1.5, 2.5, 3.5, 4.5, 5.5]).slice(from, to), new Float32()),
				dict: vectorFromArray(pick(['x', 'y', null, 'x', 'z', 'y', 'x']).slice(from, to), new Dictionary(new Utf8(), new Int32())),
				s: vectorFromArray(pick(['a', null, 'ccc', 'é', '', 'f', 'g']).slice(from, to), new Utf8())
			});
		const table = part(0, 3).concat(part(3, 7)); // two record batches
		const input: ExportInput = {
			table,
			classNames: ['a', 'b'],
			labels: new Int32Array(n),
			suggested: new Int32Array(n).fill(1),
			quality: new Float64Array(n).fill(0.5),
			issue: new Uint8Array([0, 1, 1, 0, 1, 1, 1]),
			decisions: [d(4, 'relabel', 'b')]
		};
		const all = buildExportTable(input);
		const flagged = buildExportTable(input, { rows: 'flagged' });
		const rows = [1, 2, 4, 5, 6];
		expect(valuesOf(flagged, 'row')).toEqual(rows);
		for (const name of names(all)) {
			expect(valuesOf(flagged, name), name).toEqual(rows.map((r) => valuesOf(all, name)[r]));
			expect(String(flagged.getChild(name)?.type), name).toBe(String(all.getChild(name)?.type));
		}
		const csvAll = readCsv(toCsvText(all));
		expect(readCsv(toCsvText(flagged))).toEqual([csvAll[0], ...rows.map((r) => csvAll[r + 1])]);
	});

	test('no id column: row then the dataset columns in their order', () => {
		const t = buildExportTable({ ...fixture(), idColumn: null }, { rows: 'flagged' });
		expect(names(t).slice(0, 3)).toEqual(['row_plumb', 'image_id', 'label']);
	});

	test('CSV of the export: nulls empty, ids guarded', () => {
		const rows = readCsv(toCsvText(buildExportTable(fixture())));
		expect(rows[0]).toEqual(['row_plumb', 'image_id', 'label', 'width', 'row', 'tags', 'given_label', 'suggested_label', 'label_quality', 'is_label_issue', 'review_decision', 'corrected_label']);
		expect(rows[3]).toEqual(['2', 'img-c', 'cat', '30', '102', '', 'cat', 'cat', '0.8', 'false', 'keep', 'cat']);
		expect(rows[4]?.slice(0, 6)).toEqual(['3', 'img-d', 'bird', '', '103', '[]']);
		expect(rows[6]).toEqual(['5', "'=evil", '', '60', '105', '[6]', '', 'dog', '', 'false', '', '']);
	});

	test('Parquet round trip through parquet-wasm', () => {
		for (const rows of ['all', 'flagged'] as const) {
			const t = buildExportTable(fixture(), { rows });
			const bytes = toParquet(t, parquet);
			expect(Array.from(bytes.subarray(0, 4))).toEqual([0x50, 0x41, 0x52, 0x31]); // "PAR1"
			const back = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
			expect(names(back)).toEqual(names(t));
			expect(back.numRows).toBe(t.numRows);
			for (const name of names(t)) expect(valuesOf(back, name), name).toEqual(valuesOf(t, name));
		}
	});

	test('nothing flagged: a header-only CSV and an empty Parquet file', () => {
		const t = buildExportTable({ ...fixture(), issue: new Uint8Array(6) }, { rows: 'flagged' });
		expect(t.numRows).toBe(0);
		expect(toCsvText(t)).toBe('row_plumb,image_id,label,width,row,tags,given_label,suggested_label,label_quality,is_label_issue,review_decision,corrected_label\r\n');
		const back = tableFromIPC(parquet.readParquet(toParquet(t, parquet)).intoIPCStream());
		expect([back.numRows, names(back)]).toEqual([0, names(t)]);
	});

	test('column names: added columns step aside, dataset columns are never renamed', () => {
		expect(exportColumnNames(['row', 'row_plumb', 'given_label', 'x'])).toMatchObject({ row: 'row_plumb2', given_label: 'given_label_plumb', corrected_label: 'corrected_label' });
	});

	test('inputs that disagree are refused', () => {
		expect(() => buildExportTable({ ...fixture(), labels: new Int32Array(5) })).toThrow(/row counts differ .*labels 5/);
		expect(() => buildExportTable({ ...fixture(), idColumn: 'nope' })).toThrow('id column "nope" is not in the dataset');
		expect(() => buildExportTable({ ...fixture(), decisions: [d(6, 'keep', 'cat')] })).toThrow('row 6, outside the dataset');
		expect(() => buildExportTable({ ...fixture(), suggested: new Int32Array([0, 0, 0, 3, 0, 0]) })).toThrow('suggested[3] is class 3');
	});

	test('decisions naming a class unknown to this run are kept, not dropped', () => {
		const t = buildExportTable({ ...fixture(), decisions: new Map([[0, d(0, 'relabel', 'lynx')]]) });
		expect(valuesOf(t, 'corrected_label')[0]).toBe('lynx');
	});

	test('100,000 rows: every line written, quickly', () => {
		const n = 100_000;
		const input: ExportInput = {
			table: new Table({
				id: vectorFromArray(Array.from({ length: n }, (_, i) => `id-${i}`), new Utf8()),
				x: makeVector(Float64Array.from({ length: n }, (_, i) => i / 7)),
				note: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'é, "q"' : 'plain')), new Utf8())
			}),
			idColumn: 'id',
			classNames: ['a', 'b'],
			labels: Int32Array.from({ length: n }, (_, i) => i % 2),
			suggested: Int32Array.from({ length: n }, (_, i) => (i + 1) % 2),
			quality: Float64Array.from({ length: n }, (_, i) => i / n),
			issue: Uint8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0)),
			decisions: []
		};
		const start = performance.now();
		const text = new TextDecoder().decode(toCsv(buildExportTable(input)));
		const elapsed = performance.now() - start;
		const lines = text.split('\r\n');
		expect(lines.length).toBe(n + 2); // header, n rows, '' after the last CRLF
		expect(lines[n]).toBe(`${n - 1},id-${n - 1},${(n - 1) / 7},"é, ""q""",b,a,${(n - 1) / n},false,,b`);
		expect(lines[n - 1]).toBe(`${n - 2},id-${n - 2},${(n - 2) / 7},plain,a,b,${(n - 2) / n},false,,a`);
		expect(lines[1]).toBe('0,id-0,0,"é, ""q""",a,b,0,true,,a');
		expect(elapsed).toBeLessThan(10_000);
	});
});

describe('decisions CSV', () => {
	const classes = ['cat', 'dog', 'a,b', 'say "hi"', 'two\nlines', '=SUM(A1)', "'=x", 'café 🙂', '-1'];
	const given = ['cat', 'dog', 'a,b', '=SUM(A1)', 'café 🙂', "'=x", 'cat', 'two\nlines', 'dog', '-1'];
	const suggested = ['dog', 'cat', 'say "hi"', 'cat', '-1', 'dog', "'=x", 'cat', 'two\nlines', 'cat'];
	const ids = given.map((_, i) => (i === 4 ? '=id4' : `id,${i}`));
	const source = { given: (r: number) => given[r] ?? null, suggested: (r: number) => suggested[r] ?? null, id: (r: number) => ids[r] ?? null };
	const target: DecisionsCsvTarget = { rows: given.length, classes, ids: (r) => ids[r] ?? null, given: (r) => given[r] ?? null };
	const decisions: Decision[] = [
		d(0, 'keep', 'cat'),
		d(1, 'accept', 'cat'),
		d(2, 'relabel', 'say "hi"'),
		d(3, 'keep', '=SUM(A1)'),
		d(4, 'accept', '-1'),
		d(5, 'relabel', 'two\nlines'),
		d(6, 'unsure', null),
		d(7, 'exclude', null),
		d(8, 'relabel', "'=x"),
		d(9, 'keep', '-1', Date.UTC(1999, 11, 31, 23, 59, 59, 999))
	];

	test('header and lines', () => {
		const text = decisionsToCsv([decisions[1] as Decision, decisions[0] as Decision], source);
		expect(text).toBe('row,id,given_label,decision,corrected_label,decided_at\r\n0,"id,0",cat,keep,cat,2024-05-01T12:30:00.123Z\r\n1,"id,1",dog,accept,cat,2024-05-01T12:30:00.124Z\r\n');
	});

	test('round trip is exact, tricky labels and formula-like cells included', () => {
		const text = decisionsToCsv(decisions, source);
		expect(text).toContain("\r\n3,\"id,3\",'=SUM(A1),keep,'=SUM(A1),");
		expect(text).toContain("\r\n4,'=id4,café 🙂,accept,'-1,");
		const back = parseDecisionsCsv(text, 'decisions.csv', target);
		expect(back.decisions).toEqual(decisions);
		expect(back.warnings).toEqual([]);
		// Without the guard too (and then nothing to reverse).
		expect(parseDecisionsCsv(decisionsToCsv(decisions, source, { formulaGuard: false }), 'd.csv', { ...target, formulaGuard: false }).decisions).toEqual(decisions);
	});

	test('columns found by name, in any order; LF line ends and a BOM accepted; optional columns', () => {
		const text = '\ufeffDecision,corrected_label,ROW,notes\n relabel ,dog,4,whatever\nexclude,,5,\n';
		const { decisions: out } = parseDecisionsCsv(text, 'hand.csv', { rows: 10, classes: ['cat', 'dog'], now: T });
		expect(out).toEqual([d(4, 'relabel', 'dog', T), d(5, 'exclude', null, T)]);
	});

	/** The issues an import raises. */
	const issuesOf = (text: string, t: DecisionsCsvTarget = target): { line: number; column: string | null; message: string }[] => {
		try {
			parseDecisionsCsv(text, 'bad.csv', t);
		} catch (e) {
			expect(e).toBeInstanceOf(DecisionsCsvError);
			return (e as DecisionsCsvError).issues;
		}
		throw new Error('expected a DecisionsCsvError');
	};
	const header = 'row,id,given_label,decision,corrected_label,decided_at';

	test('import errors name the line and column', () => {
		const text = [
			header,
			'0,"id,0",cat,maybe,cat,2024-05-01T12:30:00.000Z',
			'1,"id,1",dog,relabel,"multi',
			'line",2024-05-01T12:30:00.000Z',
			'99,,cat,keep,cat,',
			'2,,a,b,relabel,fish,',
			'3,,x,keep,dog,',
			'4,"id,9",x,keep,cat,',
			'5,,,exclude,cat,',
			'6,,,accept,,',
			'7,,,keep,cat,yesterday',
			'8,,,keep,cat,',
			'8,,,keep,cat,',
			'x,,,keep,cat,',
			'9,,,keep'
		].join('\r\n');
		expect(issuesOf(text)).toEqual([
			{ line: 2, column: 'decision', message: expect.stringContaining('unknown decision "maybe" (expected keep, accept, relabel, unsure, exclude)') },
			{ line: 3, column: 'corrected_label', message: expect.stringContaining('class "multi\r\nline" is not one of') },
			{ line: 5, column: 'row', message: 'row 99 is out of range: the dataset has 10 rows (0 to 9)' },
			{ line: 6, column: null, message: '7 fields, but the header has 6' },
			{ line: 7, column: 'corrected_label', message: expect.stringContaining('"keep" leaves the given label "x", but the corrected label is "dog"') },
			{ line: 8, column: 'id', message: expect.stringContaining('id "id,9" does not match row 4\'s id "=id4"') },
			{ line: 9, column: 'corrected_label', message: expect.stringContaining('"exclude" leaves the row without a corrected label') },
			{ line: 10, column: 'corrected_label', message: '"accept" needs a corrected label' },
			{ line: 11, column: 'decided_at', message: expect.stringContaining('"yesterday" is not a time') },
			{ line: 13, column: 'row', message: 'row 8 already has a decision on line 12' },
			{ line: 14, column: 'row', message: expect.stringContaining('"x" is not a row number') },
			{ line: 15, column: null, message: '4 fields, but the header has 6' }
		]);
		try {
			parseDecisionsCsv(text, 'bad.csv', target);
		} catch (e) {
			expect((e as Error).message).toMatch(/^bad\.csv cannot be imported: line 2, column "decision": unknown decision "maybe".*; and 7 more problems\. Nothing was imported\.$/s);
		}
	});

	test('a class not in the list, alone', () => {
		expect(issuesOf(`${header}\r\n0,,,relabel,fish,\r\n`)).toEqual([{ line: 2, column: 'corrected_label', message: expect.stringContaining('class "fish" is not one of') }]);
	});

	test('structural errors: empty file, missing columns, unclosed or stray quotes', () => {
		expect(issuesOf('')[0]?.message).toContain('the file is empty');
		expect(issuesOf('row,decision\r\n1,keep\r\n')).toEqual([{ line: 1, column: null, message: expect.stringContaining('lacks the column "corrected_label"') }]);
		expect(issuesOf('row,decision,decision,corrected_label\r\n')[0]).toMatchObject({ line: 1, column: 'decision', message: expect.stringContaining('appears twice') });
		expect(issuesOf(`${header}\r\n0,,,keep,cat,\r\n1,"id,1,dog,keep,cat,\r\n`)).toEqual([{ line: 3, column: null, message: 'a quoted field (column 2) is never closed' }]);
		expect(issuesOf(`${header}\r\n0,i"d,,keep,cat,\r\n`)[0]).toMatchObject({ line: 2, message: expect.stringContaining('double quote inside unquoted column 2') });
		expect(issuesOf(`${header}\r\n0,"id"x,,keep,cat,\r\n`)[0]).toMatchObject({ line: 2, message: expect.stringContaining('after the closing quote of column 2') });
	});

	test('a differing given label is a warning, not an error', () => {
		const { decisions: out, warnings } = parseDecisionsCsv(`${header}\r\n1,,cat,relabel,dog,\r\n`, 'old.csv', { ...target, now: T });
		expect(out).toEqual([d(1, 'relabel', 'dog', T)]);
		expect(warnings).toEqual(['line 2: row 1 has the given label "dog" in the dataset, but "cat" in old.csv.']);
	});
});
