/**
 * Column roles: which column is the label, which hold predicted probabilities,
 * which are protected attributes, and so on. This module suggests roles from
 * column names and DuckDB types, validates a user's choice, round-trips roles
 * through URL search parameters and flags columns that look like direct
 * identifiers. Pure computation: no DOM, no DuckDB.
 */
import { looksLikeImageRef } from '../images/image-ref';

/** Coarse family of a DuckDB column type. */
export type ColumnKind = 'integer' | 'float' | 'boolean' | 'string' | 'date' | 'list' | 'other';

/** What the loader knows about a column. */
export interface ColumnInfo {
	name: string;
	/** DuckDB type, e.g. BIGINT, DOUBLE, VARCHAR, DATE, TIMESTAMP, FLOAT[], DOUBLE[10]. */
	type: string;
	/** Number of distinct non-null values (may be approximate). */
	distinct: number;
	nulls: number;
	rows: number;
}

/** The role each column plays in an audit. */
export interface Roles {
	id?: string;
	label?: string;
	/** One numeric column per class, in class order. */
	predProbs?: string[];
	/** Or a single list/array column holding all class probabilities. */
	predProbsList?: string;
	predLabel?: string;
	score?: string;
	/** Rows with `score >= threshold` count as a positive decision. */
	threshold?: number;
	protected: string[];
	nuisance: string[];
	time?: string;
	split?: string;
	image?: string;
	text?: string;
}

/** Result of {@link suggestRoles}. */
export interface RoleSuggestion {
	roles: Roles;
	/** Class names parsed from the probability column names, or null. */
	classNames: string[] | null;
	/** A few words per suggested column explaining why. */
	reasons: Record<string, string>;
}

// ---------------------------------------------------------------------------
// Types

const INTEGER_TYPES = new Set([
	'TINYINT', 'INT1', 'SMALLINT', 'INT2', 'SHORT', 'INTEGER', 'INT', 'INT4', 'SIGNED', 'BIGINT',
	'INT8', 'LONG', 'HUGEINT', 'INT128', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT',
	'UHUGEINT', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64'
]);
const FLOAT_TYPES = new Set([
	'FLOAT', 'FLOAT4', 'REAL', 'DOUBLE', 'FLOAT8', 'DECIMAL', 'NUMERIC', 'FLOAT16', 'FLOAT32',
	'FLOAT64', 'DOUBLE PRECISION'
]);
const BOOLEAN_TYPES = new Set(['BOOLEAN', 'BOOL', 'LOGICAL']);
const STRING_TYPES = new Set([
	'VARCHAR', 'CHAR', 'BPCHAR', 'TEXT', 'STRING', 'NVARCHAR', 'UUID', 'ENUM', 'JSON', 'UTF8'
]);

/** Matches a trailing list (`[]`) or fixed-size array (`[10]`) suffix. */
const LIST_SUFFIX = /\[\s*\d*\s*\]$/;

/**
 * Maps a DuckDB type name to its {@link ColumnKind}. `DECIMAL(p,0)` counts as
 * integer; `TIME` (time of day), BLOB, STRUCT, MAP and INTERVAL are 'other'.
 */
export function columnKind(duckdbType: string): ColumnKind {
	const t = duckdbType.trim().toUpperCase();
	if (LIST_SUFFIX.test(t) || /^LIST\s*[<(]/.test(t)) return 'list';
	const params = /\(([^)]*)\)\s*$/.exec(t)?.[1];
	const base = t.replace(/\s*\(.*$/s, '').trim();
	if (INTEGER_TYPES.has(base)) return 'integer';
	if (FLOAT_TYPES.has(base)) {
		const scale = params?.split(',')[1]?.trim();
		return (base === 'DECIMAL' || base === 'NUMERIC') && scale === '0' ? 'integer' : 'float';
	}
	if (BOOLEAN_TYPES.has(base)) return 'boolean';
	if (STRING_TYPES.has(base)) return 'string';
	if (base === 'DATE' || base === 'DATETIME' || base.startsWith('TIMESTAMP')) return 'date';
	return 'other';
}

/** Kind of the elements of a list/array type, or null when not a list. */
function listElementKind(duckdbType: string): ColumnKind | null {
	const t = duckdbType.trim();
	if (LIST_SUFFIX.test(t)) return columnKind(t.replace(LIST_SUFFIX, ''));
	const inner = /^LIST\s*[<(](.*)[>)]$/is.exec(t)?.[1];
	return inner === undefined ? null : columnKind(inner);
}

const isNumericKind = (k: ColumnKind): boolean => k === 'integer' || k === 'float';
/** Kinds that hold one scalar value per row (usable as a group or a label). */
const isScalarKind = (k: ColumnKind): boolean =>
	k === 'integer' || k === 'float' || k === 'boolean' || k === 'string';

// ---------------------------------------------------------------------------
// Names

/**
 * Canonical form of a column name for matching: camelCase split, lower case,
 * every run of non-letters/digits (`_`, `-`, spaces, dots...) becomes one `_`.
 * `"Ground Truth"`, `"ground-truth"` and `"groundTruth"` all give `ground_truth`.
 */
export function normalizeName(name: string): string {
	return name
		.normalize('NFKC')
		.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, '_')
		.replace(/^_+|_+$/g, '');
}

/** True when `phrase` (normalized, may hold `_`) occurs in `norm` as whole words. */
function hasWords(norm: string, phrase: string): boolean {
	return `_${norm}_`.includes(`_${phrase}_`);
}

/** Separator class used by the probability-column patterns. */
const SEP = '[\\s_.\\-]+';

/** Naming patterns for per-class probability columns, most specific first. */
const PROB_PATTERNS: readonly { id: string; re: RegExp }[] = [
	{ id: 'pred_prob_<c>', re: new RegExp(`^pred(?:icted)?(?:${SEP})?prob(?:s|as?|ability|abilities)?${SEP}(.+)$`, 'is') },
	{ id: 'probability_<c>', re: new RegExp(`^probabilit(?:y|ies)${SEP}(.+)$`, 'is') },
	{ id: 'proba_<c>', re: new RegExp(`^probas?${SEP}(.+)$`, 'is') },
	{ id: 'prob_<c>', re: new RegExp(`^probs?${SEP}(.+)$`, 'is') },
	{ id: 'p_<c>', re: new RegExp(`^p${SEP}(.+)$`, 'is') },
	{ id: '<c>_prob', re: new RegExp(`^(.+?)${SEP}(?:probs?|probas?|probability)$`, 'is') }
];

/** Suffixes that make `p_<x>` a statistic rather than a class probability. */
const NOT_A_CLASS = new Set(['value', 'values', 'val', 'adj', 'adjusted']);

/** The first probability pattern `name` matches and its class part, or null. */
function matchProbPattern(name: string): { id: string; cls: string } | null {
	const trimmed = name.trim();
	for (const { id, re } of PROB_PATTERNS) {
		const cls = re.exec(trimmed)?.[1];
		if (cls === undefined || cls.length === 0) continue;
		if (id === 'p_<c>' && NOT_A_CLASS.has(normalizeName(cls))) continue;
		return { id, cls };
	}
	return null;
}

const allDistinct = (xs: string[]): boolean => new Set(xs).size === xs.length;

/** Class part of `name` under one specific pattern, or null. */
function classUnder(patternId: string, name: string): string | null {
	const p = PROB_PATTERNS.find((q) => q.id === patternId);
	const cls = p?.re.exec(name.trim())?.[1];
	return cls === undefined || cls.length === 0 ? null : cls;
}

/** Strips the longest common prefix and suffix that end/start at a separator. */
function stripCommonAffixes(names: string[]): string[] | null {
	if (names.length < 2) return null;
	const first = names[0] ?? '';
	let pre = first.length;
	let suf = first.length;
	for (const n of names) {
		let i = 0;
		while (i < pre && i < n.length && n[i] === first[i]) i++;
		pre = i;
		let j = 0;
		while (j < suf && j < n.length && n[n.length - 1 - j] === first[first.length - 1 - j]) j++;
		suf = j;
	}
	const isSep = (c: string | undefined): boolean => c !== undefined && /[\s_.\-]/.test(c);
	while (pre > 0 && !isSep(first[pre - 1])) pre--;
	while (suf > 0 && !isSep(first[first.length - suf])) suf--;
	if (pre === 0 && suf === 0) return null;
	const out = names.map((n) => n.slice(pre, Math.max(pre, n.length - suf)));
	return out.every((s) => s.length > 0) && allDistinct(out) ? out : null;
}

/**
 * Class names from per-class probability column names, in the given order:
 * `p_cat, p_dog` -> `cat, dog`; `prob_0..` -> `0..`; `dog_prob` -> `dog`;
 * `pred_prob_3` -> `3`; `probability_cat` -> `cat`. Falls back to stripping a
 * shared prefix/suffix (`out_a, out_b` -> `a, b`) and finally to the names
 * themselves, so the result always has one distinct entry per column when the
 * input names are distinct.
 */
export function classNamesFromProbColumns(names: string[]): string[] {
	if (names.length === 0) return [];
	for (const { id } of PROB_PATTERNS) {
		const classes = names.map((n) => classUnder(id, n));
		if (classes.every((c): c is string => c !== null) && allDistinct(classes)) return classes;
	}
	const each = names.map((n) => matchProbPattern(n)?.cls ?? null);
	if (each.every((c): c is string => c !== null) && allDistinct(each)) return each;
	return stripCommonAffixes(names) ?? [...names];
}

const INTEGER_TEXT = /^[+-]?\d+$/;

// ---------------------------------------------------------------------------
// Suggestion

/** Name lists, in priority order (first match wins), all normalized. */
const ID_NAMES = ['id', 'uuid', 'index'];
const LABEL_NAMES = [
	'label', 'given_label', 'labels', 'target', 'y', 'y_true', 'class', 'true_label',
	'ground_truth', 'outcome'
];
const PRED_LABEL_NAMES = [
	'pred_label', 'predicted_label', 'prediction', 'predicted', 'pred', 'y_pred',
	'predicted_class', 'pred_class', 'y_hat', 'yhat'
];
const SCORE_NAMES = ['score', 'decile_score', 'risk_score', 'risk'];
const SINGLE_PROB_NAMES = ['probability', 'prob', 'proba', 'pred_prob', 'predicted_probability'];
const PROB_LIST_NAMES = [
	'pred_probs', 'probs', 'probabilities', 'pred_probabilities', 'predicted_probabilities',
	'pred_proba', 'proba', 'probas', 'prob', 'softmax'
];
const TIME_NAMES = ['timestamp', 'date', 'datetime', 'time'];
const PREFERRED_TIME_WORDS = ['screening', 'created', 'event'];
const BIRTH_NAMES = ['dob', 'date_of_birth', 'birth_date', 'birthdate', 'birthday'];
const SPLIT_NAMES = ['split', 'fold', 'set', 'partition', 'subset', 'data_split', 'dataset_split'];
const MAX_SPLIT_DISTINCT = 20;
const IMAGE_NAMES = [
	'image', 'img', 'image_path', 'img_path', 'image_url', 'img_url', 'image_file', 'image_uri',
	'filepath', 'file_path', 'path', 'url', 'uri'
];
const PIXEL_LIST_NAMES = ['pixels', 'pixel_values', 'image', 'img'];
const TEXT_NAMES = ['text', 'sentence', 'review', 'comment', 'description', 'body', 'content'];
const PROTECTED_WORDS = [
	'race', 'ethnicity', 'sex', 'gender', 'age', 'age_cat', 'age_group', 'religion', 'disability',
	'nationality', 'marital_status', 'native_country'
];
const NUISANCE_WORDS = [
	'lighting', 'background', 'camera', 'device', 'weather', 'site', 'hospital', 'scanner',
	'brightness', 'contrast', 'time_of_day', 'location'
];

interface Col {
	col: ColumnInfo;
	norm: string;
	kind: ColumnKind;
}

/** The first column (by name priority, then table order) whose normalized name is listed. */
function byNamePriority(cols: Col[], names: readonly string[], ok: (c: Col) => boolean): Col | undefined {
	for (const n of names) {
		const hit = cols.find((c) => c.norm === n && ok(c));
		if (hit) return hit;
	}
	return undefined;
}

/** All distinct values are (nearly) unique per row; 2% slack for approximate counts. */
function nearlyUnique(c: ColumnInfo): boolean {
	return c.rows > 0 && c.nulls === 0 && c.distinct >= c.rows * 0.98;
}

/** Sets an own property even for names like `__proto__`. */
function setOwn(obj: Record<string, string>, key: string, value: string): void {
	Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Best group of >= 2 numeric columns sharing one probability naming pattern. */
function findProbGroup(cols: Col[]): { columns: Col[]; classes: string[]; pattern: string } | null {
	const groups = new Map<string, { col: Col; cls: string }[]>();
	for (const c of cols) {
		if (!isNumericKind(c.kind)) continue;
		const m = matchProbPattern(c.col.name);
		if (!m) continue;
		const g = groups.get(m.id) ?? [];
		g.push({ col: c, cls: m.cls });
		groups.set(m.id, g);
	}
	let best: { col: Col; cls: string }[] | null = null;
	let bestId = '';
	for (const [id, g] of groups) {
		if (g.length >= 2 && (best === null || g.length > best.length)) {
			best = g;
			bestId = id;
		}
	}
	if (!best) return null;
	if (best.every((m) => INTEGER_TEXT.test(m.cls))) {
		best = [...best].sort((a, b) => Number(a.cls) - Number(b.cls));
	}
	return { columns: best.map((m) => m.col), classes: best.map((m) => m.cls), pattern: bestId };
}

/**
 * Suggests roles from column names and types (case-insensitive; `_`, `-`,
 * spaces and camelCase are equivalent). Each column gets at most one primary
 * role (id, label, probabilities, pred_label, score, time, split, image, text);
 * protected and nuisance attributes are chosen among the remaining scalar
 * columns. Nothing is suggested for a role when no name fits: the user picks.
 * `hints.imageLike` names text columns whose values look like image paths or
 * URLs (see {@link imageReferenceColumns}); one of them is suggested as the
 * image column when no column is named like one.
 */
export function suggestRoles(columns: ColumnInfo[], hints: { imageLike?: readonly string[] } = {}): RoleSuggestion {
	const roles: Roles = { protected: [], nuisance: [] };
	const reasons: Record<string, string> = {};
	const all: Col[] = columns.map((col) => ({ col, norm: normalizeName(col.name), kind: columnKind(col.type) }));
	const taken = new Set<Col>();
	const free = (): Col[] => all.filter((c) => !taken.has(c));
	const take = (c: Col, reason: string): string => {
		taken.add(c);
		setOwn(reasons, c.col.name, reason);
		return c.col.name;
	};

	// id
	const id =
		byNamePriority(free(), ID_NAMES, (c) => c.kind !== 'list') ??
		free().find((c) => /^index_level_\d+$/.test(c.norm)) ??
		free().find((c) => c.norm.endsWith('_id') && isScalarKind(c.kind) && nearlyUnique(c.col));
	if (id) {
		const why = ID_NAMES.includes(id.norm) || id.norm.startsWith('index')
			? `named '${id.col.name}'`
			: 'ends in _id and is unique per row';
		roles.id = take(id, `row identifier: ${why}`);
	}

	// label
	const label = byNamePriority(free(), LABEL_NAMES, (c) => isScalarKind(c.kind));
	if (label) roles.label = take(label, `given label: named '${label.col.name}'`);

	// per-class probability columns, else one list column
	let classNames: string[] | null = null;
	const group = findProbGroup(free());
	if (group) {
		roles.predProbs = group.columns.map((c, i) =>
			take(c, `predicted probability of class '${group.classes[i] ?? ''}' (${group.pattern} pattern)`)
		);
		classNames = group.classes;
	} else {
		const list = byNamePriority(free(), PROB_LIST_NAMES, (c) => {
			const el = listElementKind(c.col.type);
			return el !== null && isNumericKind(el);
		});
		if (list) roles.predProbsList = take(list, 'list of numbers named like predicted probabilities');
	}

	// predicted label
	const predLabel = byNamePriority(free(), PRED_LABEL_NAMES, (c) => isScalarKind(c.kind));
	if (predLabel) roles.predLabel = take(predLabel, `predicted label: named '${predLabel.col.name}'`);

	// score (+ threshold when the convention is well known)
	const numeric = (c: Col): boolean => isNumericKind(c.kind);
	const score =
		byNamePriority(free(), SCORE_NAMES, numeric) ??
		free().find((c) => c.norm.endsWith('_score') && numeric(c)) ??
		byNamePriority(free(), SINGLE_PROB_NAMES, numeric);
	if (score) {
		roles.score = take(score, `numeric score: named '${score.col.name}'`);
		if (score.norm === 'decile_score' && score.kind === 'integer' && score.col.distinct <= 10) {
			roles.threshold = 5;
			setOwn(reasons, score.col.name, 'numeric score (deciles 1-10); threshold 5 = medium/high risk, the ProPublica convention');
		}
	}

	// time
	const time = suggestTime(free());
	if (time) roles.time = take(time.col, time.why);

	// split
	const split = byNamePriority(
		free(),
		SPLIT_NAMES,
		(c) => isScalarKind(c.kind) && c.col.distinct > 0 && c.col.distinct <= MAX_SPLIT_DISTINCT
	);
	if (split) roles.split = take(split, `data split: named '${split.col.name}' with ${split.col.distinct} values`);

	// image
	const image =
		byNamePriority(free(), IMAGE_NAMES, (c) => c.kind === 'string') ??
		byNamePriority(free(), ['image', 'img'], (c) => c.kind === 'other' && /^BLOB|BYTEA/i.test(c.col.type.trim())) ??
		byNamePriority(free(), PIXEL_LIST_NAMES, (c) => c.kind === 'list');
	const imageByValue = image ? undefined : free().find((c) => c.kind === 'string' && (hints.imageLike ?? []).includes(c.col.name));
	if (image) roles.image = take(image, image.kind === 'list' ? 'pixel values (list column)' : `image reference: named '${image.col.name}'`);
	else if (imageByValue) roles.image = take(imageByValue, 'image reference: values look like image paths or URLs');

	// text
	const text = byNamePriority(free(), TEXT_NAMES, (c) => c.kind === 'string');
	if (text) roles.text = take(text, `free text: named '${text.col.name}'`);

	// protected and nuisance attributes among the remaining scalar columns
	for (const c of free()) {
		if (!isScalarKind(c.kind)) continue;
		const p = PROTECTED_WORDS.find((w) => hasWords(c.norm, w));
		if (p) {
			roles.protected.push(take(c, `protected attribute: name mentions '${p}'`));
			continue;
		}
		const n = NUISANCE_WORDS.find((w) => hasWords(c.norm, w));
		if (n) roles.nuisance.push(take(c, `nuisance factor: name mentions '${n}'`));
	}

	return { roles, classNames, reasons };
}

/**
 * Time column: among date-typed columns and columns named `date`, `time`,
 * `timestamp`, `*_date` (birth dates excluded), prefer screening/created/event
 * names, then the first date-typed column, then the first name match.
 */
function suggestTime(cols: Col[]): { col: Col; why: string } | null {
	const named = (c: Col): boolean => TIME_NAMES.includes(c.norm) || c.norm.endsWith('_date');
	const candidates = cols.filter(
		(c) =>
			!BIRTH_NAMES.includes(c.norm) &&
			(c.kind === 'date' || (named(c) && (c.kind === 'string' || c.kind === 'integer')))
	);
	const preferred = candidates.find((c) => PREFERRED_TIME_WORDS.some((w) => hasWords(c.norm, w)));
	if (preferred) return { col: preferred, why: 'time: a screening/created/event date' };
	const dated = candidates.find((c) => c.kind === 'date');
	if (dated) return { col: dated, why: `time: first ${dated.col.type.trim()} column` };
	const first = candidates[0];
	return first ? { col: first, why: `time: named '${first.col.name}'` } : null;
}

// ---------------------------------------------------------------------------
// URL search parameters

/** Search-parameter key of each single-column role. */
const SINGLE_KEYS = {
	id: 'id',
	label: 'label',
	predProbsList: 'pred_probs_list',
	predLabel: 'pred_label',
	score: 'score',
	time: 'time',
	split: 'split',
	image: 'image',
	text: 'text'
} as const satisfies Partial<Record<keyof Roles, string>>;
type SingleRole = keyof typeof SINGLE_KEYS;
const SINGLE_ROLES = Object.keys(SINGLE_KEYS) as SingleRole[];

/** Search-parameter key of each multi-column role. */
const LIST_KEYS = { predProbs: 'pred_probs', protected: 'protected', nuisance: 'nuisance' } as const;
type ListRole = keyof typeof LIST_KEYS;
const LIST_ROLES = Object.keys(LIST_KEYS) as ListRole[];

/** Every key this module owns in a URL. */
export const ROLE_PARAM_KEYS: readonly string[] = [
	...Object.values(SINGLE_KEYS),
	...Object.values(LIST_KEYS),
	'threshold'
];

/** Joins names with `,`, escaping `\` and `,` inside names with a backslash. */
export function joinNames(names: readonly string[]): string {
	return names.map((n) => n.replace(/[\\,]/g, (c) => `\\${c}`)).join(',');
}

/** Inverse of {@link joinNames}. An empty string gives an empty list. */
export function splitNames(value: string): string[] {
	if (value === '') return [];
	const out: string[] = [];
	let cur = '';
	for (let i = 0; i < value.length; i++) {
		const c = value[i];
		if (c === '\\' && i + 1 < value.length) {
			cur += value[++i];
		} else if (c === ',') {
			out.push(cur);
			cur = '';
		} else {
			cur += c;
		}
	}
	out.push(cur);
	return out;
}

/**
 * Writes roles into search parameters (a copy of `base`, whose other keys are
 * kept and whose role keys are replaced): `label=y&pred_probs=p_a,p_b&
 * protected=race,sex&threshold=5`. Lists are comma-separated; commas and
 * backslashes inside names are backslash-escaped. Empty roles are omitted.
 */
export function rolesToSearchParams(roles: Roles, base?: URLSearchParams): URLSearchParams {
	const params = new URLSearchParams(base);
	for (const k of ROLE_PARAM_KEYS) params.delete(k);
	for (const role of SINGLE_ROLES) {
		const v = roles[role];
		if (v !== undefined) params.set(SINGLE_KEYS[role], v);
	}
	for (const role of LIST_ROLES) {
		const v = roles[role];
		if (v && v.length > 0) params.set(LIST_KEYS[role], joinNames(v));
	}
	if (roles.threshold !== undefined && Number.isFinite(roles.threshold)) {
		params.set('threshold', String(roles.threshold));
	}
	return params;
}

/**
 * Reads roles from search parameters. Names not in `columns` are dropped and
 * reported in `unknown` (each once). Repeated list keys are merged; duplicate
 * names within a list are dropped. A threshold that is not a finite number is
 * ignored.
 */
export function rolesFromSearchParams(
	params: URLSearchParams,
	columns: string[]
): { roles: Roles; unknown: string[] } {
	const known = new Set(columns);
	const unknown: string[] = [];
	const keep = (name: string): boolean => {
		if (known.has(name)) return true;
		if (name !== '' && !unknown.includes(name)) unknown.push(name);
		return false;
	};
	const roles: Roles = { protected: [], nuisance: [] };
	for (const role of SINGLE_ROLES) {
		const v = params.get(SINGLE_KEYS[role]);
		if (v !== null && keep(v)) roles[role] = v;
	}
	for (const role of LIST_ROLES) {
		const names = params.getAll(LIST_KEYS[role]).flatMap(splitNames).filter(keep);
		const unique = [...new Set(names)];
		if (role === 'predProbs') {
			if (unique.length > 0) roles.predProbs = unique;
		} else {
			roles[role] = unique;
		}
	}
	const t = params.get('threshold');
	if (t !== null && t.trim() !== '' && Number.isFinite(Number(t))) roles.threshold = Number(t);
	return { roles, unknown };
}

// ---------------------------------------------------------------------------
// Validation

const ROLE_TITLES: Record<SingleRole | ListRole, string> = {
	id: 'ID column',
	label: 'Label column',
	predProbsList: 'Probability list column',
	predLabel: 'Predicted-label column',
	score: 'Score column',
	time: 'Time column',
	split: 'Split column',
	image: 'Image column',
	text: 'Text column',
	predProbs: 'Probability column',
	protected: 'Protected attribute',
	nuisance: 'Nuisance attribute'
};

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

// ---------------------------------------------------------------------------
// Image references

/**
 * Text columns whose sampled values mostly (>= 80% of the non-empty ones)
 * look like image file paths (`*.png|jpg|jpeg|gif|webp|bmp`) or http(s)
 * URLs, in table order: candidates for the image role.
 */
export function imageReferenceColumns(columns: ColumnInfo[], sample: Record<string, unknown[]>): string[] {
	return columns
		.filter((c) => columnKind(c.type) === 'string' && Object.prototype.hasOwnProperty.call(sample, c.name))
		.filter((c) => {
			const values = (sample[c.name] ?? []).filter((v) => typeof v === 'string' && v.trim() !== '');
			return values.length > 0 && values.filter(looksLikeImageRef).length >= 0.8 * values.length;
		})
		.map((c) => c.name);
}

// ---------------------------------------------------------------------------
// Direct identifiers

const PERSON_NAME_WORDS = [
	'first', 'last', 'full', 'given', 'family', 'middle', 'maiden', 'patient', 'person',
	'customer', 'client', 'user', 'applicant', 'employee'
];
const EXACT_NAME_COLUMNS = new Set([
	'name', 'first', 'last', 'first_name', 'last_name', 'surname', 'full_name', 'firstname',
	'lastname', 'fullname', 'given_name', 'family_name', 'middle_name'
]);

/** Why a column name suggests a direct identifier, or null. */
function identifierByName(norm: string): string | null {
	const words = norm.split('_');
	const last = words.at(-1);
	if (EXACT_NAME_COLUMNS.has(norm) || (last === 'name' && words.length === 2 && PERSON_NAME_WORDS.includes(words[0] ?? ''))) {
		return "looks like a person's name";
	}
	if (words.includes('email') || words.includes('mail') || hasWords(norm, 'e_mail')) return 'looks like an email address';
	if (
		['phone', 'telephone', 'tel', 'cellphone', 'fax'].some((w) => words.includes(w)) ||
		/^phone/.test(norm) ||
		hasWords(norm, 'mobile_number')
	) {
		return 'looks like a phone number';
	}
	if (
		['ssn', 'passport'].some((w) => words.includes(w)) ||
		['social_security', 'national_id', 'national_insurance', 'tax_id', 'driver_license', 'drivers_license', 'driving_licence'].some((w) => hasWords(norm, w))
	) {
		return 'looks like a national ID, social security or passport number';
	}
	if (['address', 'street', 'zip', 'zipcode', 'postcode'].some((w) => words.includes(w)) || hasWords(norm, 'postal_code')) {
		return 'looks like a postal or network address';
	}
	if (BIRTH_NAMES.includes(norm)) return 'looks like a date of birth';
	return null;
}

const EMAIL_VALUE = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** True for strings such as `+1 (555) 123-4567` or `555.123.4567`, not dates or plain numbers. */
function looksLikePhone(s: string): boolean {
	const t = s.trim();
	if (!/^\+?[\d\s().\-]+$/.test(t) || DATE_LIKE.test(t) || PLAIN_NUMBER.test(t)) return false;
	const digits = t.replace(/\D/g, '').length;
	return digits >= 7 && digits <= 15;
}

/** Why sampled values suggest a direct identifier (majority of non-empty strings), or null. */
function identifierByValues(values: readonly unknown[]): string | null {
	const strings = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
	if (strings.length === 0) return null;
	const share = (f: (s: string) => boolean): number => strings.filter(f).length / strings.length;
	if (share((s) => EMAIL_VALUE.test(s.trim())) >= 0.5) return 'values look like email addresses';
	if (share(looksLikePhone) >= 0.5) return 'values look like phone numbers';
	return null;
}

/**
 * Columns that probably hold direct identifiers (names, emails, phone numbers,
 * national IDs, addresses, birth dates), judged by name and, when `sample` is
 * given, by sampled values. Each `why` ends with the advice to drop the column
 * before sharing a report.
 */
export function identifierLikeColumns(
	columns: ColumnInfo[],
	sample?: Record<string, unknown[]>
): { column: string; why: string }[] {
	const out: { column: string; why: string }[] = [];
	for (const c of columns) {
		const values = sample && Object.prototype.hasOwnProperty.call(sample, c.name) ? sample[c.name] : undefined;
		const why = identifierByName(normalizeName(c.name)) ?? (values ? identifierByValues(values) : null);
		if (why) out.push({ column: c.name, why: `${why}; drop it before sharing a report.` });
	}
	return out;
}
