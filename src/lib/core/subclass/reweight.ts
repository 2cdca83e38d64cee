/**
 * Per-subclass rates on an annotated sample, unweighted and reweighted to the
 * population by the sampling weights.
 *
 * Unweighted: p = errors / n with the Wilson interval on n.
 * Reweighted: the weighted proportion p_w = Σ w_i e_i / Σ w_i over the
 * subclass's annotated rows (e_i in {0, 1}, w_i = stratum size / sampled count),
 * the ratio (Hájek) estimator of the subclass's population rate. Its interval
 * is the Wilson interval computed at p_w on Kish's effective sample size
 * n_eff = (Σ w_i)² / Σ w_i² (Kish 1965), which equals n when all weights are
 * equal and shrinks as they spread; this is the usual design-effect
 * adjustment of a binomial interval for unequal weights (an approximation).
 * `populationSize` = Σ w_i estimates how many population rows the subclass has.
 */
import { Z_95 } from '../stats/wilson';
import { zForConfidence } from './sample-size';

export interface RateWithInterval {
	value: number;
	lo: number;
	hi: number;
}

export interface SubclassRate {
	subclass: string;
	/** Annotated rows in the subclass. */
	n: number;
	errors: number;
	unweighted: RateWithInterval;
	weighted: RateWithInterval;
	/** Kish's effective sample size of the weighted estimate. */
	effectiveN: number;
	/** Σ weights: estimated rows of the subclass in the population. */
	populationSize: number;
}

/** Wilson interval for a proportion p on a (possibly fractional) n > 0, bounds clamped to [0, 1]. */
export function wilsonAt(p: number, n: number, z: number): { lo: number; hi: number } {
	const z2 = z * z;
	const denom = 1 + z2 / n;
	const center = (p + z2 / (2 * n)) / denom;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
	return { lo: p === 0 ? 0 : Math.max(0, center - half), hi: p === 1 ? 1 : Math.min(1, center + half) };
}

/**
 * Rates by subclass. `subclass[i]` is row i's annotated value (null: not
 * annotated, skipped), `error[i]` whether the model is wrong on it (or any 0/1
 * outcome), `weight[i]` its sampling weight (> 0). Subclasses sorted by name.
 */
export function reweightedRates(
	subclass: readonly (string | null)[],
	error: ArrayLike<number | boolean>,
	weight: ArrayLike<number>,
	confidence = 0.95
): SubclassRate[] {
	const n = subclass.length;
	if (error.length !== n || weight.length !== n) throw new RangeError(`subclass (${n}), error (${error.length}) and weight (${weight.length}) must have one entry per row.`);
	const z = confidence === 0.95 ? Z_95 : zForConfidence(confidence);
	const acc = new Map<string, { n: number; errors: number; w: number; w2: number; we: number }>();
	for (let i = 0; i < n; i++) {
		const s = subclass[i];
		if (s === null || s === undefined) continue;
		const w = weight[i]!;
		if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`Row ${i}: the sampling weight must be a positive number, got ${w}.`);
		const e = Number(error[i]);
		if (e !== 0 && e !== 1) throw new RangeError(`Row ${i}: the outcome must be 0 or 1, got ${error[i]}.`);
		let a = acc.get(s);
		if (!a) acc.set(s, (a = { n: 0, errors: 0, w: 0, w2: 0, we: 0 }));
		a.n++;
		a.errors += e;
		a.w += w;
		a.w2 += w * w;
		a.we += w * e;
	}
	return [...acc.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([s, a]) => {
			const p = a.errors / a.n;
			const pw = a.we / a.w;
			const effectiveN = (a.w * a.w) / a.w2;
			return {
				subclass: s,
				n: a.n,
				errors: a.errors,
				unweighted: { value: p, ...wilsonAt(p, a.n, z) },
				weighted: { value: pw, ...wilsonAt(pw, effectiveN, z) },
				effectiveN,
				populationSize: a.w
			};
		});
}
