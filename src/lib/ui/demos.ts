import type { DemoName } from '$lib/data/worker/protocol';

export interface Demo {
	title: string;
	description: string;
	/** Paths under static/, fetched from our own origin. */
	files: string[];
	/** Default roles, as URL parameters. */
	roles: Record<string, string>;
	attribution: string;
}

/** The bundled demos (static/demo/, with their provenance in static/demo/README.md). */
export const DEMOS: Record<DemoName, Demo> = {
	mnist: {
		title: 'MNIST test set',
		description: '10,000 handwritten digits with their given labels and cross-validated predicted probabilities: find the mislabeled ones.',
		files: ['demo/mnist/labels.npy', 'demo/mnist/pred_probs.npy', 'demo/mnist/t10k-images-idx3-ubyte.gz'],
		roles: { label: 'label' },
		attribution:
			'Images: Y. LeCun, C. Cortes, C. Burges, "The MNIST database". Probabilities and labels: cleanlab/label-errors (Apache-2.0), Northcutt, Athalye, Mueller, "Pervasive Label Errors in Test Sets Destabilize Machine Learning Benchmarks", NeurIPS 2021.'
	},
	compas: {
		title: 'COMPAS (ProPublica)',
		description: '7,214 Broward County defendants scored by COMPAS, with two-year recidivism: audit the risk score by race, sex and age.',
		files: ['demo/compas/compas.csv'],
		roles: { label: 'two_year_recid', score: 'decile_score', threshold: '5', protected: 'race,sex,age_cat', id: 'id', time: 'compas_screening_date' },
		attribution:
			'ProPublica, "Machine Bias" (2016), compas-scores-two-years.csv from the analysis repository; name columns removed and duplicated columns dropped.'
	}
};
