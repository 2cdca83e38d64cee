/**
 * Problems with a user's choice of roles for a table.
 */
import { columnKind, isNumericKind, isScalarKind, listElementKind } from './column-kind';
import { ROLE_TITLES } from './titles';
import { LIST_ROLES, SINGLE_ROLES, type ColumnInfo, type ColumnKind, type ListRole, type Roles, type SingleRole } from './types';

/** Which kinds each role accepts and how to say so. */
const ROLE_KINDS: Record<SingleRole | ListRole, { ok: (k: ColumnKind, type: string) => boolean; need: string }> = {
	id: { ok: (k) => k !== 'list', need: 'it must hold one value per row' },
	label: { ok: isScalarKind, need: 'it must hold one class per row (number, boolean or text)' },
	predProbs: { ok: isNumericKind, need: 'it must be numeric' },
	predProbsList: {
		ok: (k, t) => k === 'list' && isNumericKind(listElementKind(t) ?? 'other'),
		need: 'it must be a list of numbers (e.g. DOUBLE[])'
	},
	predLabel: { ok: isScalarKind, need: 'it must hold one class per row (number, boolean or text)' },
	score: { ok: isNumericKind, need: 'it must be numeric' },
	time: { ok: (k) => k === 'date' || k === 'integer' || k === 'float' || k === 'string', need: 'it must be a date, timestamp or number' },
	split: { ok: isScalarKind, need: 'it must hold one value per row' },
	image: {
		ok: (k, t) => k === 'string' || k === 'list' || /^(BLOB|BYTEA)/i.test(t.trim()),
		need: 'it must hold paths/URLs, image bytes or pixel lists'
	},
	text: { ok: (k) => k === 'string', need: 'it must be text' },
	protected: { ok: isScalarKind, need: 'it must hold one value per row' },
	nuisance: { ok: isScalarKind, need: 'it must hold one value per row' }
};

/** Roles a column may have only one of. */
const PRIMARY_NAMES: Record<SingleRole | 'predProbs', string> = {
	id: 'ID',
	label: 'label',
	predProbs: 'probability column',
	predProbsList: 'probability list',
	predLabel: 'predicted label',
	score: 'score',
	time: 'time',
	split: 'split',
	image: 'image',
	text: 'text'
};

/**
 * Human-readable problems with `roles` for this table; empty when valid.
 * Checks that columns exist and have a suitable type, that no column plays two
 * primary roles, that protected/nuisance lists exclude the label, id and
 * probability columns, and that the threshold goes with a score.
 */
export function validateRoles(roles: Roles, columns: ColumnInfo[]): string[] {
	const msgs: string[] = [];
	const byName = new Map(columns.map((c) => [c.name, c]));
	const check = (role: SingleRole | ListRole, name: string): void => {
		const col = byName.get(name);
		if (!col) {
			msgs.push(`${ROLE_TITLES[role]} '${name}' is not in the table.`);
			return;
		}
		const rule = ROLE_KINDS[role];
		if (!rule.ok(columnKind(col.type), col.type)) {
			msgs.push(`${ROLE_TITLES[role]} '${name}' is ${col.type.trim()}; ${rule.need}.`);
		}
	};
	const reportDuplicates = (role: ListRole, names: string[]): void => {
		const seen = new Set<string>();
		for (const n of names) {
			if (seen.has(n)) msgs.push(`${ROLE_TITLES[role]} '${n}' is listed twice.`);
			seen.add(n);
		}
	};

	for (const role of SINGLE_ROLES) {
		const v = roles[role];
		if (v !== undefined) check(role, v);
	}
	for (const role of LIST_ROLES) {
		const names = roles[role] ?? [];
		for (const n of new Set(names)) check(role, n);
		reportDuplicates(role, names);
	}

	if (roles.predProbs && roles.predProbs.length === 1) {
		msgs.push('Give at least two probability columns, one per class (or one list column).');
	}
	if (roles.predProbs && roles.predProbs.length > 0 && roles.predProbsList !== undefined) {
		msgs.push('Give either one probability column per class or one list column, not both.');
	}
	if (roles.threshold !== undefined) {
		if (!Number.isFinite(roles.threshold)) msgs.push('The threshold must be a finite number.');
		else if (roles.score === undefined) msgs.push('A threshold needs a score column.');
	}

	// a column plays at most one primary role
	const primary = new Map<string, string[]>();
	const addPrimary = (name: string, what: string): void => {
		const list = primary.get(name) ?? [];
		if (!list.includes(what)) list.push(what);
		primary.set(name, list);
	};
	for (const role of SINGLE_ROLES) {
		const v = roles[role];
		if (v !== undefined) addPrimary(v, PRIMARY_NAMES[role]);
	}
	for (const n of roles.predProbs ?? []) addPrimary(n, PRIMARY_NAMES.predProbs);
	for (const [name, whats] of primary) {
		if (whats.length > 1) msgs.push(`Column '${name}' is used as both ${whats.slice(0, -1).join(', ')} and ${whats.at(-1) ?? ''}; pick one role.`);
	}

	// protected/nuisance exclude label, id and probability columns
	const reserved = new Map<string, string>();
	if (roles.id !== undefined) reserved.set(roles.id, 'the ID');
	for (const n of roles.predProbs ?? []) reserved.set(n, 'a probability column');
	if (roles.predProbsList !== undefined) reserved.set(roles.predProbsList, 'the probability list');
	if (roles.label !== undefined) reserved.set(roles.label, 'the label');
	for (const role of ['protected', 'nuisance'] as const) {
		for (const n of new Set(roles[role])) {
			const what = reserved.get(n);
			if (what) msgs.push(`Column '${n}' is ${what}; it cannot also be a ${role} attribute.`);
		}
	}
	const nuisance = new Set(roles.nuisance);
	for (const n of new Set(roles.protected)) {
		if (nuisance.has(n)) msgs.push(`Column '${n}' is both protected and nuisance; pick one.`);
	}
	return msgs;
}
