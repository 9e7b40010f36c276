/** Corrective-action queries: the history of each quality-review finding from review to closure. */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, DateString } from '../schema.ts';
import { and, assertScope, clientInScope, staffInTeams, type Standard8Scope } from './evaluationScope.ts';

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
