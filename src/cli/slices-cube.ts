import { sliceReportFromCube } from '../lib/data/slices-from-cube';
import type { SliceAttr } from '../lib/data/sql/slices';
import { num, str, UsageError, type Args } from './args';
import { openDb } from './open';
import type { Out } from './output';
import { parseBins } from './sql-slices';
import { formatTable, tableJson } from './slices';

/**
 * `plumb slices --cube FILE --by A[,B]`: the slice tables from a cube made by the query of
 * `plumb sql slices` where the data lives, with the same tables, rates, tests and JSON as a
 * direct run over the rows.
 */
export async function slicesFromCubeCommand(args: Args, out: Out): Promise<number> {
	const file = str(args, 'cube')!;
	const by = str(args, 'by');
	if (!by) throw new UsageError('Name the cube\'s attributes with --by COL[,COL], in the order of the query (g0, g1).');
	if (args.positional.length) throw new UsageError(`--cube reads the counts from ${file}; drop the data file "${args.positional[0]}".`);
	for (const o of ['label', 'pred', 'score', 'prob-columns', 'pred-probs']) {
		if (str(args, o)) throw new UsageError(`--${o} is part of the cube's query (plumb sql slices), not of --cube.`);
	}
	const bins = parseBins(str(args, 'bins'));
	const attrs: SliceAttr[] = by.split(',').map((c) => ({ column: c.trim(), ...(bins.has(c.trim()) ? { bins: bins.get(c.trim()) } : {}) }));
	if (attrs.length > 2) throw new UsageError('--by takes one attribute or two (for intersections).');
	const db = await openDb(args);
	try {
		const positive = str(args, 'positive');
		const report = await sliceReportFromCube(db, file, { by: attrs, binary: positive, reference: str(args, 'reference'), minSize: num(args, 'min-size') });
		if (args.options.has('json')) out(JSON.stringify({ positive: report.positive, tables: report.tables.map(tableJson) }, null, 1));
		else out(report.tables.map(formatTable).join('\n\n'));
		return 0;
	} finally {
		db.close();
	}
}
