/**
 * Markup for the report: one escaping function and one tagged template. Every
 * value interpolated into `html\`...\`` is escaped unless it is already
 * `SafeHtml` (built by this template, or `raw` markup we produced ourselves,
 * such as `toSvgString` output). The template also refuses interpolations
 * where escaping would not be enough: inside a tag but outside a quoted
 * attribute value, into an event-handler attribute, or into a URL attribute
 * unless the value is a `#fragment`.
 */

/** Markup that is safe to insert as is. Build it with `html` or, for our own markup, `raw`. */
export class SafeHtml {
	constructor(readonly value: string) {}
	toString(): string {
		return this.value;
	}
}

/** Mark markup as safe. Only for text this program wrote (CSS, serialised charts), never dataset text. */
export function raw(markup: string): SafeHtml {
	return new SafeHtml(markup);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML text or a double-quoted attribute value: markup characters
 * escaped, NUL and other C0 controls (but tab, newline, return) and lone
 * surrogates replaced by U+FFFD so the document stays well-formed.
 */
export function escapeHtml(s: string): string {
	return s
		.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
		.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Where an interpolation sits in the template: text, or the value of a double-quoted attribute. */
type Slot = { kind: 'text' } | { kind: 'attr'; name: string };

/** Attributes whose value is a URL: only same-document `#fragment` values may be interpolated. */
const URL_ATTRS: ReadonlySet<string> = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster', 'data', 'background', 'cite', 'ping']);
const FRAGMENT = /^#[A-Za-z0-9_-]*$/;

const slotCache = new WeakMap<TemplateStringsArray, Slot[]>();

/**
 * Scan the static parts of a template once and classify each interpolation
 * point. Throws for a point inside a tag but not inside `"..."`.
 */
function slotsOf(strings: TemplateStringsArray): Slot[] {
	const cached = slotCache.get(strings);
	if (cached) return cached;
	let state: 'text' | 'tag' | 'dq' | 'sq' = 'text';
	let name = '';
	let pendingName = '';
	const slots: Slot[] = [];
	strings.forEach((part, i) => {
		for (let j = 0; j < part.length; j++) {
			const c = part[j]!;
			if (state === 'text') {
				if (c === '<' && /[A-Za-z/!]/.test(part[j + 1] ?? '')) state = 'tag';
			} else if (state === 'tag') {
				if (c === '>') state = 'text';
				else if (c === '"' || c === "'") {
					state = c === '"' ? 'dq' : 'sq';
					pendingName = name;
				} else if (c === '=') {
					// the name stays pending until the quote
				} else if (/\s/.test(c)) name = '';
				else if (part[j - 1] === '=') name = '';
				else name += c;
			} else if ((state === 'dq' && c === '"') || (state === 'sq' && c === "'")) {
				state = 'tag';
				name = '';
			}
		}
		if (i === strings.length - 1) return;
		if (state === 'text') slots.push({ kind: 'text' });
		else if (state === 'dq') slots.push({ kind: 'attr', name: pendingName.toLowerCase() });
		else throw new Error(`html: interpolation ${i} is inside a tag but not inside a double-quoted attribute value (after ${JSON.stringify(part.slice(-40))}).`);
	});
	slotCache.set(strings, slots);
	return slots;
}

function textValue(v: HtmlValue): string {
	if (v === null || v === undefined || v === false || v === true) return '';
	if (v instanceof SafeHtml) return v.value;
	if (Array.isArray(v)) return v.map(textValue).join('');
	return escapeHtml(String(v));
}

function attrValue(name: string, v: HtmlValue): string {
	if (Array.isArray(v)) throw new Error(`html: attribute "${name}" cannot take a list.`);
	if (name.startsWith('on')) throw new Error(`html: refusing a value for event-handler attribute "${name}".`);
	const s = v === null || v === undefined || v === false ? '' : String(v instanceof SafeHtml ? v.value : v);
	if (URL_ATTRS.has(name) && !FRAGMENT.test(s)) throw new Error(`html: attribute "${name}" may only hold a #fragment, got ${JSON.stringify(s.slice(0, 40))}.`);
	return escapeHtml(s);
}

/** Tagged template: `html\`<td class="${cls}">${text}</td>\`` with every value escaped for its place. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
	const slots = slotsOf(strings);
	let out = strings[0] ?? '';
	values.forEach((v, i) => {
		const slot = slots[i]!;
		out += slot.kind === 'text' ? textValue(v) : attrValue(slot.name, v);
		out += strings[i + 1] ?? '';
	});
	return new SafeHtml(out);
}

/** Join markup fragments. */
export function joinHtml(parts: readonly SafeHtml[], separator: SafeHtml | string = ''): SafeHtml {
	return new SafeHtml(parts.map((p) => p.value).join(separator instanceof SafeHtml ? separator.value : escapeHtml(separator)));
}
