/**
 * Which rows to annotate: a stratified random sample by class (and by any
 * attribute already known), the same size in every stratum, chosen by
 * {@link wilsonSampleSize} so that an error rate measured on one subclass of a
 * stratum has a Wilson interval within ±halfWidth at the chosen confidence
 * (worst case p = 1/2), and capped by the stratum's size (a stratum smaller
 * than that is annotated in full).
 *
 * Each sampled row stands for `weight = stratum size / sampled count` rows of
 * the population (its inverse inclusion probability); {@link reweightedRates}
 * uses those weights to carry rates from the sample back to the population.
 *
 * Reproducible: each stratum draws with its own generator seeded from
 * (seed, stratum key), so the same seed gives the same rows, and adding or
 * removing another stratum does not change this one's rows.
 */
import { fnv1a, mulberry32, assertSeed, sampleWithoutReplacement } from './prng';
import { wilsonSampleSize } from './sample-size';
import { groupRows, keyLabel, keyText, type CellKey } from './strata';

export interface SamplingPlanOptions {
	/** Wanted half-width of the per-subclass interval, as a proportion (0.05 = ±5 points). Default 0.05. */
	halfWidth?: number;
	/** Confidence level of the interval. Default 0.95. */
	confidence?: number;
	/** Seed of the random draw (an integer). Default 0. */
	seed?: number;
}

export const SAMPLING_DEFAULTS = { halfWidth: 0.05, confidence: 0.95, seed: 0 } as const;

export interface PlannedStratum {
	key: CellKey;
	label: string;
	/** Rows in the population with this combination. */
	size: number;
	/** Rows drawn to annotate: min(size, perStratum). */
	sampled: number;
	/** size / sampled: how many population rows one annotated row stands for. */
	weight: number;
	/** The drawn rows (0-based), ascending. */
	rows: number[];
}

export interface SamplingPlan {
	seed: number;
	halfWidth: number;
	confidence: number;
	/** Rows wanted in each stratum (before the cap by stratum size). */
	perStratum: number;
	strata: PlannedStratum[];
	/** Annotations needed (sum of sampled). */
	total: number;
	population: number;
}

/**
 * Plan the sample. `columns` are the stratifying columns (the class first,
 * then known attributes), each one value per row as text (null = missing, a
 * stratum of its own).
 */
export function samplingPlan(columns: readonly (readonly (string | null)[])[], options: SamplingPlanOptions = {}): SamplingPlan {
	const halfWidth = options.halfWidth ?? SAMPLING_DEFAULTS.halfWidth;
	const confidence = options.confidence ?? SAMPLING_DEFAULTS.confidence;
	const seed = options.seed ?? SAMPLING_DEFAULTS.seed;
	assertSeed(seed);
	const perStratum = wilsonSampleSize(halfWidth, confidence);
	const groups = groupRows(columns, 'stratify');
	let total = 0;
	let population = 0;
	const strata = groups.map((g) => {
		const random = mulberry32(fnv1a(`${seed}\u0000${keyText(g.key)}`));
		const rows = sampleWithoutReplacement(g.rows, perStratum, random).sort((a, b) => a - b);
		total += rows.length;
		population += g.rows.length;
		return { key: g.key, label: keyLabel(g.key), size: g.rows.length, sampled: rows.length, weight: g.rows.length / rows.length, rows };
	});
	return { seed, halfWidth, confidence, perStratum, strata, total, population };
}

/** Sampling weight of every sampled row (row -> weight), from a plan. */
export function sampleWeights(plan: SamplingPlan): Map<number, number> {
	const w = new Map<number, number>();
	for (const s of plan.strata) for (const r of s.rows) w.set(r, s.weight);
	return w;
}
