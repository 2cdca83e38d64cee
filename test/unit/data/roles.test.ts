import { describe, expect, test } from 'vitest';
import {
	classNamesFromProbColumns,
	columnKind,
	identifierLikeColumns,
	joinNames,
	normalizeName,
	splitNames,
	suggestRoles,
	validateRoles,
	type ColumnInfo,
	type Roles
} from '../../../src/lib/data/roles';
import { rolesFromSearchParams, rolesToSearchParams } from '../../../src/lib/state/url-roles';

const ROWS = 1000;
/** A column with `distinct` values in a table of ROWS rows. */
const col = (name: string, type: string, distinct = 10, nulls = 0): ColumnInfo => ({ name, type, distinct, nulls, rows: ROWS });

describe('columnKind', () => {
	test.each([
		['BIGINT', 'integer'],
		['integer', 'integer'],
		['UTINYINT', 'integer'],
		['HUGEINT', 'integer'],
		['DECIMAL(18,0)', 'integer'],
		['DECIMAL(18,3)', 'float'],
		['DOUBLE', 'float'],
		['FLOAT', 'float'],
		['BOOLEAN', 'boolean'],
		['VARCHAR', 'string'],
		['VARCHAR(20)', 'string'],
		["ENUM('a', 'b')", 'string'],
		['DATE', 'date'],
		['TIMESTAMP', 'date'],
		['TIMESTAMP WITH TIME ZONE', 'date'],
		['TIMESTAMP_NS', 'date'],
		['FLOAT[]', 'list'],
		['DOUBLE[10]', 'list'],
		['STRUCT(a INTEGER)[]', 'list'],
		['STRUCT(a INTEGER)', 'other'],
		['BLOB', 'other'],
		['TIME', 'other'],
		['INTERVAL', 'other']
	])('%s -> %s', (type, kind) => {
		expect(columnKind(type)).toBe(kind);
	});
});

describe('normalizeName', () => {
	test('tolerates case, separators and camelCase', () => {
		expect(normalizeName('Ground Truth')).toBe('ground_truth');
		expect(normalizeName('ground-truth')).toBe('ground_truth');
		expect(normalizeName('groundTruth')).toBe('ground_truth');
		expect(normalizeName('  __Y_pred__ ')).toBe('y_pred');
	});
});

describe('suggestRoles: COMPAS-like table', () => {
	const columns: ColumnInfo[] = [
		col('id', 'BIGINT', ROWS),
		col('name', 'VARCHAR', ROWS),
		col('sex', 'VARCHAR', 2),
		col('age', 'BIGINT', 65),
		col('age_cat', 'VARCHAR', 3),
		col('race', 'VARCHAR', 6),
		col('decile_score', 'BIGINT', 10),
		col('score_text', 'VARCHAR', 3),
		col('two_year_recid', 'BIGINT', 2),
		col('dob', 'DATE', 900),
		col('compas_screening_date', 'DATE', 600)
	];
	const { roles, classNames, reasons } = suggestRoles(columns);

	test('id, score and time', () => {
		expect(roles.id).toBe('id');
		expect(roles.score).toBe('decile_score');
		expect(roles.threshold).toBe(5);
		expect(roles.time).toBe('compas_screening_date');
	});
	test('protected attributes in table order, nothing else', () => {
		expect(roles.protected).toEqual(['sex', 'age', 'age_cat', 'race']);
		expect(roles.nuisance).toEqual([]);
	});
	test('no label, probabilities or text are invented', () => {
		expect(roles.label).toBeUndefined();
		expect(roles.predProbs).toBeUndefined();
		expect(roles.predProbsList).toBeUndefined();
		expect(roles.text).toBeUndefined();
		expect(classNames).toBeNull();
	});
	test('every suggestion has a reason and only suggested columns do', () => {
		const suggested = ['id', 'decile_score', 'compas_screening_date', 'sex', 'age', 'age_cat', 'race'];
		expect(Object.keys(reasons).sort()).toEqual([...suggested].sort());
		for (const c of suggested) expect(reasons[c]).toMatch(/\w+/);
	});
	test('suggestion validates cleanly', () => {
		expect(validateRoles(roles, columns)).toEqual([]);
	});
	test('time prefers the first date-typed column when no name is preferred', () => {
		const r = suggestRoles([col('x', 'INTEGER'), col('c_jail_in', 'TIMESTAMP'), col('arrest_date', 'DATE')]);
		expect(r.roles.time).toBe('c_jail_in');
	});
});

describe('suggestRoles: MNIST-like table', () => {
	const shuffled = [3, 0, 9, 1, 7, 2, 8, 4, 6, 5].map((d) => col(`p_${d}`, 'DOUBLE', ROWS));
	const columns = [col('label', 'BIGINT', 10), ...shuffled, col('index', 'INTEGER', ROWS)];
	const { roles, classNames } = suggestRoles(columns);

	test('probability columns in numeric class order', () => {
		expect(roles.label).toBe('label');
		expect(roles.id).toBe('index');
		expect(roles.predProbs).toEqual(Array.from({ length: 10 }, (_, i) => `p_${i}`));
		expect(classNames).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
		expect(roles.protected).toEqual([]);
	});
	test('non-integer classes keep table order', () => {
		const r = suggestRoles([col('y', 'VARCHAR', 3), col('prob_dog', 'DOUBLE'), col('prob_cat', 'FLOAT'), col('prob_bird', 'DOUBLE')]);
		expect(r.roles.label).toBe('y');
		expect(r.roles.predProbs).toEqual(['prob_dog', 'prob_cat', 'prob_bird']);
		expect(r.classNames).toEqual(['dog', 'cat', 'bird']);
	});
	test('string-typed or single probability columns are not a group', () => {
		const r = suggestRoles([col('label', 'VARCHAR'), col('p_a', 'VARCHAR'), col('p_b', 'DOUBLE')]);
		expect(r.roles.predProbs).toBeUndefined();
		expect(r.classNames).toBeNull();
	});
	test('list column of probabilities', () => {
		const r = suggestRoles([col('label', 'INTEGER'), col('pred_probs', 'FLOAT[]'), col('pixels', 'UTINYINT[784]')]);
		expect(r.roles.predProbsList).toBe('pred_probs');
		expect(r.roles.image).toBe('pixels');
		expect(r.classNames).toBeNull();
		const strings = suggestRoles([col('probs', 'VARCHAR[]')]);
		expect(strings.roles.predProbsList).toBeUndefined();
	});
});

describe('suggestRoles: other roles', () => {
	test('pred_label, split, image, text and nuisance', () => {
		const columns = [
			col('Given Label', 'VARCHAR', 5),
			col('y_pred', 'VARCHAR', 5),
			col('image_path', 'VARCHAR', ROWS),
			col('Split', 'VARCHAR', 3),
			col('review', 'VARCHAR', ROWS),
			col('camera-model', 'VARCHAR', 4),
			col('Lighting', 'VARCHAR', 3),
			col('gender', 'VARCHAR', 2),
			col('patient_id', 'BIGINT', ROWS)
		];
		const { roles } = suggestRoles(columns);
		expect(roles).toEqual({
			id: 'patient_id',
			label: 'Given Label',
			predLabel: 'y_pred',
			image: 'image_path',
			split: 'Split',
			text: 'review',
			protected: ['gender'],
			nuisance: ['camera-model', 'Lighting']
		});
	});
	test('split needs few distinct values; *_id needs uniqueness', () => {
		const r = suggestRoles([col('set', 'VARCHAR', 500), col('site_id', 'BIGINT', 12)]);
		expect(r.roles.split).toBeUndefined();
		expect(r.roles.id).toBeUndefined();
		// site_id is not an id here, but it mentions a nuisance word
		expect(r.roles.nuisance).toEqual(['site_id']);
	});
	test('whole words only: "page" and "usage" are not age', () => {
		const r = suggestRoles([col('page', 'INTEGER'), col('usage', 'DOUBLE'), col('Mother Age', 'INTEGER'), col('marital-status', 'VARCHAR')]);
		expect(r.roles.protected).toEqual(['Mother Age', 'marital-status']);
	});
	test('a column gets one role: protected never includes label or probabilities', () => {
		const r = suggestRoles([col('race', 'VARCHAR'), col('label', 'VARCHAR'), col('race_prob', 'DOUBLE'), col('sex_prob', 'DOUBLE')]);
		expect(r.roles.predProbs).toEqual(['race_prob', 'sex_prob']);
		expect(r.roles.protected).toEqual(['race']);
		expect(r.classNames).toEqual(['race', 'sex']);
	});
	test('score: generic *_score numeric, no threshold', () => {
		const r = suggestRoles([col('credit_score', 'DOUBLE'), col('score_text', 'VARCHAR')]);
		expect(r.roles.score).toBe('credit_score');
		expect(r.roles.threshold).toBeUndefined();
	});
});

describe('classNamesFromProbColumns', () => {
	test('known patterns', () => {
		expect(classNamesFromProbColumns(['p_cat', 'p_dog'])).toEqual(['cat', 'dog']);
		expect(classNamesFromProbColumns(['prob_0', 'prob_1', 'prob_2'])).toEqual(['0', '1', '2']);
		expect(classNamesFromProbColumns(['dog_prob', 'cat_prob'])).toEqual(['dog', 'cat']);
		expect(classNamesFromProbColumns(['pred_prob_3', 'pred_prob_1'])).toEqual(['3', '1']);
		expect(classNamesFromProbColumns(['probability_cat', 'probability_dog'])).toEqual(['cat', 'dog']);
		expect(classNamesFromProbColumns(['proba_Cat', 'proba-Dog'])).toEqual(['Cat', 'Dog']);
	});
	test('fallbacks: shared prefix, then the names themselves', () => {
		expect(classNamesFromProbColumns(['out_a', 'out_b'])).toEqual(['a', 'b']);
		expect(classNamesFromProbColumns(['alpha', 'beta'])).toEqual(['alpha', 'beta']);
		expect(classNamesFromProbColumns([])).toEqual([]);
	});
});

describe('search params', () => {
	test('plain round trip and compact form', () => {
		const roles: Roles = {
			label: 'y',
			predProbs: ['p_a', 'p_b'],
			protected: ['race', 'sex'],
			nuisance: [],
			score: 's',
			threshold: 5
		};
		const params = rolesToSearchParams(roles);
		expect(params.toString()).toBe('label=y&score=s&pred_probs=p_a%2Cp_b&protected=race%2Csex&threshold=5');
		const back = rolesFromSearchParams(params, ['y', 'p_a', 'p_b', 'race', 'sex', 's']);
		expect(back.unknown).toEqual([]);
		expect(back.roles).toEqual(roles);
	});

	test('hostile names round-trip through the URL string', () => {
		const hostile = [
			`it's "quoted"`,
			'semi;colon; DROP TABLE t;--',
			'line\nbreak\r\nx',
			'comma, inside',
			'back\\slash\\,',
			'ünïcødé 名前 🎯',
			'a&b=c?d#e',
			'+plus %20 space',
			'__proto__'
		];
		const roles: Roles = {
			label: hostile[0],
			id: hostile[8],
			predProbs: [hostile[3] as string, hostile[4] as string],
			protected: [hostile[1] as string, hostile[5] as string],
			nuisance: [hostile[6] as string, hostile[7] as string],
			text: hostile[2]
		};
		const url = new URL('https://example.org/audit?dataset=compas&label=old');
		url.search = rolesToSearchParams(roles, url.searchParams).toString();
		const parsed = new URL(url.href);
		expect(parsed.searchParams.get('dataset')).toBe('compas');
		const back = rolesFromSearchParams(parsed.searchParams, hostile);
		expect(back.unknown).toEqual([]);
		expect(back.roles).toEqual(roles);
	});

	test('unknown names are dropped and reported once; stale keys are replaced', () => {
		const params = new URLSearchParams('label=gone&protected=race,ghost,race&pred_probs=p_a&pred_probs=p_b,ghost&threshold=abc');
		const { roles, unknown } = rolesFromSearchParams(params, ['race', 'p_a', 'p_b']);
		expect(unknown).toEqual(['gone', 'ghost']);
		expect(roles).toEqual({ protected: ['race'], nuisance: [], predProbs: ['p_a', 'p_b'] });
		const rewritten = rolesToSearchParams({ protected: [], nuisance: [] }, params);
		expect([...rewritten.keys()]).toEqual([]);
	});

	test('joinNames/splitNames are inverse', () => {
		const names = ['a,b', 'c\\', '', '\\,'];
		expect(splitNames(joinNames(names))).toEqual(names);
		expect(splitNames('')).toEqual([]);
	});
});

describe('validateRoles', () => {
	const columns = [
		col('label', 'VARCHAR'),
		col('p_x', 'VARCHAR'),
		col('p_y', 'DOUBLE'),
		col('probs', 'DOUBLE[]'),
		col('race', 'VARCHAR'),
		col('emb', 'FLOAT[]'),
		col('when', 'BOOLEAN')
	];
	test('valid roles give no messages', () => {
		expect(validateRoles({ label: 'label', predProbsList: 'probs', protected: ['race'], nuisance: [] }, columns)).toEqual([]);
	});
	test('type problems', () => {
		const msgs = validateRoles(
			{ label: 'label', predProbs: ['p_x', 'p_y'], protected: ['emb'], nuisance: [], score: 'race', time: 'when' },
			columns
		);
		expect(msgs).toContain("Probability column 'p_x' is VARCHAR; it must be numeric.");
		expect(msgs).toContain("Score column 'race' is VARCHAR; it must be numeric.");
		expect(msgs).toContain("Protected attribute 'emb' is FLOAT[]; it must hold one value per row.");
		expect(msgs).toContain("Time column 'when' is BOOLEAN; it must be a date, timestamp or number.");
		expect(msgs).toHaveLength(4);
	});
	test('missing columns, conflicts and threshold', () => {
		const msgs = validateRoles(
			{ label: 'label', predLabel: 'label', predProbs: ['p_y'], protected: ['label', 'nope'], nuisance: ['race'], threshold: 0.5 },
			[...columns, col('x', 'INTEGER')].filter((c) => c.name !== 'nope')
		);
		expect(msgs).toEqual(
			expect.arrayContaining([
				"Protected attribute 'nope' is not in the table.",
				'Give at least two probability columns, one per class (or one list column).',
				'A threshold needs a score column.',
				"Column 'label' is used as both label and predicted label; pick one role.",
				"Column 'label' is the label; it cannot also be a protected attribute."
			])
		);
		expect(msgs).toHaveLength(5);
	});
	test('protected and nuisance overlap, both prob forms', () => {
		const msgs = validateRoles(
			{ predProbs: ['p_y', 'p_y'], predProbsList: 'probs', protected: ['race'], nuisance: ['race'] },
			columns
		);
		expect(msgs).toEqual([
			"Probability column 'p_y' is listed twice.",
			'Give either one probability column per class or one list column, not both.',
			"Column 'race' is both protected and nuisance; pick one."
		]);
	});
});

describe('identifierLikeColumns', () => {
	test('by name', () => {
		const cols = ['name', 'first', 'last', 'Email Address', 'phone_number', 'SSN', 'passport_no', 'home_address', 'race', 'file_name', 'id'].map((n) =>
			col(n, 'VARCHAR')
		);
		const flagged = identifierLikeColumns(cols);
		expect(flagged.map((f) => f.column)).toEqual(['name', 'first', 'last', 'Email Address', 'phone_number', 'SSN', 'passport_no', 'home_address']);
		for (const f of flagged) expect(f.why).toMatch(/drop it before sharing a report\.$/);
		expect(flagged[3]?.why).toMatch(/email/);
	});
	test('by sampled values', () => {
		const cols = [col('contact', 'VARCHAR'), col('reach', 'VARCHAR'), col('when', 'VARCHAR'), col('amount', 'VARCHAR'), col('note', 'VARCHAR')];
		const sample = {
			contact: ['ann@example.org', 'bo.b@mail.co.uk', null],
			reach: ['+1 (555) 123-4567', '555.123.4567', 'n/a'],
			when: ['2013-08-14', '2014-01-02'],
			amount: ['3.14159265', '12345678'],
			note: ['call me', 'x@y']
		};
		const flagged = identifierLikeColumns(cols, sample);
		expect(flagged).toEqual([
			{ column: 'contact', why: 'values look like email addresses; drop it before sharing a report.' },
			{ column: 'reach', why: 'values look like phone numbers; drop it before sharing a report.' }
		]);
	});
});
