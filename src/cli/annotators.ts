import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { NodeDuckDB } from '../lib/data/db/duckdb-node';
import { AuditSession } from '../lib/data/session';
import { DATASET_TABLE } from '../lib/data/dataset';
import { DataError } from '../lib/data/load/errors';
import { asMatrix, parseNpy } from '../lib/data/load/npy';
import { resolveProbs } from '../lib/data/label-inputs';
import { classNamesFromProbColumns } from '../lib/data/roles';
import { annotatorsReport, type AnnotationSource, type AnnotatorsReport, type AnnotatorsRequest } from '../lib/data/annotators/report';
import type { TypedColumn } from '../lib/data/sql/annotators';
import { matchColumnPattern } from '../lib/data/annotators/columns';
import { readSources } from './sources';
import { str, UsageError, type Args } from './args';
import { formatAnnotators } from './annotators-format';

export const ANNOTATORS_HELP = `plumb annotators: agreement between annotators (or labeling functions), consensus labels and
which examples to label again

Usage: plumb annotators FILE --annotators PATTERN [--pred-probs P.npy | --prob-columns PATTERN]
                        [--gold COL] [--by COL[,COL]] [--json]
       plumb annotators FILE --long --item COL --annotator COL --label COL [--pred-probs P.npy] ...
       plumb annotators FILE --counts PATTERN [...]
  --annotators PATTERN  wide: one column per annotator (glob such as a_*, or a comma list); a cell holds
                        a class (index or name); empty = not labeled; -1 = abstain (labeling functions)
  --long                long: one row per label (item, annotator, label); items in order of first appearance
  --counts PATTERN      one column per class holding how many people chose it (annotators anonymous:
                        no per-annotator statistics, consensus by majority vote)
  --pred-probs P.npy    out-of-sample probabilities, one row per item (labels are class indices 0..K-1);
  --prob-columns PAT    or probability columns of FILE; with them the consensus is CROWDLAB (cleanlab 2.9)
                        and ActiveLab scores which examples to label again (else lowest agreement first)
  --gold COL            gold labels: labeling-function accuracies
  --by COL[,COL]        agreement and consensus quality by group, with 95% Wilson intervals
  --json                one JSON object (cleanlab's names; arrays in row / item order)
`;

/** Columns matching a glob (`*`, `?`) or a comma list; numeric suffixes in numeric order. */
export function matchAnnotatorColumns(pattern: string, columns: string[], option: string): string[] {
	const m = matchColumnPattern(pattern, columns);
	if (!m.ok) throw new UsageError(`${option}: no column named ${m.missing.map((c) => `"${c}"`).join(', ')}. Columns: ${columns.join(', ')}`);
	if (m.columns.length === 0) throw new UsageError(`${option} ${pattern} matches no column. Columns: ${columns.join(', ')}`);
	return m.columns;
}

/** Read an .npy of probabilities. */
async function readProbs(path: string) {
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await readFile(path));
	} catch (e) {
		throw new DataError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Check the path.`, { file: path });
	}
	const m = asMatrix(parseNpy(bytes, basename(path)), basename(path));
	return { ...m, columns: null, source: basename(path) };
}

/** `plumb annotators` */
export async function annotatorsCommand(args: Args, out: (s: string) => void): Promise<number> {
	const [file, ...extra] = args.positional;
	if (!file) throw new UsageError('Give the annotations file: plumb annotators FILE --annotators PATTERN.');
	if (extra.length) throw new UsageError(`One annotations file only; got also ${extra.join(', ')}. Give probabilities with --pred-probs P.npy.`);
	const long = args.options.has('long');
	const pattern = str(args, 'annotators');
	const counts = str(args, 'counts');
	const modes = [long, !!pattern, !!counts].filter(Boolean).length;
	if (modes !== 1) throw new UsageError('Say where the labels are, one of: --annotators PATTERN, --long --item COL --annotator COL --label COL, --counts PATTERN.');
	const npy = str(args, 'pred-probs');
	const probPattern = str(args, 'prob-columns');
	if (npy && probPattern) throw new UsageError('Give --pred-probs or --prob-columns, not both.');
	if (long && probPattern) throw new UsageError('With --long, give probabilities per item as --pred-probs P.npy (rows in order of first appearance).');
	const s = new AuditSession(await NodeDuckDB.open());
	try {
		await s.load(await readSources([file]));
		const name = basename(file);
		const names = s.columns.map((c) => c.name);
		const typed = (c: string): TypedColumn => {
			const col = s.columns.find((x) => x.name === c);
			if (!col) throw new UsageError(`No column named "${c}" in ${name}. Columns: ${names.join(', ')}`);
			return { name: col.name, type: col.type };
		};
		let source: AnnotationSource;
		if (long) {
			const [item, annotator, label] = (['item', 'annotator', 'label'] as const).map((o) => {
				const v = str(args, o);
				if (!v) throw new UsageError(`--long needs --item COL --annotator COL --label COL (missing --${o}).`);
				return typed(v);
			});
			source = { format: 'long', columns: { item: item!, annotator: annotator!, label: label! } };
		} else if (counts) {
			const cols = matchAnnotatorColumns(counts, names, '--counts');
			if (cols.length < 2) throw new UsageError(`--counts ${counts} matches ${cols.length} column; give one column per class.`);
			source = { format: 'counts', columns: cols, classNames: classNamesFromProbColumns(cols) };
		} else source = { format: 'wide', columns: matchAnnotatorColumns(pattern!, names, '--annotators').map(typed) };
		let probs: AnnotatorsRequest['probs'] = npy ? await readProbs(npy) : null;
		if (probPattern) {
			const cols = matchAnnotatorColumns(probPattern, names, '--prob-columns');
			if (cols.length < 2) throw new UsageError(`--prob-columns ${probPattern} matches ${cols.length} column; give one per class (at least 2).`);
			const r = await resolveProbs(s.db, { predProbs: cols, protected: [], nuisance: [] }, null);
			probs = r ? { ...r, columns: cols } : null;
		}
		const by = str(args, 'by');
		const gold = str(args, 'gold');
		const report = await annotatorsReport(s.db, {
			table: DATASET_TABLE,
			file: name,
			source,
			probs,
			gold: gold ? typed(gold) : undefined,
			by: by ? by.split(',').map((c) => typed(c.trim())) : undefined
		});
		if (args.options.has('json')) out(JSON.stringify(annotatorsJson(report)));
		else out(formatAnnotators(report));
		return 0;
	} finally {
		s.close();
	}
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The report as one JSON object with cleanlab's names; per-item arrays in row (item) order, null for items nobody labeled. */
export function annotatorsJson(r: AnnotatorsReport): Record<string, unknown> {
	const m = r.matrix;
	const numeric = m.classNames.every((c, j) => c === String(j));
	const cls = (k: number) => (numeric ? k : m.classNames[k]!);
	const perItem = <T>(values: ArrayLike<number>, f: (v: number) => T) => Array.from(r.covered, (c) => (c < 0 ? null : f(values[c]!)));
	const stats = r.annotatorStats;
	const lf = r.labelingFunctions;
	return {
		class_names: m.classNames,
		...(m.items ? { items: m.items } : {}),
		consensus_label: perItem(r.consensus, cls),
		consensus_quality_score: r.quality ? perItem(r.quality, finite) : null,
		annotator_agreement: perItem(r.agreement, finite),
		num_annotations: Array.from(r.numAnnotations),
		annotator_stats: stats
			? Object.fromEntries(
					m.annotators.map((a, j) => [
						a,
						{
							annotator_quality: finite(stats.annotatorQuality[j]!),
							agreement_with_consensus: finite(stats.agreementWithConsensus[j]!),
							worst_class: cls(stats.worstClass[j]!),
							num_examples_labeled: stats.numExamplesLabeled[j]!
						}
					])
				)
			: null,
		majority_vote_label: perItem(r.majorityVote, cls),
		fleiss_kappa: finite(r.fleiss.kappa),
		fleiss_kappa_items: r.fleiss.items,
		krippendorff_alpha: finite(r.alpha),
		cohen_kappa: Object.fromEntries(r.cohen.map((p) => [`${m.annotators[p.a]},${m.annotators[p.b]}`, finite(p.kappa)])),
		active_learning_scores: perItem(r.activeLearning, finite),
		active_learning_method: r.activeLearningMethod,
		...(lf
			? {
					labeling_functions: {
						sources: Object.fromEntries(
							m.annotators.map((a, j) => {
								const s = lf.sources[j]!;
								return [
									a,
									{
										polarity: s.polarity.map(cls),
										coverage: s.coverage,
										overlaps: s.overlaps,
										conflicts: s.conflicts,
										...(s.correct !== undefined ? { correct: s.correct, incorrect: s.incorrect, empirical_accuracy: s.empiricalAccuracy } : {})
									}
								];
							})
						),
						label_coverage: lf.labelCoverage,
						label_overlap: lf.labelOverlap,
						label_conflict: lf.labelConflict
					}
				}
			: {}),
		...(r.slices.length
			? {
					by_slice: r.slices.map((t) => ({
						attribute: t.attribute,
						groups: t.result.groups.map((g) => ({
							group: t.values[g.code],
							items: g.items,
							labels: g.labels,
							agreement: g.agreement,
							unanimous: { ...g.unanimous, value: finite(g.unanimous.value), lo: finite(g.unanimous.lo), hi: finite(g.unanimous.hi) },
							krippendorff_alpha: finite(g.alpha),
							mean_consensus_quality: g.meanQuality,
							flagged: g.flagged
						})),
						overall: t.result.overall
					}))
				}
			: {}),
		warnings: r.warnings
	};
}
