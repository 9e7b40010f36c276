/**
 * The assessments that can decide a client's tier on some day of [from, to] (metrics.md
 * "Acuity tier"): per client active in the range, the latest one on or before `from`
 * (by assessed_on, then assessment_id in byte order) and every one in (from, to].
 *
 * The same rows as standard9.ts loadAssessmentRows (the tests hold them to it), read as
 * one DISTINCT ON pass over each client's assessments instead of a NOT EXISTS probe per
 * assessment (seconds at scale l).
 */
import { type Kysely, sql } from 'kysely';
import type { AssessmentRow } from '@caseload/metrics';
import type { Database, DateString } from '../schema.ts';

interface Range {
  from: DateString;
  to: DateString;
  programIds?: string[] | null;
  clientIds?: string[] | null;
}

interface Row {
  assessment_id: string;
  client_id: string;
  assessed_on: string;
  adl_deficits: number | null;
  iadl_deficits: number | null;
  cognitive_impairment: boolean | null;
  lives_alone: boolean | null;
  recent_hospitalization: boolean | null;
  aps_involvement: boolean | null;
  behavioral_health: boolean | null;
  acuity_tier: number | null;
}

export async function assessmentsInForce(db: Kysely<Database>, agencyId: string, range: Range): Promise<AssessmentRow[]> {
  if (range.programIds && range.programIds.length === 0) return [];
  const clients = sql`
    select c.client_id from clients c
    where c.agency_id = ${agencyId}
      and c.enrolled_on <= ${range.to}::date and (c.closed_on is null or c.closed_on > ${range.from}::date)
      ${range.programIds ? sql`and c.program_id in (${sql.join(range.programIds)})` : sql``}
      ${range.clientIds ? sql`and c.client_id = any(${range.clientIds}::text[])` : sql``}`;
  const columns = sql`assessment_id, client_id, assessed_on, adl_deficits, iadl_deficits, cognitive_impairment, lives_alone,
    recent_hospitalization, aps_involvement, behavioral_health, acuity_tier`;
  const { rows } = await sql<Row>`
    select * from (
      select * from (
        select distinct on (client_id) ${columns}
        from assessments
        where agency_id = ${agencyId} and client_id in (${clients}) and assessed_on <= ${range.from}::date
        order by client_id, assessed_on desc, assessment_id collate "C" desc
      ) latest
      union all
      select ${columns}
      from assessments
      where agency_id = ${agencyId} and client_id in (${clients})
        and assessed_on > ${range.from}::date and assessed_on <= ${range.to}::date
    ) rows
    order by assessment_id collate "C"
  `.execute(db);
  return rows.map((r) => ({
    assessmentId: r.assessment_id,
    clientId: r.client_id,
    assessedOn: r.assessed_on,
    adlDeficits: r.adl_deficits,
    iadlDeficits: r.iadl_deficits,
    cognitiveImpairment: r.cognitive_impairment,
    livesAlone: r.lives_alone,
    recentHospitalization: r.recent_hospitalization,
    apsInvolvement: r.aps_involvement,
    behavioralHealth: r.behavioral_health,
    acuityTier: r.acuity_tier,
  }));
}
