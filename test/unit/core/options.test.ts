import { describe, expect, test } from 'vitest';
import {
	DRIFT_DEFAULTS,
	DRIFT_SCHEMA,
	LABEL_ISSUE_DEFAULTS,
	LABEL_ISSUE_SCHEMA,
	SLICE_DEFAULTS,
	SLICE_SCHEMA,
	defaultsOf,
	formatOptions,
	optionProblems,
	parseOptions,
	resolveOptions
} from '../../../src/lib/core/options/index';
import { findLabelIssues } from '../../../src/lib/core/confident-learning';
import { DEFAULT_LABEL_ISSUE_OPTIONS } from '../../../src/lib/data/label-issues';
import { DEFAULT_MIN_GROUP_SIZE } from '../../../src/lib/core/stats/disparity';
import { DEFAULT_FDR_ALPHA } from '../../../src/lib/core/stats/multiple-testing';

describe('option schemas', () => {
	test('defaults: label issues as cleanlab (softmax only when asked), and the data layer uses the same object', () => {
		expect(LABEL_ISSUE_DEFAULTS).toEqual({ filterBy: 'prune_by_noise_rate', rankBy: 'self_confidence', minExamplesPerClass: 1, fracNoise: 1 });
		expect('softmax' in LABEL_ISSUE_DEFAULTS).toBe(false);
		expect(DEFAULT_LABEL_ISSUE_OPTIONS).toBe(LABEL_ISSUE_DEFAULTS);
		expect(SLICE_DEFAULTS).toEqual({ minSize: DEFAULT_MIN_GROUP_SIZE, alpha: DEFAULT_FDR_ALPHA, discover: false });
		expect(DRIFT_DEFAULTS).toEqual({ datasetDriftShare: 0.5, chiSquareMode: 'contingency', bins: 20, topCategories: 20 });
		expect(defaultsOf(DRIFT_SCHEMA)).toEqual(DRIFT_DEFAULTS);
	});

	test('text values under their keys are read as the option types; bad ones are left out and named by key', () => {
		const { options, problems } = parseOptions(LABEL_ISSUE_SCHEMA, {
			filter_by: 'both',
			frac_noise: '0.5',
			min_examples_per_class: '3',
			softmax: 'true',
			unrelated: 'x'
		});
		expect(options).toEqual({ filterBy: 'both', fracNoise: 0.5, minExamplesPerClass: 3, softmax: true });
		expect(problems).toEqual([]);
		const bad = parseOptions(LABEL_ISSUE_SCHEMA, { filter_by: 'nope', frac_noise: '0', min_examples_per_class: '1.5', rank_by: 'self_confidence' });
		expect(bad.options).toEqual({ rankBy: 'self_confidence' });
		expect(bad.problems).toEqual([
			`Unknown filter_by 'nope'; use one of prune_by_noise_rate, prune_by_class, both, confident_learning, predicted_neq_given, low_normalized_margin, low_self_confidence.`,
			'min_examples_per_class must be a non-negative integer, got 1.5.',
			'frac_noise must be in (0, 1], got 0.'
		]);
		expect(parseOptions(SLICE_SCHEMA, { min_size: '0', fdr: '1.5', discover: 'yes' }).problems).toEqual([
			'min_size must be a whole number >= 1, got 0.',
			'fdr must be a number > 0 and <= 1, got 1.5.',
			'discover must be true or false, got yes.'
		]);
	});

	test('resolve: defaults under the options given, undefined keeps the default, a bad value throws naming it', () => {
		expect(resolveOptions(DRIFT_SCHEMA, { bins: 10, chiSquareMode: undefined })).toEqual({ ...DRIFT_DEFAULTS, bins: 10 });
		expect(() => resolveOptions(DRIFT_SCHEMA, { datasetDriftShare: 0 })).toThrow('datasetDriftShare must be a number > 0 and <= 1, got 0.');
		expect(optionProblems(DRIFT_SCHEMA, { chiSquareMode: 'exact' as never, bins: 2 })).toEqual([`Unknown chiSquareMode 'exact'; use one of contingency, goodness-of-fit.`]);
	});

	test('format writes only what differs from the default, and parse reads it back', () => {
		const text = formatOptions(LABEL_ISSUE_SCHEMA, { filterBy: 'both', fracNoise: 1, rankBy: 'normalized_margin' });
		expect(text).toEqual({ filter_by: 'both', rank_by: 'normalized_margin' });
		expect(parseOptions(LABEL_ISSUE_SCHEMA, text).options).toEqual({ filterBy: 'both', rankBy: 'normalized_margin' });
	});

	test('the core checks options against the same schema', () => {
		const labels = Int32Array.from([0, 1, 0, 1]);
		const probs = Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.4, 0.6]);
		expect(() => findLabelIssues(labels, probs, { k: 2, filterBy: 'nope' as never })).toThrow(/^Unknown filterBy 'nope'; use one of prune_by_noise_rate/);
		expect(() => findLabelIssues(labels, probs, { k: 2, fracNoise: 1.5 })).toThrow('fracNoise must be in (0, 1], got 1.5.');
		expect(() => findLabelIssues(labels, probs, { k: 2, minExamplesPerClass: -1 })).toThrow('minExamplesPerClass must be a non-negative integer, got -1.');
	});
});
