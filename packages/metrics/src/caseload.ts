/**
 * Acuity-weighted caseload and capacity (metrics.md, Standard 9).
 *
 *   weightedHours(s, D)     = Σ over caseload(s, D) of tierHours[tier(c, D)]
 *   otherHours(s, D)        = Σ hours_per_month of the workload items active on D
 *   baseCapacityHours(s, D) = fte(s, D) × caseHoursPerFte (caseload staff on D), else 0
 *   capacityHours(s, D)     = max(0, base × (1 − min(100, P)/100) − H) (reductions on D)
 *   loadRatio(s, D)         = (weighted + other) ÷ capacity, null when capacity is 0
 */
import { dayNumber } from './dates.ts';
import type { Settings } from './settings.ts';
import { cv, rate } from './stats.ts';
import { compareIds } from './tier.ts';
import { Standard9Index, type ClientOnDay, type Standard9Rows } from './timeline.ts';
import type { AgencyCaseload, Band, CaseloadReport, DateString, GroupCaseload, StaffCaseload, TeamCaseload, TierCounts } from './types.ts';

/** A load ratio above this is over capacity (overCount, daysOverCapacity90, rebalancing). */
export const OVER_CAPACITY = 1.0;
/** daysOverCapacity90 looks at the days d in (D − 90, D]. */
export const DAYS_OVER_WINDOW = 90;

/** Which rows a report shows. The agency figures always cover the whole agency. */
export interface Standard9Scope {
  /** every team of the agency, so that a team without caseload staff is still listed */
  allTeamIds?: string[];
  /** show only staff and teams of these teams (null/undefined: all; []: none) */
  teamIds?: string[] | null;
}

export interface CaseloadInput extends Standard9Rows, Standard9Scope {
  asOf: DateString;
  settingsVersion: number;
}

/**
 * under < balancedFrom ≤ balanced ≤ balancedTo < over ≤ overTo < critical
 * (defaults 0.85 / 1.00 / 1.15: exactly 1.00 is balanced, exactly 1.15 is over).
 */
export function loadBand(ratio: number | null, bands: Settings['loadBands']): Band | null {
  if (ratio === null) return null;
  if (ratio < bands.balancedFrom) return 'under';
  if (ratio <= bands.balancedTo) return 'balanced';
  if (ratio <= bands.overTo) return 'over';
  return 'critical';
}

export function emptyTierCounts(): TierCounts {
  return { '1': 0, '2': 0, '3': 0, '4': 0, unassessed: 0 };
}

/** What a report shows of one holder's caseload on a day. */
export interface HolderCounts {
  clients: number;
  tierCounts: TierCounts;
  weightedHours: number;
}

export interface StaffLoad extends HolderCounts {
  /** the caseload itself, by client_id */
  caseload: ClientOnDay[];
}

export interface LoadsOnDay {
  /** every holder of at least one active client */
  byStaff: Map<string, StaffLoad>;
  /** active clients with no holder */
  unassigned: ClientOnDay[];
  /**
   * active clients whose holder is not caseload staff on the day (not employed, inactive,
   * fte 0, unknown), or is caseload staff with capacityHours 0 (a full reduction)
   */
  uncovered: ClientOnDay[];
  /** every active client */
  active: ClientOnDay[];
}

/** Caseload(s, D) for every holder on one day. */
export function loadsOn(index: Standard9Index, day: number): LoadsOnDay {
  const byStaff = new Map<string, StaffLoad>();
  const unassigned: ClientOnDay[] = [];
  const uncovered: ClientOnDay[] = [];
  const active = index.clientsOn(day);
  for (const c of active) {
    if (c.holder === null) {
      unassigned.push(c);
      continue;
    }
    if (!index.isCovering(c.holder, day)) uncovered.push(c);
    let load = byStaff.get(c.holder);
    if (!load) {
      load = { clients: 0, tierCounts: emptyTierCounts(), weightedHours: 0, caseload: [] };
      byStaff.set(c.holder, load);
    }
    load.clients += 1;
    load.tierCounts[c.tier] += 1;
    load.weightedHours += c.hours;
    load.caseload.push(c);
  }
  return { byStaff, unassigned, uncovered, active };
}

export function inTeamScope(teamId: string | null, teamIds: string[] | null | undefined): boolean {
  if (teamIds === null || teamIds === undefined) return true;
  return teamId !== null && teamIds.includes(teamId);
}

/**
 * The staff a Standard 9 report lists: every caseload staff member and anyone else
 * holding clients on the day, by staff_id (before any team filter).
 */
export function reportStaff(
  index: Standard9Index,
  loads: Pick<LoadsOnDay, 'byStaff'> | { byStaff: ReadonlyMap<string, HolderCounts> },
  day: number,
): Array<{ staffId: string; teamId: string | null; caseloadStaff: boolean }> {
  const ids = new Set<string>(index.caseloadStaff(day).map((s) => s.staffId));
  for (const id of loads.byStaff.keys()) ids.add(id);
  return [...ids].sort(compareIds).map((staffId) => {
    const on = index.staffOn(staffId, day);
    return { staffId, teamId: on?.teamId ?? null, caseloadStaff: on?.caseloadStaff ?? false };
  });
}

/** Teams listed: the agency's teams plus any team of a caseload staff member on the day, in the filter, by team_id. */
export function reportTeams(index: Standard9Index, scope: Standard9Scope, day: number): string[] {
  const ids = new Set<string>(scope.allTeamIds ?? []);
  for (const s of index.caseloadStaff(day)) if (s.teamId !== null) ids.add(s.teamId);
  return [...ids].filter((t) => inTeamScope(t, scope.teamIds)).sort(compareIds);
}

/** Sums, Σ workload ÷ Σ capacity, extremes, overCount and cv over a group's caseload staff rows. */
export function groupCaseload(
  members: ReadonlyArray<
    Pick<StaffCaseload, 'clients' | 'weightedHours' | 'capacityHours' | 'loadRatio'> & Partial<Pick<StaffCaseload, 'otherHours'>>
  >,
): GroupCaseload {
  let clients = 0;
  let weightedHours = 0;
  let otherHours = 0;
  let capacityHours = 0;
  const ratios: number[] = [];
  for (const m of members) {
    clients += m.clients;
    weightedHours += m.weightedHours;
    otherHours += m.otherHours ?? 0;
    capacityHours += m.capacityHours;
    if (m.loadRatio !== null) ratios.push(m.loadRatio);
  }
  const workloadHours = weightedHours + otherHours;
  return {
    members: members.length,
    clients,
    weightedHours,
    otherHours,
    workloadHours,
    capacityHours,
    loadRatio: rate(workloadHours, capacityHours),
    maxLoadRatio: ratios.length ? Math.max(...ratios) : null,
    minLoadRatio: ratios.length ? Math.min(...ratios) : null,
    overCount: ratios.filter((r) => r > OVER_CAPACITY).length,
    cv: cv(ratios),
  };
}

/**
 * daysOverCapacity90(s, D): days d in (D − 90, D] with loadRatio(s, d) > 1.00, every term
 * taken on d. `weighted` is the member's daily weighted hours over that window (absent: 0).
 */
export function daysOverCapacity(index: Standard9Index, staffId: string, day: number, weighted: Float64Array | undefined): number {
  const first = day - DAYS_OVER_WINDOW + 1;
  let n = 0;
  for (let d = first; d <= day; d++) {
    const capacity = index.capacityHours(staffId, d);
    if (!(capacity > 0)) continue;
    const w = (weighted ? (weighted[d - first] as number) : 0) + index.otherHours(staffId, d);
    if (w / capacity > OVER_CAPACITY) n += 1;
  }
  return n;
}

export interface CaseloadOnDay {
  /** every listed staff row, in and out of the team filter */
  allStaff: Array<StaffCaseload & { caseloadStaff: boolean; inScope: boolean }>;
  loads: LoadsOnDay;
  staff: StaffCaseload[];
  teams: TeamCaseload[];
  agency: AgencyCaseload;
}

/** The caseload report's figures on one day; daysOverCapacity90 only when asked (it reads 90 days). */
export function caseloadOn(index: Standard9Index, day: number, scope: Standard9Scope, options: { daysOver: boolean }): CaseloadOnDay {
  const loads = loadsOn(index, day);
  const daily = options.daysOver ? index.dailyWeightedHours(day - DAYS_OVER_WINDOW + 1, day) : null;
  return {
    ...caseloadFigures(index, day, scope, {
      byStaff: loads.byStaff,
      unassigned: loads.unassigned.length,
      uncovered: loads.uncovered.length,
      daily,
    }),
    loads,
  };
}

/** Each holder's counts on a day, and what the agency row counts of the rest. */
export interface HeldOnDay {
  /** every holder of at least one active client */
  byStaff: ReadonlyMap<string, HolderCounts>;
  /** active clients with no holder */
  unassigned: number;
  /** active clients whose holder is not covering on the day */
  uncovered: number;
  /** each holder's daily weighted hours over (day − 90, day] (caseload staff days; absent: 0); null: daysOverCapacity90 not asked */
  daily: ReadonlyMap<string, Float64Array> | null;
}

/**
 * The caseload report's figures on one day from each holder's counts: the staff rows
 * (with capacity from the index's staff terms), the teams and the agency.
 */
export function caseloadFigures(index: Standard9Index, day: number, scope: Standard9Scope, held: HeldOnDay): Omit<CaseloadOnDay, 'loads'> {
  const loads = held;
  const daily = held.daily;
  const options = { daysOver: daily !== null };
  const bands = index.settings.loadBands;

  const allStaff = reportStaff(index, loads, day).map(({ staffId, teamId, caseloadStaff }) => {
    const load = loads.byStaff.get(staffId);
    const weightedHours = load?.weightedHours ?? 0;
    const cap = index.capacityOn(staffId, day);
    const workloadHours = weightedHours + cap.otherHours;
    const capacityHours = cap.capacityHours;
    const loadRatio = rate(workloadHours, capacityHours);
    const daysOverCapacity90 = options.daysOver ? daysOverCapacity(index, staffId, day, daily?.get(staffId)) : 0;
    return {
      staffId,
      teamId,
      clients: load?.clients ?? 0,
      tierCounts: load ? { ...load.tierCounts } : emptyTierCounts(),
      weightedHours,
      otherHours: cap.otherHours,
      workloadHours,
      fte: cap.fte,
      baseCapacityHours: cap.baseCapacityHours,
      reductionPercent: cap.reductionPercent,
      reductionHours: cap.reductionHours,
      capacityHours,
      loadRatio,
      band: loadBand(loadRatio, bands),
      daysOverCapacity90,
      caseloadStaff,
      inScope: inTeamScope(teamId, scope.teamIds),
    };
  });

  const members = allStaff.filter((s) => s.caseloadStaff);
  const teams: TeamCaseload[] = reportTeams(index, scope, day).map((teamId) => ({
    teamId,
    ...groupCaseload(members.filter((m) => m.teamId === teamId)),
  }));
  const agency: AgencyCaseload = {
    ...groupCaseload(members),
    unassigned: loads.unassigned,
    uncovered: loads.uncovered,
  };
  const staff: StaffCaseload[] = allStaff.filter((s) => s.inScope).map(({ caseloadStaff: _c, inScope: _i, ...row }) => row);
  return { allStaff, staff, teams, agency };
}

/**
 * The caseload report of interfaces.md on `asOf`: every caseload staff member and any
 * other holder (scope-filtered), the teams, and the whole agency.
 */
export function computeCaseloadReport(input: CaseloadInput): CaseloadReport {
  const index = new Standard9Index(input);
  const { staff, teams, agency } = caseloadOn(index, dayNumber(input.asOf), input, { daysOver: true });
  return { asOf: input.asOf, settingsVersion: input.settingsVersion, staff, teams, agency };
}
