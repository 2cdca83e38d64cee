/**
 * An audit session that also writes the stakeholder report: the HTML built by
 * {@link buildReport} from the session's plain results. For the CLI and tests;
 * the page gathers the results from the worker and builds the HTML itself.
 */
import { AuditSession, type ReportMeta } from '../data/session';
import type { Roles } from '../data/roles/index';
import { buildReport } from './build-report';

export class ReportingSession extends AuditSession {
	/** The report as one self-contained HTML file (inline SVG, no scripts) of what has been computed so far. */
	async report(roles: Roles, meta: ReportMeta): Promise<string> {
		return buildReport(this.reportInput(roles, meta));
	}
}
