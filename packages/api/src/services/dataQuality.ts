/**
 * The data-quality report (interfaces.md "Data quality"): each check's count as of D,
 * its change since the previous import (counts recorded at each import), and the ids
 * for the roles that may see client-level lists.
 */
import {
  DATA_QUALITY_CHECKS,
  DATA_QUALITY_SUBJECT,
  type DataQualityCheck,
  type Database,
  findDataQuality,
  recordedDataQuality,
} from '@caseload/db';
import type { Kysely } from 'kysely';

export const DATA_QUALITY_LABELS: Record<DataQualityCheck, string> = {
  unheldOver14Days: 'Active clients with no holder for more than 14 days',
  noContact365Days: 'Active clients with no contact of any kind in 365 days (candidates for closure)',
  heldByStaffNotEmployed: 'Clients held by staff who are not employed on the date',
  contactsAfterImportDay: 'Contacts dated after the import day',
  assessmentsAfterImportDay: 'Assessments dated after the import day',
  contactsWithoutMinutes: 'Contacts without minutes',
  responsesWithoutInvitation: 'Survey responses with no invitation',
  staffMissingLanguagesOrRegion: 'Staff holding clients but with no languages or region where their clients have one',
};

export interface DataQualityRow {
  check: DataQualityCheck;
  label: string;
  /** what the ids are */
  subject: 'client' | 'contact' | 'assessment' | 'response' | 'staff';
  count: number;
  /** contactsWithoutMinutes: count ÷ contacts on or before the date; null without contacts (and for the other checks) */
  share: number | null;
  /** count now minus the count recorded at the import before the latest; null without two recorded imports */
  changeSincePreviousImport: number | null;
}

export interface DataQualityReport {
  asOf: string;
  /** when the imports compared were made (ISO 8601 UTC) */
  latestImportAt: string | null;
  previousImportAt: string | null;
  checks: DataQualityRow[];
}

export async function dataQualityReport(
  db: Kysely<Database>,
  agencyId: string,
  asOf: string,
): Promise<{ report: DataQualityReport; ids: Record<DataQualityCheck, string[]> }> {
  const found = await findDataQuality(db, agencyId, asOf);
  const recorded = await recordedDataQuality(db, agencyId, 2);
  const previous = recorded[1];
  const checks = DATA_QUALITY_CHECKS.map((check): DataQualityRow => {
    const count = found.ids[check].length;
    const before = previous?.counts[check];
    return {
      check,
      label: DATA_QUALITY_LABELS[check],
      subject: DATA_QUALITY_SUBJECT[check],
      count,
      share: check === 'contactsWithoutMinutes' ? (found.contactsTotal > 0 ? count / found.contactsTotal : null) : null,
      changeSincePreviousImport: typeof before === 'number' ? count - before : null,
    };
  });
  return {
    report: { asOf, latestImportAt: recorded[0]?.at ?? null, previousImportAt: previous?.at ?? null, checks },
    ids: found.ids,
  };
}
