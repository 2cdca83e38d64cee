import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { detectKind } from '../lib/data/load/detect';
import { DataError } from '../lib/data/load/errors';
import { asLabels, asMatrix, parseNpy } from '../lib/data/load/npy';
import { computeLabelIssues } from '../lib/data/label-report';
import type { LabelIssueOptions, LabelIssueReport, RowResults } from '../lib/data/label-issues';

/**
 * Confident learning on a labels .npy and a probabilities .npy without
 * DuckDB: the arrays are parsed, checked with the loader's messages and given
 * to the computation directly. Null when the files are anything else (the
 * general path then loads them).
 */
export function npyLabelIssues(paths: string[], labelColumn: string, options: LabelIssueOptions): { report: LabelIssueReport; rows: RowResults } | null {
	if (paths.length !== 2 || labelColumn !== 'label') return null;
	let labels: { name: string; labels: Int32Array } | null = null;
	let probs: { name: string; data: Float32Array | Float64Array; n: number; k: number } | null = null;
	for (const path of paths) {
		let bytes: Uint8Array;
		try {
			bytes = readFileSync(path);
		} catch {
			return null;
		}
		const name = basename(path);
		if (detectKind(name, bytes.subarray(0, 16)) !== 'npy') return null;
		try {
			const arr = parseNpy(bytes, name);
			if (arr.shape.length === 1 || (arr.shape.length === 2 && arr.shape[1] === 1)) {
				if (labels) return null;
				labels = { name, labels: asLabels(arr, name) };
			} else if (arr.dtype.includes('u1') || probs) return null;
			else probs = { name, ...asMatrix(arr, name) };
		} catch {
			return null; // the loader words it
		}
	}
	if (!labels || !probs) return null;
	const rows = labels.labels.length;
	if (probs.n !== rows) {
		throw new DataError(
			`${probs.name} has ${probs.n.toLocaleString('en-US')} rows but ${basename(paths[0]!)} has ${rows.toLocaleString('en-US')}. ` +
				`Files are joined by row order, so they must have the same number of rows.`,
			{ file: probs.name }
		);
	}
	const { k } = probs;
	const all = labels.labels;
	for (let i = 0; i < rows; i++) {
		const v = all[i]!;
		if (v < 0 || v >= k) {
			throw new DataError(
				`Row ${i} (0-based): the label ${v} in column "${labelColumn}" is outside the classes 0..${k - 1} of the probabilities (${k} classes). Fix the label, or give probabilities for every class.`,
				{ file: 'dataset', row: i, column: labelColumn }
			);
		}
	}
	const classNames = Array.from({ length: k }, (_, j) => String(j));
	return computeLabelIssues(all, { data: probs.data, n: probs.n, k, source: probs.name }, classNames, labelColumn, options);
}
