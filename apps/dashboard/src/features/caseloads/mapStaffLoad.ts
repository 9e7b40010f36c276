/**
 * Caseloads page: per case manager, acuity-weighted hours against capacity,
 * split by tier (metrics.md: weightedHours = Σ tierHours[tier] over the
 * caseload). Pure: report and settings in, chart rows, table rows and CSV out.
 *
 * The bar is drawn as a share of the person's own capacity, so a half-time case
 * manager's 100% line sits where a full-time one's does. A tier segment is
 * tierCounts[k] × tierHours[k] ÷ capacityHours. It is drawn by tier only when
 * the segments add up to the weightedHours the report gives (the settings in
 * hand are the ones the report used); otherwise the bar is one piece.
 */
import type { CsvTable, ExportFilters } from '../../lib/csv.ts';
import { loadRatioText } from '../../lib/format.ts';
import { compareNames } from '../../lib/order.ts';
import { ratioParts } from '../../lib/mapCapacity.ts';
import { type Band, type CaseloadReportLike, type StaffCaseloadLike, type TierKey, tierKeys } from '../../lib/report.ts';

export interface StaffLoadRow {
  staffId: string;
  teamId: string | null;
  teamName: string;
  clients: number;
  tierCounts: Record<TierKey, number>;
  weightedHours: number;
  /** workload items' hours on the day */
  otherHours: number;
  /** weightedHours + otherHours: the load's numerator */
  workloadHours: number;
  capacityHours: number;
  /** the post before reductions (fte × hours per FTE) */
  baseCapacityHours: number;
  reductionPercent: number;
  reductionHours: number;
  loadRatio: number | null;
  band: Band | null;
  daysOverCapacity90: number;
  /** "112% = 123.2 h ÷ 110 h" or "no capacity (14 h ÷ 0 h)" */
  ratioText: string;
  /** the ratio's parts in words (the tooltip of every load ratio) */
  partsText: string;
  /** a member of the team with no capacity on the day (a full reduction: leave): their clients need cover */
  needsCover: boolean;
}

/** One bar of the chart; percentages are of the person's capacity hours. */
export interface StaffLoadBar {
  staffId: string;
  label: string;
  band: Band | null;
  ratioText: string;
  totalPercent: number;
  /** tier segments (percent of capacity) when stacking by tier, else only `total` */
  tier1: number;
  tier2: number;
  tier3: number;
  tier4: number;
  unassessed: number;
  /** workload items (intake duty, on-call, …), percent of capacity, stacked after the tiers */
  other: number;
  total: number;
  /** hours by tier, for the tooltip */
  tierHours: Record<TierKey, number>;
}

export interface StaffLoad {
  asOf: string;
  settingsVersion: number;
  rows: StaffLoadRow[];
  bars: StaffLoadBar[];
  /** 'tier' when the segments reconcile with weightedHours, else 'total' */
  stackBy: 'tier' | 'total';
  /** people holding clients without capacity (inactive or zero FTE): not drawn, listed */
  notCharted: StaffLoadRow[];
  axisMaxPercent: number;
}

/** Hours by tier for one person: tierCounts[k] × tierHours[k]. */
function hoursByTier(tierCounts: Record<TierKey, number>, tierHours: Record<TierKey, number>): Record<TierKey, number> {
  const out = {} as Record<TierKey, number>;
  for (const key of tierKeys) out[key] = tierCounts[key] * tierHours[key];
  return out;
}

function reconciles(staff: StaffCaseloadLike, tierHours: Record<TierKey, number>): boolean {
  const byTier = hoursByTier(staff.tierCounts, tierHours);
  const sum = tierKeys.reduce((acc, key) => acc + byTier[key], 0);
  return Math.abs(sum - staff.weightedHours) <= 1e-6 * Math.max(1, staff.weightedHours);
}

export function mapStaffLoad(
  report: Pick<CaseloadReportLike, 'asOf' | 'settingsVersion' | 'staff'>,
  options: {
    teamNames: ReadonlyMap<string, string>;
    /** tier hours of the settings version the report used, when known */
    tierHours: Record<TierKey, number> | null;
    staffLabel?: (staffId: string) => string;
  },
): StaffLoad {
  const label = options.staffLabel ?? ((id: string) => id);
  const rows: StaffLoadRow[] = report.staff
    .map((s) => {
      const otherHours = s.otherHours ?? 0;
      const workloadHours = s.workloadHours ?? s.weightedHours + otherHours;
      const baseCapacityHours = s.baseCapacityHours ?? s.capacityHours;
      return {
        staffId: s.staffId,
        teamId: s.teamId,
        teamName: s.teamId === null ? 'No team' : (options.teamNames.get(s.teamId) ?? s.teamId),
        clients: s.clients,
        tierCounts: { ...s.tierCounts },
        weightedHours: s.weightedHours,
        otherHours,
        workloadHours,
        capacityHours: s.capacityHours,
        baseCapacityHours,
        reductionPercent: s.reductionPercent ?? 0,
        reductionHours: s.reductionHours ?? 0,
        loadRatio: s.loadRatio,
        band: s.band,
        daysOverCapacity90: s.daysOverCapacity90,
        ratioText: loadRatioText(workloadHours, s.capacityHours),
        partsText: ratioParts(s),
        needsCover: s.capacityHours === 0 && baseCapacityHours > 0,
      };
    })
    .sort((a, b) => compareNames(label(a.staffId), label(b.staffId)));

  const charted = rows.filter((r) => r.capacityHours > 0);
  const tierHours = options.tierHours;
  const stackBy = tierHours !== null && report.staff.every((s) => reconciles(s, tierHours)) ? 'tier' : 'total';

  const bars = charted.map((row): StaffLoadBar => {
    const toPercent = (hours: number) => (hours / row.capacityHours) * 100;
    const byTier = tierHours === null ? { '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 } : hoursByTier(row.tierCounts, tierHours);
    const totalPercent = toPercent(row.workloadHours);
    const tiered = stackBy === 'tier';
    return {
      staffId: row.staffId,
      label: label(row.staffId),
      band: row.band,
      ratioText: row.ratioText,
      totalPercent,
      tier1: tiered ? toPercent(byTier['1']) : 0,
      tier2: tiered ? toPercent(byTier['2']) : 0,
      tier3: tiered ? toPercent(byTier['3']) : 0,
      tier4: tiered ? toPercent(byTier['4']) : 0,
      unassessed: tiered ? toPercent(byTier.unassessed) : 0,
      other: tiered ? toPercent(row.otherHours) : 0,
      total: tiered ? 0 : totalPercent,
      tierHours: byTier,
    };
  });

  const highest = Math.max(100, ...bars.map((b) => b.totalPercent));
  return {
    asOf: report.asOf,
    settingsVersion: report.settingsVersion,
    rows,
    bars,
    stackBy,
    notCharted: rows.filter((r) => r.capacityHours <= 0),
    axisMaxPercent: Math.ceil((highest + 10) / 20) * 20,
  };
}

export type StaffSortKey = 'staff' | 'team' | 'clients' | 'weightedHours' | 'capacityHours' | 'loadRatio' | 'daysOverCapacity90';

/** Sorts table rows; people without a ratio go last in either direction, ties by id. */
export function sortStaffRows(
  rows: readonly StaffLoadRow[],
  key: StaffSortKey,
  direction: 'asc' | 'desc',
  staffLabel: (staffId: string) => string = (id) => id,
): StaffLoadRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byId = (a: StaffLoadRow, b: StaffLoadRow) => compareNames(staffLabel(a.staffId), staffLabel(b.staffId));
  const value = (r: StaffLoadRow): number | string | null => {
    switch (key) {
      case 'staff':
        return staffLabel(r.staffId);
      case 'team':
        return r.teamName;
      case 'loadRatio':
        return r.loadRatio;
      default:
        return r[key];
    }
  };
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      if (va === vb) return byId(a, b);
      return va === null ? 1 : -1;
    }
    const c = typeof va === 'string' && typeof vb === 'string' ? compareNames(va, vb) : Number(va) - Number(vb);
    return c === 0 ? byId(a, b) : sign * c;
  });
}

const staffLoadCsvHeader = [
  'as_of',
  'settings_version',
  'staff_id',
  'team_id',
  'clients',
  'tier_1',
  'tier_2',
  'tier_3',
  'tier_4',
  'unassessed',
  'weighted_hours',
  'capacity_hours',
  'load_ratio',
  'band',
  'days_over_capacity_90',
  'other_hours',
  'workload_hours',
  'base_capacity_hours',
  'reduction_percent',
  'reduction_hours',
] as const;

/**
 * The caseloads table as CSV, its rows in the order shown (`rows`, the table's sort).
 * `filters`: the team and program filters of the page, or the case manager's own staff id.
 */
export function staffLoadCsv(
  load: StaffLoad,
  rows: readonly StaffLoadRow[],
  filters: Pick<ExportFilters, 'team' | 'program' | 'staff'>,
): CsvTable {
  return {
    name: { table: 'caseloads', date: { asOf: load.asOf }, filters, settingsVersion: load.settingsVersion },
    header: staffLoadCsvHeader,
    rows: rows.map((r) => [
      load.asOf,
      load.settingsVersion,
      r.staffId,
      r.teamId,
      r.clients,
      r.tierCounts['1'],
      r.tierCounts['2'],
      r.tierCounts['3'],
      r.tierCounts['4'],
      r.tierCounts.unassessed,
      r.weightedHours,
      r.capacityHours,
      r.loadRatio,
      r.band,
      r.daysOverCapacity90,
      r.otherHours,
      r.workloadHours,
      r.baseCapacityHours,
      r.reductionPercent,
      r.reductionHours,
    ]),
  };
}
