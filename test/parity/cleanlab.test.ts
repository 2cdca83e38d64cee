/**
 * Parity with cleanlab 2.9.0 on the golden vectors in test/fixtures/golden/cleanlab
 * (see test/fixtures/golden/README.md for how they were made and the tie rules).
 * Flagged sets and ranked orders must be identical, counts equal, matrices and scores
 * within 1e-9 (the JSON rounds scores to 12 decimals).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
	clipAndNormalizeRows,
	computeConfidentJoint,
	estimateJoint,
	estimatePyAndNoiseMatrices,
	FILTER_BY_METHODS,
	findLabelIssues,
	findOverlappingClasses,
	getLabelQualityScores,
	LABEL_QUALITY_METHODS,
	numLabelIssues,
	overallLabelHealthScore,
	toRows,
	type ProbMatrix
} from '../../src/lib/core/confident-learning';
import { asLabels, asMatrix, parseNpy } from '../../src/lib/data/load/npy';

const GOLDEN = 'test/fixtures/golden/cleanlab/';
const TOLERANCE = 1e-9;

interface Golden {
	n: number;
	k: number;
	confident_joint: number[][];
	confident_joint_calibrated: number[][];
	joint: number[][];
	py: number[];
	noise_matrix: number[][];
	inverse_noise_matrix: number[][];
	label_issues: Record<string, number[]>;
	ranked_by: Record<string, number[]>;
	scores: Record<string, number[]>;
	num_label_issues: { off_diagonal: number; off_diagonal_calibrated: number };
	overall_label_health_score: number;
	overlapping_classes: {
		'Class Index A': number;
		'Class Index B': number;
		'Num Overlapping Examples': number;
		'Joint Probability': number;
	}[];
}

function npy(path: string) {
	return parseNpy(readFileSync(path), path);
}

/** Labels and probabilities of a golden case, prepared as the golden README says. */
function loadCase(name: string): { labels: Int32Array; predProbs: ProbMatrix; k: number } {
	if (name === 'mnist') {
		// clipped to [0, 1], rows divided by their sum
		const labels = asLabels(npy('static/demo/mnist/labels.npy'), 'labels.npy');
		const m = asMatrix(npy('static/demo/mnist/pred_probs.npy'), 'pred_probs.npy');
		return { labels, predProbs: clipAndNormalizeRows(m.data, m.k), k: m.k };
	}
	const labels = asLabels(npy(`${GOLDEN}${name}_labels.npy`), `${name}_labels.npy`);
	const m = asMatrix(npy(`${GOLDEN}${name}_pred_probs.npy`), `${name}_pred_probs.npy`);
	return { labels, predProbs: m.data, k: m.k };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>) {
	expect(actual.length).toBe(expected.length);
	let worst = 0;
	let at = -1;
	for (let i = 0; i < expected.length; i++) {
		const d = Math.abs((actual[i] as number) - (expected[i] as number));
		if (!(d <= worst)) {
			worst = d;
			at = i;
		}
	}
	expect(worst, `largest difference at index ${at}`).toBeLessThanOrEqual(TOLERANCE);
}

const flat = (m: number[][]) => m.flat();

describe.each(['k2_n1000', 'k3_n500', 'k4_n3000_imbalanced', 'mnist'])('cleanlab 2.9.0 golden: %s', (name) => {
	const golden = JSON.parse(readFileSync(`${GOLDEN}${name}.expected.json`, 'utf8')) as Golden;
	const { labels, predProbs, k } = loadCase(name);

	test('inputs have the golden shape', () => {
		expect([labels.length, k]).toEqual([golden.n, golden.k]);
	});

	test('confident joint, uncalibrated and calibrated', () => {
		expect(toRows(computeConfidentJoint(labels, predProbs, { calibrate: false }))).toEqual(golden.confident_joint);
		expect(toRows(computeConfidentJoint(labels, predProbs))).toEqual(golden.confident_joint_calibrated);
	});

	test('estimate_joint', () => {
		expectClose(estimateJoint(labels, predProbs).data, flat(golden.joint));
	});

	test('py, noise matrix and inverse noise matrix', () => {
		const e = estimatePyAndNoiseMatrices(labels, predProbs);
		expectClose(e.py, golden.py);
		expectClose(e.noiseMatrix.data, flat(golden.noise_matrix));
		expectClose(e.inverseNoiseMatrix.data, flat(golden.inverse_noise_matrix));
	});

	test.each(FILTER_BY_METHODS)('find_label_issues filter_by=%s flags the same examples', (filterBy) => {
		const { mask, indices } = findLabelIssues(labels, predProbs, { filterBy });
		expect(Array.from(indices)).toEqual(golden.label_issues[filterBy]);
		expect(mask.reduce((a, b) => a + b, 0)).toBe(indices.length);
	});

	test.each(LABEL_QUALITY_METHODS)('return_indices_ranked_by=%s gives the same order', (method) => {
		const { indices } = findLabelIssues(labels, predProbs, { returnIndicesRankedBy: method });
		expect(Array.from(indices)).toEqual(golden.ranked_by[method]);
	});

	test.each(LABEL_QUALITY_METHODS)('get_label_quality_scores method=%s', (method) => {
		expectClose(getLabelQualityScores(labels, predProbs, { method }), golden.scores[method] as number[]);
	});

	test('num_label_issues and overall_label_health_score', () => {
		expect(numLabelIssues(labels, predProbs)).toBe(golden.num_label_issues.off_diagonal);
		expect(numLabelIssues(labels, predProbs, { estimationMethod: 'off_diagonal_calibrated' })).toBe(
			golden.num_label_issues.off_diagonal_calibrated
		);
		expect(Math.abs(overallLabelHealthScore(labels, predProbs) - golden.overall_label_health_score)).toBeLessThanOrEqual(
			TOLERANCE
		);
	});

	test('find_overlapping_classes: same records in the same order', () => {
		const got = findOverlappingClasses(labels, predProbs);
		expect(got.map((r) => [r.classA, r.classB, r.numOverlapping])).toEqual(
			golden.overlapping_classes.map((r) => [r['Class Index A'], r['Class Index B'], r['Num Overlapping Examples']])
		);
		expectClose(
			got.map((r) => r.jointProbability),
			golden.overlapping_classes.map((r) => r['Joint Probability'])
		);
	});
});

describe('cleanlab 2.9.0 on 20news_test_set (issue #12: the calibrated joint rounds exact halves)', () => {
	const dir = 'test/fixtures/label-errors/';
	const labels = asLabels(npy(`${dir}20news_test_set_labels.npy`), '20news_test_set_labels.npy');
	const { data: predProbs, k } = asMatrix(npy(`${dir}20news_test_set_pred_probs.npy`), '20news_test_set_pred_probs.npy');

	test('row 3 of the calibrated joint: three exact halves, two rounded down', () => {
		// Row 3 of the uncalibrated joint counts [0, 1, 2, 218, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0 ...]
		// (224 rows) and 392 examples are given label 3: scaled by 392 / 224 = 1.75 the nonzero
		// cells are 1.75, 3.5, 381.5, 3.5, 1.75. numpy's pairwise total of the 400 scaled cells
		// is exactly 7532 = N (left to right: 7532.000000000001), so "/ total * N" keeps the
		// halves exact. np.round: 2, 4, 382, 4, 2 = 394, but the row must sum to round(392) = 392:
		// two entries go down, the smallest residuals (value - rounded), -0.5 at columns 2, 3
		// and 6; numpy's argsort of those 20 residuals puts columns 2 and 3 first (as a stable
		// sort would) -> 3, 381 and 4 stays.
		expect(toRows(computeConfidentJoint(labels, predProbs, { k }))[3]).toEqual([
			0, 2, 3, 381, 0, 0, 4, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0
		]);
	});

	test("num_label_issues(estimation_method='off_diagonal_calibrated') is 96", () => {
		expect(numLabelIssues(labels, predProbs, { k, estimationMethod: 'off_diagonal_calibrated' })).toBe(96);
	});
});
