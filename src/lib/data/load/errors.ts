/**
 * A problem with a user's file, worded for the user: which file, where
 * (row / column when known) and what to do. Every loader throws these; the
 * app shows `message` as is and the CLI prints it and exits non-zero.
 */
export class DataError extends Error {
	readonly file: string;
	readonly row?: number;
	readonly column?: string;

	constructor(message: string, where: { file: string; row?: number; column?: string }) {
		super(message);
		this.name = 'DataError';
		this.file = where.file;
		this.row = where.row;
		this.column = where.column;
	}
}
