/**
 * The caseload trend: month-end figures over a period, from the kept month-end cells
 * where they cover the period (monthEnd.ts) and from the rows where they do not.
 */
import {
  findMonthEndBuild,
  loadCapacityRows,
  loadMonthEndCells,
  loadStaffRows,
  loadStandard9Rows,
  loadTeamIds,
  type Database,
} from '@caseload/db';
import {
  clientsFromFigures,
  computeCaseloadTrend,
  type MonthEndClients,
  monthEnd,
  monthlyAsOfDates,
  trendFromFigures,
  type ComplianceCounts,
  type MonthPoint,
  trendFigures,
  type TrendMonth,
  type CaseloadTrend,
  type CaseloadReport,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { longestContactWindow } from './agencySettings.ts';
import { cached, versionsOf } from './cache.ts';
import { coveredBy, scheduleMonthEndBuild } from './monthEnd.ts';
import { caseloadReport, engineRows, requireDate, standard9Settings } from './caseload.ts';
import { complianceReport } from './compliance.ts';

/** Longest trend period accepted: 10 years of monthly points. */
export const MAX_TREND_MONTHS = 120;

/**
 * Monthly loadRatio, contactRate and reassessRate for the agency, teams and staff over
 * [from, to]: from the month-end figures of the agency's current versions when they
 * are built (monthEnd.ts), otherwise from the rows.
 */
export type TrendInput = { from: string; to: string; teamIds?: string[] | null; programIds?: string[] | null };

/** The trend's period, checked: its month points (at most MAX_TREND_MONTHS). */
export function trendPeriod(input: TrendInput): { from: string; to: string; points: MonthPoint[] } {
  const from = requireDate(input.from, 'from');
  const to = requireDate(input.to, 'to');
  if (to < from) throw new ServiceError('BAD_REQUEST', `The period ends (${to}) before it starts (${from}).`);
  const points = monthlyAsOfDates(from, to);
  if (points.length > MAX_TREND_MONTHS) {
    throw new ServiceError('BAD_REQUEST', `A trend covers at most ${MAX_TREND_MONTHS} months (asked for ${points.length}).`);
  }
  return { from, to, points };
}

export async function caseloadTrendUncached(db: Kysely<Database>, agencyId: string, input: TrendInput): Promise<CaseloadTrend> {
  const period = { ...input, ...trendPeriod(input) };
  return (await trendFromMonthEnds(db, agencyId, period)) ?? caseloadTrendFromRows(db, agencyId, period);
}

/** The caseload trend computed from the rows (every contact of the period and its windows). */
export async function caseloadTrendFromRows(
  db: Kysely<Database>,
  agencyId: string,
  input: TrendInput & { points: MonthPoint[] },
): Promise<CaseloadTrend> {
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, {
    from: (input.points[0] as MonthPoint).asOf,
    to: input.to,
    programIds: input.programIds,
    contacts: { windowDays: longestContactWindow(settings) },
  });
  return computeCaseloadTrend({
    ...engineRows(rows),
    from: input.from,
    to: input.to,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
  });
}

/**
 * The trend from the month-end figures stored under the agency's current data and
 * settings versions, or null when they do not cover its month ends (not built yet, an
 * import or settings change since, months outside the build). A partial last month
 * (`to` not a month end) is the caseload and compliance reports of `to`.
 */
async function trendFromMonthEnds(
  db: Kysely<Database>,
  agencyId: string,
  input: TrendInput & { points: MonthPoint[] },
): Promise<CaseloadTrend | null> {
  return (await fromMonthEnds(db, agencyId, input, { trend: true, clients: false, schedule: true }))?.trend ?? null;
}

/**
 * How many clients each month's agency and team caseloads hold (by month 'YYYY-MM'),
 * from the month-end figures of the agency's current versions (clientsFromFigures), or
 * null when they do not cover the period's month ends (the caller counts from the rows).
 * A partial last month is the caseload report of `to`.
 */
export async function trendClientCountsFromMonthEnds(
  db: Kysely<Database>,
  agencyId: string,
  input: { from: string; to: string; teamIds: string[] | null; programIds: string[] | null },
): Promise<Map<string, MonthEndClients> | null> {
  const points = monthlyAsOfDates(input.from, input.to);
  if (points.length === 0) return new Map();
  return (await fromMonthEnds(db, agencyId, { ...input, points }, { trend: false, clients: true, schedule: false }))?.clients ?? null;
}

/**
 * The caseload trend (caseloadTrend's answer) and its client counts
 * (trendClientCountsFromMonthEnds's) from one read of the month-end figures, or null
 * when they do not cover the period (as caseloadTrend, a build is then started in the
 * background when builds are enabled).
 */
export async function trendWithClientsFromMonthEnds(
  db: Kysely<Database>,
  agencyId: string,
  input: { from: string; to: string; teamIds: string[] | null; programIds: string[] | null },
): Promise<{ trend: CaseloadTrend; clients: Map<string, MonthEndClients> } | null> {
  const period = { ...input, ...trendPeriod(input) };
  const out = await fromMonthEnds(db, agencyId, period, { trend: true, clients: true, schedule: true });
  return out?.trend && out.clients ? { trend: out.trend, clients: out.clients } : null;
}

/** The trend and/or its client counts from the month-end figures (null: they do not cover the period). */
async function fromMonthEnds(
  db: Kysely<Database>,
  agencyId: string,
  input: TrendInput & { points: MonthPoint[] },
  want: { trend: boolean; clients: boolean; schedule: boolean },
): Promise<{ trend?: CaseloadTrend; clients?: Map<string, MonthEndClients> } | null> {
  const [versions, { settings, version }] = await Promise.all([versionsOf(db, agencyId), standard9Settings(db, agencyId)]);
  if (versions.settings !== version) return null;
  const key = { agencyId, dataVersion: versions.data, settingsVersion: version };
  const build = await findMonthEndBuild(db, key);
  if (!build) {
    // the data or settings changed since the last build (or none was made): build in the background
    if (want.schedule) void scheduleMonthEndBuild(db, agencyId);
    return null;
  }
  const last = input.points[input.points.length - 1] as MonthPoint;
  const partial = monthEnd(last.asOf) === last.asOf ? null : last;
  const full = partial ? input.points.slice(0, -1) : input.points;
  if (!full.every((p) => coveredBy(build, p.asOf))) return null;
  const filter = { teamIds: input.teamIds, programIds: input.programIds };
  const [staff, capacity, allTeamIds, figures, partialMonth] = await Promise.all([
    loadStaffRows(db, agencyId),
    loadCapacityRows(db, agencyId),
    loadTeamIds(db, agencyId),
    full.length === 0
      ? Promise.resolve([])
      : loadMonthEndCells(db, key, {
          first: (full[0] as MonthPoint).asOf,
          last: (full[full.length - 1] as MonthPoint).asOf,
          programIds: input.programIds,
        }),
    partial ? trendMonthOn(db, agencyId, partial, filter, want.trend) : Promise.resolve(null),
  ]);
  const figuresInput = {
    from: input.from,
    to: full.length === 0 ? input.to : (full[full.length - 1] as MonthPoint).asOf,
    settings,
    settingsVersion: version,
    staff,
    periods: capacity.periods,
    reductions: capacity.reductions,
    items: capacity.items,
    allTeamIds,
    teamIds: input.teamIds,
    // loadMonthEndCells summed the programs asked for
    programIds: null,
    figures,
    covered: { first: build.firstMonthEnd, last: build.lastMonthEnd },
  };
  const out: { trend?: CaseloadTrend; clients?: Map<string, MonthEndClients> } = {};
  if (want.trend) {
    const months = full.length === 0 ? [] : trendFromFigures(figuresInput).months;
    if (partialMonth?.month) months.push(partialMonth.month);
    out.trend = { from: input.from, to: input.to, settingsVersion: version, months };
  }
  if (want.clients) {
    const clients = full.length === 0 ? new Map<string, MonthEndClients>() : clientsFromFigures(figuresInput);
    if (partial && partialMonth) {
      const load = partialMonth.load;
      clients.set(partial.month, { agency: load.agency.clients, teams: new Map(load.teams.map((t) => [t.teamId, t.clients])) });
    }
    out.clients = clients;
  }
  return out;
}

/**
 * One trend point on a day that is not a month end: the caseload and compliance reports
 * of that day (with `month` false, the caseload report only).
 */
async function trendMonthOn(
  db: Kysely<Database>,
  agencyId: string,
  point: MonthPoint,
  filter: { teamIds?: string[] | null; programIds?: string[] | null },
  month = true,
): Promise<{ month: TrendMonth | null; load: CaseloadReport }> {
  const [load, compliance] = await Promise.all([
    caseloadReport(db, agencyId, { asOf: point.asOf, ...filter }),
    month ? complianceReport(db, agencyId, { asOf: point.asOf, ...filter }) : null,
  ]);
  if (!compliance) return { month: null, load };
  type Row = { teamId?: string | null; staffId?: string };
  const same = (a: readonly Row[], b: readonly Row[]) =>
    a.length === b.length && a.every((x, i) => x.staffId === b[i]?.staffId && x.teamId === b[i]?.teamId);
  if (!same(load.staff, compliance.staff) || !same(load.teams, compliance.teams)) {
    throw new Error('trend: the caseload and compliance reports of one day list different staff or teams');
  }
  return {
    load,
    month: {
      month: point.month,
      asOf: point.asOf,
      agency: trendFigures(load.agency, compliance.agency),
      teams: load.teams.map((t, i) => ({ teamId: t.teamId, ...trendFigures(t, compliance.teams[i] as ComplianceCounts) })),
      staff: load.staff.map((s, i) => ({
        staffId: s.staffId,
        teamId: s.teamId,
        ...trendFigures(s, compliance.staff[i] as ComplianceCounts),
      })),
    },
  };
}
/** caseloadTrend, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const caseloadTrend = cached('standard9.caseloadTrend', caseloadTrendUncached);
