import type { Overview } from '../lib/data/sql/overview';

/** Lay out rows as an aligned text table. */
export function textTable(header: string[], rows: string[][]): string {
	const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
	const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j]!)).join('  ').trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The dataset overview as the app shows it. */
export function formatOverview(name: string, o: Overview): string {
	const fmt = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US') : '-');
	const rows = o.columns.map((c) => [c.name, c.type, fmt(c.nulls), fmt(c.distinct), c.min ?? c.top.join(', '), c.max ?? '']);
	return `${name}: ${fmt(o.rows)} rows, ${o.columns.length} columns\n\n${textTable(['column', 'type', 'nulls', 'distinct', 'min / top values', 'max'], rows)}`;
}
