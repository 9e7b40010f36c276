/** The quality-review report: reviews of the period in scope and their corrective actions. */
import { type Database, loadQaRows } from '@caseload/db';
import { computeQaReport, type QaReport, suppressQaReport } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { cached } from './cache.ts';
import { scopeOf, settingsFor, type Standard8Filter, type Standard8View, view } from './evaluation.ts';

export type QaView = Standard8View<QaReport>;

export async function qaReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<QaView> {
  const scope = scopeOf(filter);
  const [settings, rows] = await Promise.all([settingsFor(db, agencyId), loadQaRows(db, agencyId, scope)]);
  const report = computeQaReport({ from: scope.from, to: scope.to, reviews: rows.reviews, qaPassScore: settings.settings.qaPassScore });
  return view(report, settings, filter.suppress, suppressQaReport);
}
/** qaReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const qaReport = cached('standard8.qaReport', qaReportUncached);
