/**
 * Column names: the canonical form names are matched in, class names from
 * probability columns, and lists of names joined into one text.
 */
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
export function hasWords(norm: string, phrase: string): boolean {
	return `_${norm}_`.includes(`_${phrase}_`);
}

/** Names of date-of-birth columns (never a time column; a direct identifier). */
export const BIRTH_NAMES = ['dob', 'date_of_birth', 'birth_date', 'birthdate', 'birthday'];

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
export function matchProbPattern(name: string): { id: string; cls: string } | null {
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
