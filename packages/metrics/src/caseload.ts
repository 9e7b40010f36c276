/**
 * Acuity-weighted caseload and capacity (metrics.md, Standard 9).
 *
 *   weightedHours(s, D) = Σ over caseload(s, D) of tierHours[tier(c, D)]
 *   capacityHours(s)    = caseload_fte × caseHoursPerFte (caseload staff), else 0
 *   loadRatio(s, D)     = weightedHours ÷ capacityHours, null when capacity is 0
 */
import { dayNumber } from './dates.ts';
import type { Settings } from './settings.ts';
import { cv, rate } from './stats.ts';
import { compareIds } from './tier.ts';
import { Standard9Index, type ClientOnDay, type Standard9Rows } from './timeline.ts';
import type {
  AgencyCaseload,
  Band,
  CaseloadReport,
  DateString,
  GroupCaseload,
  StaffCaseload,
  TeamCaseload,
  TierCounts,
} from './types.ts';

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

export interface StaffLoad {
  clients: number;
  tierCounts: TierCounts;
  weightedHours: number;
  /** the caseload itself, by client_id */
  caseload: ClientOnDay[];
}

export interface LoadsOnDay {
  /** every holder of at least one active client */
  byStaff: Map<string, StaffLoad>;
  /** active clients with no holder */
  unassigned: ClientOnDay[];
  /** active clients whose holder is not caseload staff (inactive, caseload_fte = 0, unknown) */
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
    if (!index.isCaseloadStaff(c.holder)) uncovered.push(c);
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
  loads: LoadsOnDay,
): Array<{ staffId: string; teamId: string | null; caseloadStaff: boolean }> {
  const ids = new Set<string>(index.caseloadStaff().map((s) => s.staffId));
  for (const id of loads.byStaff.keys()) ids.add(id);
  return [...ids]
    .sort(compareIds)
    .map((staffId) => ({
      staffId,
      teamId: index.staffById.get(staffId)?.teamId ?? null,
      caseloadStaff: index.isCaseloadStaff(staffId),
    }));
}

/** Teams listed: the agency's teams plus any team of a caseload staff member, in the filter, by team_id. */
export function reportTeams(index: Standard9Index, scope: Standard9Scope): string[] {
  const ids = new Set<string>(scope.allTeamIds ?? []);
  for (const s of index.caseloadStaff()) if (s.teamId !== null) ids.add(s.teamId);
  return [...ids].filter((t) => inTeamScope(t, scope.teamIds)).sort(compareIds);
}

/** Sums, Σ weighted ÷ Σ capacity, extremes, overCount and cv over a group's caseload staff rows. */
export function groupCaseload(
  members: ReadonlyArray<Pick<StaffCaseload, 'clients' | 'weightedHours' | 'capacityHours' | 'loadRatio'>>,
): GroupCaseload {
  let clients = 0;
  let weightedHours = 0;
  let capacityHours = 0;
  const ratios: number[] = [];
  for (const m of members) {
    clients += m.clients;
    weightedHours += m.weightedHours;
    capacityHours += m.capacityHours;
    if (m.loadRatio !== null) ratios.push(m.loadRatio);
  }
  return {
    members: members.length,
    clients,
    weightedHours,
    capacityHours,
    loadRatio: rate(weightedHours, capacityHours),
    maxLoadRatio: ratios.length ? Math.max(...ratios) : null,
    minLoadRatio: ratios.length ? Math.min(...ratios) : null,
    overCount: ratios.filter((r) => r > OVER_CAPACITY).length,
    cv: cv(ratios),
  };
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
export function caseloadOn(
  index: Standard9Index,
  day: number,
  scope: Standard9Scope,
  options: { daysOver: boolean },
): CaseloadOnDay {
  const loads = loadsOn(index, day);
  const daily = options.daysOver ? index.dailyWeightedHours(day - DAYS_OVER_WINDOW + 1, day) : null;
  const bands = index.settings.loadBands;

  const allStaff = reportStaff(index, loads).map(({ staffId, teamId, caseloadStaff }) => {
    const load = loads.byStaff.get(staffId);
    const weightedHours = load?.weightedHours ?? 0;
    const capacityHours = index.capacityHours(staffId);
    const loadRatio = rate(weightedHours, capacityHours);
    let daysOverCapacity90 = 0;
    const series = daily?.get(staffId);
    if (series && capacityHours > 0) {
      for (const w of series) if (w / capacityHours > OVER_CAPACITY) daysOverCapacity90 += 1;
    }
    return {
      staffId,
      teamId,
      clients: load?.clients ?? 0,
      tierCounts: load ? { ...load.tierCounts } : emptyTierCounts(),
      weightedHours,
      capacityHours,
      loadRatio,
      band: loadBand(loadRatio, bands),
      daysOverCapacity90,
      caseloadStaff,
      inScope: inTeamScope(teamId, scope.teamIds),
    };
  });

  const members = allStaff.filter((s) => s.caseloadStaff);
  const teams: TeamCaseload[] = reportTeams(index, scope).map((teamId) => ({
    teamId,
    ...groupCaseload(members.filter((m) => m.teamId === teamId)),
  }));
  const agency: AgencyCaseload = {
    ...groupCaseload(members),
    unassigned: loads.unassigned.length,
    uncovered: loads.uncovered.length,
  };
  const staff: StaffCaseload[] = allStaff
    .filter((s) => s.inScope)
    .map(({ caseloadStaff: _c, inScope: _i, ...row }) => row);
  return { allStaff, loads, staff, teams, agency };
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

