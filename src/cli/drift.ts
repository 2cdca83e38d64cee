import type { DriftReport, ColumnDrift } from '../lib/data/drift';
import { requireColumns } from '../lib/data/native/prechecks';
import { ensureRows } from '../lib/data/native/open';
import { str, UsageError, type Args } from './args';
import { textTable } from './format';
import { attachReference, openDataset, type Dataset } from './open';
import type { Out } from './output';

export const DRIFT_HELP = `plumb drift: has the data changed? Column-by-column drift between a reference and a current dataset

Usage: plumb drift REF CUR [--id COL] [--label COL] [--pred COL] [--score COL] [--json]
       plumb drift FILE --time COL --cut DATE          (rows before DATE are the reference)
Tests as Evidently picks them: reference <= 1000 rows: Kolmogorov-Smirnov (numeric) or chi-square /
z-test (categorical), drift when p < 0.05; larger: Wasserstein / reference std (numeric) or
Jensen-Shannon distance (categorical), drift when >= 0.1. PSI for every column. Dataset drift when
half the feature columns drift. Label and prediction columns are reported apart.
Large continuous columns (100,000+ values per side) get the Wasserstein distance from 4,096 fine
bins, within one bin width of the exact value (the test column says so: "wasserstein (binned 4100,
error <= ...)"); every other statistic is exact.
`;

/** `plumb drift` */
export async function driftCommand(args: Args, out: Out): Promise<number> {
	const roles = { id: str(args, 'id'), label: str(args, 'label'), predLabel: str(args, 'pred'), score: str(args, 'score'), protected: [], nuisance: [] };
	const time = str(args, 'time');
	const cut = str(args, 'cut');
	let d: Dataset;
	let report: DriftReport;
	if (time || cut) {
		if (!time || !cut) throw new UsageError('A time split needs both --time COL and --cut DATE.');
		if (args.positional.length !== 1) throw new UsageError('With --time/--cut, give one file.');
		d = await openDataset(args.positional, args);
	} else {
		if (args.positional.length !== 2) throw new UsageError('Give two files, REF then CUR (or one file with --time COL --cut DATE).');
		d = await openDataset([args.positional[1]!], args);
	}
	const s = d.session;
	try {
		// Checks before any pass over the data: the named columns exist.
		requireColumns(s, [roles.id, roles.label, roles.predLabel, roles.score, time]);
		if (d.plan) await ensureRows(s, d.plan, d.progress);
		if (time && cut) {
			d.progress('scan drift', `${time} cut at ${cut}`);
			report = await s.drift({ kind: 'time', column: time, cut }, roles);
		} else {
			await attachReference(d, args.positional[0]!);
			d.progress('scan drift', `${s.reference!.name} vs ${s.summary!.name}`);
			report = await s.drift({ kind: 'reference' }, roles);
		}
		d.progress.done();
		out(args.options.has('json') ? JSON.stringify(report, null, 1) : formatDrift(report));
		return 0;
	} finally {
		d.progress.done();
		s.close();
	}
}

function formatDrift(r: DriftReport): string {
	const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : Math.abs(x) < 1e-4 && x !== 0 ? x.toExponential(2) : x.toFixed(4));
	const rows = (cols: ColumnDrift[], section: string) =>
		cols.map((c) => [section, c.column, c.kind, c.maxError ? `${c.test} (${c.method?.replace(/^Wasserstein \(normed\), /, '')}, error <= ${num(c.maxError)})` : c.test, num(c.statistic), c.pValue !== null ? num(c.pValue) : num(c.distance), c.pValue !== null ? `p < ${c.threshold}` : `>= ${c.threshold}`, c.drifted ? 'DRIFT' : '', `${c.psi.toFixed(3)} ${c.psiBand}`]);
	const d = r.datasetDrift;
	return [
		`reference: ${r.reference.label} (${r.reference.rows} rows); current: ${r.current.label} (${r.current.rows} rows)`,
		`${d.drifted ? 'DATASET DRIFT' : 'no dataset drift'}: ${d.driftedColumns} of ${d.totalColumns} feature columns drifted (${(100 * d.share).toFixed(0)}%, threshold ${100 * d.threshold}%)`,
		'',
		textTable(
			['section', 'column', 'kind', 'test', 'statistic', 'p / distance', 'drift when', 'verdict', 'PSI'],
			[...rows(r.label ? [r.label] : [], 'label'), ...rows(r.prediction, 'prediction'), ...rows(r.probabilities, 'probabilities'), ...rows(r.features, 'feature')]
		),
		...r.skipped.map((k) => `not tested: ${k.column} (${k.why})`)
	].join('\n');
}
