/**
 * Monthly trends of the point-in-time Standard 9 metrics (metrics.md "Trends"): load,
 * contact and reassessment as of each month's last day, or `to` for a partial last month.
 */
import type { Standard9Scope } from './caseload.ts';
import { complianceOn } from './compliance.ts';
import { dayNumber, monthlyAsOfDates } from './dates.ts';
import { Standard9Index, type Standard9Rows } from './timeline.ts';
import type { ComplianceCounts, DateString, GroupCaseload } from './types.ts';

export interface TrendFigures {
  loadRatio: number | null;
  weightedHours: number;
  capacityHours: number;
  contactRate: number | null;
  contactDue: number;
  contactMet: number;
  reassessRate: number | null;
  reassessDue: number;
  reassessOverdue: number;
}

export interface TrendMonth {
  /** 'YYYY-MM' */
  month: string;
  asOf: DateString;
  agency: TrendFigures;
  teams: Array<{ teamId: string } & TrendFigures>;
  staff: Array<{ staffId: string; teamId: string | null } & TrendFigures>;
}

export interface CaseloadTrend {
  from: DateString;
  to: DateString;
  settingsVersion: number;
  months: TrendMonth[];
}

export interface TrendInput extends Standard9Rows, Standard9Scope {
  from: DateString;
  to: DateString;
  settingsVersion: number;
}

type LoadFigures = Pick<GroupCaseload, 'loadRatio' | 'weightedHours' | 'capacityHours'>;

/** A trend point's figures: the load of a staff member, team or the agency, and its compliance counts. */
export function trendFigures(load: LoadFigures | undefined, c: ComplianceCounts): TrendFigures {
  // The caseload and compliance figures of one day list the same staff and teams.
  if (!load) throw new Error('trend: compliance row without a caseload row');
  return {
    loadRatio: load.loadRatio,
    weightedHours: load.weightedHours,
    capacityHours: load.capacityHours,
    contactRate: c.contactRate,
    contactDue: c.contactDue,
    contactMet: c.contactMet,
    reassessRate: c.reassessRate,
    reassessDue: c.reassessDue,
    reassessOverdue: c.reassessOverdue,
  };
}

/** loadRatio, contactRate and reassessRate for the agency, each team and each staff member, month by month. */
export function computeCaseloadTrend(input: TrendInput): CaseloadTrend {
  const index = new Standard9Index(input);
  const months = monthlyAsOfDates(input.from, input.to).map(({ month, asOf }): TrendMonth => {
    const r = complianceOn(index, dayNumber(asOf), input);
    const teamLoad = new Map(r.caseload.teams.map((t) => [t.teamId, t]));
    const staffLoad = new Map(r.caseload.staff.map((s) => [s.staffId, s]));
    return {
      month,
      asOf,
      agency: trendFigures(r.caseload.agency, r.agency),
      teams: r.teams.map(({ teamId, ...c }) => ({ teamId, ...trendFigures(teamLoad.get(teamId), c) })),
      staff: r.staff.map(({ staffId, teamId, ...c }) => ({ staffId, teamId, ...trendFigures(staffLoad.get(staffId), c) })),
    };
  });
  return { from: input.from, to: input.to, settingsVersion: input.settingsVersion, months };
}
