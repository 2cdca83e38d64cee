/**
 * Drift timings (never asserted in tests): `computeDrift` on a synthetic,
 * seeded 1,000,000 vs 1,000,000-row table of 50 columns (40 numeric, 10 text;
 * a few with a planted shift, some with NULLs) in Node with NodeDuckDB.
 * Prints the median of RUNS runs and where the time went (the text columns'
 * SQL, which runs alongside the numeric columns; reading those; statistics),
 * for the default method ("aggregated": large columns binned, no sort) and
 * `aggregate: false` ("exact": every column sorted, the method before), on
 * the same tables; then how far the binned distances are from the exact ones. DRIFT_MODES=aggregated or =exact runs one.
 * Run alone: `node --import tsx bench/drift.ts [rows]`.
 */
import { pathToFileURL } from 'node:url';
import type { DbAdapter, NumericColumns } from '../src/lib/data/db/adapter';
import type { Row } from '../src/lib/data/db/connector';
import { NodeDuckDB } from '../src/lib/data/db/duckdb-node';
import { computeDrift, driftSides, type DriftReport } from '../src/lib/data/drift';
import { ident } from '../src/lib/data/sql/quote';
import { median } from './stats';

const RUNS = 3;
const ROWS = 1_000_000;
const NUMERIC_COLUMNS = 40;
const TEXT_COLUMNS = 10;
const CATEGORIES = 12;

/** A uniform (0, 1] value from row i, column j and a seed, by hashing (deterministic, any thread count). */
const uniform = (j: number, seed: number, salt: number) => `(1 - (hash(i, ${j}, ${seed}, ${salt}) >> 11)::DOUBLE / 9007199254740992.0)`;
/** A standard normal value (Box-Muller). */
const normal = (j: number, seed: number) => `(sqrt(-2 * ln(${uniform(j, seed, 1)})) * cos(2 * pi() * ${uniform(j, seed, 2)}))`;

/**
 * SQL creating `table` with `rows` rows: x0..x39 numeric (every 4th a BIGINT,
 * the rest DOUBLE; 2% NULL in every 5th), t0..t9 text with 12 skewed
 * categories. `shifted` plants drift: x0..x2 move by 0.5 sd, x3 doubles its
 * spread, t0 changes its category mix.
 */
export function syntheticTableSql(table: string, rows: number, seed: number, shifted: boolean): string {
	const cols: string[] = [];
	for (let j = 0; j < NUMERIC_COLUMNS; j++) {
		let x = `${normal(j, seed)} * ${1 + j} + ${10 * j}`;
		if (shifted && j < 3) x = `(${x}) + ${0.5 * (1 + j)}`;
		if (shifted && j === 3) x = `(${normal(j, seed)} * ${2 * (1 + j)} + ${10 * j})`;
		if (j % 4 === 0) x = `round(${x} * 10)::BIGINT`;
		if (j % 5 === 0) x = `CASE WHEN ${uniform(j, seed, 3)} < 0.02 THEN NULL ELSE ${x} END`;
		cols.push(`${x} AS ${ident(`x${j}`)}`);
	}
	for (let j = 0; j < TEXT_COLUMNS; j++) {
		const power = shifted && j === 0 ? 1 : 2;
		cols.push(`'c' || floor(pow(${uniform(100 + j, seed, 4)}, ${power}) * ${CATEGORIES - 0.001})::INTEGER::VARCHAR AS ${ident(`t${j}`)}`);
	}
	return `CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${cols.join(', ')} FROM range(${rows}) AS r(i)`;
}

/** Wrap an adapter so that time spent in its calls (SQL and reading results) is summed. */
function timed(db: DbAdapter): { db: DbAdapter; ms: () => number; reset: () => void } {
	let ms = 0;
	const time = async <T>(p: () => Promise<T>): Promise<T> => {
		const t0 = performance.now();
		try {
			return await p();
		} finally {
			ms += performance.now() - t0;
		}
	};
	const wrapped: DbAdapter = {
		query: (sql: string): Promise<Row[]> => time(() => db.query(sql)),
		exec: (sql: string) => time(() => db.exec(sql)),
		readNumeric: (sql: string): Promise<NumericColumns> => time(() => db.readNumeric(sql)),
		createFromArrow: (t, b) => db.createFromArrow(t, b),
		createFromCsv: (t, f, b, o) => db.createFromCsv(t, f, b, o),
		createFromParquet: (t, f, b) => db.createFromParquet(t, f, b),
		exportCsv: (sql) => db.exportCsv(sql),
		exportParquet: (sql) => db.exportParquet(sql)
	};
	return { db: wrapped, ms: () => ms, reset: () => (ms = 0) };
}


/** Time computeDrift on `rows` vs `rows` rows x 50 columns; prints and returns the median total in ms. */
export async function benchDrift(rows = ROWS): Promise<number> {
	const native = await NodeDuckDB.open();
	try {
		const t0 = performance.now();
		await native.exec(syntheticTableSql('reference_dataset', rows, 1, false));
		await native.exec(syntheticTableSql('dataset', rows, 2, true));
		console.log(`generated ${rows.toLocaleString('en-US')} vs ${rows.toLocaleString('en-US')} rows x 50 columns in ${(performance.now() - t0).toFixed(0)} ms`);
		const { db, ms, reset } = timed(native);
		const sides = driftSides({ kind: 'tables', reference: 'reference_dataset', current: 'dataset' });
		const modes = (process.env.DRIFT_MODES ?? 'aggregated,exact').split(',');
		const reports: Record<string, DriftReport> = {};
		let result = NaN;
		for (const mode of modes) {
			const totals: number[] = [];
			const io: number[] = [];
			for (let run = 0; run < RUNS; run++) {
				reset();
				const t = performance.now();
				reports[mode] = await computeDrift(db, { ...sides, aggregate: mode === 'exact' ? false : undefined });
				totals.push(performance.now() - t);
				io.push(ms());
			}
			const report = reports[mode]!;
			const total = median(totals);
			const sql = median(io);
			if (Number.isNaN(result)) result = total;
			const t = report.timings!;
			console.log(`drift, ${rows.toLocaleString('en-US')} vs ${rows.toLocaleString('en-US')} rows x 50 columns (NodeDuckDB, ${mode}): ${total.toFixed(0)} ms median of ${RUNS} [${totals.map((x) => x.toFixed(0)).join(', ')}]`);
			console.log(
				`  last run: text columns' SQL ${t.categoricalMs.toFixed(0)} ms alongside numeric columns (reading ${t.readMs.toFixed(0)} ms, statistics ${t.numericMs.toFixed(0)} ms); time in DuckDB calls ${sql.toFixed(0)} ms`
			);
			console.log(`  numeric columns: ${t.exactColumns} read and sorted, ${t.countsColumns} from value counts, ${t.binnedColumns} binned`);
			console.log(`  drifted: ${report.features.filter((c) => c.drifted).map((c) => c.column).join(', ')}`);
		}
		if (reports.exact && reports.aggregated) {
			// the binned distances against the exact ones, and their stated bounds
			let worst = 0;
			let worstBound = 0;
			let psi = 0;
			for (const a of reports.aggregated.features) {
				const e = reports.exact.features.find((c) => c.column === a.column)!;
				psi = Math.max(psi, Math.abs(a.psi - e.psi));
				if (a.distance === null || e.distance === null) continue;
				const diff = Math.abs(a.distance - e.distance);
				if (diff > (a.maxError ?? 1e-9)) console.log(`  ${a.column}: |aggregated - exact| = ${diff} above its bound ${a.maxError}`);
				if (a.maxError) {
					worst = Math.max(worst, diff);
					worstBound = Math.max(worstBound, a.maxError);
				}
			}
			console.log(`  binned vs exact normalised Wasserstein: max |diff| ${worst.toExponential(2)} (largest stated bound ${worstBound.toExponential(2)}); max |PSI diff| ${psi.toExponential(2)}`);
		}
		return result;
	} finally {
		native.close();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const rows = process.argv[2] ? Number(process.argv[2]) : ROWS;
	await benchDrift(rows);
}
