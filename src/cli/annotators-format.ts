import type { AnnotatorsReport } from '../lib/data/annotators/report';
import { textTable } from './format';

const f = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');

/** The annotators report as readable text: agreement, annotators, items to label again, sources, slices. */
export function formatAnnotators(r: AnnotatorsReport, top = 10): string {
	const m = r.matrix;
	const a = m.ann;
	const labels = a.ptr[a.n]!;
	const lines: string[] = [
		`${a.n.toLocaleString('en-US')} ${m.format === 'long' ? 'items' : 'rows'}, ${a.m} ${m.format === 'counts' ? 'label slots' : 'annotators'}, ${a.k} classes, ${labels.toLocaleString('en-US')} labels (${(labels / a.n).toFixed(2)} per item)`,
		`consensus: ${r.quality ? 'CROWDLAB (model probabilities and annotators, cleanlab 2.9)' : 'majority vote'}`,
		'',
		'Agreement (1 = perfect, 0 = what chance gives, below 0 = worse than chance):',
		`  Krippendorff's alpha (nominal)  ${f(r.alpha)}   all items with 2+ labels`,
		`  Fleiss' kappa                   ${f(r.fleiss.kappa)}   on the ${r.fleiss.items.toLocaleString('en-US')} items with ${r.fleiss.ratingsPerItem} labels each`,
		`  Cohen's kappa (pairs)           ${r.cohen.length ? `median ${f(median(r.cohen.map((p) => p.kappa)))} over ${r.cohen.length} pair${r.cohen.length === 1 ? '' : 's'}` : '-'}`,
		...r.warnings.map((w) => `warning: ${w}`)
	];
	if (r.annotatorStats) {
		const s = r.annotatorStats;
		const key = (j: number) => (Number.isFinite(s.annotatorQuality[j]!) ? s.annotatorQuality[j]! : 0);
		const order = m.annotators.map((_, j) => j).sort((x, y) => key(x) - key(y) || s.agreementWithConsensus[x]! - s.agreementWithConsensus[y]! || x - y);
		lines.push(
			'',
			'Annotators (least reliable first):',
			textTable(
				['annotator', 'quality', 'agrees w/ consensus', 'worst class', 'labels'],
				order.map((j) => [m.annotators[j]!, f(s.annotatorQuality[j]), pct(s.agreementWithConsensus[j]!), m.classNames[s.worstClass[j]!] ?? '-', String(s.numExamplesLabeled[j])])
			)
		);
	}
	const covered: number[] = [];
	r.covered.forEach((c, i) => c >= 0 && (covered[c] = i));
	const order = Array.from(r.activeLearning.keys()).sort((x, y) => r.activeLearning[x]! - r.activeLearning[y]! || x - y);
	lines.push(
		'',
		`Label again first (${r.activeLearningMethod === 'activelab' ? 'ActiveLab score' : 'lowest agreement'}):`,
		textTable(
			[m.items ? 'item' : 'row', 'consensus', 'agreement', 'labels', 'score'],
			order.slice(0, top).map((c) => {
				const i = covered[c]!;
				return [m.items ? m.items[i]! : String(i), m.classNames[r.consensus[c]!]!, pct(r.agreement[c]!), String(r.numAnnotations[i]), f(r.activeLearning[c], 4)];
			})
		)
	);
	const lf = r.labelingFunctions;
	if (lf) {
		lines.push(
			'',
			`Labeling functions (coverage ${pct(lf.labelCoverage)}, overlap ${pct(lf.labelOverlap)}, conflict ${pct(lf.labelConflict)}):`,
			textTable(
				['source', 'polarity', 'coverage', 'overlaps', 'conflicts', 'correct', 'incorrect', 'emp. acc.'],
				lf.sources.map((s, j) => [
					m.annotators[j]!,
					s.polarity.map((c) => m.classNames[c]).join(','),
					pct(s.coverage),
					pct(s.overlaps),
					pct(s.conflicts),
					s.correct === undefined ? '-' : String(s.correct),
					s.incorrect === undefined ? '-' : String(s.incorrect),
					s.empiricalAccuracy === undefined ? '-' : pct(s.empiricalAccuracy)
				])
			)
		);
	}
	for (const t of r.slices) {
		lines.push(
			'',
			`By ${t.attribute} (share of labels equal to the consensus, 95% Wilson interval):`,
			textTable(
				['group', 'items', 'agreement [95% CI]', 'unanimous', 'alpha', 'quality', 'flag'],
				t.result.groups.map((g) => [
					t.values[g.code] ?? 'NULL',
					String(g.items),
					`${pct(g.agreement.value)} [${pct(g.agreement.lo)}, ${pct(g.agreement.hi)}]`,
					pct(g.unanimous.value),
					f(g.alpha),
					f(g.meanQuality),
					g.flagged ? 'LOWER' : ''
				])
			)
		);
	}
	return lines.join('\n');
}

function median(xs: number[]): number {
	const s = xs.filter(Number.isFinite).sort((x, y) => x - y);
	if (s.length === 0) return NaN;
	const h = s.length >> 1;
	return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
