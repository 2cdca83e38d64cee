/**
 * Image-level tags in CVAT's "CVAT for images 1.1" XML:
 *
 *   <annotations>
 *     <version>1.1</version>
 *     <meta>...labels and their attributes...</meta>
 *     <image id="0" name="img/a.png" width="28" height="28">
 *       <tag label="lighting" source="manual">
 *         <attribute name="lighting">night</attribute>
 *       </tag>
 *     </image>
 *   </annotations>
 *
 * Reading: each `<attribute name="A">v</attribute>` inside a `<tag>` gives
 * attribute A the value v. A tag without attribute children is read by its
 * label: if exactly one schema attribute allows the label as a value, it sets
 * that attribute (e.g. a tag label "night" -> lighting = night); otherwise it
 * is reported as a tag of attribute "(label)" that fits nothing. Shapes
 * (boxes, polygons...) are ignored: these are image-level tags.
 *
 * Writing: one tag per attribute, labelled with the attribute's name and
 * carrying one select attribute of the same name; the meta block declares
 * each as a label with that attribute and its allowed values.
 */
import type { AttributeSchema } from './schema';
import type { ImportedItem } from './tag-import';
import { childElements, escapeXml, parseXml, textOf } from './xml-tree';

/** Items named by the image `name` (or its `id` with `by: 'id'`). */
export function parseCvatTags(text: string, schemas: readonly AttributeSchema[], options: { by?: 'name' | 'id'; file?: string } = {}): ImportedItem[] {
	const file = options.file ?? 'CVAT XML';
	const root = parseXml(text, file);
	if (root.name !== 'annotations') throw new SyntaxError(`${file}: the root element is <${root.name}>, expected <annotations> (CVAT for images 1.1).`);
	const byValue = new Map<string, string[]>();
	for (const s of schemas) for (const v of s.values) byValue.set(v.value, [...(byValue.get(v.value) ?? []), s.name]);
	return childElements(root, 'image').map((img, i) => {
		const name = options.by === 'id' ? img.attrs.id : img.attrs.name;
		if (name === undefined) throw new SyntaxError(`${file}: <image> number ${i + 1} has no ${options.by === 'id' ? 'id' : 'name'} attribute.`);
		const tags: ImportedItem['tags'] = [];
		for (const tag of childElements(img, 'tag')) {
			const attrs = childElements(tag, 'attribute');
			if (attrs.length) {
				for (const a of attrs) tags.push({ attribute: a.attrs.name ?? '(unnamed)', value: textOf(a).trim() });
			} else {
				const label = tag.attrs.label ?? '';
				const owners = byValue.get(label) ?? [];
				tags.push(owners.length === 1 ? { attribute: owners[0]!, value: label } : { attribute: '(label)', value: label });
			}
		}
		return { name, tags };
	});
}

/** Rows to write: image id, name, optional size, and each attribute's value (absent ones are left out). */
export interface TaggedImage {
	id: number;
	name: string;
	width?: number;
	height?: number;
	values: Record<string, string>;
}

/** Write "CVAT for images 1.1" XML with image-level tags. */
export function writeCvatTags(images: readonly TaggedImage[], schemas: readonly AttributeSchema[], taskName = 'plumb'): string {
	const e = escapeXml;
	const labels = schemas
		.map((s) => {
			const values = s.values.map((v) => e(v.value)).join('\n');
			return `      <label>\n        <name>${e(s.name)}</name>\n        <type>tag</type>\n        <attributes>\n          <attribute>\n            <name>${e(s.name)}</name>\n            <mutable>False</mutable>\n            <input_type>select</input_type>\n            <default_value>${e(s.values[0]?.value ?? '')}</default_value>\n            <values>${values}</values>\n          </attribute>\n        </attributes>\n      </label>`;
		})
		.join('\n');
	const body = images
		.map((im) => {
			const size = `${im.width !== undefined ? ` width="${im.width}"` : ''}${im.height !== undefined ? ` height="${im.height}"` : ''}`;
			const tags = schemas
				.filter((s) => im.values[s.name] !== undefined)
				.map((s) => `    <tag label="${e(s.name)}" source="manual">\n      <attribute name="${e(s.name)}">${e(im.values[s.name]!)}</attribute>\n    </tag>`);
			return `  <image id="${im.id}" name="${e(im.name)}"${size}>${tags.length ? `\n${tags.join('\n')}\n  ` : ''}</image>`;
		})
		.join('\n');
	return `<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n  <meta>\n    <task>\n      <name>${e(taskName)}</name>\n      <size>${images.length}</size>\n      <mode>annotation</mode>\n      <labels>\n${labels}\n      </labels>\n    </task>\n  </meta>\n${body}\n</annotations>\n`;
}
