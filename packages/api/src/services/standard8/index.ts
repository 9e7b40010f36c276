/**
 * Standard 8 services (evaluation and quality assurance): load one agency's rows
 * (@caseload/db standard8 queries), run the pure engine (@caseload/metrics), apply
 * small-cell suppression when asked, return the report with the settings version it
 * used. Called by the tRPC routers and by the CLI, so a number is the same wherever
 * it is read.
 *
 * No access control here: the router decides who may call what and passes the
 * caller's scope as programIds/teamIds (null or absent = no restriction, [] =
 * nothing) and `suppress: true` for the roles that see suppressed data (the board).
 * A suppressed report carries no staff rows and no per-provider monthly series.
 *
 * Filters (see @caseload/db queries/standard8.ts): programIds — clients of those
 * programs, responses of those programs; teamIds — clients held by those teams'
 * staff at some time in the period, responses and quality reviews of those teams'
 * staff.
 */
import {
  currentSettings,
  type Database,
  findAgency,
  listSurveyComments,
  loadFeedbackRows,
  loadOutcomesRows,
  loadProvidersRows,
  loadQaRows,
  type Standard8Scope,
  type SurveyCommentRow,
} from '@caseload/db';
import {
  computeFeedbackReport,
  computeOutcomesReport,
  computeProvidersReport,
  computeQaReport,
  defaultSettings,
  type FeedbackReport,
  isStandard8Date,
  type OutcomesReport,
  type ProvidersReport,
  type QaReport,
  type Settings,
  suppressFeedbackReport,
  suppressOutcomesReport,
  suppressProvidersReport,
  suppressQaReport,
  type Suppressible,
  type SuppressionInfo,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../../errors.ts';
import { cached } from '../cache.ts';

export interface Standard8Filter {
  from: string;
  to: string;
  programIds?: string[] | null;
  teamIds?: string[] | null;
  /** withhold small cells (metrics.md "Small-cell suppression") */
  suppress?: boolean;
}

/**
 * A Standard 8 report as a service returns it: the engine's report (values may be
 * null and marked `suppressed` when suppression applied), the settings version it
 * used, and `suppression` ({minCellSize, cells}) or null when nothing was withheld
 * by design (suppress not asked).
 */
export type Standard8View<R> = Suppressible<R> & { settingsVersion: number; suppression: SuppressionInfo | null };

export type FeedbackView = Standard8View<FeedbackReport>;
export type OutcomesView = Standard8View<OutcomesReport>;
export type ProvidersView = Standard8View<ProvidersReport>;
export type QaView = Standard8View<QaReport>;

/** Longest period accepted, in days (ten years of monthly series). */
export const MAX_PERIOD_DAYS = 3660;

async function settingsFor(db: Kysely<Database>, agencyId: string): Promise<{ settings: Settings; version: number }> {
  const row = await currentSettings<Partial<Settings>>(db, agencyId);
  if (!row) {
    if (!(await findAgency(db, agencyId))) throw new ServiceError('NOT_FOUND', `There is no agency ${agencyId}.`);
    return { settings: defaultSettings, version: 0 };
  }
  return { settings: { ...defaultSettings, ...(row.settings ?? {}) }, version: row.version };
}

function checkPeriod(from: unknown, to: unknown): void {
  if (!isStandard8Date(from))
    throw new ServiceError('BAD_REQUEST', `"from" must be a date written YYYY-MM-DD, such as 2024-01-01 (got ${JSON.stringify(from)}).`);
  if (!isStandard8Date(to))
    throw new ServiceError('BAD_REQUEST', `"to" must be a date written YYYY-MM-DD, such as 2024-12-31 (got ${JSON.stringify(to)}).`);
  if (from > to) throw new ServiceError('BAD_REQUEST', `The period is empty: "from" (${from}) is after "to" (${to}).`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) throw new ServiceError('BAD_REQUEST', `The period is too long: at most ten years (${from} to ${to}).`);
}

function scopeOf(filter: Standard8Filter): Standard8Scope {
  checkPeriod(filter.from, filter.to);
  return { from: filter.from, to: filter.to, programIds: filter.programIds ?? null, teamIds: filter.teamIds ?? null };
}

function view<R>(
  report: R,
  settings: { settings: Settings; version: number },
  suppress: boolean | undefined,
  suppressor: (r: R, min: number) => Suppressible<R> & { suppression: SuppressionInfo },
): Standard8View<R> {
  if (suppress) return { ...suppressor(report, settings.settings.minCellSize), settingsVersion: settings.version };
  return { ...(report as Suppressible<R>), settingsVersion: settings.version, suppression: null };
}

async function feedbackReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<FeedbackView> {
  const scope = scopeOf(filter);
  const [settings, rows] = await Promise.all([settingsFor(db, agencyId), loadFeedbackRows(db, agencyId, scope)]);
  const report = computeFeedbackReport({ from: scope.from, to: scope.to, ...rows });
  return view(report, settings, filter.suppress, suppressFeedbackReport);
}

async function outcomesReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<OutcomesView> {
  const scope = scopeOf(filter);
  const [settings, rows] = await Promise.all([settingsFor(db, agencyId), loadOutcomesRows(db, agencyId, scope)]);
  const report = computeOutcomesReport({ from: scope.from, to: scope.to, ...rows });
  return view(report, settings, filter.suppress, suppressOutcomesReport);
}

async function providersReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<ProvidersView> {
  const scope = scopeOf(filter);
  const [settings, rows] = await Promise.all([settingsFor(db, agencyId), loadProvidersRows(db, agencyId, scope)]);
  const report = computeProvidersReport({ from: scope.from, to: scope.to, ...rows });
  return view(report, settings, filter.suppress, suppressProvidersReport);
}

async function qaReportUncached(db: Kysely<Database>, agencyId: string, filter: Standard8Filter): Promise<QaView> {
  const scope = scopeOf(filter);
  const [settings, rows] = await Promise.all([settingsFor(db, agencyId), loadQaRows(db, agencyId, scope)]);
  const report = computeQaReport({ from: scope.from, to: scope.to, reviews: rows.reviews, qaPassScore: settings.settings.qaPassScore });
  return view(report, settings, filter.suppress, suppressQaReport);
}

export interface SurveyCommentsInput {
  from: string;
  to: string;
  /** null: every program (agency roles); a list: those programs only; [] nothing */
  programIds: string[] | null;
  search?: string | null;
  limit: number;
  offset: number;
}

export interface SurveyComments {
  from: string;
  to: string;
  total: number;
  comments: SurveyCommentRow[];
}

export const MAX_COMMENTS_PAGE = 500;

/**
 * Free-text survey comments received in the period, newest first: text, received_on
 * and program only — never a response, invitation or client id. Who may read them
 * (agency roles, program managers for their programs; never the board) is the
 * router's decision.
 */
export async function surveyComments(db: Kysely<Database>, agencyId: string, input: SurveyCommentsInput): Promise<SurveyComments> {
  checkPeriod(input.from, input.to);
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_COMMENTS_PAGE) {
    throw new ServiceError('BAD_REQUEST', `"limit" must be a whole number from 1 to ${MAX_COMMENTS_PAGE}.`);
  }
  if (!Number.isInteger(input.offset) || input.offset < 0)
    throw new ServiceError('BAD_REQUEST', '"offset" must be a whole number, 0 or more.');
  if (input.search && input.search.length > 200) throw new ServiceError('BAD_REQUEST', 'The search text is at most 200 characters.');
  const page = await listSurveyComments(db, agencyId, input);
  return { from: input.from, to: input.to, ...page };
}

/** The services computed every time, without the result cache (benchmarks of the computation itself). */
export const uncachedStandard8 = {
  feedbackReport: feedbackReportUncached,
  outcomesReport: outcomesReportUncached,
  providersReport: providersReportUncached,
  qaReport: qaReportUncached,
};

/** feedbackReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const feedbackReport = cached('standard8.feedbackReport', feedbackReportUncached);
/** outcomesReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const outcomesReport = cached('standard8.outcomesReport', outcomesReportUncached);
/** providersReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const providersReport = cached('standard8.providersReport', providersReportUncached);
/** qaReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const qaReport = cached('standard8.qaReport', qaReportUncached);
