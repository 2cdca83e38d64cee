import { calibratedJoint } from './noise-matrices';
import { countLabels, resolveDims, type ProbMatrix } from './shape';

export interface ClassSummaryRow {
	classIndex: number;
	/** examples given this label */
	givenCount: number;
	/** examples given this label that likely belong to another class (calibrated joint, row off-diagonal) */
	labelIssues: number;
	/** examples of other labels that likely belong to this class (calibrated joint, column off-diagonal) */
	inverseLabelIssues: number;
	/** labelIssues / givenCount: estimated fraction of this label that is wrong (0 if none given) */
	labelNoise: number;
	/** inverseLabelIssues / estimated true count: fraction of this class hidden under other labels */
	inverseLabelNoise: number;
	/** 1 - labelNoise */
	labelQualityScore: number;
	/** mean self-confidence p[given] over examples given this label (NaN if none) */
	meanSelfConfidence: number;
}

/**
 * Per-class summary in the spirit of cleanlab's `rank_classes_by_label_quality`: counts from
 * the calibrated confident joint, sorted by ascending labelQualityScore (worst class first;
 * equal scores keep class order). One pass for the joint plus one reading p[given] per row.
 */
export function classSummary(labels: Int32Array, predProbs: ProbMatrix, options: { k?: number } = {}): ClassSummaryRow[] {
	const { k } = resolveDims(labels, predProbs, options.k);
	const given = countLabels(labels, k);
	const cj = calibratedJoint(labels, predProbs, k);
	const selfSum = new Float64Array(k);
	for (let r = 0; r < labels.length; r++) {
		const l = labels[r] as number;
		selfSum[l] = (selfSum[l] as number) + (predProbs[r * k + l] as number);
	}
	const rows: ClassSummaryRow[] = [];
	for (let c = 0; c < k; c++) {
		let rowOff = 0;
		let colOff = 0;
		let trueCount = 0;
		for (let j = 0; j < k; j++) {
			trueCount += cj[j * k + c] as number;
			if (j === c) continue;
			rowOff += cj[c * k + j] as number;
			colOff += cj[j * k + c] as number;
		}
		const givenCount = given[c] as number;
		const labelNoise = givenCount > 0 ? rowOff / givenCount : 0;
		rows.push({
			classIndex: c,
			givenCount,
			labelIssues: rowOff,
			inverseLabelIssues: colOff,
			labelNoise,
			inverseLabelNoise: trueCount > 0 ? colOff / trueCount : 0,
			labelQualityScore: 1 - labelNoise,
			meanSelfConfidence: (selfSum[c] as number) / givenCount
		});
	}
	return rows.sort((a, b) => a.labelQualityScore - b.labelQualityScore || a.classIndex - b.classIndex);
}
