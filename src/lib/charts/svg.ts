/**
 * The chart tree and its one serialiser. Layout functions build an `SvgNode` tree;
 * `toSvgString` turns it into markup for the script-free report and for snapshot
 * tests, `SvgTree.svelte` renders the same tree in the app. Both go through
 * `assertSafeNode`: only the tags and attributes below may appear, so dataset text
 * (group and class names) can only ever be an escaped attribute value or text.
 */

export type SvgNode = {
	tag: string;
	attrs: Record<string, string | number>;
	children?: SvgNode[];
	text?: string;
};

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Tags a chart may use. No `a`, `image`, `use`, `foreignObject`, `style`, `script`, animation. */
export const ALLOWED_TAGS: ReadonlySet<string> = new Set([
	'svg',
	'g',
	'rect',
	'line',
	'path',
	'circle',
	'text',
	'tspan',
	'title',
	'desc',
	'polyline',
	'polygon',
	'defs',
	'clipPath',
	'pattern'
]);

/**
 * Presentation and geometry attributes a chart may use. No event handlers, `style`,
 * `href`/`xlink:href`, or anything else that can load, run or restyle content.
 */
export const ALLOWED_ATTRS: ReadonlySet<string> = new Set([
	'xmlns',
	'viewBox',
	'preserveAspectRatio',
	'width',
	'height',
	'x',
	'y',
	'x1',
	'y1',
	'x2',
	'y2',
	'dx',
	'dy',
	'cx',
	'cy',
	'r',
	'd',
	'points',
	'transform',
	'fill',
	'fill-opacity',
	'stroke',
	'stroke-width',
	'stroke-opacity',
	'stroke-dasharray',
	'stroke-linecap',
	'stroke-linejoin',
	'opacity',
	'shape-rendering',
	'vector-effect',
	'paint-order',
	'class',
	'id',
	'clip-path',
	'patternUnits',
	'patternTransform',
	'text-anchor',
	'dominant-baseline',
	'font-family',
	'font-size',
	'font-weight',
	'font-style',
	'role',
	'aria-label',
	'aria-hidden',
	'aria-roledescription',
	'focusable'
]);

/** `data-*` names: lower-case XML-safe (what `dataset` can round-trip). */
const DATA_ATTR = /^data-[a-z][a-z0-9-]*$/;

/** Attributes whose string value holds coordinates; their numbers are rounded like numeric attrs. */
const GEOMETRY_ATTRS: ReadonlySet<string> = new Set(['d', 'points', 'transform', 'viewBox', 'patternTransform']);
const NUMBER_TOKEN = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/** Default decimals kept in numbers: sub-pixel precision, stable snapshots. */
export const DEFAULT_DIGITS = 2;

export function isAllowedAttr(name: string): boolean {
	return ALLOWED_ATTRS.has(name) || DATA_ATTR.test(name);
}

/** Throws if this node (not its children) uses a tag or attribute outside the allow-lists. */
export function assertSafeNode(node: SvgNode): void {
	if (!ALLOWED_TAGS.has(node.tag)) throw new Error(`SVG tag not allowed: ${JSON.stringify(node.tag)}`);
	for (const name of Object.keys(node.attrs)) {
		if (!isAllowedAttr(name)) throw new Error(`SVG attribute not allowed on <${node.tag}>: ${JSON.stringify(name)}`);
	}
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes markup characters, and replaces characters XML forbids (C0 controls other
 * than tab/newline/return, lone surrogates, U+FFFE/U+FFFF) with U+FFFD so a standalone
 * .svg of hostile dataset text still parses.
 */
export function escapeXml(s: string): string {
	return s
		.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
		.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A finite number rounded to `digits` decimals, without `-0` or exponent noise. */
export function roundNumber(n: number, digits = DEFAULT_DIGITS): string {
	if (!Number.isFinite(n)) throw new Error(`SVG number is not finite: ${n}`);
	const k = 10 ** digits;
	const r = Math.round(n * k) / k;
	return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

function attrValue(name: string, value: string | number, digits: number): string {
	if (typeof value === 'number') return roundNumber(value, digits);
	if (GEOMETRY_ATTRS.has(name)) return value.replace(NUMBER_TOKEN, (t) => roundNumber(Number(t), digits));
	return value;
}

export interface SerializeOptions {
	/** Decimals kept in numeric attributes and coordinates (default 2). */
	digits?: number;
	/** One element per line, indented by depth (for readable snapshots). Text content is never reflowed. */
	pretty?: boolean;
}

/**
 * Serialises a chart tree to SVG markup. Every attribute value and text is escaped;
 * any tag or attribute outside the allow-lists throws.
 */
export function toSvgString(node: SvgNode, options: SerializeOptions = {}): string {
	const digits = options.digits ?? DEFAULT_DIGITS;
	const pretty = options.pretty ?? false;
	const out: string[] = [];
	const write = (n: SvgNode, depth: number, inline: boolean) => {
		assertSafeNode(n);
		const pad = pretty && !inline ? '\t'.repeat(depth) : '';
		let open = `<${n.tag}`;
		for (const [name, value] of Object.entries(n.attrs)) open += ` ${name}="${escapeXml(attrValue(name, value, digits))}"`;
		const children = n.children ?? [];
		if (n.text === undefined && children.length === 0) {
			out.push(`${pad}${open}/>`);
			return;
		}
		// Whitespace inside <text> is rendered, so its subtree stays on one line.
		const inner = inline || n.tag === 'text' || n.tag === 'title' || n.tag === 'desc' || children.length === 0;
		out.push(`${pad}${open}>`);
		if (n.text !== undefined) out.push(escapeXml(n.text));
		for (const c of children) {
			if (pretty && !inner) out.push('\n');
			write(c, depth + 1, inner);
		}
		if (pretty && !inner) out.push(`\n${pad}`);
		out.push(`</${n.tag}>`);
	};
	write(node, 0, !pretty);
	return out.join('');
}
