/** The contact-compliance report: the caseload engine's rows (caseload.ts) through @caseload/metrics' compliance rules. */
import { holderTierTallies, loadCapacityRows, loadStaffRows, loadStandard9Rows, loadTeamIds, type Database } from '@caseload/db';
import {
  computeComplianceReport,
  computeComplianceReportFromCounts,
  REASSESS_DUE_SOON_DAYS,
  type ComplianceReport,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { cached } from './cache.ts';
import { engineRows, requireDate, standard9Settings } from './caseload.ts';

/**
 * The compliance report (interfaces.md `compliance`) on input.asOf: each holder's
 * counts and tallies per tier, grouped in SQL (caseloadSpans.ts), through the engine's
 * figures (computeComplianceReportFromCounts). The tests hold it to
 * complianceReportFromRows on both drivers.
 */
export async function complianceReportUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; teamIds?: string[] | null; programIds?: string[] | null },
): Promise<ComplianceReport> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  const [staff, capacity, allTeamIds, tallies] = await Promise.all([
    loadStaffRows(db, agencyId),
    loadCapacityRows(db, agencyId),
    loadTeamIds(db, agencyId),
    holderTierTallies(db, agencyId, { asOf, programIds: input.programIds, settings, dueSoonDays: REASSESS_DUE_SOON_DAYS }),
  ]);
  return computeComplianceReportFromCounts({
    staff,
    ...capacity,
    allTeamIds,
    tallies,
    asOf,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
  });
}

/** The compliance report from every row the engine reads (the definition the counts path is held to). */
export async function complianceReportFromRows(
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
