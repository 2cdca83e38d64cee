/**
 * Suggested roles from column names and DuckDB types.
 */
import { columnKind, isNumericKind, isScalarKind, listElementKind } from './column-kind';
import { BIRTH_NAMES, hasWords, matchProbPattern, normalizeName } from './names';
import type { ColumnInfo, ColumnKind, RoleSuggestion, Roles } from './types';

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
