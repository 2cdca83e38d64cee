/** Options of the slice tables and slice discovery, declared once (the constants stay beside their statistics). */
import { DEFAULT_MIN_GROUP_SIZE } from '../stats/disparity';
import { DEFAULT_FDR_ALPHA } from '../stats/multiple-testing';
import { defaultsOf, type BooleanSpec, type NumberSpec } from './schema';

export const SLICE_SCHEMA = {
	minSize: {
		kind: 'number',
		key: 'min_size',
		default: DEFAULT_MIN_GROUP_SIZE,
		min: 1,
		integer: true,
		describe: 'groups with fewer rows are shown but never flagged'
	} satisfies NumberSpec,
	alpha: {
		kind: 'number',
		key: 'fdr',
		default: DEFAULT_FDR_ALPHA,
		min: 0,
		minExclusive: true,
		max: 1,
		describe: 'false discovery rate of the Benjamini-Hochberg procedure over the groups'
	} satisfies NumberSpec,
	discover: {
		kind: 'boolean',
		key: 'discover',
		default: false,
		describe: 'also search the protected and nuisance attributes for the slices that fail most'
	} satisfies BooleanSpec
} as const;

export const SLICE_DEFAULTS = defaultsOf(SLICE_SCHEMA);
