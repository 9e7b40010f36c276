import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.ts';

export { appRouter, createCaller, type AppRouter } from './root.ts';
export {
  createContextInner,
  type Context,
  type ContextOptions,
  type ClientListView,
  type AuditedEntry,
  access,
  procedure,
  router,
} from './trpc.ts';
export { type AccessRule, type Caller, type Scope, ALL_ROLES, resolveScope, isUserRole, NOTHING } from './access.ts';
export { ServiceError, type ServiceErrorCode } from './errors.ts';
export {
  attachResultCache,
  ResultCache,
  cached,
  type RequestScope,
  startRequestVersions,
  withRequestVersions,
  versionsOf,
  type ResultCacheOptions,
  type ResultCacheStats,
} from './services/cache.ts';
export * from './auth/index.ts';
export { createUser, resetUserPassword, setUserDisabledState, type Actor, type NewUserInput } from './services/users.ts';
export { getSettings, updateSettings, settingsSchema, type SettingsView } from './services/settings.ts';
export { directory, type Directory } from './services/directory.ts';
export {
  shapeCaseload,
  shapeCompliance,
  type CaseloadView,
  type ComplianceView,
  type Audience,
  type ReportFilter,
} from './shaping/reports.ts';
export { caseloadReport, staffClients, standard9Settings, type AgencySettings, type Standard9Filter } from './services/caseload.ts';
export { complianceReport } from './services/compliance.ts';
export { rebalanceReport } from './services/rebalance.ts';
export { intakeRanking } from './services/intake.ts';
export { caseloadTrend, MAX_TREND_MONTHS } from './services/trend.ts';
export { worklist } from './services/worklist.ts';
export { uncachedStandard8, uncachedStandard9 } from './services/uncached.ts';
export * from './services/capacity.ts';
export * from './services/standards.ts';
export * from './services/plans.ts';
export * from './services/forecast.ts';
export {
  buildMonthEndFigures,
  enableMonthEndBuilds,
  lastMonthEndOnOrBefore,
  MONTH_END_HISTORY,
  type MonthEndBuildResult,
  scheduleMonthEndBuild,
} from './services/monthEnd.ts';
export { MAX_PERIOD_DAYS, type Standard8Filter, type Standard8View } from './services/evaluation.ts';
export { feedbackReport, type FeedbackView } from './services/feedback.ts';
export { outcomesReport, type OutcomesView } from './services/outcomes.ts';
export { providersReport, type ProvidersView } from './services/providers.ts';
export { qaReport, type QaView } from './services/qa.ts';
export { MAX_COMMENTS_PAGE, surveyComments, type SurveyComments, type SurveyCommentsInput } from './services/comments.ts';
export * from './shaping/suppression.ts';
export {
  shapeTrend,
  trendClientCounts,
  type TrendView,
  type TrendMonthView,
  type TrendFiguresView,
  type TrendCell,
} from './shaping/trend.ts';
export { complementCells, type FamilySpec } from './shaping/complement.ts';
export type { CorrectiveActions } from './routers/qa.ts';
export type { ImportRecord, ImportedFile } from './routers/imports.ts';
export { dateSchema, idSchema, emailSchema, passwordSchema, PASSWORD_MIN_LENGTH } from './schemas.ts';
export { agencyToday, beforeDataMessage, dataFrom, requireRecordsBy } from './services/calendar.ts';
/** Audit helpers for other packages (imports, exports): writeAudit(db, { agencyId, userId, actor, action, details }). */
export { writeAudit, AUDIT_ACTIONS, type AuditAction, type AuditEntryInput } from '@caseload/db';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export {
  boardReport,
  previousPeriod,
  BOARD_SENTENCE_WORDS,
  type BoardReport,
  type BoardHeadline,
  type BoardTeam,
  type BoardTrendMonth,
  type BoardTrendTeam,
  type HeadlineKey,
  type Period,
} from './services/board/index.ts';
export { shapeStandards, type StandardsView, type StandardView, type StandardPeriodView } from './shaping/standards.ts';
export { boardReportWithStandards, boardStandardsSection, type BoardStandardsSection } from './services/board/index.ts';
export * from './services/notify/index.ts';
export { createMailer, MailConfigError, type Mailer, type OutgoingEmail } from './services/notify/mailer.ts';
export { dataQualityReport, DATA_QUALITY_LABELS, type DataQualityReport, type DataQualityRow } from './services/dataQuality.ts';
export { freshness, type Freshness } from './services/freshness.ts';
