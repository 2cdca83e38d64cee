/** What the stakeholder report is built from: plain result objects, declared in data/report-types.ts. */
export type { ReportDataset, ReportDiscovery, ReportDriftSettings, ReportInput, ReportSettings } from '../data/report-types';
export { DEFAULT_TOP_ISSUES } from '../data/report-types';
