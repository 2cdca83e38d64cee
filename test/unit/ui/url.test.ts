import { describe, expect, test } from 'vitest';
import { linkQuery, readLink, rolesFromLink, type LinkState } from '../../../src/lib/state/url';

const base: LinkState = {
	demo: null,
	roles: null,
	view: 'overview',
	labelOptions: { filterBy: 'prune_by_noise_rate', rankBy: 'self_confidence' },
	sliceBy: [],
	useReviewed: false,
	positive: undefined,
	reference: undefined,
	driftOverrides: {}
};

describe('the URL codec', () => {
	test('defaults write an empty query; each choice adds its parameter', () => {
		expect(linkQuery(base)).toBe('');
		const q = linkQuery({
			...base,
			demo: 'compas',
			view: 'slices',
			labelOptions: { filterBy: 'both', rankBy: 'normalized_margin' },
			sliceBy: ['race', 'sex'],
			useReviewed: true,
			positive: '1',
			reference: 'Caucasian',
			driftOverrides: { age: { test: 'ks', threshold: 0.01 } }
		});
		expect(q).toBe('demo=compas&view=slices&filter_by=both&rank_by=normalized_margin&by=race,sex&reviewed=1&positive=1&reference=Caucasian&drift_test=age,ks,0.01');
	});

	test('what is written is read back the same', () => {
		const state: LinkState = {
			...base,
			demo: 'mnist',
			view: 'issues',
			labelOptions: { filterBy: 'confident_learning', rankBy: 'self_confidence' },
			sliceBy: ['a,b', 'c'],
			positive: '',
			reference: 'x y',
			driftOverrides: { 'col,1': { threshold: 0.2 } }
		};
		const link = readLink(new URLSearchParams(linkQuery(state)));
		expect(link).toMatchObject({
			demo: 'mnist',
			view: 'issues',
			filterBy: 'confident_learning',
			rankBy: undefined,
			sliceBy: ['a,b', 'c'],
			positive: '',
			reference: 'x y',
			driftOverrides: { 'col,1': { threshold: 0.2 } },
			badDriftTests: [],
			useReviewed: false,
			hasRoles: false
		});
	});

	test('unknown values are ignored, not guessed; bad drift tests are listed', () => {
		const link = readLink(new URLSearchParams('view=nope&filter_by=magic&rank_by=vibes&demo=other&drift_test=age,wrong,1&drift=exact'));
		expect(link.view).toBeUndefined();
		expect(link.filterBy).toBeUndefined();
		expect(link.rankBy).toBeUndefined();
		expect(link.demo).toBeUndefined();
		expect(link.badDriftTests).toEqual(['age,wrong,1']);
		expect(link.driftExact).toBe(true);
	});

	test('roles are written with the dataset open and read against its columns', () => {
		const q = linkQuery({ ...base, roles: { label: 'y', protected: ['sex'], nuisance: [] } });
		const params = new URLSearchParams(q);
		expect(readLink(params).hasRoles).toBe(true);
		const { roles, unknown } = rolesFromLink(params, ['y', 'x']);
		expect(roles.label).toBe('y');
		expect(unknown).toEqual(['sex']);
	});
});
