/**
 * Column roles: which column is the label, which hold predicted probabilities,
 * which are protected attributes, and so on. The types and the role names.
 */
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

/** Roles held by one column, in the order they are checked and written. */
export const SINGLE_ROLES = ['id', 'label', 'predProbsList', 'predLabel', 'score', 'time', 'split', 'image', 'text'] as const satisfies readonly (keyof Roles)[];
export type SingleRole = (typeof SINGLE_ROLES)[number];
/** Roles held by a list of columns. */
export const LIST_ROLES = ['predProbs', 'protected', 'nuisance'] as const satisfies readonly (keyof Roles)[];
export type ListRole = (typeof LIST_ROLES)[number];
