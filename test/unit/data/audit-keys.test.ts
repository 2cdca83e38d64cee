/**
 * Slice tables group the audit view on its cheap key columns (`__label_key`,
 * `__pred_key`) and turn only the cube's rows into text. They must equal the
 * tables grouped on the text columns themselves, for every kind of
 * prediction, labels stored as numbers with a fraction part or as hostile
 * text, and NULLs.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { NodeDuckDB } from '../../../src/lib/data/db/duckdb-node';
import { AuditSession } from '../../../src/lib/data/session';
import type { Roles } from '../../../src/lib/data/roles';
import { auditKeyText, AUDIT_VIEW } from '../../../src/lib/data/sql/audit-view';
import { sliceReport } from '../../../src/lib/data/slice-report';
import { sliceCubeSql } from '../../../src/lib/data/sql/slices';
import { rng } from '../../../bench/synthetic';

const enc = new TextEncoder();
const sessions: AuditSession[] = [];
afterAll(async () => {
	for (const s of sessions) await (s.db as NodeDuckDB).close();
});

const HOSTILE = `c"; DROP TABLE dataset; --`;

/**
 * 600 rows: a group, a label stored as a DOUBLE with fractions and NULLs, a binary DOUBLE
 * label `y` with NULLs, a class label `k` for 3 probabilities, a score with NULLs, a text prediction.
 */
function csv(): Uint8Array {
	const r = rng(11);
	const lines = ['grp,label,y,k,p0,p1,p2,score,pred'];
	for (let i = 0; i < 600; i++) {
		const label = r() < 0.05 ? '' : ['0.0', '1', '2.0', '2.5'][Math.floor(r() * 4)]!;
		const a = r() + 0.01, b = r() + 0.01, c = r() + 0.01;
		const sum = a + b + c;
		const score = r() < 0.05 ? '' : String(Math.floor(r() * 10));
		const pred = r() < 0.05 ? '' : ['"0"', '"1"', `"${HOSTILE.replaceAll('"', '""')}"`][Math.floor(r() * 3)]!;
		const grp = r() < 0.05 ? '' : ['a', 'b', 'ü ✓'][Math.floor(r() * 3)]!;
		const y = r() < 0.05 ? '' : r() < 0.5 ? '0.0' : '1.0';
		const k = ['p0', 'p1', 'p2'][Math.floor(r() * 3)]!;
		lines.push([grp, label, y, k, a / sum, b / sum, c / sum, score, pred].join(','));
	}
	return enc.encode(lines.join('\n') + '\n');
}

async function session(): Promise<AuditSession> {
	const s = new AuditSession(await NodeDuckDB.open());
	sessions.push(s);
	await s.load([{ name: 'keys.csv', bytes: csv() }] as never);
	return s;
}

/** The slice report through the key columns, and through the text columns. */
async function both(s: AuditSession, roles: Roles, positive?: string) {
	const view = await s.refreshAuditView(roles, positive);
	const keyText = auditKeyText(view);
	expect(keyText).not.toBeNull();
	expect(sliceCubeSql(AUDIT_VIEW, [{ column: 'grp' }], keyText)).toContain('__label_key');
	const options = { source: AUDIT_VIEW, by: ['grp'], positive };
	return { keyed: await sliceReport(s.db, { ...options, keyText }), plain: await sliceReport(s.db, options) };
}

describe('slice tables through the audit view key columns', () => {
	test('a score with a threshold (binary prediction), labels with a fraction part and NULLs', async () => {
		const s = await session();
		const roles: Roles = { label: 'y', score: 'score', threshold: 5, protected: ['grp'], nuisance: [] };
		const { keyed, plain } = await both(s, roles, '1');
		expect(keyed).toEqual(plain);
		expect(keyed.tables[0]!.groups.length).toBe(4);
	});

	test('a prediction column holding hostile text', async () => {
		const s = await session();
		const roles: Roles = { label: 'label', predLabel: 'pred', protected: ['grp'], nuisance: [] };
		const { keyed, plain } = await both(s, roles);
		expect(keyed).toEqual(plain);
		expect(keyed.classes).toContain('2.5');
	});

	test('predictions from probabilities (class indices), after confident learning', async () => {
		const s = await session();
		const roles: Roles = { label: 'k', predProbs: ['p0', 'p1', 'p2'], protected: ['grp'], nuisance: [] };
		await s.labelIssues(roles, {});
		const view = await s.refreshAuditView(roles);
		const keyText = auditKeyText(view)!;
		const options = { source: AUDIT_VIEW, by: ['grp'] };
		const keyed = await sliceReport(s.db, { ...options, keyText });
		expect(keyed).toEqual(await sliceReport(s.db, options));
		expect(keyed.tables[0]!.groups.some((g) => (g.rates.errorRate?.value ?? 0) > 0)).toBe(true);
	});

	test('reviewed labels in use: no key path (the corrected label does not follow from the stored one)', async () => {
		const s = await session();
		const roles: Roles = { label: 'y', score: 'score', threshold: 5, protected: ['grp'], nuisance: [] };
		await s.refreshAuditView(roles);
		await s.setCorrections({ rows: Int32Array.of(0, 1), labels: Int32Array.of(-1, -1), excluded: Uint8Array.of(1, 1) } as never, roles);
		const view = await s.refreshAuditView(roles);
		expect(auditKeyText(view)).toBeNull();
	});
});
