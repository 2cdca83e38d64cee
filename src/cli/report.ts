import { writeFile } from 'node:fs/promises';
import type { Roles } from '../lib/data/roles';
import { PLUMB_VERSION } from '../lib/version';
import { buildReport } from '../lib/report/build-report';
import { matchColumns } from './label-issues';
import { num, str, UsageError, type Args } from './args';
import { checkLabelClasses, checkTwoClassLabel, requireColumns } from '../lib/data/native/prechecks';
import { readProbColumns } from '../lib/data/native/open';
import { openDataset, summarise } from './open';
import type { Out } from './output';

export const REPORT_HELP = `plumb report: the stakeholder report as one self-contained HTML file (no scripts, prints to PDF)

Usage: plumb report FILE... --out report.html [--label COL] [--prob-columns PATTERN | --pred COL |
                    --score COL --threshold T] [--protected A,B] [--nuisance C] [--by A[,B]]
                    [--time COL --cut DATE] [--id COL]
Sections appear when their inputs are given: label issues (label + probabilities, from columns or
an .npy), slices (label + a prediction, by the protected/nuisance attributes), drift (--time and --cut).
`;

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** `plumb report` */
export async function reportCommand(args: Args, out: Out): Promise<number> {
	const target = str(args, 'out');
	if (!target) throw new UsageError('Name the output file with --out report.html.');
	const d = await openDataset(args.positional, args);
	const s = d.session;
	try {
		const columns = s.columns.map((c) => c.name);
		const pattern = str(args, 'prob-columns');
		const roles: Roles = {
			id: str(args, 'id'),
			label: str(args, 'label') ?? (columns.includes('label') ? 'label' : undefined),
			predLabel: str(args, 'pred'),
			score: str(args, 'score'),
			threshold: num(args, 'threshold'),
			predProbs: pattern ? matchColumns(pattern, columns) : undefined,
			time: str(args, 'time'),
			protected: list(str(args, 'protected')),
			nuisance: list(str(args, 'nuisance'))
		};
		// Checks before any pass over the data: the columns exist; the label fits the predictions.
		requireColumns(s, [roles.id, roles.label, roles.predLabel, roles.score, roles.time, ...roles.protected, ...roles.nuisance, ...list(str(args, 'by')), ...(roles.predProbs ?? [])]);
		const canLearn = !!roles.label && (!!roles.predProbs || !!s.probs);
		const k = roles.predProbs?.length ?? s.probs?.k;
		if (canLearn && roles.label && k) await checkLabelClasses(s, roles.label, k, roles.predProbs ?? null, d.progress);
		else if (roles.label && roles.score && roles.threshold !== undefined && !roles.predLabel) await checkTwoClassLabel(s, roles.label, undefined, d.progress);
		await summarise(d, args.positional);
		if (canLearn && d.plan && roles.predProbs) await readProbColumns(s, roles.predProbs, d.progress);
		if (canLearn) {
			d.progress('scan confident learning');
			await s.labelIssues(roles);
		}
		const by = list(str(args, 'by'));
		const attributes = by.length ? by : [...roles.protected, ...roles.nuisance].slice(0, 1);
		const predicted = canLearn || !!roles.predLabel || (!!roles.score && roles.threshold !== undefined);
		if (roles.label && predicted && (attributes.length || roles.protected.length || roles.nuisance.length)) {
			d.progress('scan slices', attributes.join(', '));
			await s.slices({ ...roles, protected: roles.protected.length ? roles.protected : attributes }, { by: attributes, discover: true });
		}
		const cut = str(args, 'cut');
		if (roles.time && cut) {
			d.progress('scan drift', `${roles.time} cut at ${cut}`);
			await s.drift({ kind: 'time', column: roles.time, cut }, roles);
		}
		const html = buildReport(s.reportInput(roles, { createdAt: new Date().toISOString(), plumbVersion: PLUMB_VERSION, madeIn: 'cli' }));
		await writeFile(target, html);
		d.progress.done();
		out(`wrote ${target} (${(html.length / 1024).toFixed(0)} KB)`);
		return 0;
	} finally {
		d.progress.done();
		s.close();
	}
}
