import type { Pixels } from '$lib/data/worker/protocol';
import type { Row } from '$lib/data/db/connector';

/** Where the review workspace reads rows' details from (the engine). */
export interface RowSource {
	/** Thumbnails' pixels; absent when the dataset has no pixel images. */
	pixels?: (rows: number[]) => Promise<Pixels | null>;
	rows: (rows: number[], columns: string[]) => Promise<Row[]>;
}

/** Wait after the list moves before asking the engine (ms): scrolling asks once it settles. */
const FETCH_DELAY_MS = 30;

/**
 * Details of the rows in view (pixels, and the id / text / image-path
 * columns), fetched from the engine as the window moves and kept by row.
 * Call {@link watch} during a component's initialisation.
 */
export class RowDetails {
	pixels = $state.raw(new Map<number, Uint8Array>());
	shape = $state.raw<Pixels | null>(null);
	values = $state.raw(new Map<number, Row>());
	private valuesFor = '';

	constructor(private readonly source: () => RowSource) {}

	/** Keep the details of `wanted()` rows (for `columns()`) fetched. */
	watch(wanted: () => number[], columns: () => string[]) {
		// Fetched details belong to one set of columns: forget them when the columns change.
		$effect(() => {
			const key = JSON.stringify(columns());
			if (key !== this.valuesFor) {
				this.valuesFor = key;
				this.values = new Map();
			}
		});
		$effect(() => {
			const cols = columns();
			const src = this.source();
			// Only rows still missing something: otherwise storing the answer would start this effect again, forever.
			const rows = [...new Set(wanted().filter((r) => (!!src.pixels && !this.pixels.has(r)) || (cols.length > 0 && !this.values.has(r))))];
			if (rows.length === 0) return;
			let live = true;
			const t = setTimeout(() => void this.fetch(src, rows, cols, () => live), FETCH_DELAY_MS);
			return () => {
				live = false;
				clearTimeout(t);
			};
		});
	}

	private async fetch(src: RowSource, rows: number[], columns: string[], live: () => boolean) {
		if (src.pixels) {
			const p = await src.pixels(rows);
			if (live() && p) {
				const size = p.width * p.height * p.channels;
				const next = new Map(this.pixels);
				rows.forEach((r, i) => next.set(r, p.data.slice(i * size, (i + 1) * size)));
				this.pixels = next;
				this.shape = p;
			}
		}
		if (columns.length) {
			const got = await src.rows(rows, columns);
			if (live()) {
				const next = new Map(this.values);
				rows.forEach((r, i) => next.set(r, got[i] ?? {}));
				this.values = next;
			}
		}
	}
}
