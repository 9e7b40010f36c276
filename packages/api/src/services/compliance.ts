/** The contact-compliance report: the caseload engine's rows (caseload.ts) through @caseload/metrics' compliance rules. */
import { loadStandard9Rows, type Database } from '@caseload/db';
import { computeComplianceReport, type ComplianceReport } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { cached } from './cache.ts';
import { engineRows, requireDate, standard9Settings } from './caseload.ts';

/** The compliance report (interfaces.md `compliance`) on input.asOf. */
export async function complianceReportUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; teamIds?: string[] | null; programIds?: string[] | null },
): Promise<ComplianceReport> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, programIds: input.programIds, contacts: 'latest' });
  return computeComplianceReport({
    ...engineRows(rows),
    asOf,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
  });
}
/** complianceReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const complianceReport = cached('standard9.complianceReport', complianceReportUncached);
