import type { Overview } from './sql/overview';

/** The DuckDB table that holds the loaded dataset; its `rowid` is the 0-based row index. */
export const DATASET_TABLE = 'dataset';

/** A file as it arrives from a drop, a picker, a demo URL or the command line. */
export interface SourceFile {
	name: string;
	bytes: Uint8Array;
}

/** Images held as pixel arrays (N x height x width x channels, uint8), e.g. MNIST. */
export interface PixelImages {
	data: Uint8Array;
	n: number;
	width: number;
	height: number;
	channels: number;
	source: string;
}

/** A probability matrix kept as a typed array from the load path (never round-tripped through SQL). */
export interface ProbMatrix {
	data: Float32Array | Float64Array;
	n: number;
	k: number;
	source: string;
	/** Column names when the matrix came from table columns; null for an .npy. */
	columns: string[] | null;
}

/** What the page learns about a loaded dataset (no row data). */
export interface DatasetSummary {
	name: string;
	files: { name: string; bytes: number; kind: string; role: string }[];
	fingerprint: string;
	overview: Overview;
	/** Classes and source of a probability matrix loaded from an .npy, if any. */
	npyProbs: { source: string; k: number } | null;
	images: { source: string; width: number; height: number; channels: number } | null;
	warnings: string[];
	/** Attributes Plumb measured (image brightness...), available as nuisance attributes. */
	measured: { name: string; description: string }[];
	/** Columns that look like direct identifiers: drop them before sharing a report. */
	identifiers: { column: string; why: string }[];
	/** Text columns whose values look like image paths or URLs (candidates for the image role). */
	imageColumns: string[];
	/** Milliseconds spent per load stage (for `npm run bench` and the curious). */
	timings: Record<string, number>;
}
