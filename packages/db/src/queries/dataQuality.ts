import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Data quality (interfaces.md "Data quality"): what validation cannot catch because
 * each row is valid on its own. Each check gives the ids it found on the as-of date D;
 * the share of contacts without minutes also gives its denominator.
 */
export const DATA_QUALITY_CHECKS = [
  'unheldOver14Days',
  'noContact365Days',
  'heldByStaffNotEmployed',
  'contactsAfterImportDay',
  'assessmentsAfterImportDay',
  'contactsWithoutMinutes',
  'responsesWithoutInvitation',
  'staffMissingLanguagesOrRegion',
] as const;
export type DataQualityCheck = (typeof DATA_QUALITY_CHECKS)[number];

/** What each check's ids are. */
export const DATA_QUALITY_SUBJECT: Record<DataQualityCheck, 'client' | 'contact' | 'assessment' | 'response' | 'staff'> = {
  unheldOver14Days: 'client',
  noContact365Days: 'client',
  heldByStaffNotEmployed: 'client',
  contactsAfterImportDay: 'contact',
  assessmentsAfterImportDay: 'assessment',
  contactsWithoutMinutes: 'contact',
  responsesWithoutInvitation: 'response',
  staffMissingLanguagesOrRegion: 'staff',
};

export interface DataQualityFound {
  ids: Record<DataQualityCheck, string[]>;
  /** contacts on or before D (the denominator of the share without minutes) */
  contactsTotal: number;
}

const ids = async (db: Kysely<Database>, q: ReturnType<typeof sql<{ id: string }>>) => (await q.execute(db)).rows.map((r) => r.id);

export async function findDataQuality(db: Kysely<Database>, agencyId: string, asOf: string): Promise<DataQualityFound> {
  const D = sql`${asOf}::date`;
  const active = sql`c.enrolled_on <= ${D} and (c.closed_on is null or c.closed_on > ${D})`;
  /** employed on D (metrics.md "Staff on a date"): a period covering D, or active without periods */
  const employed = (s: string) =>
    sql.raw(`(case when exists (select 1 from staff_periods p where p.agency_id = ${s}.agency_id and p.staff_id = ${s}.staff_id)
      then exists (select 1 from staff_periods p where p.agency_id = ${s}.agency_id and p.staff_id = ${s}.staff_id and p.start_on <= '${asOf}'::date and (p.end_on is null or p.end_on > '${asOf}'::date))
      else ${s}.active end)`);
  const holding = sql`a.start_on <= ${D} and (a.end_on is null or a.end_on > ${D})`;

  const unheldQ = ids(
    db,
    sql<{ id: string }>`select c.client_id as id from clients c where c.agency_id = ${agencyId} and ${active}
      and not exists (select 1 from assignments a where a.agency_id = c.agency_id and a.client_id = c.client_id and ${holding})
      and coalesce((select max(a.end_on) from assignments a where a.agency_id = c.agency_id and a.client_id = c.client_id and a.end_on <= ${D}), c.enrolled_on) < ${D} - 14
      order by 1`,
  );
  const noContactQ = ids(
    db,
    sql<{
      id: string;
    }>`select c.client_id as id from clients c where c.agency_id = ${agencyId} and ${active} and c.enrolled_on <= ${D} - 365
      and not exists (select 1 from contacts k where k.agency_id = c.agency_id and k.client_id = c.client_id and k.occurred_on > ${D} - 365 and k.occurred_on <= ${D})
      order by 1`,
  );
  const notEmployedQ = ids(
    db,
    sql<{
      id: string;
    }>`select distinct a.client_id as id from assignments a join staff s on s.agency_id = a.agency_id and s.staff_id = a.staff_id
      join clients c on c.agency_id = a.agency_id and c.client_id = a.client_id
      where a.agency_id = ${agencyId} and ${holding} and ${active} and not ${employed('s')} order by 1`,
  );
  const contactsAfterQ = ids(
    db,
    sql<{ id: string }>`select contact_id as id from contacts where agency_id = ${agencyId} and occurred_on > ${D} order by 1`,
  );
  const assessmentsAfterQ = ids(
    db,
    sql<{ id: string }>`select assessment_id as id from assessments where agency_id = ${agencyId} and assessed_on > ${D} order by 1`,
  );
  const noMinutesQ = ids(
    db,
    sql<{
      id: string;
    }>`select contact_id as id from contacts where agency_id = ${agencyId} and occurred_on <= ${D} and minutes is null order by 1`,
  );
  const totalQ = sql<{
    n: number;
  }>`select count(*)::int as n from contacts where agency_id = ${agencyId} and occurred_on <= ${D}`.execute(db);
  const noInvitationQ = ids(
    db,
    sql<{ id: string }>`select response_id as id from survey_responses where agency_id = ${agencyId} and invitation_id is null order by 1`,
  );
  const staffMissingQ = ids(
    db,
    sql<{ id: string }>`select s.staff_id as id from staff s where s.agency_id = ${agencyId} and exists (
        select 1 from assignments a join clients c on c.agency_id = a.agency_id and c.client_id = a.client_id
         where a.agency_id = s.agency_id and a.staff_id = s.staff_id and ${holding} and ${active}
           and ((c.primary_language is not null and cardinality(s.languages) = 0) or (c.region is not null and s.region is null)))
      order by 1`,
  );
  // independent reads: on PostgreSQL they run side by side on the pool's connections
  const [unheld, noContact, notEmployed, contactsAfter, assessmentsAfter, noMinutes, total, noInvitation, staffMissing] = await Promise.all(
    [unheldQ, noContactQ, notEmployedQ, contactsAfterQ, assessmentsAfterQ, noMinutesQ, totalQ, noInvitationQ, staffMissingQ],
  );
  return {
    ids: {
      unheldOver14Days: unheld,
      noContact365Days: noContact,
      heldByStaffNotEmployed: notEmployed,
      contactsAfterImportDay: contactsAfter,
      assessmentsAfterImportDay: assessmentsAfter,
      contactsWithoutMinutes: noMinutes,
      responsesWithoutInvitation: noInvitation,
      staffMissingLanguagesOrRegion: staffMissing,
    },
    contactsTotal: total.rows[0]?.n ?? 0,
  };
}

/** Records the counts of every check at an import (its audit entry), as of the import's day. */
export async function recordDataQuality(db: Kysely<Database>, agencyId: string, auditId: number, asOf: string): Promise<void> {
  const found = await findDataQuality(db, agencyId, asOf);
  const counts = Object.fromEntries(DATA_QUALITY_CHECKS.map((c) => [c, found.ids[c].length]));
  await db
    .insertInto('data_quality_counts')
    .values({ agency_id: agencyId, audit_id: auditId, as_of: asOf as never, counts: JSON.stringify(counts) })
    .onConflict((oc) => oc.columns(['agency_id', 'audit_id']).doNothing())
    .execute();
}

/** The counts recorded at the agency's imports, newest first. */
export async function recordedDataQuality(
  db: Kysely<Database>,
  agencyId: string,
  limit = 2,
): Promise<Array<{ auditId: number; at: string; counts: Partial<Record<DataQualityCheck, number>> }>> {
  const rows = await db
    .selectFrom('data_quality_counts as q')
    .innerJoin('audit_log as l', (j) => j.onRef('l.agency_id', '=', 'q.agency_id').onRef('l.audit_id', '=', 'q.audit_id'))
    .select(['q.audit_id', 'q.counts', 'l.at'])
    .where('q.agency_id', '=', agencyId)
    .orderBy('q.audit_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    auditId: Number(r.audit_id),
    at: new Date(r.at as unknown as string).toISOString(),
    counts: (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts) as Partial<Record<DataQualityCheck, number>>,
  }));
}
