/** Outcomes queries: goals, functional assessments, referrals and closures of a period, in scope (evaluationScope.ts). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import {
  assertScope,
  clientInScope,
  type Standard8AssessmentRow,
  type Standard8ClosureRow,
  type Standard8GoalRow,
  type Standard8ReferralRow,
  type Standard8Scope,
} from './evaluationScope.ts';

// ---------------------------------------------------------------- outcomes and providers

export async function loadReferrals(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<Standard8ReferralRow[]> {
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
