/**
 * Parity with cleanlab 2.9.0 multiannotator, statsmodels fleiss_kappa, scikit-learn
 * cohen_kappa_score and Krippendorff's alpha on the golden cases in
 * test/fixtures/golden/multiannotator (see its README for how they were made).
 * Labels equal; floats within 1e-9.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { activeLearningScores, cohenKappaPairs, crowdlab, fleissKappa, fromDense, krippendorffAlphaNominal, majorityVote } from '../../src/lib/core/agreement';
import { asMatrix, parseNpy } from '../../src/lib/data/load/npy';

const DIR = 'test/fixtures/golden/multiannotator/';
const TOL = 1e-9;

interface Expected {
	consensus_label: number[];
	consensus_quality_score: number[];
	annotator_agreement: number[];
	num_annotations: number[];
	annotator_stats: Record<string, { annotator_quality: number; agreement_with_consensus: number; worst_class: number; num_examples_labeled: number }>;
	majority_vote_label: number[];
	active_learning_scores: number[];
	krippendorff_alpha: number;
	cohen_kappa: Record<string, number>;
	fleiss_kappa: number;
	fleiss_kappa_items: number;
}

/** The wide CSV (header a0..aM-1, empty = not labeled) as a dense matrix, read without DuckDB. */
export function loadCase(name: string) {
	const lines = readFileSync(`${DIR}${name}_annotations.csv`, 'utf8').trim().split('\n');
	const names = lines[0]!.split(',');
	const m = names.length;
	const n = lines.length - 1;
	const dense = new Int32Array(n * m);
	lines.slice(1).forEach((line, i) => line.split(',').forEach((v, j) => (dense[i * m + j] = v === '' ? -1 : Number(v))));
	const p = asMatrix(parseNpy(readFileSync(`${DIR}${name}_pred_probs.npy`), 'pred_probs.npy'), 'pred_probs.npy');
	const expected = JSON.parse(readFileSync(`${DIR}${name}.expected.json`, 'utf8')) as Expected;
	return { names, ann: fromDense(dense, n, m, p.k), probs: p.data, k: p.k, expected };
}

function close(actual: ArrayLike<number>, expected: number[], tol = TOL) {
	expect(actual.length).toBe(expected.length);
	let worst = 0;
	let at = -1;
	for (let i = 0; i < expected.length; i++) {
		const d = Math.abs(actual[i]! - expected[i]!);
		if (!(d <= worst)) [worst, at] = [d, i];
	}
	expect(worst, `largest difference at ${at}`).toBeLessThanOrEqual(tol);
}

describe.each(['k3_n300_m5', 'k5_n2000_m12'])('multiannotator golden %s', (name) => {
	const { names, ann, probs, expected } = loadCase(name);

	test('majority vote equals get_majority_vote_label', () => {
		expect(Array.from(majorityVote(ann, probs).label)).toEqual(expected.majority_vote_label);
	});

	test('CROWDLAB consensus and per-item scores', () => {
		const r = crowdlab(ann, probs);
		expect(Array.from(r.consensusLabel)).toEqual(expected.consensus_label);
		expect(Array.from(r.numAnnotations)).toEqual(expected.num_annotations);
		close(r.consensusQualityScore, expected.consensus_quality_score);
		close(r.annotatorAgreement, expected.annotator_agreement);
		expect(Array.from(r.majorityVoteLabel)).toEqual(expected.majority_vote_label);
	});

	test('CROWDLAB annotator stats', () => {
		const s = crowdlab(ann, probs).annotators!;
		const col = (key: 'annotator_quality' | 'agreement_with_consensus' | 'worst_class' | 'num_examples_labeled') => names.map((c) => expected.annotator_stats[c]![key]);
		close(s.annotatorQuality, col('annotator_quality'));
		close(s.agreementWithConsensus, col('agreement_with_consensus'));
		expect(Array.from(s.worstClass)).toEqual(col('worst_class'));
		expect(Array.from(s.numExamplesLabeled)).toEqual(col('num_examples_labeled'));
	});

	test('ActiveLab scores', () => {
		close(activeLearningScores(ann, probs).scores, expected.active_learning_scores);
	});

	test('Cohen kappa for every pair with >= 2 shared items and 2 labels', () => {
		const got = Object.fromEntries(cohenKappaPairs(ann).map((p) => [`${names[p.a]},${names[p.b]}`, p.kappa]));
		expect(Object.keys(got).sort()).toEqual(Object.keys(expected.cohen_kappa).sort());
		for (const [pair, v] of Object.entries(expected.cohen_kappa)) expect(Math.abs(got[pair]! - v), pair).toBeLessThanOrEqual(TOL);
	});

	test('Fleiss kappa and Krippendorff alpha', () => {
		const f = fleissKappa(ann);
		expect(f.items).toBe(expected.fleiss_kappa_items);
		expect(Math.abs(f.kappa - expected.fleiss_kappa)).toBeLessThanOrEqual(TOL);
		expect(Math.abs(krippendorffAlphaNominal(ann).alpha - expected.krippendorff_alpha)).toBeLessThanOrEqual(TOL);
	});
});
