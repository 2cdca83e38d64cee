/**
 * Label Studio's JSON export with `choices` results:
 *
 *   [{"id": 1, "data": {"image": "/data/upload/1/5e3f2a1b-a.png"},
 *     "annotations": [{"result": [{"from_name": "lighting", "to_name": "image",
 *       "type": "choices", "value": {"choices": ["night"]}}]}]}]
 *
 * Reading: the item's name is `data[field]` (default "image"), or the task
 * `id` with `by: 'id'`. Of a task's annotations the last one not cancelled
 * (`was_cancelled`) is used. Each `choices` result gives attribute
 * `from_name` its one choice; a result with several choices, or of another
 * type, is reported as a tag that does not fit (why says which).
 *
 * Writing: one task per row, one `choices` result per annotated attribute,
 * from_name = the attribute name, to_name = "image".
 */
import type { AttributeSchema } from './schema';
import type { ImportedItem } from './tag-import';
import type { TaggedImage } from './cvat';

interface LsResult {
	from_name?: unknown;
	type?: unknown;
	value?: { choices?: unknown };
}

/** Parse the export; throws SyntaxError naming the file and task for a wrong shape. */
export function parseLabelStudio(text: string, options: { by?: 'data' | 'id'; field?: string; file?: string } = {}): { items: ImportedItem[]; problems: { name: string; attribute: string; value: string; why: string }[] } {
	const file = options.file ?? 'Label Studio JSON';
	const field = options.field ?? 'image';
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		throw new SyntaxError(`${file}: not valid JSON (${(e as Error).message}).`);
	}
	if (!Array.isArray(data)) throw new SyntaxError(`${file}: expected a list of tasks ([{"id", "data", "annotations"}, ...]), as Label Studio's JSON export writes.`);
	const problems: { name: string; attribute: string; value: string; why: string }[] = [];
	const items = data.map((task: unknown, i: number): ImportedItem => {
		const t = task as { id?: unknown; data?: Record<string, unknown>; annotations?: unknown };
		if (typeof t !== 'object' || t === null) throw new SyntaxError(`${file}: task ${i + 1} is not an object.`);
		const raw = options.by === 'id' ? t.id : t.data?.[field];
		if (typeof raw !== 'string' && typeof raw !== 'number') throw new SyntaxError(`${file}: task ${i + 1} has no ${options.by === 'id' ? '"id"' : `"data.${field}"`} (use --field to name the data key).`);
		const name = String(raw);
		const anns = Array.isArray(t.annotations) ? t.annotations.filter((a: { was_cancelled?: unknown }) => a && a.was_cancelled !== true) : [];
		const last = anns[anns.length - 1] as { result?: unknown } | undefined;
		const tags: ImportedItem['tags'] = [];
		for (const r of (Array.isArray(last?.result) ? last.result : []) as LsResult[]) {
			const attribute = typeof r.from_name === 'string' ? r.from_name : '(unnamed)';
			const choices = r.value?.choices;
			if (r.type !== 'choices' || !Array.isArray(choices)) problems.push({ name, attribute, value: '', why: `not a choices result (${String(r.type)})` });
			else if (choices.length !== 1) problems.push({ name, attribute, value: choices.map(String).join(' | '), why: `${choices.length} choices; one value per attribute` });
			else tags.push({ attribute, value: String(choices[0]) });
		}
		return { name, tags };
	});
	return { items, problems };
}

/** Write a Label Studio JSON export (tasks with one annotation each). */
export function writeLabelStudio(images: readonly TaggedImage[], schemas: readonly AttributeSchema[], field = 'image'): string {
	const tasks = images.map((im) => ({
		id: im.id,
		data: { [field]: im.name },
		annotations: [
			{
				result: schemas
					.filter((s) => im.values[s.name] !== undefined)
					.map((s) => ({ from_name: s.name, to_name: field, type: 'choices', value: { choices: [im.values[s.name]!] } }))
			}
		]
	}));
	return JSON.stringify(tasks, null, 2) + '\n';
}
