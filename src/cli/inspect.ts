import { formatOverview } from './format';
import { UsageError, type Args } from './args';
import { openSession } from './open';
import type { Out } from './output';

/** `plumb inspect FILE...`: the overview of the loaded dataset. */
export async function inspectCommand(args: Args, out: Out): Promise<number> {
	if (args.positional.length === 0) throw new UsageError('Give at least one file.');
	const s = await openSession(args.positional, args);
	try {
		const summary = s.summary!;
		if (args.options.has('json')) out(JSON.stringify({ name: summary.name, fingerprint: summary.fingerprint, warnings: summary.warnings, ...summary.overview }, null, 2));
		else {
			out(formatOverview(summary.name, summary.overview));
			for (const w of summary.warnings) out(`warning: ${w}`);
		}
		return 0;
	} finally {
		s.close();
	}
}
