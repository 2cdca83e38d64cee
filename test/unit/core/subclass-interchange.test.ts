import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { AttributeSchema } from '../../../src/lib/core/subclass/schema';
import { parseCvatTags, writeCvatTags, type TaggedImage } from '../../../src/lib/core/subclass/cvat';
import { parseLabelStudio, writeLabelStudio } from '../../../src/lib/core/subclass/label-studio';
import { importReport, importTags } from '../../../src/lib/core/subclass/tag-import';
import { parseXml, textOf } from '../../../src/lib/core/subclass/xml-tree';

const DIR = 'test/fixtures/subclass';
const schemas: AttributeSchema[] = [
	{ name: 'lighting', values: [{ value: 'day', key: 'd' }, { value: 'night', key: 'i' }, { value: 'indoor', key: 'o' }] },
	{ name: 'stroke', values: [{ value: 'thin', key: 't' }, { value: 'thick', key: 'h' }] }
];
const paths = readFileSync(`${DIR}/images.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.slice(0, l.lastIndexOf(',')));

describe('CVAT for images 1.1', () => {
	test('the hand-written fixture: matches, unmatched, ambiguous and tags outside the schema', () => {
		const items = parseCvatTags(readFileSync(`${DIR}/cvat-tags.xml`, 'utf8'), schemas, { file: 'cvat-tags.xml' });
		expect(items.map((i) => i.name)).toEqual(['imgs/a/0001.png', '0002.png', '/home/me/export/imgs/c/R&D 0005.png', 'imgs/z/9999.png', 'dup.png', 'imgs/c/0006.png']);
		const r = importTags(items, paths, schemas);
		expect(r.annotations).toEqual([
			{ row: 0, attribute: 'lighting', value: 'day' },
			{ row: 0, attribute: 'stroke', value: 'thick' },
			{ row: 1, attribute: 'lighting', value: 'night' }
		]);
		expect(r.matched).toBe(4);
		expect(r.unmatched).toEqual(['imgs/z/9999.png']);
		expect(r.ambiguous).toEqual([{ name: 'dup.png', rows: 2 }]);
		expect(r.rejected).toEqual([
			{ name: '/home/me/export/imgs/c/R&D 0005.png', attribute: 'lighting', value: 'dusk', why: 'value not in schema' },
			{ name: 'imgs/c/0006.png', attribute: 'background', value: 'woods', why: 'unknown attribute' }
		]);
		expect(importReport(r)).toEqual([
			'4 items matched to rows, 3 annotations read.',
			'1 names match no row: imgs/z/9999.png',
			'1 names match several rows and were not used: dup.png (2 rows)',
			'2 tags do not fit the schema: /home/me/export/imgs/c/R&D 0005.png: lighting = dusk (value not in schema), imgs/c/0006.png: background = woods (unknown attribute)'
		]);
		// By image id instead of name.
		const byId = importTags(parseCvatTags(readFileSync(`${DIR}/cvat-tags.xml`, 'utf8'), schemas, { by: 'id' }), ['0', '1'], schemas);
		expect(byId.annotations.map((a) => a.row)).toEqual([0, 0, 1]);
	});

	test('write then read gives the same tags (names with XML specials too)', () => {
		const images: TaggedImage[] = [
			{ id: 0, name: 'a/<b> & "c".png', width: 28, height: 28, values: { lighting: 'night', stroke: 'thin' } },
			{ id: 1, name: "it's.png", values: { stroke: 'thick' } },
			{ id: 2, name: 'none.png', values: {} }
		];
		const xml = writeCvatTags(images, schemas);
		expect(xml).toContain('<version>1.1</version>');
		expect(xml).toContain('<tag label="lighting" source="manual">\n      <attribute name="lighting">night</attribute>');
		const back = parseCvatTags(xml, schemas);
		expect(back).toEqual([
			{ name: 'a/<b> & "c".png', tags: [{ attribute: 'lighting', value: 'night' }, { attribute: 'stroke', value: 'thin' }] },
			{ name: "it's.png", tags: [{ attribute: 'stroke', value: 'thick' }] },
			{ name: 'none.png', tags: [] }
		]);
	});

	test('bad XML is refused with the line', () => {
		expect(() => parseCvatTags('<!DOCTYPE x [<!ENTITY a "b">]><annotations/>', schemas, { file: 'x.xml' })).toThrow(/x\.xml line 1: DOCTYPE/);
		expect(() => parseXml('<a>\n&foo;</a>', 'x.xml')).toThrow(/x\.xml line 2: unknown entity "&foo;"/);
		expect(() => parseXml('<a><b></a>', 'x.xml')).toThrow(/<\/a> does not close <b>/);
		expect(() => parseXml('<a x=1/>', 'x.xml')).toThrow(/must be quoted/);
		expect(() => parseXml('<a>', 'x.xml')).toThrow(/<a> is never closed/);
		expect(() => parseXml('<a/><b/>', 'x.xml')).toThrow(/second root/);
		expect(() => parseCvatTags('<images/>', schemas, { file: 'x.xml' })).toThrow(/expected <annotations>/);
		expect(textOf(parseXml('<a>&#65;&#x42;&lt;<![CDATA[&amp;]]></a>'))).toBe('AB<&amp;');
	});
});

describe('Label Studio JSON export', () => {
	test('the hand-written fixture: upload prefix, cancelled annotations, several choices, unmatched', () => {
		const { items, problems } = parseLabelStudio(readFileSync(`${DIR}/label-studio.json`, 'utf8'), { file: 'label-studio.json' });
		expect(problems).toEqual([
			{ name: 'imgs/c/0006.png', attribute: 'lighting', value: 'day | night', why: '2 choices; one value per attribute' },
			{ name: 'imgs/c/0006.png', attribute: 'box', value: '', why: 'not a choices result (rectanglelabels)' }
		]);
		const r = importTags(items, paths, schemas);
		expect(r.annotations).toEqual([
			{ row: 2, attribute: 'lighting', value: 'night' },
			{ row: 2, attribute: 'stroke', value: 'thin' },
			{ row: 3, attribute: 'lighting', value: 'day' }
		]);
		expect(r.unmatched).toEqual(['/data/upload/3/0a1b2c3d-missing.png']);
		expect(r.rejected).toEqual([{ name: 'imgs/c/0006.png', attribute: 'weather', value: 'rain', why: 'unknown attribute' }]);
	});

	test('write then read gives the same tags', () => {
		const images: TaggedImage[] = [
			{ id: 5, name: 'x/1.png', values: { lighting: 'indoor' } },
			{ id: 6, name: 'x/2.png', values: { lighting: 'day', stroke: 'thick' } }
		];
		const json = writeLabelStudio(images, schemas);
		expect(JSON.parse(json)[1]).toEqual({
			id: 6,
			data: { image: 'x/2.png' },
			annotations: [
				{
					result: [
						{ from_name: 'lighting', to_name: 'image', type: 'choices', value: { choices: ['day'] } },
						{ from_name: 'stroke', to_name: 'image', type: 'choices', value: { choices: ['thick'] } }
					]
				}
			]
		});
		const back = parseLabelStudio(json);
		expect(back.problems).toEqual([]);
		expect(back.items).toEqual(images.map((im) => ({ name: im.name, tags: Object.entries(im.values).map(([attribute, value]) => ({ attribute, value })) })));
		expect(importTags(parseLabelStudio(json, { by: 'id' }).items, ['', '', '', '', '', '5', '6'], schemas).annotations.map((a) => a.row)).toEqual([5, 6, 6]);
	});

	test('wrong shapes are refused', () => {
		expect(() => parseLabelStudio('{"a": 1}', { file: 'ls.json' })).toThrow(/ls\.json: expected a list of tasks/);
		expect(() => parseLabelStudio('[{"data": {"img": "a"}}]', { file: 'ls.json' })).toThrow(/task 1 has no "data\.image"/);
		expect(() => parseLabelStudio('[', { file: 'ls.json' })).toThrow(/not valid JSON/);
	});
});
