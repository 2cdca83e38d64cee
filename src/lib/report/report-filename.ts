/**
 * File name of an exported report: `plumb-report-<dataset>-<yyyy-mm-dd>.html`.
 * The dataset part keeps letters, digits, `.`, `_` and `-` of the last path
 * component, without the file extension; anything else becomes `-`.
 */

/** Longest dataset part kept, so the whole name stays well under file-system limits. */
const MAX_STEM = 60;
const FALLBACK_STEM = 'dataset';

/** The dataset part of a report file name: `data/COMPAS scores.csv` -> `compas-scores`. */
export function datasetStem(datasetName: string): string {
	// Several files are joined with " + " (AuditSession): keep the first one's name.
	const first = datasetName.split(' + ')[0] ?? '';
	const base = first.split(/[\\/]/).pop() ?? '';
	const noExt = base.replace(/(\.(gz|zip|bz2|xz|zst))?$/i, '').replace(/\.[A-Za-z0-9]{1,8}$/, '');
	const stem = noExt
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9._-]+/g, '-')
		.replace(/[-.]{2,}/g, '-')
		.replace(/^[-._]+|[-._]+$/g, '')
		.slice(0, MAX_STEM)
		.replace(/[-._]+$/, '');
	return stem || FALLBACK_STEM;
}

/** `reportFileName('compas.csv', '2026-11-22T10:00:00Z')` -> `plumb-report-compas-2026-11-22.html`. */
export function reportFileName(datasetName: string, isoDate: string): string {
	const day = /^(\d{4}-\d{2}-\d{2})/.exec(isoDate)?.[1];
	if (!day || Number.isNaN(new Date(isoDate).getTime())) throw new RangeError(`reportFileName: expected an ISO 8601 date, got ${JSON.stringify(isoDate)}.`);
	return `plumb-report-${datasetStem(datasetName)}-${day}.html`;
}
