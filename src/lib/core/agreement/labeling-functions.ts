/**
 * Labeling-function analysis with the semantics of Snorkel's `LFAnalysis`
 * (Ratner et al. 2017): each source (labeling function or annotator) either
 * votes a class or abstains (a missing label). Fractions are over all N items.
 * - polarity: the classes the source ever votes, ascending;
 * - coverage: share of items it votes on;
 * - overlaps: share of items it votes on that at least one other source also votes on;
 * - conflicts: share of items it votes on where another source votes a different class;
 * - with gold labels: correct, incorrect (among its votes on items with a gold label)
 *   and empirical accuracy correct / (correct + incorrect), 0 when it never votes
 *   on such an item (as Snorkel's `lf_empirical_accuracies`).
 * Items where no source votes are allowed here (unlike consensus).
 */
import type { Annotations } from './annotations';

export interface LabelingFunctionStats {
	polarity: number[];
	coverage: number;
	overlaps: number;
	conflicts: number;
	correct?: number;
	incorrect?: number;
	empiricalAccuracy?: number;
}

export interface LabelingFunctionAnalysis {
	sources: LabelingFunctionStats[];
	/** share of items with at least one vote */
	labelCoverage: number;
	/** share of items with at least two votes */
	labelOverlap: number;
	/** share of items with two votes that disagree */
	labelConflict: number;
	/** items with a gold label (gold < 0 = unknown) */
	goldItems?: number;
}

/** LFAnalysis summary; `gold` (length N, -1 = unknown) adds correct / incorrect / empirical accuracy. O(nnz + M K). */
export function analyzeLabelingFunctions(a: Annotations, gold?: Int32Array): LabelingFunctionAnalysis {
	const { n, m, k } = a;
	if (gold && gold.length !== n) throw new RangeError(`gold has ${gold.length} labels for ${n} items.`);
	const votes = new Float64Array(m);
	const overlaps = new Float64Array(m);
	const conflicts = new Float64Array(m);
	const correct = new Float64Array(m);
	const judged = new Float64Array(m);
	const used = new Uint8Array(m * k);
	let covered = 0;
	let overlapped = 0;
	let conflicted = 0;
	let goldItems = 0;
	for (let i = 0; i < n; i++) {
		const s = a.ptr[i]!;
		const e = a.ptr[i + 1]!;
		const g = gold ? gold[i]! : -1;
		if (g >= 0) goldItems++;
		if (e === s) continue;
		covered++;
		const multi = e - s > 1;
		let conflict = false;
		for (let p = s + 1; p < e && !conflict; p++) conflict = a.label[p] !== a.label[s];
		if (multi) overlapped++;
		if (conflict) conflicted++;
		for (let p = s; p < e; p++) {
			const j = a.who[p]!;
			votes[j]!++;
			used[j * k + a.label[p]!] = 1;
			if (multi) overlaps[j]!++;
			if (conflict) conflicts[j]!++;
			if (g >= 0) {
				judged[j]!++;
				if (a.label[p] === g) correct[j]!++;
			}
		}
	}
	const sources: LabelingFunctionStats[] = [];
	for (let j = 0; j < m; j++) {
		const polarity: number[] = [];
		for (let c = 0; c < k; c++) if (used[j * k + c]) polarity.push(c);
		const st: LabelingFunctionStats = { polarity, coverage: votes[j]! / n, overlaps: overlaps[j]! / n, conflicts: conflicts[j]! / n };
		if (gold) {
			st.correct = correct[j]!;
			st.incorrect = judged[j]! - correct[j]!;
			st.empiricalAccuracy = judged[j]! > 0 ? correct[j]! / judged[j]! : 0;
		}
		sources.push(st);
	}
	return {
		sources,
		labelCoverage: covered / n,
		labelOverlap: overlapped / n,
		labelConflict: conflicted / n,
		...(gold ? { goldItems } : {})
	};
}
