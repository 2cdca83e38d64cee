/**
 * Attribute schemas: what the user annotates on a sample. An attribute has a
 * name and its allowed values, each with the one key that sets it in the
 * annotation mode, e.g. lighting: day (d) / night (i) / indoor (o).
 *
 * Rules (checked by {@link validateSchemas}):
 * - attribute names are non-empty, at most 64 characters, unique (case-sensitive);
 * - each attribute has 1 to 36 values, non-empty, unique within the attribute;
 * - each value has one key: a single printable, non-space character, unique
 *   within the attribute (case-insensitive: `a` and `A` are the same key), and
 *   not one of the review workspace's keys ({@link RESERVED_KEYS}), so that the
 *   same hands can annotate and review without surprises.
 * Keys may repeat across attributes, since the annotation mode asks for one
 * attribute at a time.
 */

export interface AttributeValue {
	value: string;
	key: string;
}

export interface AttributeSchema {
	name: string;
	values: AttributeValue[];
}

/**
 * Keys the review workspace already uses (src/lib/components/ReviewView.svelte):
 * j/n and k/p move, a accepts, g keeps, u marks unsure, x excludes, z undoes,
 * the digits relabel to a class; s is kept for "skip" in the annotation mode.
 */
export const RESERVED_KEYS = 'jnkpaguxzs0123456789';

export const MAX_ATTRIBUTE_NAME = 64;
export const MAX_VALUES = 36;

/** Every problem with a list of schemas, one readable line each (empty when valid). */
export function schemaProblems(schemas: readonly AttributeSchema[]): string[] {
	const problems: string[] = [];
	const names = new Set<string>();
	schemas.forEach((s, i) => {
		const where = `attribute ${i + 1}${typeof s.name === 'string' && s.name ? ` "${s.name}"` : ''}`;
		if (typeof s.name !== 'string' || s.name.trim() === '') problems.push(`${where}: give it a name.`);
		else if (s.name.length > MAX_ATTRIBUTE_NAME) problems.push(`${where}: the name is longer than ${MAX_ATTRIBUTE_NAME} characters.`);
		else if (names.has(s.name)) problems.push(`${where}: the name is used twice; names must be unique.`);
		else names.add(s.name);
		if (!Array.isArray(s.values) || s.values.length === 0) {
			problems.push(`${where}: list at least one value.`);
			return;
		}
		if (s.values.length > MAX_VALUES) problems.push(`${where}: ${s.values.length} values; at most ${MAX_VALUES}.`);
		const values = new Set<string>();
		const keys = new Map<string, string>();
		s.values.forEach((v, j) => {
			const vw = `${where}, value ${j + 1}`;
			if (typeof v?.value !== 'string' || v.value.trim() === '') problems.push(`${vw}: the value is empty.`);
			else if (values.has(v.value)) problems.push(`${vw}: "${v.value}" is listed twice.`);
			else values.add(v.value);
			const key = v?.key;
			if (typeof key !== 'string' || [...key].length !== 1 || /\s/.test(key) || /\p{C}/u.test(key)) {
				problems.push(`${vw}: the key must be one printable character, got ${JSON.stringify(key ?? null)}.`);
				return;
			}
			const k = key.toLowerCase();
			if (RESERVED_KEYS.includes(k)) problems.push(`${vw}: key "${key}" is taken by the review workspace (${RESERVED_KEYS.split('').join(' ')}); choose another.`);
			else if (keys.has(k)) problems.push(`${vw}: key "${key}" is already used by "${keys.get(k)}".`);
			else keys.set(k, String(v.value));
		});
	});
	return problems;
}

/** Throw a RangeError listing the problems, if any. */
export function validateSchemas(schemas: readonly AttributeSchema[]): void {
	const p = schemaProblems(schemas);
	if (p.length) throw new RangeError(`The attribute schema is not valid:\n${p.join('\n')}`);
}

/** The schemas as JSON text, `{"version": 1, "attributes": [...]}`. */
export function exportSchemas(schemas: readonly AttributeSchema[]): string {
	validateSchemas(schemas);
	return JSON.stringify({ version: 1, attributes: schemas.map((s) => ({ name: s.name, values: s.values.map((v) => ({ value: v.value, key: v.key })) })) }, null, 2);
}

/**
 * Read schemas from JSON text: `{"attributes": [...]}` (as exported) or a bare
 * array. Throws one RangeError naming the file and every problem.
 */
export function importSchemas(text: string, file = 'schema JSON'): AttributeSchema[] {
	if (text.length > 1_000_000) throw new RangeError(`${file}: larger than 1 MB; a schema is a few lines.`);
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		throw new RangeError(`${file}: not valid JSON (${(e as Error).message}).`);
	}
	const list = Array.isArray(data) ? data : (data as { attributes?: unknown } | null)?.attributes;
	if (!Array.isArray(list)) throw new RangeError(`${file}: expected {"attributes": [{"name": ..., "values": [{"value": ..., "key": ...}]}]}.`);
	const schemas = list.map((a: unknown, i: number): AttributeSchema => {
		if (typeof a !== 'object' || a === null) throw new RangeError(`${file}: attribute ${i + 1} is not an object.`);
		const o = a as { name?: unknown; values?: unknown };
		return {
			name: o.name as string,
			values: Array.isArray(o.values) ? o.values.map((v: unknown) => ({ value: (v as AttributeValue)?.value, key: (v as AttributeValue)?.key })) : (o.values as AttributeValue[])
		};
	});
	const p = schemaProblems(schemas);
	if (p.length) throw new RangeError(`${file}: ${p.join('\n')}`);
	return schemas;
}

/** One annotation: row (0-based), attribute name, value. */
export interface Annotation {
	row: number;
	attribute: string;
	value: string;
}

export interface Misfit extends Annotation {
	why: 'attribute removed' | 'value not allowed';
}

/**
 * After the schema changed with annotations made: every annotation is kept
 * (none is deleted behind the user's back), and those that no longer fit the
 * new schema are listed, so the user can re-annotate or put the value back.
 */
export function annotationsAfterSchemaChange(annotations: readonly Annotation[], schemas: readonly AttributeSchema[]): { kept: Annotation[]; misfits: Misfit[] } {
	const allowed = new Map(schemas.map((s) => [s.name, new Set(s.values.map((v) => v.value))]));
	const misfits: Misfit[] = [];
	for (const a of annotations) {
		const values = allowed.get(a.attribute);
		if (!values) misfits.push({ ...a, why: 'attribute removed' });
		else if (!values.has(a.value)) misfits.push({ ...a, why: 'value not allowed' });
	}
	return { kept: annotations.slice(), misfits };
}

/** A summary line per (attribute, value) that no longer fits, e.g. `lighting = dusk: 3 rows (value not allowed)`. */
export function misfitSummary(misfits: readonly Misfit[]): string[] {
	const counts = new Map<string, number>();
	for (const m of misfits) {
		const k = `${m.attribute} = ${m.value}: %n (${m.why})`;
		counts.set(k, (counts.get(k) ?? 0) + 1);
	}
	return [...counts].map(([k, n]) => k.replace('%n', `${n} row${n === 1 ? '' : 's'}`));
}
