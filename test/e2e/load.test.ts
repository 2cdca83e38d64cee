import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { chooseFiles, open, type Session, closeClean } from './browser';
import { encodeNpy } from '../../src/lib/data/load/npy';

let s: Session | undefined;
afterEach(async () => {
	await closeClean(s);
	s = undefined;
});

/** The overview cell of a column. */
async function cell(page: Session['page'], column: string, field: string) {
	return page.locator(`[data-testid="overview-table"] tr[data-column="${column}"] [data-field="${field}"]`).innerText();
}

/** A small dataset whose overview numbers are known by construction. */
function knownTable() {
	const n = 1000;
	const x = Float64Array.from({ length: n }, (_, i) => i / 10); // 0 .. 99.9, 1000 distinct
	const group = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : ['a', 'b', 'c'][i % 3]!)); // 100 nulls
	const label = Int32Array.from({ length: n }, (_, i) => i % 4); // 4 distinct
	return { n, x, group, label };
}

describe('loading data', () => {
	test('COMPAS demo loads with its overview', async () => {
		s = await open('');
		await s.page.getByTestId('demo-compas').click();
		await s.page.getByTestId('overview-table').waitFor({ timeout: 60_000 });
		const csv = readFileSync('static/demo/compas/compas.csv', 'utf8').trim().split('\n');
		expect(await s.page.getByTestId('overview-rows').innerText()).toBe((csv.length - 1).toLocaleString('en-US'));
		expect(await s.page.getByTestId('overview-cols').innerText()).toBe(String(csv[0]!.split(',').length));
		const races = new Set(csv.slice(1).map((l) => l.split(',')[csv[0]!.split(',').indexOf('race')]));
		expect(await cell(s.page, 'race', 'distinct')).toBe(String(races.size));
		expect(await cell(s.page, 'decile_score', 'min')).toBe('1');
		expect(await cell(s.page, 'decile_score', 'max')).toBe('10');
		// Roles from the demo live in the URL.
		const url = new URL(s.page.url());
		expect(url.searchParams.get('demo')).toBe('compas');
		expect(url.searchParams.get('label')).toBe('two_year_recid');
		expect(url.searchParams.get('protected')?.split(',')).toEqual(['race', 'sex', 'age_cat']);
	});

	test('MNIST demo loads labels, probabilities and images', async () => {
		s = await open('?demo=mnist');
		await s.page.getByTestId('overview-table').waitFor({ timeout: 60_000 });
		expect(await s.page.getByTestId('overview-rows').innerText()).toBe('10,000');
		expect(await cell(s.page, 'label', 'distinct')).toBe('10');
		expect(await cell(s.page, 'label', 'min')).toBe('0');
		expect(await cell(s.page, 'label', 'max')).toBe('9');
	});

	test('a dropped CSV shows its overview', async () => {
		s = await open('');
		const t = knownTable();
		const lines = ['x,group,label', ...Array.from({ length: t.n }, (_, i) => `${t.x[i]},${t.group[i] ?? ''},${t.label[i]}`)];
		await chooseFiles(s.page, [{ name: 'known.csv', buffer: Buffer.from(lines.join('\n') + '\n') }]);
		await s.page.getByTestId('overview-table').waitFor();
		expect(await s.page.getByTestId('overview-rows').innerText()).toBe('1,000');
		expect(await cell(s.page, 'group', 'nulls')).toBe('100');
		expect(await cell(s.page, 'group', 'distinct')).toBe('3');
		expect(await cell(s.page, 'x', 'max')).toBe('99.9');
		expect(await cell(s.page, 'label', 'distinct')).toBe('4');
	});

	test('files dropped on the drop zone (a real drop event) load like chosen ones', async () => {
		s = await open('');
		await s.page.getByTestId('dropzone').waitFor();
		const dataTransfer = await s.page.evaluateHandle(() => {
			const dt = new DataTransfer();
			dt.items.add(new File(['a;b\n1;x\n2;y\n3;\n'], 'dropped.csv', { type: 'text/csv' }));
			return dt;
		});
		await s.page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer });
		await s.page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
		await s.page.getByTestId('overview-table').waitFor();
		expect(await s.page.getByTestId('dataset-name').innerText()).toBe('dropped.csv');
		expect(await s.page.getByTestId('overview-rows').innerText()).toBe('3');
		expect(await cell(s.page, 'b', 'nulls')).toBe('1');
	});

	test('a dropped Parquet file loads without any network access', async () => {
		s = await open('');
		const t = knownTable();
		const arrow = tableFromArrays({ x: t.x, group: t.group, label: t.label });
		const pq = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(arrow, 'stream')));
		await chooseFiles(s.page, [{ name: 'known.parquet', buffer: Buffer.from(pq) }]);
		await s.page.getByTestId('overview-table').waitFor();
		expect(await s.page.getByTestId('overview-rows').innerText()).toBe('1,000');
		expect(await cell(s.page, 'group', 'nulls')).toBe('100');
		expect(await cell(s.page, 'x', 'min')).toBe('0.0');
	});

	test('an .npy labels + probabilities pair is joined by row order', async () => {
		s = await open('');
		const n = 300;
		const k = 3;
		const labels = Int32Array.from({ length: n }, (_, i) => i % k);
		const probs = Float32Array.from({ length: n * k }, (_, j) => ((j % k) === Math.floor(j / k) % k ? 0.8 : 0.1));
		await chooseFiles(s.page, [
			{ name: 'labels.npy', buffer: Buffer.from(encodeNpy(labels, [n], '<i4')) },
			{ name: 'pred_probs.npy', buffer: Buffer.from(encodeNpy(probs, [n, k], '<f4')) }
		]);
		await s.page.getByTestId('overview-table').waitFor();
		expect(await s.page.getByTestId('overview-rows').innerText()).toBe('300');
		expect(await cell(s.page, 'label', 'distinct')).toBe('3');
	});

	test('a bad file gives a clear message and keeps the loaded dataset', async () => {
		s = await open('?demo=compas');
		await s.page.getByTestId('overview-table').waitFor({ timeout: 60_000 });
		await chooseFiles(s.page, [{ name: 'ragged.csv', buffer: Buffer.from('a,b\n1,2\n3,4,5\n') }]);
		const problem = s.page.getByTestId('problem');
		await problem.waitFor();
		expect(await problem.innerText()).toContain('ragged.csv line 3: expected 2 fields');
		expect(await s.page.getByTestId('dataset-name').innerText()).toBe('compas.csv');
		expect(await s.page.getByTestId('overview-rows').innerText()).toBe('7,214');
	});
});
