/**
 * SQL of the impossible-value checks: negative counts, probabilities outside
 * [0, 1], dates in the future or before 1900. Which columns each rule applies
 * to is decided from names and types (see {@link impossibleRules}); the counts
 * come from one scan.
 */
import { columnKind, normalizeName } from '../roles';
import { ident, literal } from './quote';
import type { TypedColumn } from './checks';

export type ImpossibleRule = 'negative count' | 'probability outside [0, 1]' | 'date in the future' | 'date before 1900';

/** Words that make a numeric column a count or an amount that cannot be negative. */
const COUNT_WORDS = new Set(['count', 'counts', 'cnt', 'num', 'number', 'qty', 'quantity', 'age', 'n']);
/** Words that make a numeric column a probability. */
const PROB_WORDS = new Set(['prob', 'probs', 'proba', 'probas', 'probability', 'probabilities']);

/** A rule applied to one column. */
export interface ImpossibleCheck {
	column: string;
	rule: ImpossibleRule;
}

/**
 * The rules that apply to each column: numeric columns whose name has a word
 * such as count, num, number, qty or age (`priors_count`, `n_items`,
 * `numChildren`), or starts with `n` + capital / `n_`: no negative values;
 * numeric columns named as probabilities (a word prob, proba, probability,
 * or given in `probabilities`): values in [0, 1]; DATE and TIMESTAMP columns:
 * not after `today`, not before 1900-01-01.
 */
export function impossibleRules(columns: readonly TypedColumn[], probabilities: readonly string[] = []): ImpossibleCheck[] {
	const out: ImpossibleCheck[] = [];
	const probs = new Set(probabilities);
	for (const c of columns) {
		const kind = columnKind(c.type);
		const words = normalizeName(c.name).split('_');
		if (kind === 'integer' || kind === 'float') {
			if (probs.has(c.name) || words.some((w) => PROB_WORDS.has(w))) out.push({ column: c.name, rule: 'probability outside [0, 1]' });
			else if (words.some((w) => COUNT_WORDS.has(w))) out.push({ column: c.name, rule: 'negative count' });
		} else if (kind === 'date') {
			out.push({ column: c.name, rule: 'date in the future' }, { column: c.name, rule: 'date before 1900' });
		}
	}
	return out;
}

/** The condition under which a value breaks the rule (NULL and NaN never do). */
export function impossibleExprSql(check: ImpossibleCheck, today: string): string {
	const c = ident(check.column);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`today must be a date as YYYY-MM-DD, got "${today}".`);
	switch (check.rule) {
		case 'negative count':
			return `CAST(${c} AS DOUBLE) < 0`;
		case 'probability outside [0, 1]':
			return `(CAST(${c} AS DOUBLE) < 0 OR CAST(${c} AS DOUBLE) > 1)`;
		case 'date in the future':
			return `CAST(${c} AS DATE) > CAST(${literal(today)} AS DATE)`;
		case 'date before 1900':
			return `CAST(${c} AS DATE) < DATE '1900-01-01'`;
	}
}

/** One row with `v0, v1, ...`: the rows breaking each check. */
export function impossibleCountsSql(table: string, checks: readonly ImpossibleCheck[], today: string): string {
	if (checks.length === 0) throw new RangeError('impossibleCountsSql: no checks.');
	const counts = checks.map((k, i) => `count(*) FILTER (WHERE ${impossibleExprSql(k, today)}) AS ${ident(`v${i}`)}`);
	return `SELECT ${counts.join(', ')} FROM ${ident(table)}`;
}
