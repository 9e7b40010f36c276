/**
 * Compliance page: contact and reassessment rates per case manager (with the counts
 * they come from), and load ratio against contact rate as a scatter with the fitted
 * line and Pearson r from the API (metrics.md, "Load versus compliance"). Pure.
 *
 * The scatter shows the people the fit is computed over: caseload staff (a load
 * ratio, i.e. capacity > 0) with at least one client whose contact is due.
 */
import type { CsvTable, ExportFilters } from '../../lib/csv.ts';
import { formatCount, formatDecimal, formatPercent, rateText } from '../../lib/format.ts';
import { compareNames } from '../../lib/order.ts';

export interface StaffComplianceLike {
  staffId: string;
  teamId: string | null;
  contactDue: number;
  contactMet: number;
  contactRate: number | null;
  reassessDue: number;
  reassessOverdue: number;
  reassessDueSoon: number;
  reassessRate: number | null;
}

export interface StaffLoadLike {
  staffId: string;
  loadRatio: number | null;
  weightedHours: number;
  capacityHours: number;
}

export interface FitLike {
  n: number | null;
  slope: number | null;
  intercept: number | null;
  r: number | null;
}

export interface StaffComplianceRow extends StaffComplianceLike {
  label: string;
  teamName: string;
  loadRatio: number | null;
  /** "92% = 23 ÷ 25" */
  contactText: string;
  /** "88% = 1 − 3 overdue ÷ 25 due" */
  reassessText: string;
}

export interface ScatterPoint {
  staffId: string;
  label: string;
  teamName: string;
  /** load ratio in percent */
  x: number;
  /** contact rate in percent */
  y: number;
  contactText: string;
}

export interface Scatter {
  points: ScatterPoint[];
  /** the fitted line across the points' load range, in percent; null without a fit */
  line: [{ x: number; y: number }, { x: number; y: number }] | null;
  /** "r = −0.62 · n = 24 · each 10 points of load: −3.1 points of contact rate" */
  fitText: string;
  r: number | null;
  n: number;
  /** axis ranges in percent, drawn around the points (10-point steps) */
  xMin: number;
  xMax: number;
  yMin: number;
}

export function reassessText(overdue: number, due: number): string {
  if (due === 0) return '— (none due)';
  return `${formatPercent(1 - overdue / due)} = 1 − ${formatCount(overdue)} overdue ÷ ${formatCount(due)} due`;
}

export function mapStaffCompliance(
  staff: readonly StaffComplianceLike[],
  loads: readonly StaffLoadLike[],
  names: { staffLabel: (id: string) => string; teamNames: ReadonlyMap<string, string> },
): StaffComplianceRow[] {
  const loadById = new Map(loads.map((l) => [l.staffId, l.loadRatio]));
  return staff
    .map((s) => ({
      ...s,
      label: names.staffLabel(s.staffId),
      teamName: s.teamId === null ? '—' : (names.teamNames.get(s.teamId) ?? s.teamId),
      loadRatio: loadById.get(s.staffId) ?? null,
      contactText: rateText(s.contactMet, s.contactDue),
      reassessText: reassessText(s.reassessOverdue, s.reassessDue),
    }))
    .sort((a, b) => compareNames(a.label, b.label) || compareNames(a.staffId, b.staffId));
}

const signed = (v: number) => (v < 0 ? `−${formatDecimal(-v)}` : `+${formatDecimal(v)}`);

export function mapScatter(rows: readonly StaffComplianceRow[], fit: FitLike | null): Scatter {
  const points: ScatterPoint[] = rows
    .filter((r) => r.loadRatio !== null && r.contactDue >= 1 && r.contactRate !== null)
    .map((r) => ({
      staffId: r.staffId,
      label: r.label,
      teamName: r.teamName,
      x: (r.loadRatio as number) * 100,
      y: (r.contactRate as number) * 100,
      contactText: r.contactText,
    }));
  const xs = points.map((p) => p.x);
  const lo = xs.length ? Math.min(...xs) : 0;
  const hi = xs.length ? Math.max(...xs) : 0;
  // Zoomed to the points (10-point steps, one step of margin), always showing the 100% capacity line.
  const xMin = xs.length ? Math.max(0, Math.floor(Math.min(lo, 100) / 10) * 10 - 10) : 0;
  const xMax = xs.length ? Math.ceil(Math.max(hi, 100) / 10) * 10 + 10 : 120;
  const ys = points.map((p) => p.y);
  const yMin = ys.length ? Math.max(0, Math.floor(Math.min(...ys) / 10) * 10 - 10) : 0;
  const n = fit?.n ?? points.length;
  let line: Scatter['line'] = null;
  let fitText: string;
  if (fit && fit.slope !== null && fit.intercept !== null && fit.r !== null && points.length > 0) {
    const at = (xPercent: number) => (fit.intercept as number) * 100 + (fit.slope as number) * xPercent;
    line = [
      { x: lo, y: at(lo) },
      { x: hi, y: at(hi) },
    ];
    // slope is rate per unit of ratio: 10 points of load (0.10) move the rate by slope × 0.10, i.e. slope × 10 points
    fitText = `r = ${signed(fit.r)} · n = ${formatCount(n)} · each 10 points more load: ${signed(fit.slope * 10)} points of contact rate`;
  } else {
    fitText = `No fitted line: it needs at least 3 people with a contact due and some spread in load (n = ${formatCount(n)}).`;
  }
  return { points, line, fitText, r: fit?.r ?? null, n, xMin, xMax, yMin };
}

export function staffComplianceCsv(
  rows: readonly StaffComplianceRow[],
  meta: { asOf: string; settingsVersion: number; filters: Pick<ExportFilters, 'team' | 'program' | 'staff'> },
): CsvTable {
  return {
    name: {
      table: 'compliance-by-case-manager',
      date: { asOf: meta.asOf },
      filters: meta.filters,
      settingsVersion: meta.settingsVersion,
    },
    header: [
      'staff_id',
      'staff_name',
      'team',
      'load_ratio',
      'contact_due',
      'contact_met',
      'contact_rate',
      'reassess_due',
      'reassess_overdue',
      'reassess_due_soon',
      'reassess_rate',
    ],
    rows: rows.map((r) => [
      r.staffId,
      r.label,
      r.teamName,
      r.loadRatio,
      r.contactDue,
      r.contactMet,
      r.contactRate,
      r.reassessDue,
      r.reassessOverdue,
      r.reassessDueSoon,
      r.reassessRate,
    ]),
  };
}
