/**
 * Standard 8 queries: the input rows of the evaluation and quality-assurance engine
 * (@caseload/metrics standard8) for one agency and a period [from, to], and a SQL
 * computation of the feedback per-item counts.
 *
 * Every query is scoped by agency_id. Filters (null/undefined: no filter; `[]`: deny by
 * default, nothing is selected):
 * - `programIds`: rows about clients of those programs (clients.program_id — a client
 *   is in one program at a time); survey responses by their own program_id.
 * - `teamIds`: rows about clients *held by a staff member of those teams at some time
 *   in the period* (an assignment with start_on ≤ to and (end_on null or end_on >
 *   from), held while its staff member was on one of those teams — a client who moved
 *   between teams counts for both); survey responses by their own staff_id's team on
 *   received_on, quality reviews by the reviewed staff member's team on reviewed_on.
 *   A member's team on a date comes from staff_periods when the member has any (no
 *   period covering the date: no team), else from staff.team_id (metrics.md, "Staff on
 *   a date").
 *
 * Only the rows a computation over [from, to] reads are selected: invitations sent in
 * the period (with the date their first linked response came back, whenever that was),
 * responses received in it, goals resolved in it, assessments in it plus each of those
 * clients' latest one before it, referrals made by `to` and not started before `from`,
 * clients closed in it, and reviews up to `to` that were done in the period or carry a
 * corrective action not closed before it. Row shapes are @caseload/metrics' standard8
 * input rows themselves.
 */
import type {
  ClosureRow,
  FeedbackInvitationRow,
  FunctionalAssessmentRow,
  GoalRow,
  QaReviewRow,
  ReferralRow,
  StaffTeamRow,
  SurveyResponseRow,
} from '@caseload/metrics';
import { DATE_PATTERN } from '@caseload/values';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, DateString } from '../schema.ts';

export interface Standard8Scope {
  from: DateString;
  to: DateString;
  programIds?: readonly string[] | null;
  teamIds?: readonly string[] | null;
}

export const SURVEY_ITEM_COLUMNS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'] as const;

// The row shapes are @caseload/metrics' own input rows (see queries/standard9.ts).
export type Standard8InvitationRow = FeedbackInvitationRow;
export type Standard8ResponseRow = SurveyResponseRow;
export type Standard8StaffTeamRow = StaffTeamRow;
export type Standard8GoalRow = GoalRow;
export type Standard8AssessmentRow = FunctionalAssessmentRow;
export type Standard8ReferralRow = ReferralRow;
export type Standard8ClosureRow = ClosureRow;
export type Standard8ReviewRow = QaReviewRow;

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

function and(parts: Array<Expression<SqlBool>>): Expression<SqlBool> {
  return parts.length === 0 ? TRUE : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** The member `ss` (a staff alias) has staff periods: their team on a date comes from those. */
function hasPeriods(alias: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from staff_periods p0
    where p0.agency_id = ${sql.ref(`${alias}.agency_id`)} and p0.staff_id = ${sql.ref(`${alias}.staff_id`)})`;
}

/** The client in `clientColumn` is in the scope's programs and held by its teams in the period. */
function clientInScope(agencyId: string, scope: Standard8Scope, clientColumn: string): Expression<SqlBool> {
  const parts: Array<Expression<SqlBool>> = [];
  if (scope.programIds) {
    parts.push(
      scope.programIds.length === 0
        ? FALSE
        : sql<SqlBool>`exists (select 1 from clients sc
            where sc.agency_id = ${agencyId} and sc.client_id = ${sql.ref(clientColumn)}
              and sc.program_id in (${sql.join(scope.programIds)}))`,
    );
  }
  if (scope.teamIds) {
    const teams = sql.join(scope.teamIds);
    // held in the period, while the holder was on one of the teams: the assignment, the
    // period [from, to] and (for a member with periods) a period on one of the teams share a day
    parts.push(
      scope.teamIds.length === 0
        ? FALSE
        : sql<SqlBool>`exists (select 1 from assignments sa
            join staff ss on ss.agency_id = sa.agency_id and ss.staff_id = sa.staff_id
            where sa.agency_id = ${agencyId} and sa.client_id = ${sql.ref(clientColumn)}
              and sa.start_on <= ${scope.to}::date and (sa.end_on is null or sa.end_on > ${scope.from}::date)
              and case when ${hasPeriods('ss')}
                then exists (select 1 from staff_periods sp
                  where sp.agency_id = ss.agency_id and sp.staff_id = ss.staff_id and sp.team_id in (${teams})
                    and sp.start_on <= ${scope.to}::date and (sa.end_on is null or sp.start_on < sa.end_on)
                    and (sp.end_on is null or (sp.end_on > ${scope.from}::date and sp.end_on > sa.start_on)))
                else ss.team_id in (${teams}) end)`,
    );
  }
  return and(parts);
}

/** The staff member in `staffColumn` was on one of the scope's teams on the date in `dateColumn` (no staff: not in a team scope). */
function staffInTeams(
  agencyId: string,
  teamIds: readonly string[] | null | undefined,
  staffColumn: string,
  dateColumn: string,
): Expression<SqlBool> {
  if (!teamIds) return TRUE;
  if (teamIds.length === 0) return FALSE;
  const teams = sql.join(teamIds);
  const day = sql.ref(dateColumn);
  return sql<SqlBool>`exists (select 1 from staff st
    where st.agency_id = ${agencyId} and st.staff_id = ${sql.ref(staffColumn)}
      and case when ${hasPeriods('st')}
        then exists (select 1 from staff_periods sp
          where sp.agency_id = st.agency_id and sp.staff_id = st.staff_id and sp.team_id in (${teams})
            and sp.start_on <= ${day} and (sp.end_on is null or sp.end_on > ${day}))
        else st.team_id in (${teams}) end)`;
}

/** A survey response is in scope by its own program and its own staff member's team on the day it came back. */
function responseInScope(agencyId: string, scope: Standard8Scope, alias: string): Expression<SqlBool> {
  const parts: Array<Expression<SqlBool>> = [];
  if (scope.programIds) {
    parts.push(scope.programIds.length === 0 ? FALSE : sql<SqlBool>`${sql.ref(`${alias}.program_id`)} in (${sql.join(scope.programIds)})`);
  }
  if (scope.teamIds) parts.push(staffInTeams(agencyId, scope.teamIds, `${alias}.staff_id`, `${alias}.received_on`));
  return and(parts);
}

function assertScope(scope: Standard8Scope): void {
  if (!DATE_PATTERN.test(scope.from) || !DATE_PATTERN.test(scope.to)) throw new RangeError('from and to must be dates written YYYY-MM-DD');
  if (scope.from > scope.to) throw new RangeError(`the period is empty: from (${scope.from}) is after to (${scope.to})`);
}

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
async function loadResponses(
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

export interface SurveyCommentRow {
  comment: string;
  receivedOn: DateString;
  programId: string;
  programName: string;
}

export interface SurveyCommentQuery {
  from: DateString;
  to: DateString;
  /** null: every program; [] nothing */
  programIds: readonly string[] | null;
  /** case-insensitive text to find in the comment */
  search?: string | null;
  limit: number;
  offset: number;
}

/**
 * Survey comments received in the period, newest first: the text, the date and the
 * program — never a response, invitation or client id. `total` counts every match.
 */
export async function listSurveyComments(
  db: Kysely<Database>,
  agencyId: string,
  q: SurveyCommentQuery,
): Promise<{ total: number; comments: SurveyCommentRow[] }> {
  assertScope(q);
  const search = q.search?.trim() ? `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const base = db
    .selectFrom('survey_responses as r')
    .innerJoin('programs as p', (j) => j.onRef('p.agency_id', '=', 'r.agency_id').onRef('p.program_id', '=', 'r.program_id'))
    .where('r.agency_id', '=', agencyId)
    .where('r.received_on', '>=', q.from)
    .where('r.received_on', '<=', q.to)
    .where(sql<SqlBool>`btrim(coalesce(r.comment, '')) <> ''`)
    .where(responseInScope(agencyId, { ...q, teamIds: null }, 'r'))
    .where(search === null ? TRUE : sql<SqlBool>`r.comment ilike ${search} escape '\\'`);
  const [count, comments] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
    base
      .select([
        sql<string>`r.comment`.as('comment'),
        sql<string>`to_char(r.received_on, 'YYYY-MM-DD')`.as('receivedOn'),
        'r.program_id as programId',
        'p.name as programName',
      ])
      .orderBy('r.received_on', 'desc')
      .orderBy(sql`r.response_id collate "C"`, 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
  ]);
  return { total: count.total, comments };
}

// ---------------------------------------------------------------- outcomes and providers

async function loadReferrals(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<Standard8ReferralRow[]> {
  return db
    .selectFrom('referrals as f')
    .select([
      'f.referral_id as referralId',
      'f.client_id as clientId',
      'f.provider_id as providerId',
      sql<string>`to_char(f.referred_on, 'YYYY-MM-DD')`.as('referredOn'),
      sql<string | null>`to_char(f.started_on, 'YYYY-MM-DD')`.as('startedOn'),
    ])
    .where('f.agency_id', '=', agencyId)
    .where('f.referred_on', '<=', scope.to)
    .where((eb) => eb.or([eb('f.started_on', 'is', null), eb('f.started_on', '>=', scope.from)]))
    .where(clientInScope(agencyId, scope, 'f.client_id'))
    .orderBy('f.referral_id')
    .execute();
}

export async function loadOutcomesRows(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
): Promise<{
  goals: Standard8GoalRow[];
  assessments: Standard8AssessmentRow[];
  referrals: Standard8ReferralRow[];
  closures: Standard8ClosureRow[];
}> {
  assertScope(scope);
  const [goals, assessments, referrals, closures] = await Promise.all([
    db
      .selectFrom('goals as g')
      .select([
        'g.goal_id as goalId',
        'g.client_id as clientId',
        'g.status as status',
        sql<string | null>`to_char(g.resolved_on, 'YYYY-MM-DD')`.as('resolvedOn'),
      ])
      .where('g.agency_id', '=', agencyId)
      .where('g.resolved_on', '>=', scope.from)
      .where('g.resolved_on', '<=', scope.to)
      .where(clientInScope(agencyId, scope, 'g.client_id'))
      .orderBy('g.goal_id')
      .execute(),
    // assessments in the period (of clients in scope), and each such client's latest before it
    sql<Standard8AssessmentRow>`
      with inside as (
        select a.assessment_id, a.client_id, a.assessed_on, a.adl_deficits
          from assessments a
         where a.agency_id = ${agencyId}
           and a.assessed_on between ${scope.from}::date and ${scope.to}::date
           and ${clientInScope(agencyId, scope, 'a.client_id')}
      ), before as (
        select distinct on (a.client_id) a.assessment_id, a.client_id, a.assessed_on, a.adl_deficits
          from assessments a
         where a.agency_id = ${agencyId}
           and a.assessed_on < ${scope.from}::date
           and a.client_id in (select client_id from inside)
         order by a.client_id, a.assessed_on desc, a.assessment_id collate "C" desc
      )
      select assessment_id as "assessmentId", client_id as "clientId",
             to_char(assessed_on, 'YYYY-MM-DD') as "assessedOn", adl_deficits::int as "adlDeficits"
        from (select * from inside union all select * from before) x
       order by client_id, assessed_on, assessment_id collate "C"`
      .execute(db)
      .then((r) => r.rows),
    loadReferrals(db, agencyId, scope),
    db
      .selectFrom('clients as c')
      .select([
        'c.client_id as clientId',
        sql<string | null>`to_char(c.closed_on, 'YYYY-MM-DD')`.as('closedOn'),
        'c.closure_reason as closureReason',
      ])
      .where('c.agency_id', '=', agencyId)
      .where('c.closed_on', '>=', scope.from)
      .where('c.closed_on', '<=', scope.to)
      .where(clientInScope(agencyId, scope, 'c.client_id'))
      .orderBy('c.client_id')
      .execute(),
  ]);
  return { goals, assessments, referrals, closures };
}

export async function loadProvidersRows(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
): Promise<{ providerIds: string[]; referrals: Standard8ReferralRow[]; responses: Standard8ResponseRow[] }> {
  assertScope(scope);
  const [providers, referrals, responses] = await Promise.all([
    db.selectFrom('providers').select('provider_id').where('agency_id', '=', agencyId).orderBy('provider_id').execute(),
    loadReferrals(db, agencyId, scope),
    loadResponses(db, agencyId, scope, true),
  ]);
  return { providerIds: providers.map((p) => p.provider_id), referrals, responses };
}

// ---------------------------------------------------------------- quality reviews

export async function loadQaRows(
  db: Kysely<Database>,
  agencyId: string,
  scope: Standard8Scope,
): Promise<{ reviews: Standard8ReviewRow[] }> {
  assertScope(scope);
  const parts: Array<Expression<SqlBool>> = [];
  if (scope.programIds) parts.push(clientInScope(agencyId, { ...scope, teamIds: null }, 'q.client_id'));
  if (scope.teamIds) parts.push(staffInTeams(agencyId, scope.teamIds, 'q.staff_id', 'q.reviewed_on'));
  const reviews = await db
    .selectFrom('qa_reviews as q')
    .select([
      'q.review_id as reviewId',
      sql<string>`to_char(q.reviewed_on, 'YYYY-MM-DD')`.as('reviewedOn'),
      sql<number>`q.score::float8`.as('score'),
      sql<boolean>`q.corrective_action is not null`.as('hasCorrectiveAction'),
      sql<string | null>`to_char(q.action_due_on, 'YYYY-MM-DD')`.as('actionDueOn'),
      sql<string | null>`to_char(q.action_closed_on, 'YYYY-MM-DD')`.as('actionClosedOn'),
    ])
    .where('q.agency_id', '=', agencyId)
    .where('q.reviewed_on', '<=', scope.to)
    .where((eb) =>
      eb.or([
        eb('q.reviewed_on', '>=', scope.from),
        eb.and([
          eb('q.corrective_action', 'is not', null),
          eb.or([eb('q.action_closed_on', 'is', null), eb('q.action_closed_on', '>=', scope.from)]),
        ]),
      ]),
    )
    .where(and(parts))
    .orderBy('q.review_id')
    .execute();
  return { reviews };
}

// ---------------------------------------------------------------- corrective actions

export type CorrectiveActionStatus = 'open' | 'overdue' | 'all';

export interface CorrectiveActionQuery {
  /** the day the list is drawn for: reviews up to it; open / overdue as of it */
  asOf: DateString;
  /** 'open': not closed by asOf; 'overdue': open and due before asOf; 'all': every one reviewed by asOf */
  status: CorrectiveActionStatus;
  /**
   * Only actions from reviews on or after this day, and older ones still open on asOf
   * (a period's page); null/undefined: from any day.
   */
  from?: DateString | null;
  /** clients of these programs (null: every program; []: nothing) */
  programIds?: readonly string[] | null;
  /** reviews of staff of these teams (null: every team; []: nothing) */
  teamIds?: readonly string[] | null;
}

export interface CorrectiveActionRow {
  reviewId: string;
  reviewedOn: DateString;
  /** the reviewed case manager */
  staffId: string;
  /** the client whose case was reviewed */
  clientId: string;
  score: number;
  findings: string | null;
  correctiveAction: string;
  actionDueOn: DateString | null;
  actionClosedOn: DateString | null;
  /** 'closed' (action_closed_on ≤ asOf), 'overdue' (open and action_due_on < asOf) or 'open' */
  state: 'open' | 'overdue' | 'closed';
  /** open: asOf − reviewed_on; closed: action_closed_on − reviewed_on (days to close) */
  ageDays: number;
  /** overdue: asOf − action_due_on; otherwise null */
  daysOverdue: number | null;
}

/**
 * Quality reviews that carry a corrective action, reviewed on or before asOf: the
 * history of each finding from review to closure (Standard 8, documented corrective
 * measures). Open and overdue follow metrics.md (open: action_closed_on null or after
 * asOf; overdue: open and action_due_on < asOf). Most overdue first, then by due date
 * (none last), then by review_id.
 */
export async function listCorrectiveActions(
  db: Kysely<Database>,
  agencyId: string,
  q: CorrectiveActionQuery,
): Promise<CorrectiveActionRow[]> {
  assertScope({ from: q.asOf, to: q.asOf });
  const scope: Standard8Scope = { from: q.asOf, to: q.asOf, programIds: q.programIds ?? null, teamIds: null };
  const parts: Array<Expression<SqlBool>> = [];
  if (q.programIds) parts.push(clientInScope(agencyId, scope, 'q.client_id'));
  if (q.teamIds) parts.push(staffInTeams(agencyId, q.teamIds, 'q.staff_id', 'q.reviewed_on'));
  const asOf = sql`${q.asOf}::date`;
  const open = sql<SqlBool>`(q.action_closed_on is null or q.action_closed_on > ${asOf})`;
  const overdue = sql<SqlBool>`(${open} and q.action_due_on < ${asOf})`;
  if (q.status === 'open') parts.push(open);
  if (q.status === 'overdue') parts.push(overdue);
  if (q.from) parts.push(sql<SqlBool>`(q.reviewed_on >= ${q.from}::date or ${open})`);
  const rows = await db
    .selectFrom('qa_reviews as q')
    .select([
      'q.review_id as reviewId',
      sql<string>`to_char(q.reviewed_on, 'YYYY-MM-DD')`.as('reviewedOn'),
      'q.staff_id as staffId',
      'q.client_id as clientId',
      sql<number>`q.score::float8`.as('score'),
      'q.findings as findings',
      sql<string>`q.corrective_action`.as('correctiveAction'),
      sql<string | null>`to_char(q.action_due_on, 'YYYY-MM-DD')`.as('actionDueOn'),
      sql<string | null>`to_char(q.action_closed_on, 'YYYY-MM-DD')`.as('actionClosedOn'),
      sql<'open' | 'overdue' | 'closed'>`case when not ${open} then 'closed' when ${overdue} then 'overdue' else 'open' end`.as('state'),
      sql<number>`(case when ${open} then ${asOf} - q.reviewed_on else q.action_closed_on - q.reviewed_on end)::int`.as('ageDays'),
      sql<number | null>`(case when ${overdue} then ${asOf} - q.action_due_on end)::int`.as('daysOverdue'),
    ])
    .where('q.agency_id', '=', agencyId)
    .where('q.corrective_action', 'is not', null)
    .where('q.reviewed_on', '<=', q.asOf)
    .where(and(parts))
    .orderBy(sql`(case when ${overdue} then ${asOf} - q.action_due_on end) desc nulls last`)
    .orderBy(sql`q.action_due_on asc nulls last`)
    .orderBy(sql`q.review_id collate "C"`)
    .execute();
  return rows;
}
