import type { LabelIssueReport } from '$lib/data/label-issues';

/** The given and suggested label names of flagged rows, looked up by row (null for a row not flagged). */
export function reportLabels(report: LabelIssueReport | null) {
	const byRow = new Map(report ? Array.from(report.ranked, (r, i) => [r, i] as const) : []);
	const name = (k: number) => report?.classNames[k] ?? String(k);
	return {
		name,
		given(row: number): string | null {
			const i = byRow.get(row);
			return report && i !== undefined ? name(report.given[i]!) : null;
		},
		suggested(row: number): string | null {
			const i = byRow.get(row);
			return report && i !== undefined ? name(report.suggested[i]!) : null;
		}
	};
}
