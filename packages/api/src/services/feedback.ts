/** The client feedback report: survey rows of the period in scope (@caseload/db feedback queries) through @caseload/metrics. */
import { type Database, loadFeedbackRows } from '@caseload/db';
import { computeFeedbackReport, type FeedbackReport, suppressFeedbackReport } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { cached } from './cache.ts';
import { scopeOf, settingsFor, type Standard8Filter, type Standard8View, view } from './evaluation.ts';

export type FeedbackView = Standard8View<FeedbackReport>;

export async function feedbackReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<FeedbackView> {
  const scope = scopeOf(filter);
  const [settings, rows] = await Promise.all([settingsFor(db, agencyId), loadFeedbackRows(db, agencyId, scope)]);
  const report = computeFeedbackReport({ from: scope.from, to: scope.to, ...rows });
  return view(report, settings, filter.suppress, suppressFeedbackReport);
}

/** feedbackReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const feedbackReport = cached('standard8.feedbackReport', feedbackReportUncached);
