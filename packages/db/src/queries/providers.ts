/** Provider queries: the agency's providers, their referrals and the survey responses about them, in scope. */
import { type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { assertScope, type Standard8ReferralRow, type Standard8ResponseRow, type Standard8Scope } from './evaluationScope.ts';
import { loadReferrals } from './outcomes.ts';
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
