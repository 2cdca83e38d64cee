/** Rows for lists and thumbnails: some dataset rows as plain objects, pixel arrays of image rows. */
import type { Row } from '../db/connector';
import { DATASET_TABLE } from '../dataset';
import { rowsByIdSql } from '../sql/rows';
import type { SessionState } from './state';

export interface Pixels {
	width: number;
	height: number;
	channels: number;
	/** rows.length images, each width x height x channels bytes. */
	data: Uint8Array;
}

/** Pixel arrays of some rows, for thumbnails (null when the dataset has no pixel images). */
export function pixels(s: SessionState, rows: number[]): Pixels | null {
	const im = s.images;
	if (!im) return null;
	const size = im.width * im.height * im.channels;
	const data = new Uint8Array(rows.length * size);
	rows.forEach((r, i) => {
		if (r >= 0 && r < im.n) data.set(im.data.subarray(r * size, (r + 1) * size), i * size);
	});
	return { width: im.width, height: im.height, channels: im.channels, data };
}

/** Some dataset rows (by 0-based index) with the given columns, in the order asked. */
export async function rows(s: SessionState, rows: number[], columns: string[]): Promise<Row[]> {
	const ids = rows.filter((r) => Number.isInteger(r) && r >= 0);
	if (ids.length === 0 || columns.length === 0) return rows.map(() => ({}));
	const found = await s.db.query(rowsByIdSql(DATASET_TABLE, ids, columns));
	const byRow = new Map(found.map((r) => [Number(r.__row), r]));
	return rows.map((r) => byRow.get(r) ?? {});
}
