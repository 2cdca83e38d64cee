import { writeFile } from 'node:fs/promises';
import { BALANCE_DEFAULTS, balancedManifest, shortfallLines } from '../lib/core/subclass/balanced-draw';
import type { AuditSession } from '../lib/data/session';
import { drawBalancedSet, exportDrawn } from '../lib/data/subclass/balanced-set';
import { num, str, UsageError, type Args } from './args';

export const BALANCE_HELP = `plumb balance: draw a validation set balanced over the cells of two (or more) attributes

Usage: plumb balance FILE... --by A,B[,C] --per-cell N --out SET.parquet|SET.csv [--seed S] [--label COL] [--json]
  --by A,B       the cells are every combination of these columns' values (e.g. label,lighting)
  --per-cell N   rows to draw in each cell; a cell with fewer gives all it has and is reported short
  --seed S       integer seed of the draw (default 0): the same seed draws the same rows
  --label COL    also write this column (when it is not one of --by)
  --out F        the drawn rows: row (0-based), the --by columns and the label, CSV or Parquet by
                 extension; the manifest (seed, per-cell counts) goes beside it as F.manifest.json
Rows with a missing value in any --by column are left out (the manifest counts them).
`;

/** `SET.parquet` -> `SET.manifest.json`. */
export function manifestPath(out: string): string {
	return out.replace(/\.(csv|parquet)$/i, '') + '.manifest.json';
}

/** `plumb balance` */
export async function balanceCommand(args: Args, out: (s: string) => void, open: (files: string[]) => Promise<AuditSession>): Promise<number> {
	const by = str(args, 'by');
	const target = str(args, 'out');
	const perCell = num(args, 'per-cell');
	const seed = num(args, 'seed') ?? BALANCE_DEFAULTS.seed;
	if (!by) throw new UsageError('Name the attributes whose combinations are the cells with --by A,B.');
	if (perCell === undefined) throw new UsageError('Give the rows per cell with --per-cell N.');
	if (!Number.isSafeInteger(perCell) || perCell < 1) throw new UsageError(`--per-cell must be a whole number of at least 1, got ${perCell}.`);
	if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got ${seed}.`);
	if (!target) throw new UsageError('Name the output with --out SET.parquet (or .csv).');
	const format = /\.parquet$/i.test(target) ? 'parquet' : /\.csv$/i.test(target) ? 'csv' : null;
	if (!format) throw new UsageError(`--out must end in .csv or .parquet, got "${target}".`);
	const attrs = by.split(',').map((s) => s.trim()).filter(Boolean);
	if (new Set(attrs).size !== attrs.length) throw new UsageError(`--by names a column twice: ${by}.`);
	const label = str(args, 'label');
	const s = await open(args.positional);
	try {
		const file = s.summary?.name ?? args.positional.join(', ');
		if (label && !s.columns.some((c) => c.name === label)) throw new UsageError(`--label: ${file} has no column "${label}".`);
		const draw = await drawBalancedSet(s.db, s.columns, attrs, perCell, seed, file);
		const columns = label && !attrs.includes(label) ? [...attrs, label] : attrs;
		const bytes = await exportDrawn(s.db, draw.rows, columns, format);
		const manifest = balancedManifest(draw);
		await writeFile(target, bytes);
		await writeFile(manifestPath(target), JSON.stringify(manifest, null, 2) + '\n');
		if (args.options.has('json')) out(JSON.stringify({ out: target, manifest: manifestPath(target), ...manifest }, null, 1));
		else {
			out(`${draw.rows.length} rows in ${draw.cells.length} cells (${attrs.join(' x ')}, ${perCell} per cell, seed ${seed}) written to ${target}; manifest ${manifestPath(target)}`);
			if (draw.missing) out(`${draw.missing} rows left out for a missing value.`);
			const short = shortfallLines(draw);
			out(short.length ? `${short.length} short cell${short.length === 1 ? '' : 's'}:\n  ${short.join('\n  ')}` : 'No cell is short.');
		}
		return 0;
	} finally {
		s.close();
	}
}
