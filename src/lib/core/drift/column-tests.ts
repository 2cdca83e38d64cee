/**
 * One column's drift from typed arrays or counts: the test (default choice or
 * an override), its threshold, PSI and the chart histogram. Sorted values
 * give exact numbers; value counts give the same numbers without sorting.
 */
import {
	NUMERIC_AS_CATEGORICAL_MAX_UNIQUE,
	WASSERSTEIN_MIN_STD,
	chooseDriftTest,
	columnDrift,
	defaultDriftThreshold,
	ks2sampSorted,
	populationStd,
	populationStdFromCounts,
	psiBand,
	psiNumericFromCounts,
	psiNumericSorted,
	wassersteinDistanceSorted,
	wassersteinFromCounts,
	type DriftTestName,
	type ValueCounts
} from '../stats/index';
import { categoricalHistogram, numericHistogram, numericHistogramFromCounts } from './histograms';
import { sortedValues, type SortScratch } from './sort';
import { distinctUpTo, runCounts } from './sorted-runs';
import type { ColumnDrift, DriftColumnRef, DriftHistogram, DriftOverride, SkippedColumn } from './types';

export interface TestOutcome {
	test: DriftTestName;
	statistic: number;
	pValue: number | null;
	distance: number | null;
	threshold: number;
	drifted: boolean;
	psi: number;
}

/** How one column is tested: its override (if any) and the chi-square flavour. */
export interface TestSettings {
	override: DriftOverride | undefined;
	chiSquareMode: 'contingency' | 'goodness-of-fit';
}

/** What every result of a column shares: name, type, values and NULLs per side. */
export type ColumnBase = Pick<ColumnDrift, 'column' | 'type' | 'nRef' | 'nCur' | 'nullsRef' | 'nullsCur'>;

/** Tests that a numeric column with few distinct values runs as categorical (undefined: the default choice). */
const CATEGORICAL_TESTS: readonly (DriftTestName | undefined)[] = [undefined, 'chisquare', 'z', 'jensenshannon'];

/** Whether a numeric column with `nUnique` distinct values is tested as categorical. */
export function testedAsCategorical(nUnique: number, s: TestSettings): boolean {
	return nUnique <= NUMERIC_AS_CATEGORICAL_MAX_UNIQUE && CATEGORICAL_TESTS.includes(s.override?.test);
}

/** Run columnDrift with the column's name on any RangeError (e.g. a z-test forced on 3 categories). */
function namedDrift(column: string, run: () => ReturnType<typeof columnDrift>): TestOutcome {
	let r: ReturnType<typeof columnDrift>;
	try {
		r = run();
	} catch (e) {
		if (e instanceof RangeError) throw new RangeError(`Column "${column}": ${e.message}`);
		throw e;
	}
	return { test: r.test, statistic: r.statistic, pValue: r.pValue ?? null, distance: r.distance ?? null, threshold: r.threshold, drifted: r.drifted, psi: r.psi };
}

/** Categorical drift of two count maps (NULLs left out), through columnDrift. */
export function categoricalTest(column: string, ref: ReadonlyMap<string, number>, cur: ReadonlyMap<string, number>, s: TestSettings): TestOutcome {
	if (s.override?.test === 'ks' || s.override?.test === 'wasserstein') {
		throw new RangeError(`Override for "${column}": test '${s.override.test}' needs a numeric column.`);
	}
	return namedDrift(column, () => columnDrift(ref, cur, { test: s.override?.test, threshold: s.override?.threshold, chiSquareMode: s.chiSquareMode }));
}

/**
 * Numeric drift of two ascending NaN-free arrays with many distinct values:
 * KS and normalised Wasserstein straight on the sorted arrays (the core's
 * `ks2sampSorted`, and `wassersteinDistanceSorted / max(populationStd(ref),
 * 0.001)`, i.e. normalizedWasserstein without re-sorting), PSI over reference
 * deciles. A categorical test forced by an override goes through columnDrift.
 */
function numericTest(column: string, ref: Float64Array, cur: Float64Array, nUnique: number, s: TestSettings): TestOutcome {
	const test = s.override?.test ?? chooseDriftTest({ kind: 'numeric', refSize: ref.length, nUnique }).test;
	const threshold = s.override?.threshold ?? defaultDriftThreshold(test);
	const psi = psiNumericSorted(ref, cur).psi;
	if (test === 'ks') {
		const r = ks2sampSorted(ref, cur);
		return { test, statistic: r.statistic, pValue: r.pValue, distance: null, threshold, drifted: r.pValue < threshold, psi };
	}
	if (test === 'wasserstein') {
		const d = wassersteinDistanceSorted(ref, cur) / Math.max(populationStd(ref), WASSERSTEIN_MIN_STD);
		return { test, statistic: d, pValue: null, distance: d, threshold, drifted: d >= threshold, psi };
	}
	return { ...namedDrift(column, () => columnDrift(ref, cur, { test, threshold, chiSquareMode: s.chiSquareMode })), psi };
}

/** A column's result from its outcome and histogram. */
export function finish(base: ColumnBase, kind: 'numeric' | 'categorical', out: TestOutcome, s: TestSettings, histogram: DriftHistogram): ColumnDrift {
	return {
		column: base.column,
		type: base.type,
		kind,
		...out,
		overridden: s.override?.test !== undefined || s.override?.threshold !== undefined,
		psiBand: psiBand(out.psi),
		nRef: base.nRef,
		nCur: base.nCur,
		nullsRef: base.nullsRef,
		nullsCur: base.nullsCur,
		histogram
	};
}

/** Why a column with these non-NULL counts cannot be tested, or null. */
export function emptySide(nRef: number, nCur: number): string | null {
	if (nRef === 0 && nCur === 0) return 'only NULLs on both sides';
	if (nRef === 0) return 'only NULLs in the reference';
	if (nCur === 0) return 'only NULLs in the current data';
	return null;
}

/** Drift of one numeric column from its two (unsorted, NaN for NULL) arrays; sorts them in place. */
export function numericColumnDrift(
	src: DriftColumnRef,
	refValues: Float64Array,
	curValues: Float64Array,
	scratch: SortScratch,
	s: TestSettings,
	bins: number,
	top: number
): ColumnDrift | SkippedColumn {
	const ref = sortedValues(refValues, scratch);
	const cur = sortedValues(curValues, scratch);
	const empty = emptySide(ref.length, cur.length);
	if (empty) return { column: src.name, why: empty };
	const nUnique = distinctUpTo(ref, cur, NUMERIC_AS_CATEGORICAL_MAX_UNIQUE);
	const base = { column: src.name, type: src.type, nRef: ref.length, nCur: cur.length, nullsRef: refValues.length - ref.length, nullsCur: curValues.length - cur.length };
	if (testedAsCategorical(nUnique, s)) {
		const rc = runCounts(ref);
		const cc = runCounts(cur);
		const out = categoricalTest(src.name, rc, cc, s);
		return finish(base, 'categorical', out, s, categoricalHistogram(rc, cc, top, true));
	}
	return finish(base, 'numeric', numericTest(src.name, ref, cur, nUnique, s), s, numericHistogram(ref, cur, bins));
}

/** Drift of one numeric column from its value counts on both sides (exact); `rows` counts NULLs too. */
export function countsColumnDrift(src: DriftColumnRef, ref: ValueCounts, cur: ValueCounts, rows: [number, number], s: TestSettings, bins: number, top: number): ColumnDrift {
	const base = { column: src.name, type: src.type, nRef: ref.total, nCur: cur.total, nullsRef: rows[0] - ref.total, nullsCur: rows[1] - cur.total };
	const method = { method: 'exact, from value counts', maxError: null };
	const nUnique = distinctUpTo(ref.values, cur.values, NUMERIC_AS_CATEGORICAL_MAX_UNIQUE);
	if (testedAsCategorical(nUnique, s)) {
		const map = (vc: ValueCounts) => new Map(Array.from(vc.values, (v, i) => [String(v), vc.counts[i]!] as const));
		const rc = map(ref);
		const cc = map(cur);
		return { ...finish(base, 'categorical', categoricalTest(src.name, rc, cc, s), s, categoricalHistogram(rc, cc, top, true)), ...method };
	}
	const test = s.override?.test ?? chooseDriftTest({ kind: 'numeric', refSize: ref.total, nUnique }).test;
	if (test !== 'wasserstein') throw new Error(`Column "${src.name}": value counts cannot run '${test}' (internal routing error).`);
	const threshold = s.override?.threshold ?? defaultDriftThreshold(test);
	const d = wassersteinFromCounts(ref, cur) / Math.max(populationStdFromCounts(ref), WASSERSTEIN_MIN_STD);
	const out: TestOutcome = { test, statistic: d, pValue: null, distance: d, threshold, drifted: d >= threshold, psi: psiNumericFromCounts(ref, cur).psi };
	return { ...finish(base, 'numeric', out, s, numericHistogramFromCounts(ref, cur, bins)), ...method };
}
