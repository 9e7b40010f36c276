import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { StaffRole, UserRole } from '@caseload/values';

/**
 * Kysely types for every table. Dates are agency-local calendar dates and travel as
 * 'YYYY-MM-DD' strings end to end (both drivers are configured to return them as text,
 * and queries that compute dates format them with to_char).
 */
export type DateString = string;
type DateCol = ColumnType<DateString, DateString, DateString>;
type NullableDateCol = ColumnType<DateString | null, DateString | null | undefined, DateString | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const CLOSURE_REASONS = [
  'goals_met',
  'moved',
  'deceased',
  'nursing_facility',
  'declined_services',
  'transferred',
  'ineligible',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
export const ASSESSMENT_KINDS = ['initial', 'reassessment', 'change_in_condition'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export const CONTACT_MODES = ['home_visit', 'office_visit', 'phone', 'video', 'collateral'] as const;
export type ContactMode = (typeof CONTACT_MODES)[number];
export const REDUCTION_REASONS = ['leave', 'training', 'new_staff', 'light_duty', 'union', 'special_assignment', 'other'] as const;
export type ReductionReason = (typeof REDUCTION_REASONS)[number];
export const WORKLOAD_KINDS = ['intake', 'on_call', 'court', 'group', 'training_others', 'committee', 'other'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
export const GOAL_STATUSES = ['open', 'met', 'partially_met', 'not_met', 'withdrawn'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export interface AgencyTable {
  agency_id: string;
  name: string;
  created_at: Timestamp;
}

export interface SettingsVersionTable {
  agency_id: string;
  version: number;
  /** the full settings document (see @caseload/metrics `Settings`) */
  settings: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ProgramTable {
  agency_id: string;
  program_id: string;
  name: string;
  funder: string | null;
}

export interface TeamTable {
  agency_id: string;
  team_id: string;
  name: string;
  supervisor_staff_id: string | null;
}

export interface ProviderTable {
  agency_id: string;
  provider_id: string;
  name: string;
  service_types: string[];
}

export interface StaffTable {
  agency_id: string;
  staff_id: string;
  name: string;
  role: StaffRole;
  team_id: string | null;
  caseload_fte: number;
  languages: string[];
  region: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
}

/** A span of employment with a team and an FTE (staff_periods.csv). */
export interface StaffPeriodTable {
  agency_id: string;
  staff_id: string;
  start_on: DateCol;
  end_on: NullableDateCol;
  caseload_fte: number;
  team_id: string | null;
}

/** Time-limited time off caseload work (capacity_reductions.csv): exactly one of percent and hours_per_month. */
export interface CapacityReductionTable {
  agency_id: string;
  reduction_id: string;
  staff_id: string;
  reason: ReductionReason;
  start_on: DateCol;
  end_on: NullableDateCol;
  percent: number | null;
  hours_per_month: number | null;
  note: string | null;
}

/** Non-case work a member carries for a span (workload_items.csv). */
export interface WorkloadItemTable {
  agency_id: string;
  item_id: string;
  staff_id: string;
  kind: WorkloadKind;
  start_on: DateCol;
  end_on: NullableDateCol;
  hours_per_month: number;
}

export interface ClientTable {
  agency_id: string;
  client_id: string;
  program_id: string;
  birth_year: number | null;
  county: string | null;
  primary_language: string | null;
  region: string | null;
  enrolled_on: DateCol;
  closed_on: NullableDateCol;
  closure_reason: ClosureReason | null;
}

export interface AssignmentTable {
  agency_id: string;
  client_id: string;
  start_on: DateCol;
  staff_id: string;
  end_on: NullableDateCol;
}

export interface AssessmentTable {
  agency_id: string;
  assessment_id: string;
  client_id: string;
  assessed_on: DateCol;
  kind: AssessmentKind;
  adl_deficits: number | null;
  iadl_deficits: number | null;
  cognitive_impairment: boolean | null;
  lives_alone: boolean | null;
  recent_hospitalization: boolean | null;
  aps_involvement: boolean | null;
  behavioral_health: boolean | null;
  acuity_tier: number | null;
}

export interface ContactTable {
  agency_id: string;
  contact_id: string;
  client_id: string;
  staff_id: string;
  occurred_on: DateCol;
  mode: ContactMode;
  minutes: number | null;
}

export interface GoalTable {
  agency_id: string;
  goal_id: string;
  client_id: string;
  domain: string | null;
  set_on: DateCol;
  status: GoalStatus;
  resolved_on: NullableDateCol;
}

export interface ReferralTable {
  agency_id: string;
  referral_id: string;
  client_id: string;
  provider_id: string;
  service_type: string | null;
  referred_on: DateCol;
  started_on: NullableDateCol;
}

export interface SurveyInvitationTable {
  agency_id: string;
  invitation_id: string;
  client_id: string;
  sent_on: DateCol;
}

export interface SurveyResponseTable {
  agency_id: string;
  response_id: string;
  invitation_id: string | null;
  program_id: string;
  staff_id: string | null;
  provider_id: string | null;
  received_on: DateCol;
  q1: number | null;
  q2: number | null;
  q3: number | null;
  q4: number | null;
  q5: number | null;
  q6: number | null;
  q7: number | null;
  q8: number | null;
  comment: string | null;
}

export interface QaReviewTable {
  agency_id: string;
  review_id: string;
  client_id: string;
  staff_id: string;
  reviewer_staff_id: string | null;
  reviewed_on: DateCol;
  score: number;
  findings: string | null;
  corrective_action: string | null;
  action_due_on: NullableDateCol;
  action_closed_on: NullableDateCol;
}

export interface UserTable {
  agency_id: string;
  user_id: string;
  email: string;
  role: UserRole;
  team_ids: string[];
  program_ids: string[];
  /** for case managers: the staff record whose caseload they see */
  staff_id: string | null;
  password_hash: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  token_hash: string;
  agency_id: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  agency_id: string;
  audit_id: Generated<number>;
  at: Timestamp;
  user_id: string | null;
  actor: string;
  action: string;
  details: ColumnType<unknown, string, never>;
}

/** Bumped in the transaction of every change to an agency's imported data (by triggers). */
export interface DataVersionTable {
  agency_id: string;
  version: Generated<string>;
  changed_at: Generated<Date>;
}

/** Month-end figures (derived; see migration 20261123T1400). */
export interface MonthEndBuildTable {
  agency_id: string;
  data_version: string;
  settings_version: number;
  first_month_end: DateString;
  last_month_end: DateString;
  cells: number;
  built_at: Generated<Date>;
}

export interface MonthEndFigureTable {
  agency_id: string;
  data_version: string;
  settings_version: number;
  month_end: DateString;
  program_id: string;
  /** '' for clients with no holder */
  staff_id: string;
  clients: number;
  weighted_hours: number;
  contact_due: number;
  contact_met: number;
  reassess_due: number;
  reassess_overdue: number;
}

/** An agency's mapping profiles, one row per saved version (migration 20261208T0200_mapping_profiles). */
export interface MappingProfileTable {
  agency_id: string;
  version: number;
  profile: ColumnType<unknown, string, never>;
  created_at: Generated<Date>;
  created_by: string;
}

/** Per-agency API tokens, stored as hashes (migration 20261208T0200_api_tokens). */
export interface ApiTokenTable {
  token_id: string;
  agency_id: string;
  purpose: 'import';
  label: string;
  token_hash: string;
  created_at: Generated<Date>;
  created_by: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** Data-quality counts recorded at each import (migration 20261208T0200_data_quality). */
export interface DataQualityCountTable {
  agency_id: string;
  audit_id: number;
  as_of: DateString;
  counts: ColumnType<unknown, string, never>;
}

/** Month-end transitions (derived; see migration 20261208T0300). */
export interface MonthEndTransitionTable {
  agency_id: string;
  data_version: string;
  settings_version: number;
  month_end: DateString;
  program_id: string;
  from_state: string;
  to_state: string;
  clients: number;
}

/** A saved what-if of the staffing forecast (migration 20261208T0300). */
export interface ForecastScenarioTable {
  agency_id: string;
  name: string;
  inputs: ColumnType<unknown, string, string>;
  /** the user who saved it last (null: the command line) */
  saved_by: string | null;
  saved_at: ColumnType<Date, Date | undefined, Date>;
}

export interface Database {
  agencies: AgencyTable;
  settings_versions: SettingsVersionTable;
  programs: ProgramTable;
  teams: TeamTable;
  providers: ProviderTable;
  staff: StaffTable;
  staff_periods: StaffPeriodTable;
  capacity_reductions: CapacityReductionTable;
  workload_items: WorkloadItemTable;
  clients: ClientTable;
  assignments: AssignmentTable;
  assessments: AssessmentTable;
  contacts: ContactTable;
  goals: GoalTable;
  referrals: ReferralTable;
  survey_invitations: SurveyInvitationTable;
  survey_responses: SurveyResponseTable;
  qa_reviews: QaReviewTable;
  users: UserTable;
  user_directory: UserDirectoryTable;
  agency_directory: AgencyDirectoryTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  data_versions: DataVersionTable;
  month_end_builds: MonthEndBuildTable;
  month_end_figures: MonthEndFigureTable;
  plans_of_correction: PlanOfCorrectionTable;
  notification_preferences: NotificationPreferenceTable;
  notifications: NotificationTable;
  mapping_profiles: MappingProfileTable;
  api_tokens: ApiTokenTable;
  data_quality_counts: DataQualityCountTable;
  month_end_transitions: MonthEndTransitionTable;
  forecast_scenarios: ForecastScenarioTable;
}

export type PlanStatus = 'open' | 'closed';

export interface PlanOfCorrectionTable {
  agency_id: string;
  plan_id: Generated<string>;
  rule_id: string;
  period: string;
  opened_on: DateCol;
  owner: string;
  actions: string;
  due_on: DateCol;
  status: ColumnType<PlanStatus, PlanStatus | undefined, PlanStatus>;
  closed_on: NullableDateCol;
  closing_note: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type DigestFrequency = 'weekly' | 'daily' | 'off';

export interface NotificationPreferenceTable {
  agency_id: string;
  user_id: string;
  frequency: DigestFrequency;
  alerts: boolean;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type EmailStatus = 'pending' | 'sent' | 'failed' | 'off';

export interface NotificationTable {
  agency_id: string;
  notification_id: Generated<string>;
  user_id: string;
  key: string;
  kind: 'digest' | 'alert';
  title: string;
  body: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  email_status: EmailStatus;
  email_attempts: ColumnType<number, number | undefined, number>;
  email_next_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  email_sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  email_error: string | null;
}

export type Staff = Selectable<StaffTable>;
export type Client = Selectable<ClientTable>;
export type NewUser = Insertable<UserTable>;

/** sign-in by email: which agency holds the user (a reference table on Citus) */
export interface UserDirectoryTable {
  /** lower-case */
  email: string;
  agency_id: string;
}

/** which PostgreSQL cluster holds an agency (tenants.ts); no row: the home database */
export interface AgencyDirectoryTable {
  agency_id: string;
  cluster: string;
  /** set while a move switches the agency to this cluster (read on `cluster`, no writes) */
  moving_to: ColumnType<string | null, string | null | undefined, string | null>;
  moved_at: ColumnType<string, string | undefined, string>;
}
