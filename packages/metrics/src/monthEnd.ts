/**
 * Month-end figures: the caseload trend's point-in-time counts, kept per (month end,
 * program, holder) so that a trend over any period, team or program filter is
 * assembled from staff × months rows instead of being recomputed from every contact.
 *
 * monthEndFigures computes them with the same engine as the reports (Standard9Index,
 * complianceFlags); trendFromFigures assembles exactly what computeCaseloadTrend
 * returns (tests compare the two on fixtures and on random agencies).
 *
 * The rows are additive: a client has one program and, on a day, at most one holder,
 * so the figures of a program filter are the sums over its programs, and the agency's
 * compliance counts (every active client, held or not) are the sums over all rows.
 * Weighted hours are summed per (program, holder) in client order, then across
 * programs: with tier hours that are not binary fractions (e.g. 1.1) a sum may differ
 * from the single-pass one in its last bits (≤ 1e-12 relative).
 */
import { inTeamScope } from './caseload.ts';
import { complianceFlags } from './compliance.ts';
import { dayNumber, monthEnd as monthEndOf, monthlyAsOfDates } from './dates.ts';
import { staffTermsIndex } from './heldCounts.ts';
import type { Settings } from './settings.ts';
import { complementRate, rate } from './stats.ts';
import { compareIds } from './tier.ts';
import { Standard9Index, type Standard9Rows } from './timeline.ts';
import { type CaseloadTrend, type TrendFigures, type TrendMonth } from './trend.ts';
import type { DateString, StaffRow } from './types.ts';

/** One (month end, program, holder) cell. `staffId` null: clients with no holder. */
export interface MonthEndFigure {
  monthEnd: DateString;
  programId: string;
  staffId: string | null;
  clients: number;
  weightedHours: number;
  contactDue: number;
  contactMet: number;
  reassessDue: number;
  reassessOverdue: number;
}

/** The figures of every active client on each of `days` (month ends), by (program, holder). */
export function monthEndFigures(rows: Standard9Rows, days: readonly DateString[]): MonthEndFigure[] {
  const index = new Standard9Index(rows);
  const out: MonthEndFigure[] = [];
  for (const monthEnd of days) {
    const day = dayNumber(monthEnd);
    const cells = new Map<string, MonthEndFigure>();
    for (const c of index.clientsOn(day)) {
      const programId = c.timeline.client.programId;
      const key = `${programId}\u0000${c.holder ?? ''}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = {
          monthEnd,
          programId,
          staffId: c.holder,
          clients: 0,
          weightedHours: 0,
          contactDue: 0,
          contactMet: 0,
          reassessDue: 0,
          reassessOverdue: 0,
        };
        cells.set(key, cell);
      }
      const f = complianceFlags(index, c, day);
      cell.clients += 1;
      cell.weightedHours += c.hours;
      cell.contactDue += f.contactDue ? 1 : 0;
      cell.contactMet += f.contactMet ? 1 : 0;
      cell.reassessDue += f.reassessDue ? 1 : 0;
      cell.reassessOverdue += f.reassessOverdue ? 1 : 0;
    }
    out.push(...cells.values());
  }
  return out;
}

export interface TrendFromFiguresInput {
  from: DateString;
  to: DateString;
  settings: Settings;
  settingsVersion: number;
  staff: StaffRow[];
  /** staff periods, capacity reductions and workload items: every term is taken on the month end */
  periods?: Standard9Rows['periods'];
  reductions?: Standard9Rows['reductions'];
  items?: Standard9Rows['items'];
  allTeamIds?: string[];
  teamIds?: string[] | null;
  /** restrict to clients of these programs (null/undefined: every program) */
  programIds?: string[] | null;
  /** the cells of every month end of the period (any order) */
  figures: readonly MonthEndFigure[];
  /** the month ends the figures were computed for (a month with no active client has no cells) */
  covered: { first: DateString; last: DateString };
}

interface Sums {
  clients: number;
  weightedHours: number;
  contactDue: number;
  contactMet: number;
  reassessDue: number;
  reassessOverdue: number;
}

const noSums = (): Sums => ({ clients: 0, weightedHours: 0, contactDue: 0, contactMet: 0, reassessDue: 0, reassessOverdue: 0 });

/** trendFigures(load, complianceCounts(sums)) without the intermediate objects: the same fields in the same order. */
function figuresOf(loadRatio: number | null, weightedHours: number, capacityHours: number, s: Sums): TrendFigures {
  return {
    loadRatio,
    weightedHours,
    capacityHours,
    contactRate: rate(s.contactMet, s.contactDue),
    contactDue: s.contactDue,
    contactMet: s.contactMet,
    reassessRate: complementRate(s.reassessOverdue, s.reassessDue),
    reassessDue: s.reassessDue,
    reassessOverdue: s.reassessOverdue,
  };
}

interface MemberRow {
  sums: Sums;
  otherHours: number;
  capacityHours: number;
}

/**
 * A group's line: its load as groupCaseload sums it (weighted hours, other hours and
 * capacity added member by member, the ratio of their totals) and its compliance sums.
 */
function groupFigures(group: readonly MemberRow[], sums: Sums): TrendFigures {
  let weightedHours = 0;
  let otherHours = 0;
  let capacityHours = 0;
  for (const m of group) {
    weightedHours += m.sums.weightedHours;
    otherHours += m.otherHours;
    capacityHours += m.capacityHours;
  }
  return figuresOf(rate(weightedHours + otherHours, capacityHours), weightedHours, capacityHours, sums);
}

function sumOf(group: readonly MemberRow[]): Sums {
  const s = noSums();
  for (const r of group) add(s, r.sums);
  return s;
}

/**
 * The cells in program order (stable: each program's cells keep their order). Cells
 * already in that order, as the figures summed over the programs (every programId
 * ''), are not sorted again.
 */
function inProgramOrder<T extends { programId: string }>(cells: T[]): T[] {
  for (let i = 1; i < cells.length; i++) {
    if (compareIds((cells[i - 1] as T).programId, (cells[i] as T).programId) > 0)
      return cells.sort((a, b) => compareIds(a.programId, b.programId));
  }
  return cells;
}

function add(into: Sums, f: Sums): void {
  into.clients += f.clients;
  into.weightedHours += f.weightedHours;
  into.contactDue += f.contactDue;
  into.contactMet += f.contactMet;
  into.reassessDue += f.reassessDue;
  into.reassessOverdue += f.reassessOverdue;
}

/**
 * The caseload trend (computeCaseloadTrend's answer) from month-end figures. Every
 * point of the period must be a month end; `figures` must hold each one's cells.
 */
export function trendFromFigures(input: TrendFromFiguresInput): CaseloadTrend {
  // The staff terms on each month end (team, FTE, reductions, items) from the same index
  // as the engine's; it holds no clients.
  const staffIndex = staffTermsIndex(input);
  const programs = input.programIds ? new Set(input.programIds) : null;

  // month end → holder ('' = none) → sums over the selected programs, cells in program order
  const byMonth = new Map<string, Map<string, Sums>>();
  const cells = inProgramOrder(input.figures.filter((f) => programs === null || programs.has(f.programId)));
  // a holder's first cell of a month stands for its sums (0 + x is x) until a second
  // program's cell is added: then the sums are a new object, never the cell
  const made = new Set<Sums>();
  for (const f of cells) {
    let holders = byMonth.get(f.monthEnd);
    if (!holders) {
      holders = new Map();
      byMonth.set(f.monthEnd, holders);
    }
    const key = f.staffId ?? '';
    const sums = holders.get(key);
    if (!sums) holders.set(key, f);
    else if (made.has(sums)) add(sums, f);
    else {
      const both = noSums();
      add(both, sums);
      add(both, f);
      made.add(both);
      holders.set(key, both);
    }
  }

  const months = monthlyAsOfDates(input.from, input.to).map(({ month, asOf }): TrendMonth => {
    if (monthEndOf(asOf) !== asOf || asOf < input.covered.first || asOf > input.covered.last) {
      throw new RangeError(`no month-end figures for ${asOf} (computed ${input.covered.first} to ${input.covered.last})`);
    }
    const holders = byMonth.get(asOf) ?? new Map<string, Sums>();
    const day = dayNumber(asOf);
    const caseloadStaff = staffIndex.caseloadStaff(day);
    const teamIds = new Set<string>(input.allTeamIds ?? []);
    for (const s of caseloadStaff) if (s.teamId !== null) teamIds.add(s.teamId);
    const teams = [...teamIds].filter((t) => inTeamScope(t, input.teamIds)).sort(compareIds);
    // every caseload staff member and anyone else holding clients (caseload.ts reportStaff)
    const ids = new Set(caseloadStaff.map((s) => s.staffId));
    for (const [id, s] of holders) if (id !== '' && s.clients > 0) ids.add(id);
    const rows = [...ids].sort(compareIds).map((staffId) => {
      const sums = holders.get(staffId) ?? noSums();
      const on = staffIndex.staffOn(staffId, day);
      const capacityHours = staffIndex.capacityHours(staffId, day);
      const otherHours = staffIndex.otherHours(staffId, day);
      const teamId = on?.teamId ?? null;
      return {
        staffId,
        teamId,
        caseloadStaff: on?.caseloadStaff ?? false,
        sums,
        otherHours,
        capacityHours,
        loadRatio: rate(sums.weightedHours + otherHours, capacityHours),
      };
    });
    // the team and agency lines: sums over the members in this (staff id) order, as
    // groupCaseload and the compliance tallies add them; each team's members keep it
    const members = rows.filter((r) => r.caseloadStaff);
    const byTeam = new Map<string, typeof members>();
    for (const m of members) {
      if (m.teamId === null) continue;
      const group = byTeam.get(m.teamId);
      if (group) group.push(m);
      else byTeam.set(m.teamId, [m]);
    }
    const everyone = noSums();
    for (const s of holders.values()) add(everyone, s);
    return {
      month,
      asOf,
      agency: groupFigures(members, everyone),
      teams: teams.map((teamId) => {
        const group = byTeam.get(teamId) ?? [];
        return { teamId, ...groupFigures(group, sumOf(group)) };
      }),
      staff: rows
        .filter((r) => inTeamScope(r.teamId, input.teamIds))
        .map((r) => {
          const s = r.sums;
          // figuresOf's fields written out: one object per staff member and month, not two
          return {
            staffId: r.staffId,
            teamId: r.teamId,
            loadRatio: r.loadRatio,
            weightedHours: s.weightedHours,
            capacityHours: r.capacityHours,
            contactRate: rate(s.contactMet, s.contactDue),
            contactDue: s.contactDue,
            contactMet: s.contactMet,
            reassessRate: complementRate(s.reassessOverdue, s.reassessDue),
            reassessDue: s.reassessDue,
            reassessOverdue: s.reassessOverdue,
          };
        }),
    };
  });
  return { from: input.from, to: input.to, settingsVersion: input.settingsVersion, months };
}

/** How many clients a month end's agency and team caseloads hold (caseloadOn's `clients` of the agency and each team). */
export interface MonthEndClients {
  agency: number;
  teams: Map<string, number>;
}

/**
 * The clients behind each month's agency and team load figures (by month 'YYYY-MM'),
 * from the same month-end figures and staff terms as trendFromFigures: what
 * caseloadOn(…).agency.clients and .teams[].clients give on each month end — each
 * caseload staff member's held clients summed over the team's members and over every
 * member; every listed team present (0 when its members hold none).
 */
export function clientsFromFigures(input: Omit<TrendFromFiguresInput, 'settingsVersion'>): Map<string, MonthEndClients> {
  const staffIndex = staffTermsIndex(input);
  const programs = input.programIds ? new Set(input.programIds) : null;
  // month end → holder → clients over the selected programs
  const byMonth = new Map<string, Map<string, number>>();
  for (const f of input.figures) {
    if (f.staffId === null || (programs !== null && !programs.has(f.programId))) continue;
    let holders = byMonth.get(f.monthEnd);
    if (!holders) {
      holders = new Map();
      byMonth.set(f.monthEnd, holders);
    }
    holders.set(f.staffId, (holders.get(f.staffId) ?? 0) + f.clients);
  }
  const out = new Map<string, MonthEndClients>();
  for (const { month, asOf } of monthlyAsOfDates(input.from, input.to)) {
    if (monthEndOf(asOf) !== asOf || asOf < input.covered.first || asOf > input.covered.last) {
      throw new RangeError(`no month-end figures for ${asOf} (computed ${input.covered.first} to ${input.covered.last})`);
    }
    const day = dayNumber(asOf);
    const teamIds = new Set<string>(input.allTeamIds ?? []);
    for (const s of staffIndex.caseloadStaff(day)) if (s.teamId !== null) teamIds.add(s.teamId);
    const teams = new Map<string, number>();
    for (const t of [...teamIds].filter((t) => inTeamScope(t, input.teamIds)).sort(compareIds)) teams.set(t, 0);
    let agency = 0;
    for (const [staffId, clients] of byMonth.get(asOf) ?? []) {
      const on = staffIndex.staffOn(staffId, day);
      if (!on?.caseloadStaff) continue;
      agency += clients;
      if (on.teamId !== null && teams.has(on.teamId)) teams.set(on.teamId, (teams.get(on.teamId) ?? 0) + clients);
    }
    out.set(month, { agency, teams });
  }
  return out;
}
