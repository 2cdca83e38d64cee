/**
 * How many rows to annotate in a stratum so that an error rate estimated on
 * them has a Wilson interval no wider than ±h at the chosen confidence.
 *
 * The rule. The Wilson half-width for a proportion p on n rows is
 *   half(n, p) = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/(4n²)),
 * largest at p = 1/2 for every n (the rate is unknown before annotating, so
 * we plan for the worst case). At p = 1/2 it simplifies to
 *   half(n) = z / (2 · sqrt(n + z²)),
 * which falls strictly with n, and half(n) <= h  <=>  n >= z²/(4h²) - z².
 * The required size is the smallest integer n >= 1 satisfying that; we take
 * the ceiling and then step by one where floating-point rounding could put it
 * off by one, checking the inequality directly.
 *
 * Example (95%, z = 1.959964): h = 0.05 gives 381, h = 0.10 gives 93,
 * h = 0.03 gives 1064.
 */
import { normalCdf } from '../stats/distributions';
import { Z_95 } from '../stats/wilson';

/** Wilson half-width at p = 1/2 on n rows. */
export function wilsonWorstHalfWidth(n: number, z: number): number {
	return z / (2 * Math.sqrt(n + z * z));
}

/** The two-sided standard normal quantile for a confidence level in (0, 1), e.g. 0.95 -> 1.959964. */
export function zForConfidence(confidence: number): number {
	if (!(confidence > 0 && confidence < 1)) throw new RangeError(`The confidence level must be between 0 and 1 (e.g. 0.95), got ${confidence}.`);
	if (confidence === 0.95) return Z_95;
	const target = 1 - (1 - confidence) / 2;
	let lo = 0;
	let hi = 40;
	for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
		const mid = (lo + hi) / 2;
		if (normalCdf(mid) < target) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

/**
 * The smallest n whose worst-case (p = 1/2) Wilson half-width is <= `halfWidth`
 * at the given confidence. Throws RangeError unless 0 < halfWidth < 0.5.
 */
export function wilsonSampleSize(halfWidth: number, confidence = 0.95): number {
	if (!(halfWidth > 0 && halfWidth < 0.5)) throw new RangeError(`The half-width must be between 0 and 0.5 (e.g. 0.05 for ±5 points), got ${halfWidth}.`);
	const z = zForConfidence(confidence);
	const z2 = z * z;
	let n = Math.max(1, Math.ceil(z2 / (4 * halfWidth * halfWidth) - z2));
	while (n > 1 && wilsonWorstHalfWidth(n - 1, z) <= halfWidth) n--;
	while (wilsonWorstHalfWidth(n, z) > halfWidth) n++;
	return n;
}
