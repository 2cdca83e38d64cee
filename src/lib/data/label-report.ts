import {
	classSummary,
	computeConfidentJoint,
	estimateJoint,
	estimatePyAndNoiseMatrices,
	findLabelIssues,
	findOverlappingClasses,
	getLabelQualityScores,
	numLabelIssues,
	overallLabelHealthScore,
	suggestedLabels,
	toRows,
	validatePredProbs,
	softmaxRows,
	ConfidentLearningInputError
} from '../core/confident-learning';
import { entropy, leastConfidence, margin, rankByScore } from '../core/stats/uncertainty';
import { MISSING_LABEL } from './label-inputs';
import { DataError } from './load/errors';
import { DATASET_TABLE } from './dataset';
import type { LabelIssueOptions, LabelIssueReport, RowResults } from './label-issues';

/**
 * Confident learning on labels (class indices, MISSING_LABEL for none) and an
 * N x K probability matrix already resolved: validates them, finds label
 * issues and everything cleanlab reports, and the per-row results. No DuckDB:
 * runLabelIssues resolves the inputs in SQL and writes the rows back; the CLI
 * calls this directly for a pair of .npy files.
 */
export function computeLabelIssues(
	allLabels: Int32Array,
	probs: { data: Float32Array | Float64Array; n: number; k: number; source: string },
	classNames: string[],
	labelColumn: string,
	options: LabelIssueOptions
): { report: LabelIssueReport; rows: RowResults } {
	const t0 = performance.now();
	// Confident learning runs on the labeled rows; unlabeled rows are for active learning.
	const labeledRows = labeledIndex(allLabels);
	const { labels, predProbs: subset } = labeledRows ? subsetRows(allLabels, probs.data, probs.k, labeledRows) : { labels: allLabels, predProbs: probs.data };
	const n = labels.length;
	const k = probs.k;
	if (n === 0) throw new DataError(`No row has a label in column "${labelColumn}".`, { file: DATASET_TABLE, column: labelColumn });
	let predProbs: Float32Array | Float64Array = subset;
	const warnings: string[] = [];
	if (options.softmax) {
		predProbs = softmaxRows(subset, k);
		warnings.push(`Applied softmax to every row of ${probs.source}, as asked: the values were taken to be logits.`);
	}
	let validated: { predProbs: Float32Array | Float64Array; warnings: string[] };
	try {
		validated = validatePredProbs(labels, predProbs, { k });
	} catch (e) {
		throw probsError(e, probs.source, labeledRows);
	}
	predProbs = validated.predProbs;
	warnings.push(...validated.warnings.map((w) => w.replaceAll('predProbs', probs.source)));
	const present = countPresent(labels, k);
	if (present.length < k) {
		warnings.push(
			`Only ${present.length} of the ${k} classes occur among the given labels (${present.map((c) => classNames[c]).join(', ')}); ` +
				`confident learning can only find examples that belong to another class than the one they were given.`
		);
	}

	const issues = findLabelIssues(labels, predProbs, {
		filterBy: options.filterBy,
		fracNoise: options.fracNoise,
		minExamplesPerClass: options.minExamplesPerClass,
		returnIndicesRankedBy: options.rankBy,
		k
	});
	const scores = getLabelQualityScores(labels, predProbs, { method: options.rankBy, k });
	const cj = computeConfidentJoint(labels, predProbs, { k, calibrate: false });
	const cjCal = computeConfidentJoint(labels, predProbs, { k, calibrate: true });
	const joint = estimateJoint(labels, predProbs, { k });
	const noise = estimatePyAndNoiseMatrices(labels, predProbs, { k });
	const sugg = suggestedLabels(labels, predProbs, issues.indices, { k });
	const summary = classSummary(labels, predProbs, { k });

	// Map back to dataset rows and per-row arrays.
	const toRow = (i: number) => (labeledRows ? labeledRows[i]! : i);
	const N = allLabels.length;
	const rows: RowResults = {
		labels: allLabels,
		pred: argmaxRows(probs.data, N, k),
		issue: new Uint8Array(N),
		quality: new Float64Array(N).fill(NaN),
		suggested: new Int32Array(N).fill(-1)
	};
	for (let i = 0; i < n; i++) rows.quality[toRow(i)] = scores[i]!;
	const ranked = Int32Array.from(issues.indices, toRow);
	ranked.forEach((r, j) => {
		rows.issue[r] = 1;
		rows.suggested[r] = sugg.labels[j]!;
	});
	const report: LabelIssueReport = {
		options,
		classNames,
		rows: N,
		labeled: n,
		unlabeled: N - n,
		probsSource: probs.source,
		numIssues: ranked.length,
		healthScore: overallLabelHealthScore(labels, predProbs, { k }),
		numLabelIssues: {
			off_diagonal: numLabelIssues(labels, predProbs, { k, estimationMethod: 'off_diagonal' }),
			off_diagonal_calibrated: numLabelIssues(labels, predProbs, { k, estimationMethod: 'off_diagonal_calibrated' })
		},
		classSummary: summary.map((r) => ({ ...r, className: classNames[r.classIndex] ?? String(r.classIndex) })),
		confidentJoint: toRows(cj),
		confidentJointCalibrated: toRows(cjCal),
		joint: toRows(joint),
		py: Array.from(noise.py),
		noiseMatrix: toRows(noise.noiseMatrix),
		inverseNoiseMatrix: toRows(noise.inverseNoiseMatrix),
		overlapping: findOverlappingClasses(labels, predProbs, { k }),
		ranked,
		given: Int32Array.from(ranked, (r) => allLabels[r]!),
		suggested: sugg.labels,
		suggestedProb: sugg.probabilities,
		quality: Float64Array.from(ranked, (r) => rows.quality[r]!),
		toLabel: uncertaintyOfUnlabeled(allLabels, probs.data, k),
		warnings,
		timings: { inputs: 0, compute: performance.now() - t0, results: 0 }
	};
	return { report, rows };
}

/** Unlabeled rows ranked by least confidence (most uncertain first), with all three measures. */
function uncertaintyOfUnlabeled(labels: Int32Array, probs: Float32Array | Float64Array, k: number): LabelIssueReport['toLabel'] {
	const rows: number[] = [];
	for (let i = 0; i < labels.length; i++) if (labels[i] === MISSING_LABEL) rows.push(i);
	const sub = new Float64Array(rows.length * k);
	rows.forEach((r, i) => sub.set(probs.subarray(r * k, r * k + k), i * k));
	const lc = leastConfidence(sub, k);
	const order = rankByScore(lc, 'desc');
	const pick = (a: Float64Array) => Float64Array.from(order, (i) => a[i]!);
	return { rows: Int32Array.from(order, (i) => rows[i]!), leastConfidence: pick(lc), margin: pick(margin(sub, k)), entropy: pick(entropy(sub, k)) };
}

/** Classes that occur among the labels. */
function countPresent(labels: Int32Array, k: number): number[] {
	const seen = new Uint8Array(k);
	for (let i = 0; i < labels.length; i++) seen[labels[i]!] = 1;
	return Array.from(seen.keys()).filter((c) => seen[c]);
}

/** The core's input errors, worded with the file and the dataset's own row numbers. */
function probsError(e: unknown, source: string, labeledRows: Int32Array | null): unknown {
	if (!(e instanceof ConfidentLearningInputError)) return e;
	let message = e.message.replaceAll('predProbs', source);
	// The core counts rows of the labeled subset; report dataset rows.
	let row: number | undefined;
	message = message.replace(/\b[Rr]ow (\d+)/, (m, r: string) => {
		row = labeledRows ? labeledRows[Number(r)]! : Number(r);
		return `${m[0]}ow ${row}`;
	});
	const logits = /look like logits/.test(message);
	if (logits) message = message.replace(/Convert them with softmaxRows\([^)]*\) if that is what they are\./, 'If they are logits, choose "Apply softmax" to convert them.');
	return Object.assign(new DataError(message, { file: source, row }), logits ? { action: 'softmax' } : {});
}

/** Indices of labeled rows, or null when every row has a label (no copy needed). */
function labeledIndex(labels: Int32Array): Int32Array | null {
	let missing = 0;
	for (let i = 0; i < labels.length; i++) if (labels[i] === MISSING_LABEL) missing++;
	if (missing === 0) return null;
	const out = new Int32Array(labels.length - missing);
	for (let i = 0, o = 0; i < labels.length; i++) if (labels[i] !== MISSING_LABEL) out[o++] = i;
	return out;
}

function subsetRows(labels: Int32Array, probs: Float32Array | Float64Array, k: number, rows: Int32Array) {
	const out = new Float64Array(rows.length * k);
	rows.forEach((r, i) => out.set(probs.subarray(r * k, r * k + k), i * k));
	return { labels: Int32Array.from(rows, (r) => labels[r]!), predProbs: out };
}

function argmaxRows(p: Float32Array | Float64Array, n: number, k: number): Int32Array {
	const out = new Int32Array(n);
	for (let i = 0, off = 0; i < n; i++, off += k) {
		let best = 0;
		for (let j = 1; j < k; j++) if (p[off + j]! > p[off + best]!) best = j;
		out[i] = best;
	}
	return out;
}

