/**
 * Per-agency settings (metrics.md). Editable, audited and versioned; every metric
 * response names the settings version it used.
 */
import type { CaseloadStandard } from './standards.ts';

export type TierKey = '1' | '2' | '3' | '4' | 'unassessed';
export type Tier = 1 | 2 | 3 | 4;

export interface ContactRule {
  /** any client contact within N days */
  anyDays: number;
  /** face-to-face contact within N days */
  faceToFaceDays: number;
}

export interface Settings {
  /** expected case-management hours per client per month, by tier */
  tierHours: Record<TierKey, number>;
  caseHoursPerFte: number;
  /** under < balancedFrom ≤ balanced ≤ overFrom(=1.00) < over ≤ criticalAbove < critical */
  loadBands: { balancedFrom: number; balancedTo: number; overTo: number };
  contactRules: Record<TierKey, ContactRule>;
  reassessmentDays: Record<Tier, number>;
  initialAssessmentDays: number;
  qaPassScore: number;
  minCellSize: number;
  protectTiers: Tier[];
  /** the agency's time zone (IANA name): decides "today" and month ends, never the server's zone */
  timeZone: string;
  /** caseload standards the agency is held to (standards.ts); empty: none */
  caseloadStandards: CaseloadStandard[];
  /** the freshness line warns when the last import is older than this many days (unset: 7) */
  staleAfterDays?: number;
  /** the drop folder imports on this schedule (a cron expression in the agency's time zone); unset: on arrival */
  importSchedule?: string | null;
  /** H of the staffing forecast: month ends of history it learns from (unset: DEFAULT_FORECAST_HISTORY_MONTHS, 24) */
  forecastHistoryMonths?: number;
}

/** staleAfterDays when the agency has not set it */
export const DEFAULT_STALE_AFTER_DAYS = 7;

export const defaultSettings: Settings = {
  tierHours: { '1': 1.0, '2': 2.0, '3': 3.5, '4': 6.0, unassessed: 2.0 },
  caseHoursPerFte: 110,
  loadBands: { balancedFrom: 0.85, balancedTo: 1.0, overTo: 1.15 },
  contactRules: {
    '1': { anyDays: 90, faceToFaceDays: 365 },
    '2': { anyDays: 60, faceToFaceDays: 180 },
    unassessed: { anyDays: 60, faceToFaceDays: 180 },
    '3': { anyDays: 30, faceToFaceDays: 90 },
    '4': { anyDays: 30, faceToFaceDays: 30 },
  },
  reassessmentDays: { 1: 365, 2: 365, 3: 180, 4: 180 },
  initialAssessmentDays: 30,
  qaPassScore: 85,
  minCellSize: 11,
  protectTiers: [4],
  timeZone: 'America/New_York',
  caseloadStandards: [],
};
