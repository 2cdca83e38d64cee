/**
 * Which columns a drift comparison tests, how each is read (numeric arrays or
 * category counts), which section it belongs to, and why the others are
 * skipped. Pure: from the two sides' column types and the roles.
 */
import { driftThresholdKind } from '../../core/stats/index';
import type { DriftOverride, SkippedColumn } from '../../core/drift/types';
import { columnKind, type ColumnKind } from '../roles';
import { ident } from '../sql/quote';
import type { DriftOptions } from './types';

export type Section = 'features' | 'label' | 'prediction' | 'probabilities';

/** A column (or list element) to test: the SQL reading it, how, and which section it belongs to. */
export interface Source {
	name: string;
	/** SQL over the relation's columns. */
	expr: string;
	type: string;
	read: 'numeric' | 'categorical';
	section: Section;
}

export interface Described {
	name: string;
	type: string;
}

export interface Plan {
	sources: Source[];
	skipped: SkippedColumn[];
}

type TypeFamily = 'numeric' | 'boolean' | 'string' | 'date' | 'list' | 'other';

function family(kind: ColumnKind): TypeFamily {
	return kind === 'integer' || kind === 'float' ? 'numeric' : kind;
}

/** Why a column of these types cannot be tested, or null. */
function typeProblem(refType: string, curType: string): string | null {
	const rf = family(columnKind(refType));
	const cf = family(columnKind(curType));
	if (rf !== cf) return `types differ: ${refType} in the reference, ${curType} in the current data`;
	if (rf === 'date') return `date/time column (${refType}): dates move with time by construction, so they are not tested (as in Evidently)`;
	if (rf === 'list') return `list column (${refType})`;
	if (rf === 'other') return `type ${refType} cannot be tested for drift`;
	return null;
}

/** Throw a RangeError for an override naming no known column or with a threshold that is not a positive number (<= 1 for a p-value test). */
export function validateOverrides(overrides: Readonly<Record<string, DriftOverride>>, known: ReadonlySet<string>): void {
	for (const [column, o] of Object.entries(overrides)) {
		if (!known.has(column)) throw new RangeError(`Override for "${column}": no such column on either side.`);
		if (o.threshold === undefined) continue;
		const pValue = o.test !== undefined && driftThresholdKind(o.test) === 'p_value';
		if (!(Number.isFinite(o.threshold) && o.threshold > 0 && (!pValue || o.threshold <= 1))) {
			throw new RangeError(`Override for "${column}": threshold ${o.threshold} must be a positive number (at most 1 for a p-value).`);
		}
	}
}

/** Decide what to test from the two sides' columns and the roles; pure. */
export function planColumns(refCols: Described[], curCols: Described[], o: DriftOptions): Plan {
	const roles = o.roles ?? {};
	const cur = new Map(curCols.map((c) => [c.name, c.type]));
	const ref = new Map(refCols.map((c) => [c.name, c.type]));
	const skipped: SkippedColumn[] = [];
	const sources: Source[] = [];
	const why = (name: string): string | null => {
		const rt = ref.get(name);
		const ct = cur.get(name);
		if (rt === undefined && ct === undefined) return 'in neither side';
		if (rt === undefined) return 'only in the current data';
		if (ct === undefined) return 'only in the reference';
		return typeProblem(rt, ct);
	};
	const add = (name: string, section: Section, prefix = '') => {
		const problem = why(name);
		if (problem) {
			skipped.push({ column: name, why: prefix + problem });
			return;
		}
		const type = ref.get(name)!;
		sources.push({ name, expr: ident(name), type, read: family(columnKind(type)) === 'numeric' ? 'numeric' : 'categorical', section });
	};

	if (roles.label !== undefined) add(roles.label, 'label', 'label: ');
	if (roles.predLabel !== undefined) add(roles.predLabel, 'prediction', 'prediction: ');
	if (roles.score !== undefined) add(roles.score, 'prediction', 'score: ');
	for (const p of roles.predProbs ?? []) add(p, 'probabilities', 'probability: ');

	const roleOf = new Map<string, string>();
	const mark = (name: string | undefined | null, what: string) => {
		if (name !== undefined && name !== null && !roleOf.has(name)) roleOf.set(name, what);
	};
	mark(o.splitColumn, 'defines the split');
	mark(roles.id, 'row id');
	mark(roles.time, 'time column');
	mark(roles.text, 'free text');
	mark(roles.image, 'image column');
	for (const s of [roles.label, roles.predLabel, roles.score, roles.predProbsList, ...(roles.predProbs ?? [])]) mark(s, '');

	const wanted = o.columns ?? [...refCols.map((c) => c.name), ...curCols.filter((c) => !ref.has(c.name)).map((c) => c.name)];
	for (const name of new Set(wanted)) {
		const role = roleOf.get(name);
		if (role === '') continue;
		if (role !== undefined) skipped.push({ column: name, why: role });
		else add(name, 'features');
	}
	return { sources, skipped };
}

/** Sources for each element of a probability list column, `name[1]` ... `name[k]`. */
export function listSources(name: string, k: number): Source[] {
	return Array.from({ length: k }, (_, i) => ({
		name: `${name}[${i + 1}]`,
		expr: `${ident(name)}[${i + 1}]`,
		type: 'DOUBLE',
		read: 'numeric' as const,
		section: 'probabilities' as const
	}));
}

/** Whether a list column (by its types on both sides) can be expanded, else why it is skipped. */
export function listProblem(refType: string | undefined, curType: string | undefined): string | null {
	if (refType && curType && columnKind(refType) === 'list' && columnKind(curType) === 'list') return null;
	return `probability list: ${refType && curType ? 'not a list column on both sides' : refType ? 'only in the reference' : curType ? 'only in the current data' : 'in neither side'}`;
}
