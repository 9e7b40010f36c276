/**
 * The client feedback report: the survey responses and invitations of the period in
 * scope tallied by the database (@caseload/db loadFeedbackTallies, held in tests to
 * @caseload/metrics feedbackTallies over the rows) and turned into the report by
 * @caseload/metrics feedbackReportFromTallies.
 */
import { type Database, loadFeedbackTallies } from '@caseload/db';
import { type FeedbackReport, feedbackReportFromTallies, suppressFeedbackReport } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { cached } from './cache.ts';
import { scopeOf, settingsFor, type Standard8Filter, type Standard8View, view } from './evaluation.ts';

export type FeedbackView = Standard8View<FeedbackReport>;

export async function feedbackReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<FeedbackView> {
  const scope = scopeOf(filter);
  const [settings, tallies] = await Promise.all([settingsFor(db, agencyId), loadFeedbackTallies(db, agencyId, scope)]);
  const report = feedbackReportFromTallies(scope.from, scope.to, tallies);
  return view(report, settings, filter.suppress, suppressFeedbackReport);
}

/** feedbackReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const feedbackReport = cached('standard8.feedbackReport', feedbackReportUncached);
