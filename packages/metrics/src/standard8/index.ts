/** Standard 8 — evaluation and quality assurance: pure formulas and suppression. */
export * from './types.ts';
export {
  computeFeedbackReport,
  emptyTally,
  feedbackGroup,
  feedbackReportFromTallies,
  feedbackTallies,
  itemStats,
  tallyGroup,
  tallyItemStats,
  type FeedbackInput,
  type FeedbackTallies,
  type FeedbackTally,
  type InvitationTally,
} from './feedback.ts';
export {
  computeOutcomesReport,
  closuresByReason,
  functionalChange,
  functionalPairs,
  goalOutcomes,
  isPendingOver30,
  outcomesReportFromTallies,
  outcomesTallies,
  pendingOn,
  referralTallies,
  startedDays,
  timeToService,
  timeToServiceOf,
  type FunctionalPair,
  type OutcomesInput,
  type OutcomesTallies,
  type ReferralTallies,
} from './outcomes.ts';
export {
  computeProvidersReport,
  providerFigures,
  providersReportFromTallies,
  providersTallies,
  type ProvidersInput,
  type ProvidersTallies,
} from './providers.ts';
export { computeQaReport, qaActions, qaReviews, type QaInput } from './qa.ts';
export {
  applySuppression,
  suppressFeedbackReport,
  suppressFeedbackSatisfaction,
  suppressOutcomesReport,
  suppressProvidersReport,
  suppressQaReport,
  feedbackDisclosure,
  outcomesDisclosure,
  providersDisclosure,
  qaDisclosure,
  type DisclosurePlan,
  type Suppressed,
} from './suppression.ts';
export {
  complementarySuppression,
  isDetermined,
  TableBuilder,
  type DisclosureItem,
  type DisclosureTable,
  type Form,
} from './disclosure.ts';
export { assertPeriod as assertStandard8Period, isDateString as isStandard8Date, monthWindows as standard8MonthWindows } from './dates.ts';
