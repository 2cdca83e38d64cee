/**
 * Synthetic tables for the CLI bench and tests, written by native DuckDB
 * straight to Parquet: a 10-class label `y` (5% flipped), ten probability
 * columns p_0..p_9 (rows sum to 1, the true class most likely), the argmax
 * `pred`, a binary label `yb` (y >= 5), a score `s` in [0, 1], attributes `a` (4 groups) and `b` (3 groups).
 */
import { DuckDBInstance } from '@duckdb/node-api';

export function syntheticParquetSql(rows: number, path: string, seed = 0.42): string[] {
	const p = Array.from({ length: 10 }, (_, j) => j);
	const raw = p.map((j) => `(CASE WHEN t = ${j} THEN 2.5 ELSE 0 END + random()) AS r_${j}`).join(', ');
	const sum = p.map((j) => `r_${j}`).join(' + ');
	const probs = p.map((j) => `r_${j} / (${sum}) AS p_${j}`).join(', ');
	const argmax = `list_position([${p.map((j) => `r_${j}`).join(', ')}], greatest(${p.map((j) => `r_${j}`).join(', ')})) - 1`;
	return [
		`SELECT setseed(${seed})`,
		`COPY (SELECT y, ${probs}, (${argmax})::INTEGER AS pred, (y >= 5)::INTEGER AS yb, random() AS s, a, b FROM (
			SELECT CASE WHEN random() < 0.05 THEN (random() * 10)::INTEGER % 10 ELSE t END AS y, ${raw},
				['north', 'south', 'east', 'west'][1 + (i % 4)] AS a, ['young', 'middle', 'old'][1 + (i * 7 % 3)] AS b
			FROM (SELECT range AS i, (random() * 10)::INTEGER % 10 AS t FROM range(${rows}))
		)) TO '${path.replaceAll("'", "''")}' (FORMAT parquet, ROW_GROUP_SIZE 122880)`
	];
}

/** Write the synthetic table of `rows` rows to `path` (Parquet). */
export async function writeSyntheticParquet(rows: number, path: string, seed = 0.42): Promise<void> {
	const db = await DuckDBInstance.create(':memory:', { threads: '2' });
	const c = await db.connect();
	for (const sql of syntheticParquetSql(rows, path, seed)) await c.run(sql);
	c.closeSync();
}
