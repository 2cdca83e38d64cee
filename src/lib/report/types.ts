/** What the stakeholder report is built from: plain result objects, declared in data/audit-summary.ts. */
export type { ReportDataset, ReportDiscovery, ReportDriftSettings, ReportInput, ReportSettings } from '../data/audit-summary';
export { DEFAULT_TOP_ISSUES } from '../data/audit-summary';
