/**
 * Review decisions as corrections for the engine ("Use reviewed labels"):
 * accept and relabel set the row's label to the one decided, exclude leaves
 * the row out, keep and unsure change nothing. Pure.
 */
import type { Corrections } from '../data/corrections';
import type { Decision } from './decisions';

/**
 * The corrections implied by `decisions` (one per row; the last one for a row
 * wins), as typed arrays to post to the engine. A relabel/accept decision
 * without a label (not valid, but possible in old records) changes nothing.
 */
export function correctionsFromDecisions(decisions: Iterable<Decision>): Corrections {
	const last = new Map<number, Decision>();
	for (const d of decisions) last.set(d.row, d);
	const classes: string[] = [];
	const classIndex = new Map<string, number>();
	const relabelRows: number[] = [];
	const relabelTo: number[] = [];
	const excludedRows: number[] = [];
	for (const d of last.values()) {
		if (d.kind === 'exclude') excludedRows.push(d.row);
		else if ((d.kind === 'accept' || d.kind === 'relabel') && d.label !== null && d.label !== '') {
			let k = classIndex.get(d.label);
			if (k === undefined) {
				k = classes.length;
				classes.push(d.label);
				classIndex.set(d.label, k);
			}
			relabelRows.push(d.row);
			relabelTo.push(k);
		}
	}
	return { relabelRows: Int32Array.from(relabelRows), relabelTo: Int32Array.from(relabelTo), classes, excludedRows: Int32Array.from(excludedRows) };
}
