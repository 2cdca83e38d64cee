/**
 * The one place where SQL identifiers and literals are written.
 *
 * Every column, table or alias name that reaches DuckDB goes through
 * {@link ident}; values go through bound parameters where the driver allows,
 * else through {@link literal}. Hostile names (quotes, semicolons, `--`,
 * newlines, unicode) are tested in test/unit/sql-quote.test.ts against a real
 * DuckDB.
 */

/** Quote an identifier: wrap in double quotes and double any inner quote. */
export function ident(name: string): string {
	if (name.includes('\u0000')) throw new Error(`Column name ${JSON.stringify(name)} holds a NUL character, which DuckDB cannot store.`);
	return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL literal for a JS value: strings single-quoted (inner quotes doubled), finite numbers, booleans, NULL. */
export function literal(value: string | number | bigint | boolean | null | undefined): string {
	if (value === null || value === undefined) return 'NULL';
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} as a SQL number.`);
		return Number.isInteger(value) ? value.toString() : value.toPrecision(17);
	}
	if (value.includes('\u0000')) throw new Error('A text value holds a NUL character, which DuckDB cannot store.');
	return `'${value.replaceAll("'", "''")}'`;
}

/** A comma-separated list of quoted identifiers. */
export function idents(names: readonly string[]): string {
	return names.map(ident).join(', ');
}
