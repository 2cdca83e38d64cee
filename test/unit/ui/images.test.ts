import { describe, expect, test } from 'vitest';
import { classifyImageRef, looksLikeImageRef } from '../../../src/lib/images/image-ref';
import { FolderIndex } from '../../../src/lib/images/path-match';
import { allowOrigins, allowedOrigins, consentKey, revokeOrigins, type KeyValueStorage } from '../../../src/lib/images/remote-consent';

describe('image references', () => {
	test('http(s) URLs are remote, with their origin', () => {
		expect(classifyImageRef(' https://images.example.test/a/b.png?x=1 ')).toEqual({
			kind: 'remote',
			url: 'https://images.example.test/a/b.png?x=1',
			origin: 'https://images.example.test',
			host: 'images.example.test'
		});
		expect(classifyImageRef('HTTP://Example.ORG:8080/x.jpg')).toMatchObject({ kind: 'remote', origin: 'http://example.org:8080', host: 'example.org:8080' });
	});

	test('javascript:, blob:, non-image data: and other schemes are refused', () => {
		for (const v of ['javascript:alert(1)', ' JavaScript:alert(1)', 'blob:https://x/1', 'data:text/html,<script>1</script>', 'ftp://host/a.png', 'vbscript:x']) {
			expect(classifyImageRef(v).kind, v).toBe('unsupported');
		}
		expect(classifyImageRef('https://user:pw@host/a.png').kind).toBe('unsupported');
		expect(classifyImageRef('data:image/png;base64,iVBORw0KGgo=')).toEqual({ kind: 'data', url: 'data:image/png;base64,iVBORw0KGgo=' });
		expect(classifyImageRef('data:image/svg+xml;base64,PHN2Zz4=').kind).toBe('unsupported');
	});

	test('paths: relative, absolute, Windows and file: URLs split into segments', () => {
		expect(classifyImageRef('imgs/cat/001.png')).toMatchObject({ kind: 'path', segments: ['imgs', 'cat', '001.png'] });
		expect(classifyImageRef('/data/imgs/./001.png')).toMatchObject({ kind: 'path', segments: ['data', 'imgs', '001.png'] });
		expect(classifyImageRef('C:\\data\\imgs\\001.png')).toMatchObject({ kind: 'path', segments: ['C:', 'data', 'imgs', '001.png'] });
		expect(classifyImageRef('../imgs/001.png')).toMatchObject({ kind: 'path', segments: ['imgs', '001.png'] });
		expect(classifyImageRef('file:///home/me/imgs/a%20b.png')).toMatchObject({ kind: 'path', segments: ['home', 'me', 'imgs', 'a b.png'] });
		expect(classifyImageRef('<img src=x onerror=alert(1)>.png')).toMatchObject({ kind: 'path' });
		expect(classifyImageRef(null)).toEqual({ kind: 'empty' });
		expect(classifyImageRef('  ')).toEqual({ kind: 'empty' });
	});

	test('values that look like image paths or URLs', () => {
		for (const v of ['a.png', 'x/y/z.JPEG', 'C:\\a\\b.bmp', 'https://cdn.example.org/img?id=3', 'pic.webp?v=2']) expect(looksLikeImageRef(v), v).toBe(true);
		for (const v of ['hello', 'a.csv', '12', 'png', null, 3, 'line\nbreak.png', 'javascript:alert(1).png'.replace('.png', '')]) expect(looksLikeImageRef(v), String(v)).toBe(false);
	});
});

describe('matching paths to a picked folder', () => {
	const folder = new FolderIndex(
		['pics/a.png', 'pics/cat/001.png', 'pics/dog/001.png', 'pics/dog/x/002.png', 'pics/only.jpg'].map((p) => ({ relativePath: p, file: p }))
	);
	const m = (v: string) => {
		const r = classifyImageRef(v);
		if (r.kind !== 'path') throw new Error(v);
		return folder.match(r.segments);
	};

	test('by relative path (with or without the folder name)', () => {
		expect(m('cat/001.png')).toEqual({ ok: true, file: 'pics/cat/001.png', relativePath: 'pics/cat/001.png', how: 'relative path' });
		expect(m('pics/dog/001.png')).toMatchObject({ file: 'pics/dog/001.png', how: 'relative path' });
		expect(m('./a.png')).toMatchObject({ file: 'pics/a.png', how: 'relative path' });
	});

	test('then by the longest matching suffix (absolute paths from another machine)', () => {
		expect(m('/home/ana/data/dog/001.png')).toMatchObject({ file: 'pics/dog/001.png', how: 'path suffix' });
		expect(m('D:\\datasets\\pics\\cat\\001.png')).toMatchObject({ file: 'pics/cat/001.png', how: 'path suffix' });
	});

	test('then by a unique base name; ambiguous or missing names are not matched, with a reason', () => {
		expect(m('/elsewhere/002.png')).toMatchObject({ file: 'pics/dog/x/002.png', how: 'file name' });
		expect(m('elsewhere/only.jpg')).toMatchObject({ file: 'pics/only.jpg', how: 'file name' });
		const amb = m('/other/001.png');
		expect(amb.ok).toBe(false);
		expect(!amb.ok && amb.reason).toContain('2 files');
		expect(m('cat/999.png')).toEqual({ ok: false, reason: 'not in the chosen folder' });
		expect(folder.size).toBe(5);
		expect(folder.root).toBe('pics');
	});
});

describe('consent to remote images, per dataset', () => {
	function memory(): KeyValueStorage & { map: Map<string, string> } {
		const map = new Map<string, string>();
		return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
	}

	test('allowing an origin for one dataset does not allow it for another; revoking removes it', () => {
		const s = memory();
		expect(allowedOrigins(s, 'fp1')).toEqual([]);
		expect(allowOrigins(s, 'fp1', ['https://images.example.test'])).toEqual(['https://images.example.test']);
		expect(allowOrigins(s, 'fp1', ['https://images.example.test', 'http://b.test:8080'])).toEqual(['https://images.example.test', 'http://b.test:8080']);
		expect(allowedOrigins(s, 'fp2')).toEqual([]);
		expect(revokeOrigins(s, 'fp1', ['http://b.test:8080'])).toEqual(['https://images.example.test']);
		expect(revokeOrigins(s, 'fp1')).toEqual([]);
		expect(s.map.has(consentKey('fp1'))).toBe(false);
	});

	test('only http(s) origins are accepted or read back', () => {
		const s = memory();
		expect(() => allowOrigins(s, 'fp', ['javascript:alert(1)'])).toThrow(/origin/);
		expect(() => allowOrigins(s, 'fp', ['https://a.test/path'])).toThrow(/origin/);
		s.setItem(consentKey('fp'), JSON.stringify(['https://ok.test', 'javascript:x', 42, 'data:,x']));
		expect(allowedOrigins(s, 'fp')).toEqual(['https://ok.test']);
		s.setItem(consentKey('fp'), '{not json');
		expect(allowedOrigins(s, 'fp')).toEqual([]);
	});
});

describe('suggesting the image role from values', () => {
	const cols = (names: string[]) => names.map((name) => ({ name, type: 'VARCHAR', distinct: 10, nulls: 0, rows: 10 }));

	test('a text column whose values are image paths or URLs is suggested when no name fits', async () => {
		const { imageReferenceColumns, suggestRoles } = await import('../../../src/lib/data/roles');
		const columns = cols(['label', 'where', 'note', 'mixed']);
		const sample = {
			label: ['a', 'b'],
			where: ['pics/1.png', 'https://images.example.test/2', 'C:\\x\\3.JPG', ''],
			note: ['hello.png is nice', 'not a path'],
			mixed: ['a.png', 'b', 'c', 'd']
		};
		expect(imageReferenceColumns(columns, sample)).toEqual(['where']);
		const s = suggestRoles(columns, { imageLike: ['where'] });
		expect(s.roles.image).toBe('where');
		expect(s.reasons.where).toMatch(/values look like image paths/);
		// A column named like an image column still wins.
		expect(suggestRoles(cols(['image_path', 'where']), { imageLike: ['where'] }).roles.image).toBe('image_path');
		expect(suggestRoles(columns).roles.image).toBeUndefined();
	});
});

describe('virtualised grid window', async () => {
	const { gridWindow, scrollToShow } = await import('../../../src/lib/review/grid-window');

	test('only the rows of tiles in view plus the overscan are rendered, however many items there are', () => {
		// 100,000 items, 5 per row of 150 px, a 540 px viewport scrolled to row 1000.
		const w = gridWindow(1000 * 150, 540, 150, 5, 100_000, 1);
		expect(w).toEqual({ first: 999 * 5, last: (1000 + 4 + 1) * 5 });
		expect(w.last - w.first).toBeLessThanOrEqual(30);
		expect(gridWindow(0, 540, 150, 5, 100_000, 1)).toEqual({ first: 0, last: 25 });
		// The end: never past the last item; a list is one column.
		expect(gridWindow(1e9, 540, 150, 5, 12, 1)).toEqual({ first: 12, last: 12 });
		expect(gridWindow(600, 540, 60, 1, 100, 6)).toEqual({ first: 4, last: 25 });
		expect(gridWindow(0, 540, 150, 0, 7, 1)).toEqual({ first: 0, last: 5 });
	});

	test('scrolling to show an item: unchanged when visible, centred otherwise', () => {
		expect(scrollToShow(7, 0, 540, 150, 5)).toBe(0); // row 1, in view
		expect(scrollToShow(50, 0, 540, 150, 5)).toBe(10 * 150 - (540 - 150) / 2);
		expect(scrollToShow(0, 3000, 540, 150, 5)).toBe(0);
	});
});
