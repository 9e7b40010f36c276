/**
 * The outcomes report: goals, functional change, time to service and closures of the
 * period in scope, from the tallies the database counts (@caseload/db
 * loadOutcomesTallies, held in tests to @caseload/metrics outcomesTallies over the rows).
 */
import { type Database, loadOutcomesTallies } from '@caseload/db';
import { type OutcomesReport, outcomesReportFromTallies, suppressOutcomesReport } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { cached } from './cache.ts';
import { scopeOf, settingsFor, type Standard8Filter, type Standard8View, view } from './evaluation.ts';

export type OutcomesView = Standard8View<OutcomesReport>;

export async function outcomesReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<OutcomesView> {
  const scope = scopeOf(filter);
  const [settings, tallies] = await Promise.all([settingsFor(db, agencyId), loadOutcomesTallies(db, agencyId, scope)]);
  const report = outcomesReportFromTallies(scope.from, scope.to, tallies);
  return view(report, settings, filter.suppress, suppressOutcomesReport);
}
/** outcomesReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const outcomesReport = cached('standard8.outcomesReport', outcomesReportUncached);
