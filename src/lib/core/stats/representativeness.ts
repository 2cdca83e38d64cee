/**
 * Representativeness of a sample against benchmark shares (e.g. census population
 * shares): per group observed count and share, expected share and count, and the
 * representation ratio = observed share / expected share, flagged when below 0.8
 * (under-represented) or above 1.25 (over-represented), plus Pearson's goodness-of-fit
 * test over all groups (scipy `chisquare(observed, expected counts)`).
 */
import { chiSquareGoodnessOfFit } from './chi-square';
import { expectedCountsFromShares } from './goodness-of-fit';

/** Representation ratio below this: under-represented (the four-fifths convention). */
export const UNDER_REPRESENTED_RATIO = 0.8;
/** Representation ratio above this: over-represented (1 / 0.8). */
export const OVER_REPRESENTED_RATIO = 1.25;

export interface GroupBenchmark {
	key: string;
	/** Observed count in the sample. */
	observed: number;
	/** Benchmark share (shares are normalised to sum to 1). */
	expectedShare: number;
}

export interface GroupRepresentation {
	key: string;
	observed: number;
	observedShare: number;
	expectedShare: number;
	expectedCount: number;
	/** observedShare / expectedShare (Infinity if the expected share is 0, NaN if both are 0). */
	ratio: number;
	flag: 'under' | 'over' | null;
}

export interface RepresentativenessResult {
	groups: GroupRepresentation[];
	/** Goodness-of-fit statistic, p-value and degrees of freedom (k - 1). */
	statistic: number;
	pValue: number;
	dof: number;
}

export interface RepresentativenessOptions {
	under?: number;
	over?: number;
}

/** Compare observed group counts with benchmark shares. */
export function representativeness(
	groups: readonly GroupBenchmark[],
	options: RepresentativenessOptions = {}
): RepresentativenessResult {
	const under = options.under ?? UNDER_REPRESENTED_RATIO;
	const over = options.over ?? OVER_REPRESENTED_RATIO;
	if (groups.length === 0) throw new RangeError('representativeness: no groups');
	const observed = groups.map((g) => g.observed);
	const shares = groups.map((g) => g.expectedShare);
	const expected = expectedCountsFromShares(observed, shares);
	let total = 0;
	let shareTotal = 0;
	for (const g of groups) {
		total += g.observed;
		shareTotal += g.expectedShare;
	}
	const out = groups.map((g, i): GroupRepresentation => {
		const observedShare = total > 0 ? g.observed / total : NaN;
		const expectedShare = g.expectedShare / shareTotal;
		const ratio =
			expectedShare === 0 ? (observedShare > 0 ? Infinity : NaN) : observedShare / expectedShare;
		const flag = ratio < under ? 'under' : ratio > over ? 'over' : null;
		return {
			key: g.key,
			observed: g.observed,
			observedShare,
			expectedShare,
			expectedCount: expected[i] as number,
			ratio,
			flag
		};
	});
	const gof = total > 0 ? chiSquareGoodnessOfFit(observed, expected) : { statistic: NaN, pValue: NaN, dof: groups.length - 1 };
	return { groups: out, statistic: gof.statistic, pValue: gof.pValue, dof: gof.dof };
}
