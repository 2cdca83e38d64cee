import type { ProbMatrix } from './shape';

/**
 * A flagged example stays flagged only if its given label is clearly not the prediction:
 * cleanlab un-flags rows whose p[given] + 1e-6 would be the (first) argmax, so float noise
 * between near-equal probabilities cannot make an issue.
 */
export const NEAR_MAX_TOLERANCE = 1e-6;

/**
 * True when the given label would be the first argmax of the row after adding
 * NEAR_MAX_TOLERANCE to its probability. Always true when the label is the strict maximum.
 */
export function givenLabelNearMax(predProbs: ProbMatrix, offset: number, k: number, label: number): boolean {
	const lifted = (predProbs[offset + label] as number) + NEAR_MAX_TOLERANCE;
	for (let j = 0; j < k; j++) {
		if (j !== label && outranksLifted(predProbs[offset + j] as number, j, lifted, label)) return false;
	}
	return true;
}

/**
 * Whether class j (j != label) with probability v would still be argmax-first over the
 * label lifted to `lifted`: strictly above it, or equal and earlier in class order.
 */
export function outranksLifted(v: number, j: number, lifted: number, label: number): boolean {
	return v > lifted || (v === lifted && j < label);
}
