/**
 * Matching image paths from a dataset to the files of a folder the user
 * picked (`<input type="file" webkitdirectory>`): by relative path first,
 * then by the longest matching path suffix, then by base name when it is
 * unique. Pure computation over path strings; the caller keeps the Files.
 */
import { pathSegments } from './image-ref';

/** One file of the picked folder: its `webkitRelativePath` (first segment is the folder's name). */
export interface FolderEntry<F> {
	relativePath: string;
	file: F;
}

/** How a path was matched, or why it was not. */
export type PathMatch<F> =
	| { ok: true; file: F; relativePath: string; how: 'relative path' | 'path suffix' | 'file name' }
	| { ok: false; reason: string };

interface Indexed<F> {
	entry: FolderEntry<F>;
	/** Segments including the picked folder's own name. */
	segments: string[];
}

/** An index of a picked folder's files by base name, for {@link matchPath}. */
export class FolderIndex<F> {
	private readonly byName = new Map<string, Indexed<F>[]>();
	/** Relative path (without the picked folder's name) -> entry. */
	private readonly byRelative = new Map<string, Indexed<F>>();
	readonly size: number;
	/** The picked folder's name (first segment of the relative paths), or ''. */
	readonly root: string;

	constructor(entries: readonly FolderEntry<F>[]) {
		let root = '';
		for (const entry of entries) {
			const segments = pathSegments(entry.relativePath);
			const base = segments.at(-1);
			if (base === undefined) continue;
			root ||= segments.length > 1 ? segments[0]! : '';
			const item = { entry, segments };
			const list = this.byName.get(base);
			if (list) list.push(item);
			else this.byName.set(base, [item]);
			if (segments.length > 1) this.byRelative.set(segments.slice(1).join('/'), item);
			this.byRelative.set(segments.join('/'), item);
		}
		this.size = entries.length;
		this.root = root;
	}

	/** Resolves one classified path (its segments) to a file of the folder. */
	match(segments: readonly string[]): PathMatch<F> {
		const base = segments.at(-1);
		if (base === undefined) return { ok: false, reason: 'empty path' };
		const candidates = this.byName.get(base) ?? [];
		if (candidates.length === 0) return { ok: false, reason: 'not in the chosen folder' };
		const exact = this.byRelative.get(segments.join('/'));
		if (exact) return found(exact, 'relative path');
		let best: Indexed<F>[] = [];
		let bestLength = 0;
		for (const c of candidates) {
			const n = commonSuffix(c.segments, segments);
			if (n > bestLength) {
				best = [c];
				bestLength = n;
			} else if (n === bestLength) best.push(c);
		}
		if (best.length === 1 && bestLength >= 2) return found(best[0]!, 'path suffix');
		if (candidates.length === 1) return found(candidates[0]!, 'file name');
		return { ok: false, reason: `${best.length} files in the chosen folder end in ${segments.slice(-Math.max(bestLength, 1)).join('/')}; the path does not say which` };
	}
}

/** Number of trailing segments two paths share. */
function commonSuffix(a: readonly string[], b: readonly string[]): number {
	let n = 0;
	while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
	return n;
}

function found<F>(c: Indexed<F>, how: 'relative path' | 'path suffix' | 'file name'): PathMatch<F> {
	return { ok: true, file: c.entry.file, relativePath: c.entry.relativePath, how };
}
