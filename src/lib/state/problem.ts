import { EngineError } from '$lib/data/worker/client';

/** A problem shown to the user; nothing already loaded is lost when one occurs. */
export interface Problem {
	message: string;
	/** Something the user can do about it, offered as a button. */
	action?: { label: string; run: () => void };
	file?: string;
	row?: number;
	column?: string;
}

export function problemOf(e: unknown): Problem {
	if (e instanceof EngineError) return { message: e.info.message, file: e.info.file, row: e.info.row, column: e.info.column };
	return { message: e instanceof Error ? e.message : String(e) };
}
