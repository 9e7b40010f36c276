/** Quality-review queries: the reviews of a period and the corrective actions still open, in scope (evaluationScope.ts). */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../schema.ts';
import { and, assertScope, clientInScope, staffInTeams, type Standard8ReviewRow, type Standard8Scope } from './evaluationScope.ts';

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
