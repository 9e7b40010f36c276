/**
 * The scope shared by the evaluation and quality-assurance queries (feedback.ts,
 * comments.ts, outcomes.ts, providers.ts, qa.ts, correctiveActions.ts): they read the
 * input rows of @caseload/metrics' Standard 8 engine for one agency and a period
 * [from, to], filtered here.
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
import { type Expression, type SqlBool, sql } from 'kysely';
import type { DateString } from '../schema.ts';

export interface Standard8Scope {
  from: DateString;
  to: DateString;
  programIds?: readonly string[] | null;
  teamIds?: readonly string[] | null;
}

export const SURVEY_ITEM_COLUMNS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'] as const;

// The row shapes are @caseload/metrics' own input rows (see queries/caseload.ts).
export type Standard8InvitationRow = FeedbackInvitationRow;
export type Standard8ResponseRow = SurveyResponseRow;
export type Standard8StaffTeamRow = StaffTeamRow;
export type Standard8GoalRow = GoalRow;
export type Standard8AssessmentRow = FunctionalAssessmentRow;
export type Standard8ReferralRow = ReferralRow;
export type Standard8ClosureRow = ClosureRow;
export type Standard8ReviewRow = QaReviewRow;

export const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

export function and(parts: Array<Expression<SqlBool>>): Expression<SqlBool> {
  return parts.length === 0 ? TRUE : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** The member `ss` (a staff alias) has staff periods: their team on a date comes from those. */
function hasPeriods(alias: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from staff_periods p0
    where p0.agency_id = ${sql.ref(`${alias}.agency_id`)} and p0.staff_id = ${sql.ref(`${alias}.staff_id`)})`;
}

/** The client in `clientColumn` is in the scope's programs and held by its teams in the period. */
export function clientInScope(agencyId: string, scope: Standard8Scope, clientColumn: string): Expression<SqlBool> {
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
export function staffInTeams(
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
export function responseInScope(agencyId: string, scope: Standard8Scope, alias: string): Expression<SqlBool> {
  const parts: Array<Expression<SqlBool>> = [];
  if (scope.programIds) {
    parts.push(scope.programIds.length === 0 ? FALSE : sql<SqlBool>`${sql.ref(`${alias}.program_id`)} in (${sql.join(scope.programIds)})`);
  }
  if (scope.teamIds) parts.push(staffInTeams(agencyId, scope.teamIds, `${alias}.staff_id`, `${alias}.received_on`));
  return and(parts);
}

export function assertScope(scope: Standard8Scope): void {
  if (!DATE_PATTERN.test(scope.from) || !DATE_PATTERN.test(scope.to)) throw new RangeError('from and to must be dates written YYYY-MM-DD');
  if (scope.from > scope.to) throw new RangeError(`the period is empty: from (${scope.from}) is after to (${scope.to})`);
}
