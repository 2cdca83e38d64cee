/**
 * Data-quality checks (#21) on 1,000,000 rows x 20 columns in Node (native
 * DuckDB): every check, with the time of each part. The table is made in
 * DuckDB: 12 numeric features (one with NULLs and NaN, one a count with -999
 * sentinels, one leaking the label), 6 text features (one missing more often
 * in one group), a two-class label and a train/test split; 1% of rows repeat
 * an earlier row (with its label flipped in 5% of them, and in another split
 * in 40%).
 */
import { NodeDuckDB } from '../src/lib/data/db/duckdb-node';
import { runChecks } from '../src/lib/data/checks/run-checks';
import { describeSql } from '../src/lib/data/sql/overview';

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export async function benchChecks(rows = 1_000_000): Promise<void> {
	const db = await NodeDuckDB.open();
	try {
		const num = Array.from({ length: 9 }, (_, j) => `(hash(s, ${j}) % 100000)::DOUBLE / 1000 AS x${j}`);
		await db.exec(`CREATE TABLE dataset AS SELECT
			${num.join(', ')},
			CASE WHEN s % 50 = 0 THEN NULL WHEN s % 77 = 0 THEN 'NaN'::DOUBLE ELSE (hash(s, 'g') % 1000)::DOUBLE END AS gappy,
			CASE WHEN s % 200 = 0 THEN -999 ELSE (hash(s, 'c') % 20)::INTEGER END AS visit_count,
			(s % 2)::DOUBLE * 10 + (hash(s, 'l') % 100)::DOUBLE / 1000 AS leaky,
			${Array.from({ length: 5 }, (_, j) => `'v' || (hash(s, 'k${j}') % ${[3, 10, 50, 200, 1000][j]}) AS k${j}`).join(', ')},
			CASE WHEN s % 3 = 0 AND s % 10 < 3 THEN NULL ELSE 'grp' || (s % 3) END AS region,
			CASE WHEN (s % 2 = 1) <> (hash(i, 'n') % 20 = 0) THEN 'yes' ELSE 'no' END AS label,
			CASE WHEN i % 5 = 0 THEN 'test' ELSE 'train' END AS split
			FROM (SELECT i, CASE WHEN i % 100 = 99 THEN i - 54 ELSE i END AS s FROM range(${rows}) r(i))`);
		const columns = (await db.query(describeSql('dataset'))).map((r) => ({ name: String(r.name), type: String(r.type) }));
		const features = columns.map((c) => c.name).filter((c) => c !== 'label' && c !== 'split');
		console.log(`checks: ${rows.toLocaleString('en-US')} rows x ${columns.length} columns (${features.length} features, label, split; by region)`);
		for (const near of [false, true]) {
			const t = performance.now();
			const cpu = process.cpuUsage();
			const r = await runChecks(db, columns, { features, label: 'label', split: 'split', protected: ['region'], nearDuplicates: near, options: { nearDistance: 0.01 } });
			const total = performance.now() - t;
			const used = process.cpuUsage(cpu);
			console.log(
				`  every check${near ? ' + near duplicates' : ''} (Node, native DuckDB): ${fmt(total)} (process CPU ${fmt((used.user + used.system) / 1000)}, all threads); ` +
					Object.entries(r.timings)
						.map(([k, v]) => `${k} ${fmt(v)}`)
						.join(', ')
			);
			if (near) {
				const nd = r.nearDuplicates!;
				console.log(`    near duplicates within ${nd.eps}: ${nd.found} pairs, ${nd.compared.toLocaleString('en-US')} distances, ${nd.complete ? 'complete' : 'budget reached'}`);
			} else {
				console.log(
					`    ${r.duplicates.groups.length} duplicate groups (${r.duplicates.conflicting.length} conflicting), top leak ${r.leakage[0]?.column} ${r.leakage[0]?.score.toFixed(3)}, ` +
						`${r.missingnessByGroup.filter((g) => g.flagged).length} flagged missingness groups, split overlap ${r.splitOverlap?.rows} rows`
				);
			}
		}
	} finally {
		db.close();
	}
}
