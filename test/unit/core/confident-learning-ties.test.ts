/**
 * Confident learning where the last bit decides (issue #12): probabilities that tie, a
 * probability sitting exactly at its class threshold, and calibrated cells that are exact
 * halves. Every expected value below is worked out by hand from cleanlab 2.9's documented
 * algorithm (see docs/notes/confident-learning-ties.md) and written out in the comments.
 */
import { describe, expect, test } from 'vitest';
import {
	calibrateConfidentJoint,
	computeConfidentJoint,
	findLabelIssues,
	numLabelIssues,
	overallLabelHealthScore,
	suggestedLabels,
	toRows
} from '../../../src/lib/core/confident-learning';
import { pairwiseSum } from '../../../src/lib/core/confident-learning/numpy-compat';
import { classStats } from '../../../src/lib/core/confident-learning/thresholds';

/** Row-major Float64Array from rows. */
const matrix = (...rows: number[][]) => Float64Array.from(rows.flat());

describe('ties between the given class and another class', () => {
	// K = 3, N = 8. Rows (given label: probabilities); all values are exact binary fractions.
	//   r0  0: [0.75, 0.25, 0   ]
	//   r1  0: [0.25, 0.75, 0   ]   a plain mislabel (class 1 clearly ahead)
	//   r2  1: [0,    0.75, 0.25]
	//   r3  1: [0.5,  0.25, 0.25]   a plain mislabel (class 0 clearly ahead)
	//   r4  1: [0.5,  0.5,  0   ]   given class 1 TIES class 0, which comes first
	//   r5  2: [0,    0.5,  0.5 ]   given class 2 TIES class 1
	//   r6  2: [0.5,  0,    0.5 ]   given class 2 TIES class 0
	//   r7  2: [0,    0,    1   ]
	// Thresholds (mean p[k] over rows given k): t0 = (0.75 + 0.25) / 2 = 0.5,
	// t1 = (0.75 + 0.25 + 0.5) / 3 = 0.5, t2 = (0.5 + 0.5 + 1) / 3 = 2/3.
	// A row is confident for class j when p[j] >= t_j - 1e-6 (0.499999, 0.499999, 0.666666...).
	// Confident class: the only confident class, or with several the row's argmax (numpy:
	// FIRST maximal index), even where the given class ties it:
	//   r0 {0} -> 0   r1 {1} -> 1   r2 {1} -> 1   r3 {0} -> 0
	//   r4 {0, 1} -> argmax of [0.5, 0.5, 0] = 0 (first of the tie)
	//   r5 {1} -> 1 (p2 = 0.5 < 0.666)   r6 {0} -> 0   r7 {2} -> 2
	// Confident joint C[given][confident]: row 0: r0, r1 -> [1, 1, 0]; row 1: r2 -> (1,1),
	// r3, r4 -> (1,0) -> [2, 1, 0]; row 2: r5 -> (2,1), r6 -> (2,0), r7 -> (2,2) -> [1, 1, 1].
	// Off the diagonal: r1, r3, r4, r5, r6.
	// cleanlab then drops every row whose argmax, after adding 1e-6 to p[given], is the given
	// label (`_reduce_issues`): r4 ([0.5, 0.500001, 0]), r5 ([0, 0.5, 0.500001]) and r6
	// ([0.5, 0, 0.500001]) go; r1 (0.250001 < 0.75) and r3 (0.250001 < 0.5) stay.
	// Before the fix, num_label_issues kept every off-diagonal row whose PLAIN argmax was not
	// the label, so the three ties (argmax 0, 1, 0) were counted: 5 instead of 2.
	const labels = Int32Array.from([0, 0, 1, 1, 1, 2, 2, 2]);
	const p = matrix(
		[0.75, 0.25, 0],
		[0.25, 0.75, 0],
		[0, 0.75, 0.25],
		[0.5, 0.25, 0.25],
		[0.5, 0.5, 0],
		[0, 0.5, 0.5],
		[0.5, 0, 0.5],
		[0, 0, 1]
	);

	test('the confident joint counts a tie at the first maximal class', () => {
		expect(Array.from(classStats(labels, p, 3).thresholds)).toEqual([0.5, 0.5, 2 / 3]);
		expect(toRows(computeConfidentJoint(labels, p, { calibrate: false }))).toEqual([
			[1, 1, 0],
			[2, 1, 0],
			[1, 1, 1]
		]);
	});

	test("num_label_issues('off_diagonal') leaves out rows whose given label ties the max: 2, not 5", () => {
		expect(numLabelIssues(labels, p)).toBe(2);
		// overall_label_health_score = 1 - 2 / 8
		expect(overallLabelHealthScore(labels, p)).toBe(0.75);
	});

	test("off_diagonal_calibrated: the calibrated joint's off-diagonal total (ties are counted there)", () => {
		// label counts [2, 3, 3], N = 8: each row of C already sums to its count
		// (2, 3, 3), so calibration changes nothing: off-diagonal 1 + 2 + 1 + 1 = 5.
		expect(toRows(computeConfidentJoint(labels, p))).toEqual([
			[1, 1, 0],
			[2, 1, 0],
			[1, 1, 1]
		]);
		expect(numLabelIssues(labels, p, { estimationMethod: 'off_diagonal_calibrated' })).toBe(5);
	});

	test('low_self_confidence / low_normalized_margin flag as many rows as num_label_issues', () => {
		// the 2 lowest self-confidences p[given]: r1 (0.25) and r3 (0.25); before the fix the
		// 5 lowest also took the three 0.5 ties r4, r5, r6
		expect(Array.from(findLabelIssues(labels, p, { filterBy: 'low_self_confidence' }).indices)).toEqual([1, 3]);
		// normalized margins (p[given] - max other + 1) / 2: r0 .75, r1 .25, r2 .75, r3 .375,
		// r4 .5, r5 .5, r6 .5, r7 1 -> the 2 lowest: r1, r3
		expect(Array.from(findLabelIssues(labels, p, { filterBy: 'low_normalized_margin' }).indices)).toEqual([1, 3]);
	});

	test('every other filter also lets the lifted argmax clear the ties', () => {
		// confident_learning: off-diagonal r1, r3, r4, r5, r6 minus the ties -> [1, 3]
		// predicted_neq_given: argmax != label for r1, r3, r4, r5, r6, minus the ties -> [1, 3]
		// prune_by_noise_rate: prune counts = calibrated off-diagonal cells; class 0, cell (0,1)
		// = 1: largest p1 - p0 among r0 (-0.5), r1 (0.5) -> r1; class 1, cell (1,0) = 2: p0 - p1
		// over r2 (-0.75), r3 (0.25), r4 (0) -> r3, r4; class 2, cell (2,0) = 1: p0 - p2 over r5
		// (-0.5), r6 (0), r7 (-1) -> r6; cell (2,1) = 1: p1 - p2 -> r5 (0). Flagged r1, r3, r4,
		// r5, r6, minus the ties -> [1, 3]; prune_by_class and both likewise end at [1, 3].
		for (const filterBy of ['confident_learning', 'predicted_neq_given', 'prune_by_noise_rate', 'prune_by_class', 'both'] as const) {
			expect(Array.from(findLabelIssues(labels, p, { filterBy }).indices), filterBy).toEqual([1, 3]);
		}
		// ranked by self-confidence: r1 and r3 both 0.25 -> row order
		expect(Array.from(findLabelIssues(labels, p, { returnIndicesRankedBy: 'self_confidence' }).indices)).toEqual([1, 3]);
	});

	test('suggestions follow the confident joint: a tie goes to the first maximal class', () => {
		const s = suggestedLabels(labels, p, Int32Array.from([1, 3, 4, 5, 6]));
		// r1 -> 1, r3 -> 0, r4 -> 0 (classes 0 and 1 confident and tied: first), r5 -> 1, r6 -> 0
		expect(Array.from(s.labels)).toEqual([1, 0, 0, 1, 0]);
		expect(Array.from(s.confident)).toEqual([1, 1, 1, 1, 1]);
	});
});

describe('a probability exactly at its class threshold minus the slack', () => {
	// Ten rows given class 0 with p = [0.1, 0.9]: np.mean adds them pairwise, 8 running sums
	// 0.1 each combined as ((0.1+0.1)+(0.1+0.1)) + ((0.1+0.1)+(0.1+0.1)) = 0.4 + 0.4 = 0.8, then
	// + 0.1 = 0.9, + 0.1 = 1 (all exact in float64), so t0 = 1 / 10 = 0.1. A left-to-right sum
	// gives 0.9999999999999999 and t0 = 0.09999999999999999.
	// Row r10, given 1: p = [x, 1 - x] with x = 0.09999999999999999 - 1e-6 = 0.09999899999999999,
	// just below cleanlab's t0 - 1e-6 = 0.099999: NOT confident for class 0. Class 1 (rows r10
	// and r11 = [0, 1]) has t1 = (0.900001 + 1) / 2 = 0.95..., and p1 = 0.900001 misses it.
	// So r10 is counted nowhere: C = [[10, 0], [0, 1]] (r0..r9 -> (0,0), r11 -> (1,1)).
	// With the left-to-right mean, x >= t0 - 1e-6 would put r10 in (1, 0).
	const x = 0.09999999999999999 - 1e-6;
	const labels = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
	const p = matrix(...Array.from({ length: 10 }, () => [0.1, 0.9]), [x, 1 - x], [0, 1]);

	test("thresholds are np.mean's (pairwise) and decide the row at the boundary", () => {
		expect(classStats(labels, p, 2).thresholds[0]).toBe(0.1);
		expect(x).toBeLessThan(0.1 - 1e-6);
		expect(toRows(computeConfidentJoint(labels, p, { calibrate: false }))).toEqual([
			[10, 0],
			[0, 1]
		]);
	});

	test('thresholds are clipped below at 2e-6 (a class whose mean self-confidence is ~0)', () => {
		// t1 = mean(0, 1e-6) = 5e-7 is raised to CONFIDENT_THRESHOLDS_LOWER_BOUND = 2e-6, so a row
		// needs p1 >= 2e-6 - 1e-6 = 1e-6 to be confident for class 1 (p1 = 0 no longer is).
		const l = Int32Array.from([0, 1, 1]);
		const q = matrix([1, 0], [1 - 1e-6, 1e-6], [1, 0]);
		expect(Array.from(classStats(l, q, 2).thresholds)).toEqual([1, 2e-6]);
	});
});

describe('the calibrated joint with exact halves', () => {
	// K = 4, label counts [8, 11, 35, 10], N = 64 (a power of two, so / N and * N are exact).
	// Uncalibrated joint C and the row rescaling C[i][j] / rowSum_i * count_i:
	//   row 0 [1, 3, 5, 7]   sum 16, * 8/16  -> [0.5, 1.5, 2.5, 3.5]      exact halves
	//   row 1 [3, 7, 11, 1]  sum 22, * 11/22 -> [1.5, 3.5, 5.5, 0.5]      exact halves
	//   row 2 [3, 2, 2, 0]   sum 7,  * 35/7  -> [15, 10, 10, 0]
	//   row 3 [1, 3, 1, 4]   sum 9,  * 10/9  -> [1.111.., 3.333.., 1.111.., 4.444..]
	// (each product rounds to exactly the value shown for rows 0-2 in float64).
	// Matrix total as np.sum adds the 16 cells: 8 running sums r_j = v_j + v_{j+8}
	// = [15.5, 11.5, 12.5, 3.5, 2.611.., 6.833.., 6.611.., 4.944..], combined
	// ((r0+r1)+(r2+r3)) + ((r4+r5)+(r6+r7)) = 43 + 21 = 64 exactly. (Left to right the total is
	// 64.00000000000001, which turned every half into x.4999... and changed the rounding.)
	// So the cells are unchanged by "/ total * N", and each row is rounded:
	//   row 0: np.round (half to even) -> [0, 2, 2, 4], sum 8 = round(8): done.
	//   row 1: -> [2, 4, 6, 0], sum 12 but round(11) = 11: one entry down, the smallest residual
	//          value - rounded: [-0.5, -0.5, -0.5, 0.5]; three tie; numpy's argsort of 4 values is
	//          an insertion sort, so the first of them (position 0) moves -> [1, 4, 6, 0].
	//   row 2: [15, 10, 10, 0] as it is.
	//   row 3: -> [1, 3, 1, 4], sum 9 but round(10) = 10: one entry up, the largest residual
	//          (0.444.. at position 3) -> [1, 3, 1, 5].
	const joint = matrix([1, 3, 5, 7], [3, 7, 11, 1], [3, 2, 2, 0], [1, 3, 1, 4]);
	const labelCounts = Float64Array.from([8, 11, 35, 10]);

	test('the total is summed pairwise (64), not left to right (64.00000000000001)', () => {
		const scaled = matrix(
			[0.5, 1.5, 2.5, 3.5],
			[1.5, 3.5, 5.5, 0.5],
			[15, 10, 10, 0],
			[(1 / 9) * 10, (3 / 9) * 10, (1 / 9) * 10, (4 / 9) * 10]
		);
		expect(pairwiseSum(scaled, 0, 16)).toBe(64);
		expect(scaled.reduce((a, b) => a + b, 0)).toBe(64.00000000000001);
	});

	test('halves round to even, then the sum-preserving step moves the first tied entry', () => {
		expect(Array.from(calibrateConfidentJoint(joint, labelCounts, 4))).toEqual(
			[
				[0, 2, 2, 4],
				[1, 4, 6, 0],
				[15, 10, 10, 0],
				[1, 3, 1, 5]
			].flat()
		);
	});
});
