/**
 * Standard 8 (evaluation and quality assurance): the input rows the formulas read and
 * the report shapes they return. Report keys are those of the specification's interfaces
 * (`feedback`, `outcomes`, `providers`, `qa`); added keys carry the numerator of a
 * rate (`respondedInvitations`, `within30`, `passed`) and the monthly series.
 *
 * Dates are 'YYYY-MM-DD' strings; months 'YYYY-MM'. Rates are fractions in 0..1,
 * unrounded; a rate with a zero denominator is null; a mean or median of nothing is null.
 */

import type { DateString } from '../types.ts';

export type { DateString };

export const SURVEY_ITEMS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'] as const;
export type SurveyItem = (typeof SURVEY_ITEMS)[number];

export const GOAL_OUTCOMES = ['met', 'partially_met', 'not_met', 'withdrawn'] as const;
export type GoalStatusValue = 'open' | (typeof GOAL_OUTCOMES)[number];

// ---------------------------------------------------------------- input rows

export interface FeedbackInvitationRow {
  invitationId: string;
  sentOn: DateString;
  /**
   * received_on of the earliest response linked to this invitation, whenever it came
   * (also after the period), or null when none came back.
   */
  responseReceivedOn: DateString | null;
}

export interface SurveyResponseRow {
  responseId: string;
  invitationId: string | null;
  programId: string;
  staffId: string | null;
  providerId: string | null;
  receivedOn: DateString;
  q1: number | null;
  q2: number | null;
  q3: number | null;
  q4: number | null;
  q5: number | null;
  q6: number | null;
  q7: number | null;
  q8: number | null;
}

/** Which team a staff member belongs to (a response counts for its staff's team). */
export interface StaffTeamRow {
  staffId: string;
  teamId: string | null;
  /**
   * staff_periods of the member, if any: then team(s, D) is the team of the period in
   * force on D (start ≤ D < end), and no team on a day none covers (metrics.md "Staff on a date")
   */
  periods?: ReadonlyArray<{ startOn: string; endOn: string | null; teamId: string | null }>;
}

/** team(s, D) of a StaffTeamRow. */
export function teamOnDate(row: StaffTeamRow | undefined, date: string): string | null {
  if (!row) return null;
  if (!row.periods || row.periods.length === 0) return row.teamId;
  for (const p of row.periods) if (p.startOn <= date && (p.endOn === null || p.endOn > date)) return p.teamId;
  return null;
}

export interface GoalRow {
  goalId: string;
  clientId: string;
  status: GoalStatusValue;
  resolvedOn: DateString | null;
}

/** An assessment as functional change needs it: only ADL deficits are compared. */
export interface FunctionalAssessmentRow {
  assessmentId: string;
  clientId: string;
  assessedOn: DateString;
  adlDeficits: number | null;
}

export interface ReferralRow {
  referralId: string;
  clientId: string;
  providerId: string;
  referredOn: DateString;
  startedOn: DateString | null;
}

export interface ClosureRow {
  clientId: string;
  closedOn: DateString | null;
  closureReason: string | null;
}

export interface QaReviewRow {
  reviewId: string;
  reviewedOn: DateString;
  score: number;
  /** true when the review set a corrective_action */
  hasCorrectiveAction: boolean;
  actionDueOn: DateString | null;
  actionClosedOn: DateString | null;
}

// ---------------------------------------------------------------- feedback

export type Distribution = [number, number, number, number, number];

export interface ItemStats {
  item: SurveyItem;
  /** responses that answered the item */
  n: number;
  mean: number | null;
  /** share of answers 4 or 5 (numerator: distribution[3] + distribution[4]) */
  top2: number | null;
  /** counts of answers 1..5 */
  distribution: Distribution;
}

export interface FeedbackGroup {
  responses: number;
  items: ItemStats[];
}

export interface FeedbackMonth {
  month: string;
  /** q1: answers received in the month, and their share of 4 or 5 */
  n: number;
  top2: number | null;
  responses: number;
  /** invitations sent in the month, and how many of them came back (any time) */
  invitations: number;
  respondedInvitations: number;
  responseRate: number | null;
}

export interface FeedbackReport {
  from: DateString;
  to: DateString;
  invitations: number;
  respondedInvitations: number;
  responseRate: number | null;
  responses: number;
  items: ItemStats[];
  byProgram: Array<{ programId: string } & FeedbackGroup>;
  byTeam: Array<{ teamId: string } & FeedbackGroup>;
  byStaff: Array<{ staffId: string } & FeedbackGroup>;
  byProvider: Array<{ providerId: string } & FeedbackGroup>;
  monthly: FeedbackMonth[];
}

// ---------------------------------------------------------------- outcomes

export interface GoalOutcomes {
  met: number;
  partiallyMet: number;
  notMet: number;
  withdrawn: number;
  /** met ÷ (met + partiallyMet + notMet); withdrawn goals are left out */
  attainmentRate: number | null;
}

export interface FunctionalChange {
  improved: number;
  maintained: number;
  declined: number;
  /** (improved + maintained) ÷ (improved + maintained + declined) */
  maintainedOrImprovedRate: number | null;
}

export interface TimeToService {
  /** referrals whose service started in the period */
  n: number;
  medianDays: number | null;
  /** of those, started within 30 days of the referral */
  within30: number;
  within30Rate: number | null;
  /** as of the period's end: referred 30 or more days before and not started */
  pendingOver30: number;
}

export interface OutcomesFigures {
  goals: GoalOutcomes;
  functional: FunctionalChange;
  timeToService: TimeToService;
  /** clients closed, by closure_reason ('unknown' when none was recorded) */
  closures: Record<string, number>;
}

export interface OutcomesMonth extends OutcomesFigures {
  month: string;
  /** the as-of date of point-in-time figures (pendingOver30): month end, or `to` */
  asOf: DateString;
}

export interface OutcomesReport extends OutcomesFigures {
  from: DateString;
  to: DateString;
  monthly: OutcomesMonth[];
}

// ---------------------------------------------------------------- providers

export interface ProviderFigures {
  /** referrals made (referred_on in the period) */
  referrals: number;
  /** referrals whose service started in the period */
  started: number;
  medianDaysToStart: number | null;
  within30: number;
  within30Rate: number | null;
  pendingOver30: number;
}

export interface ProviderMonth extends ProviderFigures {
  month: string;
  asOf: DateString;
}

export interface ProviderRow extends ProviderFigures {
  providerId: string;
  /** q6 "The services I get meet my needs", from responses naming the provider */
  q6: { n: number; top2: number | null };
  monthly: ProviderMonth[];
}

export interface ProvidersReport {
  from: DateString;
  to: DateString;
  providers: ProviderRow[];
}

// ---------------------------------------------------------------- quality reviews

export interface QaReviews {
  n: number;
  meanScore: number | null;
  /** reviews with score ≥ qaPassScore */
  passed: number;
  passRate: number | null;
}

export interface QaActions {
  open: number;
  overdue: number;
  closedInPeriod: number;
  medianDaysToClose: number | null;
}

export interface QaFigures {
  reviews: QaReviews;
  actions: QaActions;
}

export interface QaMonth extends QaFigures {
  month: string;
  /** as-of date of open and overdue: the month's last day, or `to` */
  asOf: DateString;
}

export interface QaReport extends QaFigures {
  from: DateString;
  to: DateString;
  qaPassScore: number;
  monthly: QaMonth[];
}

// ---------------------------------------------------------------- suppression

/**
 * Marks on an object whose cells were withheld: key = the field ('mean', 'n'), a
 * distribution cell ('distribution.0' … 'distribution.4') or a closure reason
 * ('closures.deceased'); value true. The withheld value itself is null.
 */
export type SuppressedMarks = Record<string, true>;

/**
 * A report as a suppressing role sees it: every number may be null, and an object
 * whose cells were withheld carries `suppressed` naming them (absent when none were).
 * `complementary` names those of them that are not small themselves but withheld so
 * that a small one cannot be worked out from them (a subset of `suppressed`).
 */
export type Suppressible<T> = T extends number
  ? number | null
  : T extends string | boolean | null | undefined
    ? T
    : T extends Array<infer U>
      ? Array<Suppressible<U>>
      : T extends object
        ? string extends keyof T
          ? { [K in keyof T]: Suppressible<T[K]> }
          : { [K in keyof T]: Suppressible<T[K]> } & { suppressed?: SuppressedMarks; complementary?: SuppressedMarks }
        : T;

export interface SuppressionInfo {
  minCellSize: number;
  /** how many cells were withheld in the whole report */
  cells: number;
}
