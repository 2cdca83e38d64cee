import { rowScoreFunction, type LabelQualityMethod } from './label-quality-scores';
import type { ProbMatrix } from './shape';

/**
 * cleanlab's `order_label_issues`: the given example rows sorted by ascending label quality
 * score (most likely mislabelled first); equal scores keep ascending row order (a stable sort
 * of ascending `rows`). Returns a new Int32Array; O(m log m) for m rows.
 */
export function orderLabelIssues(
	rows: Int32Array,
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	method: LabelQualityMethod
): Int32Array {
	const score = rowScoreFunction(method);
	const scores = new Float64Array(rows.length);
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i] as number;
		scores[i] = score(predProbs, r * k, k, labels[r] as number);
	}
	const order = Array.from(rows.keys());
	order.sort((a, b) => (scores[a] as number) - (scores[b] as number) || (rows[a] as number) - (rows[b] as number));
	return Int32Array.from(order, (i) => rows[i] as number);
}
