/**
 * The parts of the Standard 9 report shapes (interfaces.md) the dashboard draws,
 * written structurally so that both a full report and a board report — where a
 * cell computed from fewer than `minCellSize` clients is `null` and marked
 * `suppressed` — fit. A `null` that is not marked is a value with no denominator
 * (a load ratio with zero capacity), shown as "—", never as 0.
 */

import type { Band, Settings, TierKey } from '@caseload/metrics';

export type { Band, TierKey };
export const tierKeys: readonly TierKey[] = ['1', '2', '3', '4', 'unassessed'];
export type LoadBands = Settings['loadBands'];

/** The band rule lives in one place, the metrics package, used here for team and agency bars. */
export { loadBand } from '@caseload/metrics';

/**
 * Which cells of a row were withheld: the API sends a map (`{ clients: true, … }`);
 * `true` (every null cell) and a list of field names are read the same way.
 */
export type SuppressionMark =
  | boolean
  | readonly string[]
  | Readonly<Partial<Record<string, boolean>>>
  | null
  | undefined;

export interface GroupCaseloadLike {
  members: number | null;
  clients: number | null;
  weightedHours: number | null;
  /** workload items' hours (absent in answers from before capacity over time) */
  otherHours?: number | null;
  /** weightedHours + otherHours: the numerator of the load ratio */
  workloadHours?: number | null;
  capacityHours: number | null;
  loadRatio: number | null;
  maxLoadRatio: number | null;
  minLoadRatio: number | null;
  overCount: number | null;
  cv: number | null;
  suppressed?: SuppressionMark;
}

export interface TeamCaseloadLike extends GroupCaseloadLike {
  teamId: string;
}

export interface AgencyCaseloadLike extends GroupCaseloadLike {
  unassigned: number | null;
  uncovered: number | null;
}

export interface StaffCaseloadLike {
  staffId: string;
  teamId: string | null;
  clients: number;
  tierCounts: Record<TierKey, number>;
  weightedHours: number;
  otherHours?: number;
  workloadHours?: number;
  fte?: number;
  baseCapacityHours?: number;
  reductionPercent?: number;
  reductionHours?: number;
  capacityHours: number;
  loadRatio: number | null;
  band: Band | null;
  daysOverCapacity90: number;
}

export interface CaseloadReportLike {
  asOf: string;
  settingsVersion: number;
  minCellSize?: number;
  staff: readonly StaffCaseloadLike[];
  teams: readonly TeamCaseloadLike[];
  /** null for a case manager, who sees only their own caseload */
  agency: AgencyCaseloadLike | null;
}

export const defaultMinCellSize = 11;

/** True when `field` of `row` was withheld by small-cell suppression. */
export function isWithheld(row: { suppressed?: SuppressionMark } & object, field: string): boolean {
  const value = (row as Record<string, unknown>)[field];
  if (value !== null && value !== undefined) return false;
  const mark = row.suppressed;
  if (mark === true) return true;
  if (Array.isArray(mark)) return mark.includes(field);
  if (mark && typeof mark === 'object') return (mark as Record<string, unknown>)[field] === true;
  return false;
}

export const bandLabels: Record<Band, string> = {
  under: 'Under capacity',
  balanced: 'Balanced',
  over: 'Over capacity',
  critical: 'Critical',
};

export const tierLabels: Record<TierKey, string> = {
  '1': 'Tier 1',
  '2': 'Tier 2',
  '3': 'Tier 3',
  '4': 'Tier 4',
  unassessed: 'Unassessed',
};
