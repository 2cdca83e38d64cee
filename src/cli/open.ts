import { NodeDuckDB } from '../lib/data/duckdb-node';
import { AuditSession } from '../lib/data/session';
import { UsageError, type Args } from './args';
import { readSources } from './sources';

/** Open a session over native DuckDB with the given files loaded. */
export async function openSession(paths: string[], _args?: Args): Promise<AuditSession> {
	if (paths.length === 0) throw new UsageError('Give at least one file.');
	const s = new AuditSession(await NodeDuckDB.open());
	await s.load(await readSources(paths));
	return s;
}
