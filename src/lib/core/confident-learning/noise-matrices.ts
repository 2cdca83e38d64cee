import { calibrateConfidentJoint, TINY_VALUE } from './calibrate';
import { countConfidentJoint } from './confident-joint';
import { countLabels, resolveDims, type ProbMatrix, type SquareMatrix } from './shape';
import { classStats } from './thresholds';

/** Smallest prior P(true = k) reported; no class is given probability 0 (cleanlab's clip_py). */
export const MIN_PY = 1e-5;
/** Largest off-diagonal noise rate kept; a rate of 1 would mean a class is never itself. */
export const MAX_NOISE_RATE = 0.9999;

/**
 * The calibrated confident joint (K x K, [given][true], integer counts summing to N),
 * computed from scratch or from an uncalibrated joint you already have.
 */
export function calibratedJoint(
	labels: Int32Array,
	predProbs: ProbMatrix,
	k: number,
	uncalibrated?: Float64Array
): Float64Array {
	if (uncalibrated) return calibrateConfidentJoint(uncalibrated, countLabels(labels, k), k);
	const { thresholds, labelCounts } = classStats(labels, predProbs, k);
	return calibrateConfidentJoint(countConfidentJoint(labels, predProbs, k, thresholds).joint, labelCounts, k);
}

/**
 * cleanlab's `estimate_joint`: Q[given i][true j] = P(label = i, true label = j), the
 * calibrated confident joint divided by its total. K x K, sums to 1.
 */
export function estimateJoint(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: { k?: number; confidentJoint?: SquareMatrix } = {}
): SquareMatrix {
	const { k } = resolveDims(labels, predProbs, options.k);
	const calibrated = calibratedJoint(labels, predProbs, k, options.confidentJoint?.data);
	return { k, data: normalizeTotal(calibrated) };
}

/** Divide every entry by the matrix total (guarded by TINY_VALUE). */
export function normalizeTotal(matrix: Float64Array): Float64Array {
	const total = matrix.reduce((a, b) => a + b, 0);
	return matrix.map((v) => v / Math.max(total, TINY_VALUE));
}

export interface PyAndNoiseMatrices {
	/** P(true label = j), length K, sums to 1 */
	py: Float64Array;
	/** noise_matrix[i][j] = P(given = i | true = j); columns sum to 1 */
	noiseMatrix: SquareMatrix;
	/** inverse_noise_matrix[j][i] = P(true = j | given = i); columns sum to 1 */
	inverseNoiseMatrix: SquareMatrix;
	/** the calibrated confident joint the three were derived from */
	confidentJoint: SquareMatrix;
}

/**
 * cleanlab's `estimate_py_and_noise_matrices_from_probabilities` with its defaults
 * (calibrated joint, py_method 'cnt', no convergence iterations). From the calibrated
 * joint C (rows given i, columns true j):
 *   noise[i][j]   = C[i][j] / sum_i C[i][j]
 *   inverse[j][i] = C[i][j] / sum_j C[i][j]
 *   py[j]         = sum_i inverse[j][i] * P(given = i), clipped to >= MIN_PY and renormalised
 * then off-diagonal rates are clipped to [0, MAX_NOISE_RATE] and columns renormalised.
 */
export function estimatePyAndNoiseMatrices(
	labels: Int32Array,
	predProbs: ProbMatrix,
	options: { k?: number } = {}
): PyAndNoiseMatrices {
	const { n, k } = resolveDims(labels, predProbs, options.k);
	return pyAndNoiseFromCalibrated(calibratedJoint(labels, predProbs, k), countLabels(labels, k), n, k);
}

/**
 * {@link estimatePyAndNoiseMatrices} from a calibrated confident joint `cj` (K x K, [given][true])
 * and the given-label counts of the `n` rows: what a joint counted elsewhere (portable SQL) needs.
 */
export function pyAndNoiseFromCalibrated(cj: Float64Array, labelCounts: Float64Array, n: number, k: number): PyAndNoiseMatrices {
	const colSums = new Float64Array(k);
	const rowSums = new Float64Array(k);
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < k; j++) {
			const c = cj[i * k + j] as number;
			rowSums[i] = (rowSums[i] as number) + c;
			colSums[j] = (colSums[j] as number) + c;
		}
	}
	const noise = new Float64Array(k * k);
	const inverse = new Float64Array(k * k);
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < k; j++) {
			const c = cj[i * k + j] as number;
			noise[i * k + j] = c / Math.max(colSums[j] as number, TINY_VALUE);
			inverse[j * k + i] = c / Math.max(rowSums[i] as number, TINY_VALUE);
		}
	}
	const py = new Float64Array(k);
	for (let j = 0; j < k; j++) {
		let sum = 0;
		for (let i = 0; i < k; i++) sum += (inverse[j * k + i] as number) * ((labelCounts[i] as number) / n);
		py[j] = sum;
	}
	return {
		py: clipPy(py),
		noiseMatrix: { k, data: clipNoiseRates(noise, k) },
		inverseNoiseMatrix: { k, data: clipNoiseRates(inverse, k) },
		confidentJoint: { k, data: cj }
	};
}

/** Clip the prior to [MIN_PY, 1] and renormalise to sum 1. */
function clipPy(py: Float64Array): Float64Array {
	const clipped = py.map((p) => Math.min(Math.max(p, MIN_PY), 1));
	const total = clipped.reduce((a, b) => a + b, 0);
	return clipped.map((p) => p / total);
}

/**
 * Clip off-diagonal entries to [0, MAX_NOISE_RATE] (the diagonal is kept), then divide each
 * column by its total so columns sum to 1.
 */
function clipNoiseRates(m: Float64Array, k: number): Float64Array {
	const out = m.map((v, c) => (c % (k + 1) === 0 ? v : Math.min(Math.max(v, 0), MAX_NOISE_RATE)));
	for (let j = 0; j < k; j++) {
		let total = 0;
		for (let i = 0; i < k; i++) total += out[i * k + j] as number;
		for (let i = 0; i < k; i++) out[i * k + j] = (out[i * k + j] as number) / Math.max(total, TINY_VALUE);
	}
	return out;
}
