/**
 * Messages between the page and the engine worker. Every request carries an
 * id; the worker answers with any number of `progress` messages and then one
 * `result` or `error`. Errors are plain objects because an Error cannot always
 * be structured-cloned.
 */
import type { DatasetSummary } from '../dataset';

export type DemoName = 'mnist' | 'compas';

export type Source = { kind: 'file'; file: File } | { kind: 'url'; url: string; name: string };

export type Request =
	| { type: 'warmUp'; id: number }
	| { type: 'load'; id: number; sources: Source[] }
	| { type: 'cancel'; id: number; target: number };

export interface ResultOf {
	warmUp: null;
	load: DatasetSummary;
	cancel: null;
}

export interface WorkerError {
	name: string;
	message: string;
	file?: string;
	row?: number;
	column?: string;
}

export type Response =
	| { type: 'progress'; id: number; stage: string; detail: string; done?: number; total?: number }
	| { type: 'result'; id: number; result: unknown }
	| { type: 'error'; id: number; error: WorkerError };

/** Turn anything thrown into a {@link WorkerError}. */
export function toWorkerError(e: unknown): WorkerError {
	if (e instanceof Error) {
		const d = e as Error & { file?: string; row?: number; column?: string };
		return { name: e.name, message: e.message, file: d.file, row: d.row, column: d.column };
	}
	return { name: 'Error', message: String(e) };
}
