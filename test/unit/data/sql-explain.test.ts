/**
 * Every SQL builder's output is planned by a real DuckDB (EXPLAIN; statements
 * that EXPLAIN cannot take are run on a scratch table), so invalid SQL fails
 * here instead of passing a string comparison. The table's names include a
 * hostile one (quote, semicolon, comment) to prove they go through ident().
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { DATASET_TABLE } from '../../../src/lib/data/dataset';
import { binExprSql, quantileEdgesSql, yearExprSql } from '../../../src/lib/data/sql/bins';
import {
	categoryCountsSql,
	describeRelationSql,
	excludedRowsSql,
	listLengthSql,
	numericSql,
	rangePredicate,
	rowCountSql,
	splitSidesSql,
	tableRowsSql,
	valuesPredicate
} from '../../../src/lib/data/sql/drift';
import { AUDIT_GIVEN_VIEW, AUDIT_VIEW, CORRECTIONS_TABLE, ROW_RESULTS_TABLE, auditViewSql, correctedAuditViewSql, type AuditViewSpec } from '../../../src/lib/data/sql/audit-view';
import { describeSql, overviewSql } from '../../../src/lib/data/sql/overview';
import { distinctLabelsSql, labelAtRowSql, labelIndexSql, labelOutOfRangeSql, listElementsSql, listShapeSql, probColumnsSql } from '../../../src/lib/data/sql/labels';
import { ident } from '../../../src/lib/data/sql/quote';
import { distinctTextSql, dropTableSql, groupValuesSql, rowsByIdSql, rowsWhereSql, sampleValuesSql, tableRowCountSql } from '../../../src/lib/data/sql/rows';
import { sliceFilterSql } from '../../../src/lib/data/sql/slice-discovery';
import { groupedRowsSql, sliceCubeSql } from '../../../src/lib/data/sql/slices';

const HOSTILE = `we"ird; -- name`;

let db: NodeDuckDB;
beforeAll(async () => {
	db = await NodeDuckDB.open();
	await db.exec(
		`CREATE TABLE ${ident(DATASET_TABLE)} AS SELECT i AS id, (i % 3)::VARCHAR AS label, i / 10.0 AS score, CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS sex, ` +
			`DATE '2013-01-01' + (i * 30)::INTEGER AS day, [i / 10.0, 1 - i / 10.0] AS probs, (i % 4)::VARCHAR AS ${ident(HOSTILE)} FROM range(10) t(i)`
	);
	await db.exec(`CREATE TABLE ${ident(ROW_RESULTS_TABLE)} AS SELECT i % 2 = 0 AS __issue, 0.5 AS __quality, 0 AS __suggested_k, 1 AS __pred_k FROM range(10) t(i)`);
	await db.exec(`CREATE TABLE ${ident(CORRECTIONS_TABLE)} (__row BIGINT, label VARCHAR, excluded INTEGER)`);
});
afterAll(() => db.close());

/** Plan a query; the plan has rows when DuckDB accepted the SQL. */
async function explain(sql: string): Promise<void> {
	const plan = await db.query(`EXPLAIN ${sql}`);
	expect(plan.length).toBeGreaterThan(0);
}

describe('SQL builders run through EXPLAIN in real DuckDB', () => {
	const rel = (where?: string) => ({ sql: tableRowsSql(DATASET_TABLE, where) });

	test('drift: sides, rows in neither side, numeric reads, category counts, list length', async () => {
		const ref = rangePredicate('day', { until: '2014-01-01' });
		const cur = valuesPredicate(HOSTILE, ['1', 2, true]);
		for (const sql of [
			tableRowsSql(DATASET_TABLE),
			tableRowsSql(DATASET_TABLE, ref),
			excludedRowsSql(DATASET_TABLE, 'day', ref, rangePredicate('day', { from: '2014-01-01', until: '2015-01-01' })),
			splitSidesSql(DATASET_TABLE, ref, cur),
			numericSql(rel(ref), [{ expr: ident('score') }, { expr: `${ident('probs')}[1]` }]),
			listLengthSql(rel(), 'probs'),
			rowCountSql(rel(cur)),
			categoryCountsSql(rel(), [{ expr: ident('sex') }, { expr: ident(HOSTILE) }]),
			categoryCountsSql(rel(ref), [{ expr: ident('label') }, { expr: ident(HOSTILE) }], [0, 1])
		])
			await explain(sql);
		// DESCRIBE is not a plannable query: run it
		expect((await db.query(describeRelationSql(rel(ref)))).map((r) => r.column_name)).toContain(HOSTILE);
	});

	test('confident-learning inputs: probabilities from columns or a list, labels as text and as class indices', async () => {
		for (const sql of [
			probColumnsSql(DATASET_TABLE, ['score', HOSTILE]),
			listShapeSql(DATASET_TABLE, 'probs'),
			listElementsSql(DATASET_TABLE, 'probs', 2),
			distinctLabelsSql(DATASET_TABLE, 'score', 'DOUBLE'),
			labelOutOfRangeSql(DATASET_TABLE, 'label', 'VARCHAR', 3),
			labelIndexSql(DATASET_TABLE, HOSTILE, 'VARCHAR', ['0', '1', "it's"], -1, -2),
			labelAtRowSql(DATASET_TABLE, HOSTILE, 4)
		])
			await explain(sql);
	});

	test('rows, samples, groups, distinct labels, counts', async () => {
		for (const sql of [
			rowsByIdSql(DATASET_TABLE, [0, 3], ['label', HOSTILE]),
			sampleValuesSql(DATASET_TABLE, ['sex', HOSTILE], 200),
			groupValuesSql(DATASET_TABLE, ['sex', HOSTILE], 50),
			distinctTextSql(DATASET_TABLE, HOSTILE, `CAST(${ident(HOSTILE)} AS VARCHAR)`),
			tableRowCountSql(DATASET_TABLE),
			overviewSql(DATASET_TABLE, [
				{ name: 'score', type: 'DECIMAL(18,1)' },
				{ name: HOSTILE, type: 'VARCHAR' },
				{ name: 'day', type: 'DATE' }
			]),
			quantileEdgesSql(DATASET_TABLE, 'score'),
			`SELECT ${binExprSql('score', [0.3, 0.6])}, ${yearExprSql('day')} FROM ${ident(DATASET_TABLE)}`
		])
			await explain(sql);
		expect((await db.query(describeSql(DATASET_TABLE))).length).toBe(7);
	});

	test('the audit view (with results, with corrections), slices over it, and a dropped table', async () => {
		const spec: AuditViewSpec = {
			label: { column: 'label', type: 'VARCHAR' },
			prediction: { kind: 'probs', classNames: ['0', '1'] },
			rowResults: true,
			classNames: ['0', '1'],
			measured: false,
			corrections: true
		};
		// views are statements, not queries: create them, then plan queries over them
		await db.exec(auditViewSql(spec));
		await db.exec(correctedAuditViewSql());
		await explain(`SELECT * FROM ${ident(AUDIT_GIVEN_VIEW)}`);
		const attrs = [{ column: 'sex' }, { column: 'score', bins: [0.5] }, { column: 'day', byYear: true }];
		for (const sql of [
			rowsWhereSql(AUDIT_VIEW, sliceFilterSql({ predicates: [{ column: 'sex', kind: 'equals', value: 'F' }, { column: 'score', kind: 'range', lo: 0.2, hi: null, label: '>= 0.2' }] })),
			groupedRowsSql(AUDIT_VIEW, attrs),
			sliceCubeSql(AUDIT_VIEW, attrs)
		])
			await explain(sql);
		await db.exec(`CREATE TABLE ${ident(HOSTILE)} (x INTEGER)`);
		await db.exec(dropTableSql(HOSTILE));
		expect(await db.query(`SELECT * FROM information_schema.tables WHERE table_name = '${HOSTILE.replaceAll("'", "''")}'`)).toEqual([]);
	});

	test('a broken builder fails EXPLAIN (the check can fail)', async () => {
		await expect(explain(`SELECT ${ident('no such column')} FROM ${ident(DATASET_TABLE)}`)).rejects.toThrow();
		await expect(explain(categoryCountsSql(rel(), [{ expr: '"label"' }]).replace(' GROUP BY 2', ''))).rejects.toThrow();
	});
});
