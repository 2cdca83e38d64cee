/** Options of confident learning (find_label_issues and the ranking), declared once. */
import { LABEL_QUALITY_METHODS, type LabelQualityMethod } from '../confident-learning/label-quality-scores';
import { defaultsOf, type BooleanSpec, type EnumSpec, type NumberSpec } from './schema';

export type FilterBy =
	| 'prune_by_noise_rate'
	| 'prune_by_class'
	| 'both'
	| 'confident_learning'
	| 'predicted_neq_given'
	| 'low_normalized_margin'
	| 'low_self_confidence';

export const FILTER_BY_METHODS: readonly FilterBy[] = [
	'prune_by_noise_rate',
	'prune_by_class',
	'both',
	'confident_learning',
	'predicted_neq_given',
	'low_normalized_margin',
	'low_self_confidence'
];

export const LABEL_ISSUE_SCHEMA = {
	filterBy: {
		kind: 'enum',
		key: 'filter_by',
		values: FILTER_BY_METHODS,
		default: 'prune_by_noise_rate',
		describe: 'which rows count as label issues (cleanlab filter_by)'
	} satisfies EnumSpec<FilterBy>,
	rankBy: {
		kind: 'enum',
		key: 'rank_by',
		values: LABEL_QUALITY_METHODS,
		default: 'self_confidence',
		describe: 'label quality score the issues are ranked by'
	} satisfies EnumSpec<LabelQualityMethod>,
	minExamplesPerClass: {
		kind: 'number',
		key: 'min_examples_per_class',
		default: 1,
		min: 0,
		integer: true,
		allowed: 'a non-negative integer',
		describe: 'never prune a class below this many examples'
	} satisfies NumberSpec,
	fracNoise: {
		kind: 'number',
		key: 'frac_noise',
		default: 1,
		min: 0,
		minExclusive: true,
		max: 1,
		allowed: 'in (0, 1]',
		describe: 'keep only this fraction of the estimated issues per class'
	} satisfies NumberSpec,
	softmax: {
		kind: 'boolean',
		key: 'softmax',
		default: undefined,
		describe: 'treat the probabilities as logits and apply softmax to each row first'
	} satisfies BooleanSpec
} as const;

/** The defaults (softmax only when asked). */
export const LABEL_ISSUE_DEFAULTS = defaultsOf(LABEL_ISSUE_SCHEMA);
