/** Provider queries: the agency's providers, their referrals and the survey responses about them, in scope. */
import type { ProvidersTallies } from '@caseload/metrics';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import {
  assertScope,
  responseInScope,
  type Standard8ReferralRow,
  type Standard8ResponseRow,
  type Standard8Scope,
} from './evaluationScope.ts';
import { loadReferrals, loadReferralTallies } from './outcomes.ts';
import { loadResponses } from './feedback.ts';

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

/**
 * @caseload/metrics providersTallies over loadProvidersRows, counted by the database: the
 * agency's providers (every referral and response names one of them), the referral
 * tallies, and per provider the q6 answers 1..5 of the responses in scope received in
 * the period that name it.
 */
export async function loadProvidersTallies(db: Kysely<Database>, agencyId: string, scope: Standard8Scope): Promise<ProvidersTallies> {
  assertScope(scope);
  const [providers, referrals, q6] = await Promise.all([
    db.selectFrom('providers').select('provider_id').where('agency_id', '=', agencyId).orderBy('provider_id').execute(),
    loadReferralTallies(db, agencyId, scope),
    sql<{ providerId: string; d1: number; d2: number; d3: number; d4: number; d5: number }>`
      select r.provider_id as "providerId",
             count(*) filter (where r.q6 = 1)::int as d1, count(*) filter (where r.q6 = 2)::int as d2,
             count(*) filter (where r.q6 = 3)::int as d3, count(*) filter (where r.q6 = 4)::int as d4,
             count(*) filter (where r.q6 = 5)::int as d5
        from survey_responses r
       where r.agency_id = ${agencyId} and r.received_on between ${scope.from}::date and ${scope.to}::date
         and r.provider_id is not null and ${responseInScope(agencyId, scope, 'r')}
       group by r.provider_id`.execute(db),
  ]);
  return {
    providerIds: providers.map((p) => p.provider_id),
    referrals,
    q6: q6.rows.map((x) => ({ providerId: x.providerId, distribution: [x.d1, x.d2, x.d3, x.d4, x.d5] })),
  };
}
