/**
 * Accuracy and log loss of predicted probabilities against labels, over any subset of rows.
 * Accuracy: the share of rows whose most probable class (the first one on ties, as numpy's argmax)
 * is the label. Log loss: the mean of -ln p(label), with p clipped below at 1e-15 (as scikit-learn's
 * `log_loss` clips) so a confident mistake costs about 34.5 rather than infinity.
 * Rows with a missing label (negative) are skipped.
 */

/** Smallest probability a log loss takes the logarithm of. */
export const LOG_LOSS_CLIP = 1e-15;

export interface Scores {
	/** Labeled rows scored. */
	n: number;
	/** NaN when n = 0. */
	accuracy: number;
	logLoss: number;
}

/** The most probable class of row i (first on ties). */
export function argmaxRow(probs: ArrayLike<number>, k: number, i: number): number {
	let best = 0;
	let max = probs[i * k]!;
	for (let j = 1; j < k; j++) {
		const p = probs[i * k + j]!;
		if (p > max) {
			max = p;
			best = j;
		}
	}
	return best;
}

/** Scores over the rows for which `include(i)` holds. */
export function scoreRows(probs: ArrayLike<number>, k: number, labels: Int32Array, include: (i: number) => boolean): Scores {
	let n = 0;
	let correct = 0;
	let loss = 0;
	for (let i = 0; i < labels.length; i++) {
		const y = labels[i]!;
		if (y < 0 || !include(i)) continue;
		n++;
		if (argmaxRow(probs, k, i) === y) correct++;
		loss -= Math.log(Math.max(probs[i * k + y]!, LOG_LOSS_CLIP));
	}
	return { n, accuracy: n ? correct / n : NaN, logLoss: n ? loss / n : NaN };
}

/** Scores of the rows of each class: accuracy is that class's recall. */
export function scoresByClass(probs: ArrayLike<number>, k: number, labels: Int32Array): Scores[] {
	return Array.from({ length: k }, (_, c) => scoreRows(probs, k, labels, (i) => labels[i] === c));
}
