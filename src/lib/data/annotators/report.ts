/**
 * The annotators audit of a loaded table: read the labels (wide / long /
 * counts), check them, and compute agreement, consensus (majority vote;
 * CROWDLAB with probabilities), which items to label again, labeling-function
 * statistics and agreement by slice. Plain results, in item order.
 */
import {
	activeLearningScores,
	agreementBySlice,
	agreementWithConsensus,
	analyzeLabelingFunctions,
	cohenKappaPairs,
	crowdlab,
	fleissKappa,
	krippendorffAlphaNominal,
	majorityVote,
	numAnnotations,
	numLabeledBy,
	type AgreementBySlice,
	type Annotations,
	annotatorStats,
	type AnnotatorStats,
	type LabelingFunctionAnalysis,
	type PairKappa
} from '../../core/agreement';
import type { DbAdapter } from '../db/adapter';
import { DataError } from '../load/errors';
import { attributeTextSql, type LongColumns, type TypedColumn } from '../sql/annotators';
import { readCounts, readLong, readWide, type AnnotationMatrix } from './read';

export type AnnotationSource =
	| { format: 'wide'; columns: TypedColumn[] }
	| { format: 'long'; columns: LongColumns }
	| { format: 'counts'; columns: string[]; classNames: string[] };

export interface AnnotatorsRequest {
	table: string;
	/** the user's file name, for messages */
	file: string;
	source: AnnotationSource;
	/** N x K out-of-sample probabilities in item order */
	probs?: { data: Float32Array | Float64Array; n: number; k: number; columns: string[] | null; source: string } | null;
	gold?: TypedColumn;
	by?: TypedColumn[];
}

export interface SliceTable {
	attribute: string;
	/** group value per group code */
	values: (string | null)[];
	result: AgreementBySlice;
}

export interface AnnotatorsReport {
	matrix: AnnotationMatrix;
	/** item index -> position among the items with a label (-1: nobody labeled it; allowed for labeling functions) */
	covered: Int32Array;
	numAnnotations: Int32Array;
	majorityVote: Int32Array;
	consensus: Int32Array;
	/** per-item agreement with the consensus */
	agreement: Float64Array;
	quality: Float64Array | null;
	annotatorStats: AnnotatorStats | null;
	cohen: PairKappa[];
	fleiss: { kappa: number; items: number; ratingsPerItem: number };
	alpha: number;
	activeLearning: Float64Array;
	activeLearningMethod: 'activelab' | 'agreement';
	labelingFunctions: LabelingFunctionAnalysis | null;
	slices: SliceTable[];
	unresolvedTies: number;
	warnings: string[];
}

/** The items with at least one label, as a sub-annotation set (same annotators). */
function coveredSubset(a: Annotations, covered: Int32Array, count: number): Annotations {
	if (count === a.n) return a;
	const ptr = new Int32Array(count + 1);
	let r = 0;
	for (let i = 0; i < a.n; i++) if (covered[i]! >= 0) ptr[++r] = a.ptr[i + 1]!;
	return { n: count, m: a.m, k: a.k, ptr, who: a.who, label: a.label };
}

async function readColumnText(db: DbAdapter, table: string, column: TypedColumn, perItem: boolean): Promise<(string | null)[]> {
	return (await db.query(attributeTextSql(table, column, perItem))).map((r) => (r.v === null || r.v === undefined ? null : String(r.v)));
}

export async function annotatorsReport(db: DbAdapter, req: AnnotatorsRequest): Promise<AnnotatorsReport> {
	const { table, file, source } = req;
	const probs = req.probs ?? null;
	const spec = { k: probs?.k, probColumns: probs?.columns ?? null };
	const matrix =
		source.format === 'wide'
			? await readWide(db, table, file, source.columns, spec)
			: source.format === 'long'
				? await readLong(db, table, file, source.columns, spec)
				: await readCounts(db, table, file, source.columns, source.classNames);
	const a = matrix.ann;
	const perItem = matrix.format === 'long';
	const warnings: string[] = [];
	if (probs && probs.k !== a.k) throw new DataError(`${file}: the labels name ${a.k} classes but the probabilities (${probs.source}) have ${probs.k}.`, { file });
	if (probs && probs.n !== a.n)
		throw new DataError(`${probs.source}: ${probs.n} rows of probabilities for ${a.n} ${perItem ? 'items' : 'rows'} of ${file}; give one row per ${perItem ? 'item, in order of first appearance' : 'row'}.`, {
			file: probs.source
		});
	const gold = req.gold ? await goldCodes(db, table, file, req.gold, matrix, perItem) : null;
	const weak = matrix.abstains || gold !== null;
	const per = numLabeledBy(a);
	const silent = per.findIndex((c) => c === 0);
	if (silent >= 0) {
		const name = matrix.annotators[silent]!;
		throw new DataError(`${file}: ${matrix.format === 'long' ? `annotator "${name}"` : `column "${name}"`} labeled no item; leave it out of the annotators.`, { file, column: name });
	}
	const counts = numAnnotations(a);
	const covered = new Int32Array(a.n);
	let count = 0;
	for (let i = 0; i < a.n; i++) {
		if (counts[i]! > 0) covered[i] = count++;
		else if (!weak) {
			const where = perItem ? `item "${matrix.items![i]}"` : `row ${i} (0-based)`;
			throw new DataError(`${file}: ${where} has no label from any annotator; drop it or label it.`, { file, row: perItem ? undefined : i });
		} else covered[i] = -1;
	}
	if (count < a.n) warnings.push(`${a.n - count} item(s) have no label from any source; they are left out of consensus and agreement.`);
	const sub = coveredSubset(a, covered, count);
	const subProbs = probs ? pick(probs.data, covered, count, a.k) : undefined;

	const mv = majorityVote(sub, subProbs);
	const cl = subProbs && matrix.format !== 'counts' ? crowdlab(sub, subProbs) : null;
	if (subProbs && matrix.format === 'counts') warnings.push('Counts hold no annotator identities: CROWDLAB and ActiveLab need them, so the consensus is the majority vote.');
	const consensus = cl ? cl.consensusLabel : mv.label;
	const tiesLeft = cl ? cl.unresolvedTies : mv.unresolved;
	if (tiesLeft > 0) warnings.push(`${tiesLeft} item(s) stay tied after every majority-vote rule; Plumb takes the smallest class there (cleanlab picks at random).`);
	const al = activeLearningScores(sub, matrix.format === 'counts' ? undefined : subProbs);
	const lf = weak ? analyzeLabelingFunctions(a, gold ?? undefined) : null;
	const slices: SliceTable[] = [];
	for (const col of req.by ?? []) {
		const text = await readColumnText(db, table, col, perItem);
		const values: (string | null)[] = [];
		const index = new Map<string, number>();
		const groups = new Int32Array(count);
		for (let i = 0; i < a.n; i++) {
			if (covered[i]! < 0) continue;
			const v = text[i] ?? null;
			if (v === null) {
				groups[covered[i]!] = -1;
				continue;
			}
			let g = index.get(v);
			if (g === undefined) {
				index.set(v, (g = values.length));
				values.push(v);
			}
			groups[covered[i]!] = g;
		}
		slices.push({ attribute: col.name, values, result: agreementBySlice(sub, consensus, groups, cl?.consensusQualityScore) });
	}
	const anonymous = matrix.format === 'counts';
	return {
		matrix,
		covered,
		numAnnotations: counts,
		majorityVote: mv.label,
		consensus,
		agreement: cl ? cl.annotatorAgreement : agreementWithConsensus(sub, consensus),
		quality: cl ? cl.consensusQualityScore : null,
		annotatorStats: cl?.annotators ?? (anonymous ? null : agreementOnlyStats(sub, consensus)),
		cohen: anonymous ? [] : cohenKappaPairs(sub),
		fleiss: fleissKappa(sub),
		alpha: krippendorffAlphaNominal(sub).alpha,
		activeLearning: al.scores,
		activeLearningMethod: Number.isNaN(al.temperature) ? 'agreement' : 'activelab',
		labelingFunctions: lf,
		slices,
		unresolvedTies: tiesLeft,
		warnings
	};
}

/**
 * Annotator statistics without probabilities: agreement with the (majority-vote)
 * consensus, worst class (ties: most used, then smallest class) and counts;
 * annotator_quality needs CROWDLAB and is NaN.
 */
function agreementOnlyStats(a: Annotations, consensus: Int32Array): AnnotatorStats {
	const s = annotatorStats(a, consensus, new Float64Array(a.n), new Float64Array(a.n * a.k), numAnnotations(a), 1, new Float64Array(a.m).fill(1));
	s.annotatorQuality.fill(NaN);
	return s;
}

/** The probability rows of the covered items. */
function pick(data: Float32Array | Float64Array, covered: Int32Array, count: number, k: number): Float64Array {
	const out = new Float64Array(count * k);
	for (let i = 0; i < covered.length; i++) if (covered[i]! >= 0) for (let c = 0; c < k; c++) out[covered[i]! * k + c] = data[i * k + c]!;
	return out;
}

/** Gold labels as class codes (-1 where NULL); a value that is no class throws naming the row. */
async function goldCodes(db: DbAdapter, table: string, file: string, col: TypedColumn, m: AnnotationMatrix, perItem: boolean): Promise<Int32Array> {
	const text = await readColumnText(db, table, col, perItem);
	const index = new Map(m.classNames.map((c, j) => [c, j]));
	const out = new Int32Array(text.length);
	text.forEach((v, i) => {
		if (v === null || v.trim() === '' || v.trim() === '-1') out[i] = -1;
		else {
			const j = index.get(v.trim());
			if (j === undefined)
				throw new DataError(`${file}: ${perItem ? `item "${m.items![i]}"` : `row ${i} (0-based)`}, column "${col.name}": the gold label "${v}" is not one of the classes (${m.classNames.slice(0, 12).join(', ')}).`, {
					file,
					row: perItem ? undefined : i,
					column: col.name
				});
			out[i] = j;
		}
	});
	return out;
}
