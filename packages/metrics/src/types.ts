/**
 * Input rows and report shapes shared by the pure formulas (this package), the
 * query modules that feed them (packages/db), the services (packages/api) and the
 * CLI. Report keys are exactly those of the specification's interfaces (the keys the API and CLI print).
 *
 * Dates are 'YYYY-MM-DD' strings throughout. Rates are fractions in 0..1, unrounded;
 * a rate whose denominator is 0 is null.
 */
import type { TierKey } from './settings.ts';

export type DateString = string;

// ---- input rows (camelCase mirrors of the db columns the formulas need) ----

export interface StaffRow {
  staffId: string;
  teamId: string | null;
  caseloadFte: number;
  active: boolean;
  languages: string[];
  region: string | null;
}

/** A span of employment with a team and an FTE (staff_periods.csv): [startOn, endOn). */
export interface StaffPeriodRow {
  staffId: string;
  startOn: DateString;
  endOn: DateString | null;
  caseloadFte: number;
  teamId: string | null;
}

export type ReductionReason = 'leave' | 'training' | 'new_staff' | 'light_duty' | 'union' | 'special_assignment' | 'other';

/** Time off caseload work (capacity_reductions.csv): exactly one of percent and hoursPerMonth. */
export interface CapacityReductionRow {
  reductionId: string;
  staffId: string;
  reason: ReductionReason;
  startOn: DateString;
  /** the first day back at full capacity */
  endOn: DateString | null;
  percent: number | null;
  hoursPerMonth: number | null;
}

export type WorkloadKind = 'intake' | 'on_call' | 'court' | 'group' | 'training_others' | 'committee' | 'other';

/** Non-case work (workload_items.csv). */
export interface WorkloadItemRow {
  itemId: string;
  staffId: string;
  kind: WorkloadKind;
  startOn: DateString;
  endOn: DateString | null;
  hoursPerMonth: number;
}

export interface ClientRow {
  clientId: string;
  programId: string;
  enrolledOn: DateString;
  closedOn: DateString | null;
  primaryLanguage: string | null;
  region: string | null;
  /** clients.csv birth_year (absent or null: unknown; outside any age-bounded standard) */
  birthYear?: number | null;
}

export interface AssignmentRow {
  clientId: string;
  staffId: string;
  startOn: DateString;
  endOn: DateString | null;
}

export interface AssessmentRow {
  assessmentId: string;
  clientId: string;
  assessedOn: DateString;
  adlDeficits: number | null;
  iadlDeficits: number | null;
  cognitiveImpairment: boolean | null;
  livesAlone: boolean | null;
  recentHospitalization: boolean | null;
  apsInvolvement: boolean | null;
  behavioralHealth: boolean | null;
  acuityTier: number | null;
}

export type ContactMode = 'home_visit' | 'office_visit' | 'phone' | 'video' | 'collateral';

export interface ContactRow {
  clientId: string;
  staffId: string;
  occurredOn: DateString;
  mode: ContactMode;
}

// ---- Standard 9 reports ----

export type Band = 'under' | 'balanced' | 'over' | 'critical';
export type TierCounts = Record<TierKey, number>;

export interface StaffCaseload {
  staffId: string;
  teamId: string | null;
  clients: number;
  tierCounts: TierCounts;
  weightedHours: number;
  /** Σ hours_per_month of the member's workload items active on the day */
  otherHours: number;
  /** weightedHours + otherHours */
  workloadHours: number;
  /** fte(s, D): the period's caseload_fte; staff.csv's for a member without periods; 0 on a day no period covers */
  fte: number;
  /** fte × caseHoursPerFte for caseload staff, else 0 */
  baseCapacityHours: number;
  /** P: Σ percent of the reductions active on the day (uncapped; capacity caps it at 100) */
  reductionPercent: number;
  /** H: Σ hours_per_month of the reductions active on the day */
  reductionHours: number;
  capacityHours: number;
  loadRatio: number | null;
  band: Band | null;
  daysOverCapacity90: number;
}

export interface GroupCaseload {
  members: number;
  clients: number;
  weightedHours: number;
  otherHours: number;
  workloadHours: number;
  capacityHours: number;
  loadRatio: number | null;
  maxLoadRatio: number | null;
  minLoadRatio: number | null;
  overCount: number;
  cv: number | null;
}

export interface TeamCaseload extends GroupCaseload {
  teamId: string;
}

export interface AgencyCaseload extends GroupCaseload {
  unassigned: number;
  uncovered: number;
}

export interface CaseloadReport {
  asOf: DateString;
  settingsVersion: number;
  staff: StaffCaseload[];
  teams: TeamCaseload[];
  agency: AgencyCaseload;
}

export interface ComplianceCounts {
  contactDue: number;
  contactMet: number;
  contactRate: number | null;
  reassessDue: number;
  reassessOverdue: number;
  reassessDueSoon: number;
  reassessRate: number | null;
}

export interface LoadComplianceFit {
  n: number;
  slope: number | null;
  intercept: number | null;
  r: number | null;
}

export interface ComplianceReport {
  asOf: DateString;
  settingsVersion: number;
  staff: Array<{ staffId: string; teamId: string | null } & ComplianceCounts>;
  teams: Array<{ teamId: string } & ComplianceCounts>;
  agency: ComplianceCounts;
  loadComplianceFit: LoadComplianceFit;
}
