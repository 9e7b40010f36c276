export * from './schema.ts';
export { connect, type ConnectOptions, type DbHandle, type Driver } from './connect.ts';
export { AGENCY_MOVING_MESSAGE, AgencyMovingError, currentTenantTarget, Tenancy, type TenantTarget, writeFenceKey } from './tenancy.ts';
export { FailoverPool, splitHosts } from './failover.ts';
export { type CopyIn, copyIn } from './copy.ts';
export {
  type ExpectedVersions,
  openReadScope,
  type ReadRoutingOptions,
  type ReadRoutingStats,
  type ReadScope,
  withReadScope,
} from './routing.ts';
export {
  agencyChecksums,
  agencyCluster,
  agencyPlacement,
  type AgencyPlacement,
  moveAgency,
  type MoveAgencyOptions,
  type MoveAgencyReport,
  parseClusters,
  placeAgency,
  type TableChecksum,
  TenantMoveError,
} from './tenants.ts';
export { migrateToLatest } from './migrate.ts';
export { migrations } from './migrations/index.ts';
export * from './queries/agencies.ts';
export * from './queries/users.ts';
export * from './queries/sessions.ts';
export * from './queries/audit.ts';
export * from './queries/caseload.ts';
export * from './queries/caseloadSpans.ts';
export type {
  Standard8Scope,
  Standard8InvitationRow,
  Standard8ResponseRow,
  Standard8StaffTeamRow,
  Standard8GoalRow,
  Standard8AssessmentRow,
  Standard8ReferralRow,
  Standard8ClosureRow,
  Standard8ReviewRow,
} from './queries/evaluationScope.ts';
export { SURVEY_ITEM_COLUMNS } from './queries/evaluationScope.ts';
export { loadFeedbackRows, loadFeedbackTallies } from './queries/feedback.ts';
export { listSurveyComments, type SurveyCommentRow, type SurveyCommentQuery } from './queries/comments.ts';
export { loadOutcomesRows, loadOutcomesTallies, loadReferralTallies } from './queries/outcomes.ts';
export { loadProvidersRows, loadProvidersTallies } from './queries/providers.ts';
export { loadQaRows } from './queries/qa.ts';
export {
  listCorrectiveActions,
  type CorrectiveActionStatus,
  type CorrectiveActionQuery,
  type CorrectiveActionRow,
} from './queries/correctiveActions.ts';
export * from './queries/versions.ts';
export * from './queries/monthEnd.ts';
export * from './queries/plans.ts';
export * from './queries/notifications.ts';
export * from './queries/profiles.ts';
export * from './queries/apiTokens.ts';
export * from './queries/dataQuality.ts';
export * from './queries/forecast.ts';
