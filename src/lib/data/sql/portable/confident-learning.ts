import { NEAR_MAX_TOLERANCE } from '../../../core/confident-learning/near-max';
import { THRESHOLD_SLACK } from '../../../core/confident-learning/thresholds';
import { tableRef, type Dialect } from './dialect';

/**
 * Confident learning as portable SQL (issue #18): three passes that run where the table lives
 * and return only small results.
 *
 *   pass 1 `classStatsSql`     one row per given label: n, sum of p[given]   -> thresholds in JS
 *   pass 2 `confidentJointSql` one row per (given, confident class) cell      -> the joint in JS
 *   pass 3 `flaggedRowsSql`    the flagged rows, ranked                        -> the issue list
 *
 * Plain ANSI SQL: CASE, GREATEST, CAST, window functions, GROUP BY, UNION ALL; no DuckDB-only
 * syntax. The rules are the core's (src/lib/core/confident-learning, see
 * docs/notes/confident-learning-ties.md): confident means p_j >= t_j - 1e-6 (the shifted
 * thresholds are computed in JS and written as exact float64 literals); several confident
 * classes give the row's first maximal index; the near-max rule lifts p[given] by 1e-6.
 * Each per-row value is computed by the same float64 operations as the core, so each row
 * decides the same way. Only the class sums of pass 1 may add in another order than numpy's
 * pairwise sum (to within a few ulps).
 */
export interface PortableLabelTable {
	/** table name, optionally qualified (`schema.table`) */
	table: string;
	/** given-label column: class index 0..K-1 (rows where it is NULL are left out) */
	label: string;
	/** the K probability columns, in class order */
	probColumns: readonly string[];
	/**
	 * a column that identifies a row and orders ties (the row's position in Plumb's direct
	 * run). Without it, `ROW_NUMBER() OVER () - 1`, which only engines that keep scan order
	 * (DuckDB over one file) make deterministic.
	 */
	rowId?: string;
}

/** Per-row score the issues are ranked by, ascending (most likely mislabelled first). */
export type SqlRankBy = 'self_confidence' | 'normalized_margin';
export const SQL_RANK_BY: readonly SqlRankBy[] = ['self_confidence', 'normalized_margin'];

/** `filter_by` modes pass 3 expresses in SQL. */
export type SqlFilterBy = 'prune_by_noise_rate' | 'prune_by_class' | 'both' | 'confident_learning' | 'predicted_neq_given';
export const SQL_FILTER_BY: readonly SqlFilterBy[] = ['prune_by_noise_rate', 'prune_by_class', 'both', 'confident_learning', 'predicted_neq_given'];

/** Internal column aliases of the base rows. */
const P = (j: number) => `p${j}`;

function check(t: PortableLabelTable): number {
	const k = t.probColumns.length;
	if (k < 2) throw new Error(`Confident learning needs at least 2 probability columns, got ${k}.`);
	return k;
}

/** `base`: row_id, given_label, p0..p{K-1} as doubles, labelled rows only. */
function baseCte(d: Dialect, t: PortableLabelTable): string {
	const k = check(t);
	const rowId = t.rowId ? d.ident(t.rowId) : 'ROW_NUMBER() OVER () - 1';
	const probs = t.probColumns.map((c, j) => `${d.toDouble(d.ident(c))} AS ${P(j)}`).join(', ');
	if (new Set(t.probColumns).size !== k) throw new Error('The probability columns must be distinct.');
	return `base AS (
  SELECT ${rowId} AS row_id, ${d.ident(t.label)} AS given_label, ${probs}
  FROM ${tableRef(d, t.table)}
  WHERE ${d.ident(t.label)} IS NOT NULL
)`;
}

/** p[given_label] */
function selfExpr(k: number): string {
	const whens = Array.from({ length: k }, (_, j) => `WHEN ${j} THEN ${P(j)}`).join(' ');
	return `CASE given_label ${whens} END`;
}

/** GREATEST over the listed classes (a single class: itself). */
function greatest(classes: number[]): string {
	return classes.length === 1 ? P(classes[0] as number) : `GREATEST(${classes.map(P).join(', ')})`;
}

const range = (k: number) => Array.from({ length: k }, (_, j) => j);

/**
 * Pass 1: `given_label, n, self_sum` per given label, ascending. Thresholds t_k =
 * max(self_sum / n, 2e-6) (`classStatsFromRows`). Labels outside 0..K-1 come back as rows
 * of their own, so the JS side can name them.
 */
export function classStatsSql(d: Dialect, t: PortableLabelTable): string {
	const k = check(t);
	return `WITH ${baseCte(d, t)}
SELECT given_label, COUNT(*) AS n, SUM(${selfExpr(k)}) AS self_sum
FROM base
GROUP BY given_label
ORDER BY given_label`;
}

/**
 * `scored`: per row its self-confidence, first argmax, confident class (-1 if none) and
 * `outranked` (1 when some other class beats p[given] + 1e-6, i.e. the near-max rule keeps
 * the row as an issue). `shifted[j]` = t_j - 1e-6; NaN (no row given j) is never confident.
 */
function scoredCtes(d: Dialect, t: PortableLabelTable, thresholds: Float64Array): string {
	const k = check(t);
	if (thresholds.length !== k) throw new Error(`Expected ${k} thresholds, got ${thresholds.length}.`);
	const conf = range(k).map((j) => {
		const s = (thresholds[j] as number) - THRESHOLD_SLACK;
		return Number.isNaN(s) ? null : `${P(j)} >= ${d.float(s)}`;
	});
	const confCount = conf.map((c) => (c ? `CASE WHEN ${c} THEN 1 ELSE 0 END` : '0')).join(' + ');
	const firstWhens = conf.flatMap((c, j) => (c ? [`WHEN ${c} THEN ${j}`] : [])).join(' ');
	const first = firstWhens ? `CASE ${firstWhens} ELSE -1 END` : '-1';
	const argmax = `CASE ${range(k).map((j) => `WHEN ${P(j)} = max_p THEN ${j}`).join(' ')} END`;
	const outranks = range(k)
		.map((j) => `(given_label <> ${j} AND (${P(j)} > lifted OR (${P(j)} = lifted AND ${j} < given_label)))`)
		.join(' OR ');
	const otherMax = `CASE given_label ${range(k)
		.map((i) => `WHEN ${i} THEN ${greatest(range(k).filter((j) => j !== i))}`)
		.join(' ')} END`;
	const cols = range(k).map(P).join(', ');
	return `${baseCte(d, t)},
stats AS (
  SELECT row_id, given_label, ${cols},
    ${selfExpr(k)} AS self_confidence,
    ${otherMax} AS other_max,
    ${greatest(range(k))} AS max_p,
    ${confCount} AS n_confident,
    ${first} AS first_confident
  FROM base
),
scored AS (
  SELECT row_id, given_label, ${cols}, self_confidence, other_max, n_confident, first_confident,
    ${argmax} AS predicted,
    self_confidence + ${d.float(NEAR_MAX_TOLERANCE)} AS lifted
  FROM stats
),
classed AS (
  SELECT row_id, given_label, self_confidence, other_max, predicted,
    CASE WHEN n_confident > 1 THEN predicted ELSE first_confident END AS confident_class,
    CASE WHEN ${outranks} THEN 1 ELSE 0 END AS outranked
  FROM scored
)`;
}

/**
 * Pass 2: the confident joint, one row per non-empty cell: `given_label, confident_class, n,
 * num_issues` (num_issues: the cell's rows the near-max rule keeps; their off-diagonal sum is
 * num_label_issues 'off_diagonal'). `thresholds` from pass 1.
 */
export function confidentJointSql(d: Dialect, t: PortableLabelTable, thresholds: Float64Array): string {
	return `WITH ${scoredCtes(d, t, thresholds)}
SELECT given_label, confident_class, COUNT(*) AS n, SUM(outranked) AS num_issues
FROM classed
WHERE confident_class >= 0
GROUP BY given_label, confident_class
ORDER BY given_label, confident_class`;
}

/** Per-cell and per-class counts to prune (`computePruneCounts` on the calibrated joint). */
export interface SqlPruneCounts {
	/** K x K [given i][true j] */
	perCell: Float64Array;
	/** length K */
	perClass: Float64Array;
}

/** A constant table of (given_label, cls, n) rows, one per cell with n > 0; null when none. */
function cellsCte(d: Dialect, perCell: Float64Array, k: number): string | null {
	const rows: string[] = [];
	for (let i = 0; i < k; i++) {
		for (let j = 0; j < k; j++) {
			const n = perCell[i * k + j] as number;
			if (i !== j && n > 0) rows.push(`SELECT ${d.int(i)} AS cell_given, ${d.int(j)} AS cell_class, ${d.int(n)} AS cell_n`);
		}
	}
	return rows.length ? `cells AS (\n  ${rows.join('\n  UNION ALL ')}\n)` : null;
}

/** The row_ids chosen by a filter, before the near-max rule, as extra CTEs + a set name. */
function chosenCtes(d: Dialect, k: number, filterBy: SqlFilterBy, prune?: SqlPruneCounts): string {
	if (filterBy === 'confident_learning') {
		return `chosen AS (SELECT row_id FROM classed WHERE confident_class >= 0 AND confident_class <> given_label)`;
	}
	if (filterBy === 'predicted_neq_given') return `chosen AS (SELECT row_id FROM classed WHERE predicted <> given_label)`;
	if (!prune) throw new Error(`filter_by '${filterBy}' needs the prune counts computed from the confident joint.`);
	const perClass = `CASE given_label ${range(k)
		.map((i) => `WHEN ${i} THEN ${d.int(prune.perClass[i] as number)}`)
		.join(' ')} END`;
	const byClass = `by_class AS (
  SELECT row_id, ${perClass} AS class_n,
    ROW_NUMBER() OVER (PARTITION BY given_label ORDER BY self_confidence, row_id) AS class_rank
  FROM scored
)`;
	if (filterBy === 'prune_by_class') return `${byClass},\nchosen AS (SELECT row_id FROM by_class WHERE class_rank <= class_n)`;
	const cells = cellsCte(d, prune.perCell, k);
	if (!cells) return `chosen AS (SELECT row_id FROM classed WHERE 1 = 0)`;
	const pj = `CASE c.cell_class ${range(k).map((j) => `WHEN ${j} THEN s.${P(j)}`).join(' ')} END`;
	const byCell = `${cells},
by_cell AS (
  SELECT s.row_id, c.cell_n,
    ROW_NUMBER() OVER (PARTITION BY c.cell_given, c.cell_class ORDER BY s.self_confidence - ${pj}, s.row_id) AS cell_rank
  FROM scored s JOIN cells c ON s.given_label = c.cell_given
),
by_noise_rate AS (SELECT DISTINCT row_id FROM by_cell WHERE cell_rank <= cell_n)`;
	if (filterBy === 'prune_by_noise_rate') return `${byCell},\nchosen AS (SELECT row_id FROM by_noise_rate)`;
	return `${byCell},
${byClass},
chosen AS (
  SELECT b.row_id FROM by_noise_rate b JOIN by_class c ON b.row_id = c.row_id WHERE c.class_rank <= c.class_n
)`;
}

/**
 * Pass 3: the flagged rows, most likely mislabelled first: `issue_rank` (1-based), `row_id`,
 * `given_label`, `predicted` (first argmax), `confident_class` (-1 if none) and `score` (the
 * `rankBy` label quality score). Equal scores keep ascending row_id, as the core's ranking.
 * The rows are those `filterBy` chooses, minus the rows whose given label is (nearly) the
 * prediction. prune_by_noise_rate, prune_by_class and both need `prune` (from `pruneCountsFromJoint`).
 */
export function flaggedRowsSql(
	d: Dialect,
	t: PortableLabelTable,
	thresholds: Float64Array,
	filterBy: SqlFilterBy,
	rankBy: SqlRankBy = 'self_confidence',
	prune?: SqlPruneCounts
): string {
	const k = check(t);
	if (!SQL_FILTER_BY.includes(filterBy)) throw new Error(`filter_by '${filterBy}' has no SQL form; use one of ${SQL_FILTER_BY.join(', ')}.`);
	if (!SQL_RANK_BY.includes(rankBy)) throw new Error(`rank_by '${rankBy}' has no SQL form; use one of ${SQL_RANK_BY.join(', ')}.`);
	const score =
		rankBy === 'self_confidence'
			? 'x.self_confidence'
			: `(x.self_confidence - x.other_max + ${d.float(1)}) / ${d.float(2)}`;
	return `WITH ${scoredCtes(d, t, thresholds)},
${chosenCtes(d, k, filterBy, prune)},
issues AS (
  SELECT x.row_id, x.given_label, x.predicted, x.confident_class, ${score} AS score
  FROM classed x JOIN chosen c ON x.row_id = c.row_id
  WHERE x.outranked = 1
)
SELECT ROW_NUMBER() OVER (ORDER BY score, row_id) AS issue_rank, row_id, given_label, predicted, confident_class, score
FROM issues
ORDER BY issue_rank`;
}
