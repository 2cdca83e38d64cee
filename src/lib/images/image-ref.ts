/**
 * What an image-column value refers to: a remote http(s) URL (loaded only
 * after the user allows its origin), a file path (resolved against a folder
 * the user picks), an inline `data:image/...` URL, or something Plumb will not
 * load (`javascript:`, `blob:`, other schemes). Pure computation: no DOM.
 */

/** Image file extensions Plumb recognises in paths and URLs. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'] as const;

const IMAGE_FILE = new RegExp(`\\.(?:${IMAGE_EXTENSIONS.join('|')})$`, 'i');
/** A URL scheme: two or more characters, so a Windows drive (`C:`) is not one. */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|bmp);base64,[a-z0-9+/=\s]*$/i;

/** One classified image reference. */
export type ImageRef =
	| { kind: 'empty' }
	/** An http(s) URL; `origin` is what the user allows. */
	| { kind: 'remote'; url: string; origin: string; host: string }
	/** A relative or absolute file path, split into segments ('..' and '.' dropped). */
	| { kind: 'path'; path: string; segments: string[] }
	/** An inline base64 image; safe to show in an <img> under our CSP (`img-src data:`). */
	| { kind: 'data'; url: string }
	/** Anything else; `reason` says why it is not shown. */
	| { kind: 'unsupported'; reason: string };

/** Splits a path (`/` or `\` separated, `file://` URL accepted) into its segments. */
export function pathSegments(path: string): string[] {
	return path
		.replace(/\\/g, '/')
		.split('/')
		.filter((s) => s !== '' && s !== '.' && s !== '..');
}

/**
 * Classifies a value of an image column. Only `http:` and `https:` become
 * remote URLs, and only base64 `data:image/(png|jpeg|gif|webp|bmp)` becomes an
 * inline image: `javascript:`, `blob:`, `data:text/html` and every other
 * scheme are refused, so a dataset can never turn a value into a script, a
 * link or a frame of its choosing.
 */
export function classifyImageRef(value: unknown): ImageRef {
	if (value === null || value === undefined) return { kind: 'empty' };
	const text = String(value).trim();
	if (text === '') return { kind: 'empty' };
	const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
	if (scheme === 'http' || scheme === 'https') {
		let url: URL;
		try {
			url = new URL(text);
		} catch {
			return { kind: 'unsupported', reason: 'not a valid URL' };
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'unsupported', reason: 'not an http(s) URL' };
		if (url.username || url.password) return { kind: 'unsupported', reason: 'URLs with a user name or password are not loaded' };
		return { kind: 'remote', url: url.href, origin: url.origin, host: url.host };
	}
	if (scheme === 'file') {
		let path: string;
		try {
			path = decodeURIComponent(new URL(text).pathname);
		} catch {
			return { kind: 'unsupported', reason: 'not a valid file URL' };
		}
		const segments = pathSegments(path);
		return segments.length ? { kind: 'path', path: text, segments } : { kind: 'empty' };
	}
	if (scheme === 'data') {
		return DATA_IMAGE.test(text) ? { kind: 'data', url: text.replace(/\s+/g, '') } : { kind: 'unsupported', reason: 'only base64 PNG, JPEG, GIF, WebP or BMP data URLs are shown' };
	}
	if (scheme !== undefined) return { kind: 'unsupported', reason: `${scheme}: URLs are not loaded (only http, https and file paths)` };
	const segments = pathSegments(text);
	return segments.length ? { kind: 'path', path: text, segments } : { kind: 'unsupported', reason: 'not a file path' };
}

/** Whether a text value looks like an image path or an http(s) URL (for suggesting the image role). */
export function looksLikeImageRef(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	const text = value.trim();
	if (text === '' || /[\n\r]/.test(text) || text.length > 4096) return false;
	if (/^https?:\/\/[^\s/]+/i.test(text)) return true;
	const bare = text.replace(/[?#].*$/, '');
	return IMAGE_FILE.test(bare) && !/\s{2,}/.test(bare);
}
