/**
 * Benjamini-Hochberg false discovery rate control, equal to statsmodels
 * `multipletests(p, alpha, method='fdr_bh')` for p-values without NaN:
 *   adjusted_(i) = min_{j >= i} min(1, m p_(j) / j)   (p sorted ascending, 1-based ranks),
 *   reject the hypotheses with the k smallest p-values, k = max{i : p_(i) <= i alpha / m}.
 * NaN p-values (tests that could not be run) are passed through: they get a NaN
 * adjusted value, are never rejected and do not count in m.
 */
import { stableArgsort } from './numeric-utils';

/** Conventional false discovery rate. */
export const DEFAULT_FDR_ALPHA = 0.05;

/** BH-adjusted p-values (same order as the input). */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
	return benjaminiHochbergTest(pValues).adjusted;
}

export interface BenjaminiHochbergResult {
	/** Adjusted p-values, monotone in the raw p-values, capped at 1, NaN passthrough. */
	adjusted: Float64Array;
	/** True where the hypothesis is rejected at FDR level alpha. */
	reject: boolean[];
}

/** BH adjusted p-values and the step-up reject mask at FDR `alpha`. */
export function benjaminiHochbergTest(
	pValues: ArrayLike<number>,
	alpha: number = DEFAULT_FDR_ALPHA
): BenjaminiHochbergResult {
	const n = pValues.length;
	const adjusted = new Float64Array(n).fill(NaN);
	const reject = new Array<boolean>(n).fill(false);
	// Stable order puts NaN last; only the first m entries are real tests.
	const order = stableArgsort(pValues);
	let m = 0;
	while (m < n && !Number.isNaN(pValues[order[m] as number] as number)) m++;
	if (m === 0) return { adjusted, reject };
	// Step-up rule on the raw p-values (as statsmodels, so boundary cases agree).
	let lastReject = -1;
	for (let i = 0; i < m; i++) {
		const p = pValues[order[i] as number] as number;
		if (p <= ((i + 1) / m) * alpha) lastReject = i;
	}
	for (let i = 0; i <= lastReject; i++) reject[order[i] as number] = true;
	// Adjusted values: running minimum from the largest p-value down.
	let running = Infinity;
	for (let i = m - 1; i >= 0; i--) {
		const idx = order[i] as number;
		const raw = (pValues[idx] as number) / ((i + 1) / m);
		running = Math.min(running, raw);
		adjusted[idx] = Math.min(1, running);
	}
	return { adjusted, reject };
}
