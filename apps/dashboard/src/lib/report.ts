/**
 * The parts of the Standard 9 report shapes (interfaces.md) the dashboard draws,
 * written structurally so that both a full report and a board report — where a
 * cell computed from fewer than `minCellSize` clients is `null` and marked
 * `suppressed` — fit. A `null` that is not marked is a value with no denominator
 * (a load ratio with zero capacity), shown as "—", never as 0.
 */

import type { Band, Settings, TierKey } from '@caseload/metrics';
import { complementaryText, suppressedText } from './format.ts';

export type { Band, TierKey };
export const tierKeys: readonly TierKey[] = ['1', '2', '3', '4', 'unassessed'];
export type LoadBands = Settings['loadBands'];

/** The band rule lives in one place, the metrics package, used here for team and agency bars. */
export { loadBand } from '@caseload/metrics';

/**
 * Which cells of a row were withheld: the API sends a map (`{ clients: true, … }`);
 * `true` (every null cell) and a list of field names are read the same way.
 */
export type SuppressionMark = boolean | readonly string[] | Readonly<Partial<Record<string, boolean>>> | null | undefined;

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
  /** the withheld cells that are not small themselves (complementary suppression) */
  complementary?: SuppressionMark;
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

/**
 * True when `field` of `row` was withheld although it is not small: complementary
 * suppression, marked in the row's `complementary` map (or list) beside `suppressed`.
 */
export function isComplementary(row: { complementary?: SuppressionMark } & object, field: string): boolean {
  if (!isWithheld(row, field)) return false;
  const mark = row.complementary;
  if (Array.isArray(mark)) return mark.includes(field);
  if (mark && typeof mark === 'object') return (mark as Record<string, unknown>)[field] === true;
  return false;
}

/**
 * What a withheld cell says: "fewer than 11" when it rests on few people, the
 * complementary label when it was withheld so that a small one cannot be worked out
 * (`short` false: the long words, for CSVs).
 */
export function withheldCellText(row: object, field: string, minCellSize: number, short = true): string {
  return isComplementary(row, field) ? complementaryText(short) : suppressedText(minCellSize);
}

/**
 * What one shown figure made of several cells (a rate and its counts) says when any is
 * withheld: "fewer than 11" when one of them rests on few people, else the
 * complementary label.
 */
export function groupWithheldText(row: object, fields: readonly string[], minCellSize: number, short = true): string {
  const small = fields.some((f) => isWithheld(row, f) && !isComplementary(row, f));
  return small ? suppressedText(minCellSize) : complementaryText(short);
}

/**
 * A CSV cell for a value shown as `text`: the withheld words when the text is one of
 * them (the complementary label written out in full, as a file has no footnote), else
 * null (an empty cell: no value).
 */
export function withheldCsvText(text: string, minCellSize: number): string | null {
  if (text === suppressedText(minCellSize)) return text;
  if (text === complementaryText(true)) return complementaryText(false);
  return null;
}

/** A mapped row's withheld fields and, among them, the complementary ones. */
export interface WithheldLists {
  withheld: readonly string[];
  complementary?: readonly string[];
}

/** withheldCellText for a mapped row that lists its withheld and complementary fields. */
export function withheldListText(row: WithheldLists, field: string, minCellSize: number, short = true): string {
  return row.complementary?.includes(field) ? complementaryText(short) : suppressedText(minCellSize);
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
