/** Feedback queries: the survey invitations and responses of a period, in scope (evaluationScope.ts). */
import { emptyTally, type FeedbackTallies, type FeedbackTally } from '@caseload/metrics';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import {
  assertScope,
  clientInScope,
  responseInScope,
  type Standard8InvitationRow,
  SURVEY_ITEM_COLUMNS,
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

// ---------------------------------------------------------------- feedback tallies

/** count(*) filter (where qj = a) for every item j and answer a, in FeedbackTally order (a0 … a39). */
const ANSWER_COUNTS = sql.raw(
  SURVEY_ITEM_COLUMNS.flatMap((q, j) => [1, 2, 3, 4, 5].map((a) => `count(*) filter (where ${q} = ${a})::int as a${5 * j + a - 1}`)).join(
    ', ',
  ),
);

type TallyRow = {
  g: number;
  month: string | null;
  program_id: string | null;
  team_id: string | null;
  staff_id: string | null;
  provider_id: string | null;
  responses: number;
} & Record<`a${number}`, number>;

function tallyOf(row: TallyRow): FeedbackTally {
  const answers: number[] = [];
  for (let k = 0; k < SURVEY_ITEM_COLUMNS.length * 5; k++) answers.push(row[`a${k}`] ?? 0);
  return { responses: row.responses, answers };
}

/**
 * The feedback report's tallies over the scope (@caseload/metrics feedbackTallies over
 * loadFeedbackRows, counted by the database): responses received in the period, in
 * scope, counted per month, program, team on the day each came back, staff member,
 * provider and in all (one GROUP BY GROUPING SETS), and the invitations sent in the
 * period per month with how many came back. Rows are grouped on the month's first day
 * and the month written once per group, not once per row.
 */
export async function loadFeedbackTallies(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<FeedbackTallies> {
  assertScope(scope);
  const [responses, invitations] = await Promise.all([
    sql<TallyRow>`
      select grouping(m, program_id, team_id, staff_id, provider_id)::int as g,
             to_char(m, 'YYYY-MM') as month, program_id, team_id, staff_id, provider_id, count(*)::int as responses, ${ANSWER_COUNTS}
        from (
          select date_trunc('month', r.received_on) as m, r.program_id, r.staff_id, r.provider_id,
                 r.q1, r.q2, r.q3, r.q4, r.q5, r.q6, r.q7, r.q8,
                 case when s.staff_id is null then null when hp.staff_id is not null then sp.team_id else s.team_id end as team_id
            from survey_responses r
            left join staff s on s.agency_id = r.agency_id and s.staff_id = r.staff_id
            -- a member with staff periods is on the team of the period in force (the import keeps them from overlapping)
            left join (select distinct staff_id from staff_periods where agency_id = ${agencyId}) hp on hp.staff_id = r.staff_id
            left join staff_periods sp on sp.agency_id = r.agency_id and sp.staff_id = r.staff_id
                  and sp.start_on <= r.received_on and (sp.end_on is null or sp.end_on > r.received_on)
           where r.agency_id = ${agencyId}
             and r.received_on between ${scope.from}::date and ${scope.to}::date
             and ${responseInScope(agencyId, scope, 'r')}
        ) x
       group by grouping sets ((m), (program_id), (team_id), (staff_id), (provider_id), ())`.execute(db),
    sql<{ month: string; sent: number; responded: number }>`
      select to_char(m, 'YYYY-MM') as month, sent, responded
        from (
          select date_trunc('month', i.sent_on) as m, count(*)::int as sent,
                 count(*) filter (where exists (select 1 from survey_responses r
                   where r.agency_id = i.agency_id and r.invitation_id = i.invitation_id))::int as responded
            from survey_invitations i
           where i.agency_id = ${agencyId} and i.sent_on between ${scope.from}::date and ${scope.to}::date
             and ${clientInScope(agencyId, scope, 'i.client_id')}
           group by 1
        ) x`
      .execute(db)
      .then((r) => r.rows),
  ]);
  const out: FeedbackTallies = {
    total: emptyTally(),
    byMonth: [],
    byProgram: [],
    byTeam: [],
    byStaff: [],
    byProvider: [],
    invitations,
  };
  // grouping(): bit 4 month … bit 0 provider_id, set when the column is not grouped on
  for (const row of responses.rows) {
    const t = tallyOf(row);
    if (row.g === 0b11111) out.total = t;
    else if (row.g === 0b01111 && row.month !== null) out.byMonth.push({ key: row.month, tally: t });
    else if (row.g === 0b10111 && row.program_id !== null) out.byProgram.push({ key: row.program_id, tally: t });
    else if (row.g === 0b11011 && row.team_id !== null) out.byTeam.push({ key: row.team_id, tally: t });
    else if (row.g === 0b11101 && row.staff_id !== null) out.byStaff.push({ key: row.staff_id, tally: t });
    else if (row.g === 0b11110 && row.provider_id !== null) out.byProvider.push({ key: row.provider_id, tally: t });
  }
  return out;
}
