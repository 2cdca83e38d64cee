/** What computeDrift is given: the two sides as SQL relations, the roles, overrides and settings. */
import type { DriftAggregateOptions } from '../../core/options/drift';
import type { DriftOverride } from '../../core/drift/types';
import type { InMemoryColumns } from '../kept-columns';
import type { Roles } from '../roles';
import type { SplitValue, TimeRange } from '../sql/drift';

export type { SplitValue, TimeRange } from '../sql/drift';

/**
 * How to obtain the two sides:
 * - `tables`: two tables, e.g. `reference_dataset` and `dataset`;
 * - `time`: one table, rows by period of a time column (NULL times in neither);
 * - `values`: one table, rows by value(s) of a split or categorical column.
 */
export type DriftSpec =
	| { kind: 'tables'; reference: string; current: string; referenceLabel?: string; currentLabel?: string }
	| { kind: 'time'; table: string; column: string; reference: TimeRange; current: TimeRange; referenceLabel?: string; currentLabel?: string }
	| {
			kind: 'values';
			table: string;
			column: string;
			reference: readonly SplitValue[];
			current: readonly SplitValue[];
			referenceLabel?: string;
			currentLabel?: string;
	  };

/** One side as a SQL relation (`SELECT * FROM t WHERE ...`) and a label for charts ("2013"). */
export interface DriftRelation {
	sql: string;
	label: string;
	/** Numeric columns of this relation in memory, used instead of reading them from DuckDB. */
	inMemory?: InMemoryColumns;
}

/** Rows of the split table in neither side: SQL returning one row `rows`, `nulls` (NULL split value). */
export interface ExcludedRowsQuery {
	sql: string;
	why: string;
}

export interface DriftSides {
	reference: DriftRelation;
	current: DriftRelation;
	/** The column the sides were cut on (not tested), or null for two tables. */
	splitColumn: string | null;
	excluded: ExcludedRowsQuery | null;
	/** For a split of one table: the table and each side's SQL condition on its rows (null for two tables). */
	split: { table: string; reference: string; current: string } | null;
}

/** The roles computeDrift looks at. */
export type DriftRoles = Partial<Pick<Roles, 'id' | 'label' | 'predLabel' | 'score' | 'predProbs' | 'predProbsList' | 'time' | 'text' | 'image'>>;

export interface DriftOptions {
	reference: DriftRelation;
	current: DriftRelation;
	splitColumn?: string | null;
	excluded?: ExcludedRowsQuery | null;
	/** Feature columns to compare (default: every shared column without a role). */
	columns?: readonly string[];
	overrides?: Readonly<Record<string, DriftOverride>>;
	roles?: DriftRoles;
	/** Chi-square flavour (core default 'contingency'; Evidently's is 'goodness-of-fit'). */
	chiSquareMode?: 'contingency' | 'goodness-of-fit';
	/** Share of drifted features for dataset drift (default 0.5). */
	datasetDriftShare?: number;
	bins?: number;
	topCategories?: number;
	/** When large numeric columns are binned instead of sorted; false: always sort. */
	aggregate?: DriftAggregateOptions | false;
}
