/** Feedback queries: the survey invitations and responses of a period, in scope (evaluationScope.ts). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import {
  assertScope,
  clientInScope,
  responseInScope,
  type Standard8InvitationRow,
  type Standard8ResponseRow,
  type Standard8Scope,
  type Standard8StaffTeamRow,
} from './evaluationScope.ts';

// ---------------------------------------------------------------- feedback

export async function loadFeedbackRows(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
): Promise<{ invitations: Standard8InvitationRow[]; responses: Standard8ResponseRow[]; staffTeams: Standard8StaffTeamRow[] }> {
  assertScope(scope);
  const [invitations, responses, staffRows, periodRows] = await Promise.all([
    db
      .selectFrom('survey_invitations as i')
      .select([
        'i.invitation_id as invitationId',
        sql<string>`to_char(i.sent_on, 'YYYY-MM-DD')`.as('sentOn'),
        sql<string | null>`(select to_char(min(r.received_on), 'YYYY-MM-DD') from survey_responses r
          where r.agency_id = i.agency_id and r.invitation_id = i.invitation_id)`.as('responseReceivedOn'),
      ])
      .where('i.agency_id', '=', agencyId)
      .where('i.sent_on', '>=', scope.from)
      .where('i.sent_on', '<=', scope.to)
      .where(clientInScope(agencyId, scope, 'i.client_id'))
      .orderBy('i.invitation_id')
      .execute(),
    loadResponses(db, agencyId, scope, false),
    db
      .selectFrom('staff')
      .select(['staff_id as staffId', 'team_id as teamId'])
      .where('agency_id', '=', agencyId)
      .orderBy('staff_id')
      .execute(),
    db
      .selectFrom('staff_periods')
      .select(['staff_id as staffId', 'start_on as startOn', 'end_on as endOn', 'team_id as teamId'])
      .where('agency_id', '=', agencyId)
      .orderBy('staff_id')
      .orderBy('start_on')
      .execute(),
  ]);
  const periodsOf = new Map<string, Array<{ startOn: string; endOn: string | null; teamId: string | null }>>();
  for (const { staffId, ...p } of periodRows) {
    const list = periodsOf.get(staffId);
    if (list) list.push(p);
    else periodsOf.set(staffId, [p]);
  }
  const staffTeams: Standard8StaffTeamRow[] = staffRows.map((s) => {
    const periods = periodsOf.get(s.staffId);
    return periods ? { ...s, periods } : s;
  });
  return { invitations, responses, staffTeams };
}

/** Responses received in the period, in scope; `namingProvider` keeps only those that name one. */
export async function loadResponses(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
  namingProvider: boolean,
): Promise<Standard8ResponseRow[]> {
  let q = db
    .selectFrom('survey_responses as r')
    .select([
      'r.response_id as responseId',
      'r.invitation_id as invitationId',
      'r.program_id as programId',
      'r.staff_id as staffId',
      'r.provider_id as providerId',
      sql<string>`to_char(r.received_on, 'YYYY-MM-DD')`.as('receivedOn'),
      sql<number | null>`r.q1::int`.as('q1'),
      sql<number | null>`r.q2::int`.as('q2'),
      sql<number | null>`r.q3::int`.as('q3'),
      sql<number | null>`r.q4::int`.as('q4'),
      sql<number | null>`r.q5::int`.as('q5'),
      sql<number | null>`r.q6::int`.as('q6'),
      sql<number | null>`r.q7::int`.as('q7'),
      sql<number | null>`r.q8::int`.as('q8'),
    ])
    .where('r.agency_id', '=', agencyId)
    .where('r.received_on', '>=', scope.from)
    .where('r.received_on', '<=', scope.to)
    .where(responseInScope(agencyId, scope, 'r'));
  if (namingProvider) q = q.where('r.provider_id', 'is not', null);
  return q.orderBy('r.response_id').execute();
}
