import { roundHalfEven } from './round-preserving-sum';
import { estimateJoint } from './noise-matrices';
import { pandasDescendingOrder } from './numpy-compat';
import { resolveDims, type ProbMatrix } from './shape';

export interface OverlappingClassPair {
	/** smaller class index of the pair */
	classA: number;
	/** larger class index of the pair */
	classB: number;
	/** estimated examples of either class labelled as the other: round(jointProbability * N) */
	numOverlapping: number;
	/** Q[a][b] + Q[b][a] from `estimateJoint` */
	jointProbability: number;
}

/**
 * cleanlab's `find_overlapping_classes` (symmetric, the default): every pair a < b with the
 * probability mass the estimated joint puts on confusing them, sorted by descending joint
 * probability. Ties keep cleanlab's order exactly: pandas' (unstable) quicksort over the
 * pairs listed row by row, reproduced by `pandasDescendingOrder`. K (K-1) / 2 records.
 */
export function findOverlappingClasses(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: { k?: number } = {}
): OverlappingClassPair[] {
	const { n, k } = resolveDims(labels, predProbs, options.k);
	const joint = estimateJoint(labels, predProbs, { k }).data;
	const pairs: OverlappingClassPair[] = [];
	for (let a = 0; a < k; a++) {
		for (let b = a + 1; b < k; b++) {
			const p = (joint[a * k + b] as number) + (joint[b * k + a] as number);
			pairs.push({ classA: a, classB: b, numOverlapping: roundHalfEven(p * n), jointProbability: p });
		}
	}
	const order = pandasDescendingOrder(pairs.map((x) => x.jointProbability));
	return Array.from(order, (i) => pairs[i] as OverlappingClassPair);
}
