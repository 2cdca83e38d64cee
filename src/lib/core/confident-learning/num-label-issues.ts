import { calibrateConfidentJoint } from './calibrate';
import { countConfidentJoint } from './confident-joint';
import { resolveDims, type ProbMatrix } from './shape';
import { classStats } from './thresholds';

export type NumLabelIssuesMethod = 'off_diagonal' | 'off_diagonal_calibrated';

/** Sum of the off-diagonal entries of a K x K matrix. */
export function offDiagonalSum(matrix: Float64Array, k: number): number {
	let total = 0;
	for (let c = 0; c < k * k; c++) if (c % (k + 1) !== 0) total += matrix[c] as number;
	return total;
}

/**
 * cleanlab's `num_label_issues`: the estimated number of mislabelled examples,
 * - 'off_diagonal' (default): examples confidently counted into a class other than their
 *   label (the uncalibrated joint's off-diagonal), minus those whose given label is the
 *   argmax once lifted by 1e-6 (`givenLabelNearMax`: a tie with the given label is no issue);
 * - 'off_diagonal_calibrated': off-diagonal total of the calibrated confident joint.
 */
export function numLabelIssues(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: { estimationMethod?: NumLabelIssuesMethod; k?: number } = {}
): number {
	const { k } = resolveDims(labels, predProbs, options.k);
	const method = options.estimationMethod ?? 'off_diagonal';
	const { thresholds, labelCounts } = classStats(labels, predProbs, k);
	const counts = countConfidentJoint(labels, predProbs, k, thresholds, { countOffDiagonalIssues: true });
	switch (method) {
		case 'off_diagonal':
			return counts.numOffDiagonalIssues;
		case 'off_diagonal_calibrated':
			return offDiagonalSum(calibrateConfidentJoint(counts.joint, labelCounts, k), k);
		default:
			throw new Error(`Unknown estimation method '${method as string}'; use 'off_diagonal' or 'off_diagonal_calibrated'.`);
	}
}
