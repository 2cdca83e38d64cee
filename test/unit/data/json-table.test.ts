import { describe, expect, test } from 'vitest';
import { Type, type Table } from 'apache-arrow';
import { JsonLoadError, inferColumnType, jsonToArrow } from '../../../src/lib/data/load/json-table';

/** Column names and Arrow type ids of a table. */
const schemaOf = (t: Table): [string, string][] => t.schema.fields.map((f) => [f.name, Type[f.type.typeId] ?? '?']);
/** Column values as plain JS (lists as number arrays). */
const valuesOf = (t: Table, name: string): unknown[] => {
	const v = t.getChild(name);
	if (!v) throw new Error(`no column ${name}`);
	return Array.from({ length: v.length }, (_, i) => {
		const x: unknown = v.get(i);
		return x !== null && typeof x === 'object' && 'toArray' in x ? Array.from((x as { toArray(): ArrayLike<number> }).toArray()) : x;
	});
};
/** The JsonLoadError message thrown by `fn`. */
const errorOf = (fn: () => unknown): string => {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(JsonLoadError);
		return (e as Error).message;
	}
	throw new Error('expected a JsonLoadError');
};

describe('accepted shapes', () => {
	test('array of objects: first-seen key order, missing keys -> null', () => {
		const t = jsonToArrow('[{"b": 1, "a": "x"}, {"a": "y", "c": true}, {}]', 'rows.json');
		expect(t.numRows).toBe(3);
		expect(schemaOf(t)).toEqual([
			['b', 'Int'],
			['a', 'Utf8'],
			['c', 'Bool']
		]);
		expect(valuesOf(t, 'b')).toEqual([1, null, null]);
		expect(valuesOf(t, 'a')).toEqual(['x', 'y', null]);
		expect(valuesOf(t, 'c')).toEqual([null, true, null]);
	});

	test('object of column arrays', () => {
		const t = jsonToArrow('{"z": [1.5, 2, null], "label": ["cat", "dog", "cat"]}', 'cols.json');
		expect(schemaOf(t)).toEqual([
			['z', 'Float'],
			['label', 'Utf8']
		]);
		expect(valuesOf(t, 'z')).toEqual([1.5, 2, null]);
		expect(valuesOf(t, 'label')).toEqual(['cat', 'dog', 'cat']);
	});

	test('NDJSON with blank lines and CRLF, detected without the extension', () => {
		const text = '{"id": 1, "s": "a"}\r\n\r\n{"id": 2}\n   \n{"s": "c", "id": 3}\n';
		const t = jsonToArrow(text, 'data.json');
		expect(t.numRows).toBe(3);
		expect(valuesOf(t, 'id')).toEqual([1, 2, 3]);
		expect(valuesOf(t, 's')).toEqual(['a', null, 'c']);
	});

	test('a .jsonl file is NDJSON even when it is one line of arrays', () => {
		const t = jsonToArrow('{"probs": [0.2, 0.8]}', 'one.jsonl');
		expect(t.numRows).toBe(1);
		expect(valuesOf(t, 'probs')).toEqual([[0.2, 0.8]]);
	});

	test('a single wrapped array of records is unwrapped', () => {
		const t = jsonToArrow('{"data": [{"a": 1}, {"a": 2}]}', 'api.json');
		expect(schemaOf(t)).toEqual([['a', 'Int']]);
		expect(valuesOf(t, 'a')).toEqual([1, 2]);
	});

	test('integer-like keys keep their text order', () => {
		const t = jsonToArrow('[{"b": 1, "10": 2, "2": 3}, {"a": 4}]', 'ints.json');
		expect(t.schema.fields.map((f) => f.name)).toEqual(['b', '10', '2', 'a']);
		const nd = jsonToArrow('{"x": 1, "1": 2}\n{"0": 3}', 'ints.ndjson');
		expect(nd.schema.fields.map((f) => f.name)).toEqual(['x', '1', '0']);
	});

	test('BOM and surrounding whitespace are ignored', () => {
		const t = jsonToArrow('\uFEFF  \n[{"a": 1}]\n\n', 'bom.json');
		expect(valuesOf(t, 'a')).toEqual([1]);
	});
});

describe('type inference', () => {
	test('inferColumnType rules', () => {
		expect(inferColumnType([1, 2, null, -2147483648, 2147483647])).toBe('int32');
		expect(inferColumnType([1, 2147483648])).toBe('float64');
		expect(inferColumnType([1, 2.5])).toBe('float64');
		expect(inferColumnType([2 ** 60])).toBe('float64');
		expect(inferColumnType([true, null, false])).toBe('bool');
		expect(inferColumnType(['a', null])).toBe('utf8');
		expect(inferColumnType([[0.1, 0.9], [], null, [1, null]])).toBe('list');
		expect(inferColumnType([1, 'a'])).toBe('json');
		expect(inferColumnType([{ a: 1 }])).toBe('json');
		expect(inferColumnType([['a', 'b']])).toBe('json');
		expect(inferColumnType([null, null])).toBe('utf8');
	});

	test('Arrow types and values per inferred type', () => {
		const rows = [
			{ i: 1, f: 1, big: 1, b: true, s: 'x', probs: [0.25, 0.75], mixed: 1, obj: { k: [1] }, nul: null },
			{ i: -7, f: 0.5, big: 3e9, b: false, s: 'é"\n', probs: [1, 0], mixed: 'two', obj: null, nul: null },
			{ i: null, f: null, big: null, b: null, s: null, probs: null, mixed: [3], obj: 'plain', nul: null }
		];
		const t = jsonToArrow(JSON.stringify(rows), 'types.json');
		expect(schemaOf(t)).toEqual([
			['i', 'Int'],
			['f', 'Float'],
			['big', 'Float'],
			['b', 'Bool'],
			['s', 'Utf8'],
			['probs', 'List'],
			['mixed', 'Utf8'],
			['obj', 'Utf8'],
			['nul', 'Utf8']
		]);
		expect(t.getChild('i')?.type.toString()).toBe('Int32');
		expect(t.getChild('f')?.type.toString()).toBe('Float64');
		expect(t.getChild('probs')?.type.toString()).toBe('List<Float64>');
		expect(valuesOf(t, 'i')).toEqual([1, -7, null]);
		expect(valuesOf(t, 'big')).toEqual([1, 3e9, null]);
		expect(valuesOf(t, 'b')).toEqual([true, false, null]);
		expect(valuesOf(t, 's')).toEqual(['x', 'é"\n', null]);
		expect(valuesOf(t, 'probs')).toEqual([[0.25, 0.75], [1, 0], null]);
		expect(valuesOf(t, 'mixed')).toEqual(['1', 'two', '[3]']);
		expect(valuesOf(t, 'obj')).toEqual(['{"k":[1]}', null, 'plain']);
		expect(valuesOf(t, 'nul')).toEqual([null, null, null]);
		expect(t.getChild('i')?.nullCount).toBe(1);
	});
});

describe('errors', () => {
	test('empty file', () => {
		expect(errorOf(() => jsonToArrow('', 'data.json'))).toBe('data.json is empty.');
		expect(errorOf(() => jsonToArrow(' \n\t\n', 'blank.ndjson'))).toBe('blank.ndjson is empty.');
	});

	test('NDJSON syntax error names the 1-based line', () => {
		const lines = Array.from({ length: 16 }, (_, i) => `{"a": ${i}}`);
		lines.splice(3, 0, ''); // a blank line still counts
		lines.push('{"a": oops}');
		const msg = errorOf(() => jsonToArrow(lines.join('\n'), 'data.ndjson'));
		expect(msg).toMatch(/^data\.ndjson line 18: not valid JSON \(.+\)\. Each line must hold one JSON object\.$/);
	});

	test('NDJSON line holding a non-object', () => {
		const msg = errorOf(() => jsonToArrow('{"a": 1}\n[1, 2]\n', 'data.ndjson'));
		expect(msg).toBe('data.ndjson line 2: found an array, not an object. Each line must hold one JSON object.');
	});

	test('syntax error in one document gives line and column', () => {
		const msg = errorOf(() => jsonToArrow('[\n  {"a": 1}\n  {"a": 2}\n]', 'data.json'));
		expect(msg).toMatch(/^data\.json: not valid JSON at line 3, column 3 \(/);
		expect(msg).toMatch(/array of objects/);
	});

	test('top-level scalar explains the accepted shapes', () => {
		for (const [text, what] of [
			['42', 'a number'],
			['"hello"', 'a string'],
			['null', 'null'],
			['true', 'a boolean']
		] as const) {
			const msg = errorOf(() => jsonToArrow(text, 'x.json'));
			expect(msg).toBe(
				`x.json holds ${what}, not a table. Use an array of objects ([{"col": 1}, ...]), an object of equal-length column arrays ({"col": [1, 2]}), or NDJSON (one object per line).`
			);
		}
	});

	test('array items must be objects', () => {
		const msg = errorOf(() => jsonToArrow('[{"a": 1}, [1, 2]]', 'rows.json'));
		expect(msg).toMatch(/^rows\.json: item 2 of the top-level array is an array; each item must be an object/);
	});

	test('column arrays of different lengths', () => {
		const msg = errorOf(() => jsonToArrow('{"a": [1, 2, 3], "b": [1, 2]}', 'cols.json'));
		expect(msg).toBe(
			`cols.json: column arrays differ in length ('a' has 3 values, 'b' has 2). In the {"column": [values]} form every array must have the same length.`
		);
	});

	test('no rows or no columns', () => {
		expect(errorOf(() => jsonToArrow('[]', 'e.json'))).toMatch(/^e\.json holds no rows\./);
		expect(errorOf(() => jsonToArrow('{"a": []}', 'e.json'))).toMatch(/^e\.json holds no rows\./);
		expect(errorOf(() => jsonToArrow('[{}, {}]', 'k.json'))).toMatch(/^k\.json: the objects have no keys/);
	});
});
