/**
 * The providers report: referrals started and the survey answers about each provider over
 * the period in scope, from the tallies the database counts (@caseload/db
 * loadProvidersTallies, held in tests to @caseload/metrics providersTallies over the rows).
 */
import { type Database, loadProvidersTallies } from '@caseload/db';
import { type ProvidersReport, providersReportFromTallies, suppressProvidersReport } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { cached } from './cache.ts';
import { scopeOf, settingsFor, type Standard8Filter, type Standard8View, view } from './evaluation.ts';

export type ProvidersView = Standard8View<ProvidersReport>;

export async function providersReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<ProvidersView> {
  const scope = scopeOf(filter);
  const [settings, tallies] = await Promise.all([settingsFor(db, agencyId), loadProvidersTallies(db, agencyId, scope)]);
  const report = providersReportFromTallies(scope.from, scope.to, tallies);
  return view(report, settings, filter.suppress, suppressProvidersReport);
}
/** providersReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const providersReport = cached('standard8.providersReport', providersReportUncached);
