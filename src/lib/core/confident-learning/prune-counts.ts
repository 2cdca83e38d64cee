/**
 * How many examples each pruning method removes, derived from the calibrated confident joint
 * C[given i][true j] (paper Sec. 3.2, "Rank and Prune"), honouring cleanlab's
 * `min_examples_per_class` and `frac_noise`.
 */
export interface PruneCounts {
	/** K x K [given i][true j]: examples labelled i to remove as likely truly j (i != j; diagonal 0) */
	perCell: Float64Array;
	/** length K: examples labelled i to remove in total (prune_by_class) */
	perClass: Float64Array;
}

/**
 * For each given class i (one row of C):
 *  1. keep at least `minExamples`: the diagonal becomes d' = max(C[i][i], minExamples) and the
 *     increase is taken evenly off the row's nonzero off-diagonal entries, never below zero
 *     (the share divides by the row's nonzero count minus one, at least 1, as cleanlab does);
 *  2. scale the off-diagonal by `fracNoise`, truncating to integers; what is not removed is
 *     credited back to the diagonal.
 * A class with at most `minExamples` given examples is not pruned at all.
 * Returns integer counts; O(K^2).
 */
export function computePruneCounts(
	calibrated: Float64Array,
	labelCounts: Float64Array,
	k: number,
	minExamples: number,
	fracNoise: number
): PruneCounts {
	const perCell = new Float64Array(k * k);
	const perClass = new Float64Array(k);
	for (let i = 0; i < k; i++) {
		if ((labelCounts[i] as number) <= minExamples) continue;
		const row = i * k;
		const diag = calibrated[row + i] as number;
		const newDiag = Math.max(diag, minExamples);
		let nonzero = 0;
		for (let j = 0; j < k; j++) if (calibrated[row + j] !== 0) nonzero++;
		const share = (newDiag - diag) / Math.max(nonzero - 1, 1);
		let keptBack = 0;
		for (let j = 0; j < k; j++) {
			if (j === i) continue;
			const off = Math.max((calibrated[row + j] as number) - share, 0);
			const scaled = off * fracNoise;
			perCell[row + j] = Math.trunc(scaled);
			keptBack += off - scaled;
		}
		perClass[i] = Math.max((labelCounts[i] as number) - Math.trunc(newDiag + keptBack), 0);
	}
	return { perCell, perClass };
}
