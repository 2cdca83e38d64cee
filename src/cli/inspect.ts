import type { Command } from './main';
import { formatOverview } from './format';
import { UsageError } from './args';

/** `plumb inspect FILE...`: the overview of the loaded dataset. */
export const inspectCommand: Command = async (args, out, open) => {
	if (args.positional.length === 0) throw new UsageError('Give at least one file.');
	const s = await open(args.positional);
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
};
