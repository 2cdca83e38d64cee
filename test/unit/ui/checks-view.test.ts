import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { render } from 'svelte/server';
import ChecksView from '../../../src/lib/components/ChecksView.svelte';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { runChecks, type ChecksResult } from '../../../src/lib/data/checks/run-checks';

let db: NodeDuckDB;
let result: ChecksResult;
beforeAll(async () => {
	db = await NodeDuckDB.open();
	// 60 rows; rows 58 and 59 repeat the features of rows 1 and 0 (s is the row the features come from) with other labels.
	// y = i % 2; giveaway = 'yes' when s is odd; noise = s; grp 'a' for s < 30; note missing for s < 20
	await db.exec(`CREATE TABLE dataset AS SELECT
		CASE WHEN s % 2 = 1 THEN 'yes' ELSE 'no' END AS giveaway,
		s::DOUBLE AS noise,
		CASE WHEN s < 30 THEN 'a' ELSE 'b' END AS grp,
		CASE WHEN s < 20 THEN NULL ELSE 'n' || s END AS note,
		(i % 2)::INTEGER AS y
		FROM (SELECT i, CASE i WHEN 58 THEN 1 WHEN 59 THEN 0 ELSE i END AS s FROM range(60) r(i))`);
	const columns = [
		{ name: 'giveaway', type: 'VARCHAR' },
		{ name: 'noise', type: 'DOUBLE' },
		{ name: 'grp', type: 'VARCHAR' },
		{ name: 'note', type: 'VARCHAR' },
		{ name: 'y', type: 'INTEGER' }
	];
	result = await runChecks(db, columns, { features: ['giveaway', 'noise', 'grp', 'note'], label: 'y', protected: ['grp'] });
});
afterAll(() => db.close());

describe('ChecksView', () => {
	test('calls out the likely leak, lists missingness by group and the conflicting duplicates', () => {
		const { body } = render(ChecksView, { props: { result } });
		// giveaway matches y except rows 58 and 59: 58 of 60 rows -> 96.7%
		expect(body).toMatch(/<code>giveaway<\/code> alone predicts y for 96\.7% of rows: a likely leak/);
		expect(body).toContain('data-testid="checks-missingness-by-group"');
		// note: missing where s < 20; group a (s < 30) has rows 0-29 and the copies 58, 59: 22 of 32 missing (68.8%); b none of 28
		expect(body).toMatch(/<code>note<\/code><\/td><td[^>]*>a<\/td><td[^>]*>22<\/td><td[^>]*>32<\/td><td[^>]*>68\.8% \[/);
		expect(body).toMatch(/<td[^>]*>b<\/td><td[^>]*>0<\/td><td[^>]*>28<\/td>.*?<td[^>]*>small<\/td>/); // 28 rows: never flagged
		expect(body).toContain('missing more often');
		expect(body).toMatch(/2 groups of rows with equal features \(2 repeated rows\)(<!--[^>]*-->)*; 2 of them carry more than one label/);
		expect(body).toContain('<td>0, 59</td>');
		expect(body).toContain('<td>1, 58</td>');
	});
});
