/**
 * A small, strict XML reader for annotation-tool exports: elements,
 * attributes, text, comments, processing instructions and CDATA. No DTDs
 * (a DOCTYPE is refused, so no entity can be defined or expanded), and only
 * the five predefined entities (&lt; &gt; &amp; &quot; &apos;) and numeric
 * character references are decoded; any other `&name;` is an error. Written
 * as a scanner over the text (no regular expressions over the input, no DOM).
 */

export interface XmlElement {
	name: string;
	attrs: Record<string, string>;
	children: (XmlElement | string)[];
}

/** Limits checked before work grows with them. */
export const XML_LIMITS = { maxChars: 256 * 1024 * 1024, maxDepth: 64 };

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode entities and character references in text or an attribute value. */
/** `where(offset)` names the place of the problem at `offset` within `s`. */
export function decodeXmlText(s: string, where: (offset: number) => string): string {
	if (!s.includes('&')) return s;
	let out = '';
	let i = 0;
	while (i < s.length) {
		const amp = s.indexOf('&', i);
		if (amp < 0) {
			out += s.slice(i);
			break;
		}
		out += s.slice(i, amp);
		const semi = s.indexOf(';', amp);
		if (semi < 0 || semi - amp > 12) throw new SyntaxError(`${where(amp)}: a bare "&" (write &amp;).`);
		const name = s.slice(amp + 1, semi);
		if (name.startsWith('#')) {
			const hex = name[1] === 'x' || name[1] === 'X';
			const digits = name.slice(hex ? 2 : 1);
			const ok = digits.length > 0 && [...digits].every((c) => (hex ? '0123456789abcdefABCDEF' : '0123456789').includes(c));
			const code = ok ? parseInt(digits, hex ? 16 : 10) : NaN;
			if (!(code > 0 && code <= 0x10ffff)) throw new SyntaxError(`${where(amp)}: bad character reference "&${name};".`);
			out += String.fromCodePoint(code);
		} else {
			const v = ENTITIES[name];
			if (v === undefined) throw new SyntaxError(`${where(amp)}: unknown entity "&${name};" (only &lt; &gt; &amp; &quot; &apos; are read).`);
			out += v;
		}
		i = semi + 1;
	}
	return out;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';
const isNameChar = (c: string | undefined) => c !== undefined && !isSpace(c) && !'<>/=\'"&!?'.includes(c);

/** Parse an XML document; returns the root element. Throws SyntaxError naming `file` and the line. */
export function parseXml(text: string, file = 'XML'): XmlElement {
	if (text.length > XML_LIMITS.maxChars) throw new SyntaxError(`${file}: larger than ${XML_LIMITS.maxChars / 1024 / 1024} MB.`);
	let i = 0;
	const lineAt = (p: number) => {
		let n = 1;
		for (let k = 0; k < p && k < text.length; k++) if (text.charCodeAt(k) === 10) n++;
		return n;
	};
	const fail = (msg: string, p = i): never => {
		throw new SyntaxError(`${file} line ${lineAt(p)}: ${msg}`);
	};
	const stack: XmlElement[] = [];
	let root: XmlElement | null = null;
	const skipPast = (end: string, what: string) => {
		const k = text.indexOf(end, i);
		if (k < 0) fail(`unclosed ${what}.`);
		const body = text.slice(i, k);
		i = k + end.length;
		return body;
	};
	const readName = () => {
		const start = i;
		while (i < text.length && isNameChar(text[i])) i++;
		if (i === start) fail('expected a name.');
		return text.slice(start, i);
	};
	const skipSpace = () => {
		while (isSpace(text[i])) i++;
	};
	while (i < text.length) {
		if (text[i] !== '<') {
			const k = text.indexOf('<', i);
			const end = k < 0 ? text.length : k;
			const raw = text.slice(i, end);
			const at = i;
			i = end;
			if (stack.length) stack[stack.length - 1]!.children.push(decodeXmlText(raw, (o) => `${file} line ${lineAt(at + o)}`));
			else if (raw.trim() !== '') fail('text outside the root element.', at);
			continue;
		}
		if (text.startsWith('<!--', i)) {
			i += 4;
			skipPast('-->', 'comment');
		} else if (text.startsWith('<![CDATA[', i)) {
			i += 9;
			const body = skipPast(']]>', 'CDATA section');
			if (!stack.length) fail('CDATA outside the root element.');
			stack[stack.length - 1]!.children.push(body);
		} else if (text.startsWith('<!', i)) {
			fail('DOCTYPE and other declarations are not read (no DTDs or entity definitions).');
		} else if (text.startsWith('<?', i)) {
			i += 2;
			skipPast('?>', 'processing instruction');
		} else if (text[i + 1] === '/') {
			i += 2;
			const name = readName();
			skipSpace();
			if (text[i] !== '>') fail(`expected ">" to end </${name}>.`);
			i++;
			const open = stack.pop();
			if (!open || open.name !== name) fail(`</${name}> does not close ${open ? `<${open.name}>` : 'any element'}.`);
		} else {
			i++;
			const el: XmlElement = { name: readName(), attrs: {}, children: [] };
			let selfClosing = false;
			for (;;) {
				skipSpace();
				if (text[i] === '>') {
					i++;
					break;
				}
				if (text[i] === '/' && text[i + 1] === '>') {
					i += 2;
					selfClosing = true;
					break;
				}
				if (i >= text.length) fail(`unclosed <${el.name}>.`);
				const at = i;
				const attr = readName();
				skipSpace();
				if (text[i] !== '=') fail(`attribute "${attr}" needs ="value".`);
				i++;
				skipSpace();
				const q = text[i];
				if (q !== '"' && q !== "'") fail(`attribute "${attr}" value must be quoted.`);
				i++;
				const k = text.indexOf(q!, i);
				if (k < 0) fail(`unclosed value of attribute "${attr}".`);
				const raw = text.slice(i, k);
				if (raw.includes('<')) fail(`"<" inside the value of attribute "${attr}".`);
				if (Object.hasOwn(el.attrs, attr)) fail(`attribute "${attr}" given twice.`, at);
				el.attrs[attr] = decodeXmlText(raw, (o) => `${file} line ${lineAt(i + o)}`);
				i = k + 1;
			}
			if (stack.length) stack[stack.length - 1]!.children.push(el);
			else if (root) fail('a second root element.');
			else root = el;
			if (!selfClosing) {
				if (stack.length >= XML_LIMITS.maxDepth) fail(`nested deeper than ${XML_LIMITS.maxDepth} elements.`);
				stack.push(el);
			}
		}
	}
	if (stack.length) fail(`<${stack[stack.length - 1]!.name}> is never closed.`);
	if (!root) fail('no root element.');
	return root!;
}

/** Child elements with a given name. */
export function childElements(el: XmlElement, name: string): XmlElement[] {
	return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** The text content of an element (its direct text children joined). */
export function textOf(el: XmlElement): string {
	return el.children.filter((c): c is string => typeof c === 'string').join('');
}

/** Escape text for an XML attribute value or text node (the five entities). */
export function escapeXml(s: string): string {
	return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}
