import { describe, expect, test } from 'vitest';
import { annotationsAfterSchemaChange, exportSchemas, importSchemas, misfitSummary, schemaProblems, type AttributeSchema } from '../../../src/lib/core/subclass/schema';

const lighting: AttributeSchema = {
	name: 'lighting',
	values: [
		{ value: 'day', key: 'd' },
		{ value: 'night', key: 'i' },
		{ value: 'indoor', key: 'o' }
	]
};
const stroke: AttributeSchema = { name: 'stroke', values: [{ value: 'thin', key: 't' }, { value: 'thick', key: 'h' }] };

describe('attribute schemas', () => {
	test('a valid schema has no problems and round-trips through JSON', () => {
		expect(schemaProblems([lighting, stroke])).toEqual([]);
		const text = exportSchemas([lighting, stroke]);
		expect(JSON.parse(text).version).toBe(1);
		expect(importSchemas(text)).toEqual([lighting, stroke]);
		expect(importSchemas(JSON.stringify([stroke]))).toEqual([stroke]);
	});

	test('duplicate names, values and keys; reserved and bad keys', () => {
		const p = schemaProblems([
			lighting,
			{ name: 'lighting', values: [{ value: 'a', key: 'q' }] },
			{
				name: 'bg',
				values: [
					{ value: 'woods', key: 'w' },
					{ value: 'woods', key: 'e' },
					{ value: 'park', key: 'W' },
					{ value: 'plain', key: 'a' },
					{ value: 'sky', key: '1' },
					{ value: 'sea', key: 'ab' },
					{ value: 'sun', key: ' ' },
					{ value: '', key: 'r' }
				]
			},
			{ name: '', values: [] }
		]);
		expect(p).toEqual([
			'attribute 2 "lighting": the name is used twice; names must be unique.',
			'attribute 3 "bg", value 2: "woods" is listed twice.',
			'attribute 3 "bg", value 3: key "W" is already used by "woods".',
			'attribute 3 "bg", value 4: key "a" is taken by the review workspace (j n k p a g u x z s 0 1 2 3 4 5 6 7 8 9); choose another.',
			'attribute 3 "bg", value 5: key "1" is taken by the review workspace (j n k p a g u x z s 0 1 2 3 4 5 6 7 8 9); choose another.',
			'attribute 3 "bg", value 6: the key must be one printable character, got "ab".',
			'attribute 3 "bg", value 7: the key must be one printable character, got " ".',
			'attribute 3 "bg", value 8: the value is empty.',
			'attribute 4: give it a name.',
			'attribute 4: list at least one value.'
		]);
	});

	test('import errors name the file', () => {
		expect(() => importSchemas('{', 'my.json')).toThrow(/^my\.json: not valid JSON/);
		expect(() => importSchemas('{"x": 1}', 'my.json')).toThrow(/my\.json: expected \{"attributes"/);
		expect(() => importSchemas('[{"name": "a", "values": [{"value": "v"}]}]', 'my.json')).toThrow(/my\.json: attribute 1 "a", value 1: the key must be one printable character, got null/);
		expect(() => importSchemas('[3]', 'my.json')).toThrow(/attribute 1 is not an object/);
	});

	test('a schema change keeps annotations and lists those that no longer fit', () => {
		const made = [
			{ row: 0, attribute: 'lighting', value: 'day' },
			{ row: 1, attribute: 'lighting', value: 'indoor' },
			{ row: 2, attribute: 'lighting', value: 'indoor' },
			{ row: 2, attribute: 'stroke', value: 'thin' }
		];
		const changed: AttributeSchema = { name: 'lighting', values: lighting.values.filter((v) => v.value !== 'indoor') };
		const r = annotationsAfterSchemaChange(made, [changed]);
		expect(r.kept).toEqual(made);
		expect(r.misfits).toEqual([
			{ row: 1, attribute: 'lighting', value: 'indoor', why: 'value not allowed' },
			{ row: 2, attribute: 'lighting', value: 'indoor', why: 'value not allowed' },
			{ row: 2, attribute: 'stroke', value: 'thin', why: 'attribute removed' }
		]);
		expect(misfitSummary(r.misfits)).toEqual(['lighting = indoor: 2 rows (value not allowed)', 'stroke = thin: 1 row (attribute removed)']);
	});
});
