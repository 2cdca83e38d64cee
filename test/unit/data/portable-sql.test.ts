import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { computeConfidentJoint, computeThresholds, findLabelIssues, numLabelIssues } from '../../../src/lib/core/confident-learning';
import { calibrateConfidentJoint } from '../../../src/lib/core/confident-learning/calibrate';
import { asLabels, asMatrix, parseNpy } from '../../../src/lib/data/load/npy';
import { dialect } from '../../../src/lib/data/sql/portable/dialect';
import {
	classStatsSql,
	confidentJointSql,
	flaggedRowsSql,
	SQL_FILTER_BY,
	type PortableLabelTable,
	type SqlFilterBy,
	type SqlRankBy
} from '../../../src/lib/data/sql/portable/confident-learning';
import {
	classStatsFromRows,
	jointFromRows,
	labelIssuesFromAggregates,
	pruneCountsFromJoint
} from '../../../src/lib/data/sql/portable/label-issues-from-aggregates';

/** A table row_id, label, K probability columns (awkward names, to exercise quoting). */
const probName = (j: number) => `prob "${j}"`;

async function createTable(conn: DuckDBConnection, name: string, labels: Int32Array, probs: Float64Array, k: number): Promise<PortableLabelTable> {
	const d = dialect('duckdb');
	const cols = Array.from({ length: k }, (_, j) => `${d.ident(probName(j))} DOUBLE`).join(', ');
	await conn.run(`CREATE TABLE ${d.ident(name)} (rid INTEGER, "given label" INTEGER, ${cols})`);
	const app = await conn.createAppender(name);
	for (let r = 0; r < labels.length; r++) {
		app.appendInteger(r);
		app.appendInteger(labels[r] as number);
		for (let j = 0; j < k; j++) app.appendDouble(probs[r * k + j] as number);
		app.endRow();
	}
	app.closeSync();
	return { table: name, label: 'given label', rowId: 'rid', probColumns: Array.from({ length: k }, (_, j) => probName(j)) };
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
	return (await conn.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
}

/** The three passes on DuckDB, each fed by the JS results of the one before. */
async function portableRun(conn: DuckDBConnection, t: PortableLabelTable, k: number, filterBy: SqlFilterBy, rankBy: SqlRankBy) {
	const d = dialect('duckdb');
	const pass1 = await rows(conn, classStatsSql(d, t));
	const stats = classStatsFromRows(pass1, k);
	const pass2 = await rows(conn, confidentJointSql(d, t, stats.thresholds));
	const { joint } = jointFromRows(pass2, k);
	const prune = pruneCountsFromJoint(joint, stats.labelCounts, k);
	const pass3 = await rows(conn, flaggedRowsSql(d, t, stats.thresholds, filterBy, rankBy, prune));
	return labelIssuesFromAggregates(k, pass1, pass2, pass3);
}

interface Dataset {
	labels: Int32Array;
	probs: Float64Array;
	k: number;
	table: PortableLabelTable;
}

let instance: DuckDBInstance;
let conn: DuckDBConnection;
const sets: Record<string, Dataset> = {};

/** Seeded probabilities in multiples of 1/8 (exact sums in any order, many exact ties), K = 4. */
function tieHeavy(n: number, k: number, seed: number): { labels: Int32Array; probs: Float64Array } {
	let s = seed;
	const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
	const labels = new Int32Array(n);
	const probs = new Float64Array(n * k);
	for (let r = 0; r < n; r++) {
		labels[r] = Math.floor(rand() * k);
		let left = 8;
		for (let j = 0; j < k - 1; j++) {
			const take = Math.floor(rand() * (left + 1));
			probs[r * k + ((j + r) % k)] = take / 8;
			left -= take;
		}
		probs[r * k + ((k - 1 + r) % k)] = left / 8;
	}
	// the documented tie: [0.5, 0.5, 0, 0] given 1
	labels[0] = 1;
	probs.set([0.5, 0.5, 0, 0], 0);
	// rows sitting exactly on a shifted threshold t_j - 1e-6 (their own p[given] is 0, so they
	// leave every threshold as it is): confident for j only under the >= rule
	for (let r = 1; r <= 8; r++) {
		const given = r % k;
		labels[r] = given;
		probs.fill(0, r * k, (r + 1) * k);
	}
	// a class exactly at p[given] + 1e-6: before the given label it outranks it (an issue),
	// after it it does not (numpy's first maximal index after the lift)
	for (let r = 9; r <= 12; r++) {
		labels[r] = 2;
		const lifted = 0.25 + 1e-6;
		probs.set(r % 2 ? [lifted, 0, 0.25, 0.5 - lifted] : [0.5 - lifted, 0, 0.25, lifted], r * k);
	}
	const t = computeThresholds(labels, probs, k);
	for (let r = 1; r <= 8; r++) {
		const j = (r + 1) % k;
		probs[r * k + j] = (t[j] as number) - 1e-6; // (rows need not sum to 1 here)
	}
	return { labels, probs };
}

beforeAll(async () => {
	instance = await DuckDBInstance.create(':memory:');
	conn = await instance.connect();
	const labels = asLabels(parseNpy(readFileSync('static/demo/mnist/labels.npy'), 'labels.npy'), 'labels.npy');
	const m = asMatrix(parseNpy(readFileSync('static/demo/mnist/pred_probs.npy'), 'pred_probs.npy'), 'pred_probs.npy');
	const probs = Float64Array.from(m.data);
	sets.mnist = { labels, probs, k: m.k, table: await createTable(conn, 'mnist', labels, probs, m.k) };
	const ties = tieHeavy(400, 4, 7);
	sets.ties = { ...ties, k: 4, table: await createTable(conn, 'ties', ties.labels, ties.probs, 4) };
}, 60_000);

afterAll(() => {
	conn?.closeSync();
	instance?.closeSync();
});

describe.each(['mnist', 'ties'])('portable confident learning on DuckDB (%s) equals the direct run', (name) => {
	it('thresholds, joint, issue counts', async () => {
		const { labels, probs, k, table } = sets[name] as Dataset;
		const res = await portableRun(conn, table, k, 'confident_learning', 'self_confidence');
		const t = computeThresholds(labels, probs, k);
		for (let j = 0; j < k; j++) expect(Math.abs((res.thresholds[j] as number) - (t[j] as number))).toBeLessThanOrEqual(1e-12);
		const direct = computeConfidentJoint(labels, probs, { k, calibrate: false }).data;
		expect(Array.from(res.joint)).toEqual(Array.from(direct));
		expect(Array.from(res.calibratedJoint)).toEqual(Array.from(computeConfidentJoint(labels, probs, { k }).data));
		expect(Array.from(res.calibratedJoint)).toEqual(Array.from(calibrateConfidentJoint(direct, res.labelCounts, k)));
		expect(res.numLabelIssues.offDiagonal).toBe(numLabelIssues(labels, probs, { k }));
		expect(res.numLabelIssues.offDiagonalCalibrated).toBe(numLabelIssues(labels, probs, { k, estimationMethod: 'off_diagonal_calibrated' }));
		expect(res.n).toBe(labels.length);
	});

	for (const filterBy of SQL_FILTER_BY) {
		for (const rankBy of ['self_confidence', 'normalized_margin'] as const) {
			it(`flagged rows in rank order: ${filterBy}, ${rankBy}`, async () => {
				const { labels, probs, k, table } = sets[name] as Dataset;
				const res = await portableRun(conn, table, k, filterBy, rankBy);
				const direct = findLabelIssues(labels, probs, { k, filterBy, returnIndicesRankedBy: rankBy });
				expect(direct.indices.length).toBeGreaterThan(0);
				expect(res.issues.map((i) => i.row)).toEqual(Array.from(direct.indices));
				for (const i of res.issues) expect(i.givenLabel).toBe(labels[i.row]);
			});
		}
	}
});

describe('portable SQL parses in each named dialect (no DuckDB-only syntax)', () => {
	const k = 3;
	const t: PortableLabelTable = { table: 'warehouse.audit_rows', label: 'label', rowId: 'row_id', probColumns: ['p_a', 'p_b', 'p_c'] };
	const thresholds = Float64Array.from([0.7, 0.61, Number.NaN]);
	const prune = { perCell: Float64Array.from([0, 2, 1, 3, 0, 0, 0, 0, 0]), perClass: Float64Array.from([3, 3, 0]) };
	const parsers: [string, string][] = [
		['ansi', 'PostgresQL'],
		['trino', 'Trino'],
		['spark', 'Hive'],
		['bigquery', 'BigQuery'],
		['duckdb', 'PostgresQL']
	];
	it.each(parsers)('%s with node-sql-parser %s', async (name, database) => {
		const { Parser } = await import('node-sql-parser');
		const parser = new Parser();
		const d = dialect(name);
		const queries = [
			classStatsSql(d, t),
			confidentJointSql(d, t, thresholds),
			...SQL_FILTER_BY.map((f) => flaggedRowsSql(d, t, thresholds, f, 'normalized_margin', prune))
		];
		for (const sql of queries) {
			expect(sql).not.toMatch(/::|\bQUALIFY\b|\bEXCLUDE\b|COLUMNS\(/i);
			expect(() => parser.astify(sql, { database })).not.toThrow();
		}
		void k;
	});
});

describe('results fed back are checked', () => {
	it('a label outside 0..K-1 is named, with what to do', async () => {
		await conn.run(`CREATE TABLE odd AS SELECT * FROM ties`);
		await conn.run(`UPDATE odd SET "given label" = 7 WHERE rid = 3`);
		const t = { ...(sets.ties as Dataset).table, table: 'odd' };
		const pass1 = await rows(conn, classStatsSql(dialect('duckdb'), t));
		expect(() => classStatsFromRows(pass1, 4)).toThrow(/holds 7 .*outside the class indices 0\.\.3/);
	});

	it('pass 3 rows out of order are refused', async () => {
		const { k, table } = sets.mnist as Dataset;
		const res = await portableRun(conn, table, k, 'predicted_neq_given', 'self_confidence');
		expect(res.issues.length).toBeGreaterThan(2);
		const d = dialect('duckdb');
		const pass1 = await rows(conn, classStatsSql(d, table));
		const stats = classStatsFromRows(pass1, k);
		const pass3 = await rows(conn, flaggedRowsSql(d, table, stats.thresholds, 'predicted_neq_given'));
		expect(() => labelIssuesFromAggregates(k, pass1, [], pass3.reverse())).toThrow(/out of order/);
	});
});
