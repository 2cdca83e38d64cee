import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SourceFile } from '../lib/data/dataset';
import { DataError } from '../lib/data/load/errors';

/** Read files from disk as the app receives them. */
export async function readSources(paths: string[]): Promise<SourceFile[]> {
	const out: SourceFile[] = [];
	for (const p of paths) {
		try {
			out.push({ name: basename(p), bytes: new Uint8Array(await readFile(p)) });
		} catch (e) {
			throw new DataError(`${p}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`, { file: p });
		}
	}
	return out;
}

