import type { Decision } from './decisions';
import type { DecisionStore } from './store';
import { checkInput, checksumOf, newMeta, toRecord } from './saved-records';

/**
 * A store in memory only, with the same behaviour as the IndexedDB one
 * (validation, per-dataset isolation); `notice` says why it is used.
 */
export function memoryDecisionStore(notice: string | null): DecisionStore {
	const data = new Map<string, { name: string | null; updatedAt: number; rows: Map<number, Decision> }>();
	const dataset = (fingerprint: string, name?: string) => {
		let d = data.get(fingerprint);
		if (!d) data.set(fingerprint, (d = { name: null, updatedAt: Date.now(), rows: new Map() }));
		if (name !== undefined) d.name = name;
		d.updatedAt = Date.now();
		return d;
	};
	return {
		backend: 'memory',
		notice,
		async put(fingerprint, decision, datasetName) {
			await this.putMany(fingerprint, [decision], datasetName);
		},
		async putMany(fingerprint, decisions, datasetName) {
			const clean = checkInput(fingerprint, decisions);
			if (clean.length === 0) return;
			const d = dataset(fingerprint, datasetName);
			for (const decision of clean) d.rows.set(decision.row, decision);
		},
		async delete(fingerprint, row) {
			data.get(fingerprint)?.rows.delete(row);
		},
		async all(fingerprint) {
			const d = data.get(fingerprint);
			const decisions = d ? [...d.rows.values()].sort((a, b) => a.row - b.row).map((x) => ({ ...x })) : [];
			const records = decisions.map((x) => toRecord(fingerprint, x));
			const meta = d ? newMeta(fingerprint, d.name, decisions.length, checksumOf(records)) : null;
			return Object.assign(decisions, { problems: [], meta });
		},
		async clear(fingerprint) {
			data.delete(fingerprint);
		},
		async datasets() {
			return [...data]
				.filter(([, d]) => d.rows.size > 0)
				.map(([fingerprint, d]) => ({ fingerprint, datasetName: d.name, count: d.rows.size, updatedAt: d.updatedAt }))
				.sort((a, b) => b.updatedAt - a.updatedAt);
		},
		async rebuildMeta() {},
		close() {}
	};
}
