/**
 * `npm run bench -- baseline`: Plumb's cross-validated logistic-regression baseline in Node
 * (5 folds, i mod 5) on COMPAS (6 features) and the 10,000 MNIST test digits (784 pixels), with
 * wall and CPU time, the largest difference from scikit-learn's out-of-fold probabilities and the
 * ratio against scikit-learn's time recorded in test/fixtures/golden/sklearn-baseline/expected.json
 * (same folds, same machine; see the README there).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { NodeDuckDB } from '../src/lib/data/db/duckdb-node';
import { AuditSession } from '../src/lib/data/session';
import { trainBaseline, type BaselineRequest } from '../src/lib/data/baseline/run';
import { asMatrix, parseNpy } from '../src/lib/data/load/npy';

const GOLDEN = 'test/fixtures/golden/sklearn-baseline';

async function one(name: 'compas' | 'mnist', files: string[], request: BaselineRequest, sklearnSeconds: number) {
	const s = new AuditSession(await NodeDuckDB.open());
	try {
		await s.load(files.map((f) => ({ name: f.split('/').pop()!.replace(/\.gz$/, ''), bytes: f.endsWith('.gz') ? gunzipSync(readFileSync(f)) : readFileSync(f) })));
		const cpu0 = process.cpuUsage();
		let lastFold = -1;
		const r = await trainBaseline(s, request, {
			onProgress: (p) => {
				if (p.fold !== lastFold && p.fold < p.folds) process.stdout.write(`  ${name}: fold ${p.fold + 1}/${p.folds}...\n`);
				lastFold = p.fold;
			}
		});
		const cpu = process.cpuUsage(cpu0);
		const file = `${name}_oof_probs.npy`;
		const ref = asMatrix(parseNpy(readFileSync(`${GOLDEN}/${file}`), file), file);
		let diff = 0;
		for (let i = 0; i < ref.data.length; i++) diff = Math.max(diff, Math.abs(ref.data[i]! - r.probs[i]!));
		const wall = r.elapsed / 1000;
		const iters = r.folds.map((f) => f.iterations).join('/');
		console.log(
			`${`baseline ${name} 5-fold (Node)`.padEnd(34)} ${wall.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU; ` +
				`accuracy ${(100 * r.overall.accuracy).toFixed(2)}%, iterations ${iters}; max |p - sklearn| ${diff.toExponential(1)}; ` +
				`scikit-learn ${sklearnSeconds.toFixed(2)} s -> ratio ${(wall / sklearnSeconds).toFixed(2)}`
		);
	} finally {
		s.close();
	}
}

export async function benchBaseline() {
	const expected = JSON.parse(readFileSync(`${GOLDEN}/expected.json`, 'utf8'));
	await one('compas', ['static/demo/compas/compas.csv'], { label: 'two_year_recid', features: ['age', 'priors_count', 'sex', 'race', 'juv_fel_count', 'c_charge_degree'] }, expected.compas.sklearn_seconds);
	await one('mnist', ['static/demo/mnist/t10k-images-idx3-ubyte.gz', 'static/demo/mnist/labels.npy'], { label: 'label', features: ['pixels'] }, expected.mnist.sklearn_seconds);
}
