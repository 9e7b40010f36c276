/**
 * Standard 9 services: load one agency's rows (@caseload/db standard9 queries), run
 * the pure engine (@caseload/metrics), return the report. Called by the tRPC routers
 * and by the CLI, so a number is the same wherever it is read.
 *
 * No access control here: the router passes the caller's scope as teamIds/programIds
 * (null = no restriction, [] = nothing). Every read is scoped by agencyId. No clock:
 * the caller supplies asOf (its default, "today", is the caller's business).
 *
 * Filters:
 * - programIds restricts clients (and so caseloads, hours and counts) to those programs;
 *   capacity is each member's whole capacity, so a load ratio under a program filter
 *   is that program's share of the member's capacity.
 * - teamIds restricts the staff and team rows; the agency figures stay whole-agency,
 *   for comparison (they still follow the program filter).
 */
import {
  findMonthEndBuild,
  loadCapacityRows,
  loadMonthEndCells,
  loadStaffRows,
  loadStandard9Rows,
  loadTeamIds,
  type Database,
  type Standard9InputRows,
} from '@caseload/db';
import {
  addDays,
  computeCaseloadReport,
  computeCaseloadTrend,
  computeComplianceReport,
  computeStaffClients,
  computeWorklist,
  DAYS_OVER_WINDOW,
  isDateString,
  monthEnd,
  monthlyAsOfDates,
  trendFromFigures,
  type ComplianceCounts,
  type MonthPoint,
  trendFigures,
  type TrendMonth,
  proposeRebalance,
  rankIntake,
  WORKLIST_KINDS,
  type CaseloadReport,
  type CaseloadTrend,
  type ComplianceReport,
  type IntakeRanking,
  type NewClient,
  type RebalanceProposal,
  type StaffClients,
  type TierKey,
  type Worklist,
  type WorklistKind,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../../errors.ts';
import { type AgencySettings, longestContactWindow, readAgencySettings } from './agencySettings.ts';
import { cached, versionsOf } from '../cache.ts';
import { coveredBy, scheduleMonthEndBuild } from './monthEnd.ts';

export interface Standard9Filter {
  asOf: string;
  teamIds?: string[] | null;
  programIds?: string[] | null;
}

export type { AgencySettings };

/** Longest trend period accepted: 10 years of monthly points. */
export const MAX_TREND_MONTHS = 120;

function requireDate(value: string, name: string): string {
  if (!isDateString(value)) throw new ServiceError('BAD_REQUEST', `${name} must be a date written YYYY-MM-DD (got "${value}").`);
  return value;
}

function engineRows(rows: Standard9InputRows) {
  return {
    staff: rows.staff,
    clients: rows.clients,
    assignments: rows.assignments,
    assessments: rows.assessments,
    contacts: rows.contacts,
    periods: rows.periods,
    reductions: rows.reductions,
    items: rows.items,
    allTeamIds: rows.allTeamIds,
  };
}

/** The caseload report (interfaces.md `caseload`) on input.asOf. */
async function caseloadReportUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; teamIds?: string[] | null; programIds?: string[] | null },
): Promise<CaseloadReport> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  // daysOverCapacity90 reads every day of (asOf − 90, asOf].
  const rows = await loadStandard9Rows(db, agencyId, {
    from: addDays(asOf, -(DAYS_OVER_WINDOW - 1)),
    to: asOf,
    programIds: input.programIds,
    contacts: 'none',
  });
  return computeCaseloadReport({
    ...engineRows(rows),
    asOf,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
  });
}

/** The compliance report (interfaces.md `compliance`) on input.asOf. */
async function complianceReportUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; teamIds?: string[] | null; programIds?: string[] | null },
): Promise<ComplianceReport> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, programIds: input.programIds, contacts: 'latest' });
  return computeComplianceReport({
    ...engineRows(rows),
    asOf,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
  });
}

/** A rebalancing proposal (interfaces.md `rebalance`) for one team on input.asOf. Advice only: nothing is changed. */
async function rebalanceReportUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { teamId: string; asOf: string },
): Promise<RebalanceProposal> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, contacts: 'none' });
  if (!rows.allTeamIds.includes(input.teamId)) throw new ServiceError('NOT_FOUND', `There is no team ${input.teamId}.`);
  return proposeRebalance({ ...engineRows(rows), asOf, settings, settingsVersion: version, teamId: input.teamId });
}

const TIER_KEYS: readonly TierKey[] = ['1', '2', '3', '4', 'unassessed'];

/** Eligible caseload staff for a new client, ranked by load ratio after taking the client. */
async function intakeRankingUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; newClient: NewClient; teamIds?: string[] | null },
): Promise<IntakeRanking> {
  const asOf = requireDate(input.asOf, 'asOf');
  if (!TIER_KEYS.includes(input.newClient.tier)) {
    throw new ServiceError('BAD_REQUEST', `The expected tier must be 1, 2, 3, 4 or unassessed (got "${input.newClient.tier}").`);
  }
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, contacts: 'none' });
  return rankIntake({
    ...engineRows(rows),
    asOf,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
    newClient: input.newClient,
  });
}

/**
 * Monthly loadRatio, contactRate and reassessRate for the agency, teams and staff over
 * [from, to]: from the month-end figures of the agency's current versions when they
 * are built (monthEnd.ts), otherwise from the rows.
 */
type TrendInput = { from: string; to: string; teamIds?: string[] | null; programIds?: string[] | null };

/** The trend's period, checked: its month points (at most MAX_TREND_MONTHS). */
function trendPeriod(input: TrendInput): { from: string; to: string; points: MonthPoint[] } {
  const from = requireDate(input.from, 'from');
  const to = requireDate(input.to, 'to');
  if (to < from) throw new ServiceError('BAD_REQUEST', `The period ends (${to}) before it starts (${from}).`);
  const points = monthlyAsOfDates(from, to);
  if (points.length > MAX_TREND_MONTHS) {
    throw new ServiceError('BAD_REQUEST', `A trend covers at most ${MAX_TREND_MONTHS} months (asked for ${points.length}).`);
  }
  return { from, to, points };
}

async function caseloadTrendUncached(db: Kysely<Database>, agencyId: string, input: TrendInput): Promise<CaseloadTrend> {
  const period = { ...input, ...trendPeriod(input) };
  return (await trendFromMonthEnds(db, agencyId, period)) ?? caseloadTrendFromRows(db, agencyId, period);
}

/** The caseload trend computed from the rows (every contact of the period and its windows). */
async function caseloadTrendFromRows(
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
  const [versions, { settings, version }] = await Promise.all([versionsOf(db, agencyId), standard9Settings(db, agencyId)]);
  if (versions.settings !== version) return null;
  const key = { agencyId, dataVersion: versions.data, settingsVersion: version };
  const build = await findMonthEndBuild(db, key);
  if (!build) {
    // the data or settings changed since the last build (or none was made): build in the background
    void scheduleMonthEndBuild(db, agencyId);
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
    partial ? trendMonthOn(db, agencyId, partial, filter) : Promise.resolve(null),
  ]);
  const months =
    full.length === 0
      ? []
      : trendFromFigures({
          from: input.from,
          to: (full[full.length - 1] as MonthPoint).asOf,
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
        }).months;
  if (partialMonth) months.push(partialMonth);
  return { from: input.from, to: input.to, settingsVersion: version, months };
}

/** One trend point on a day that is not a month end: the caseload and compliance reports of that day. */
async function trendMonthOn(
  db: Kysely<Database>,
  agencyId: string,
  point: MonthPoint,
  filter: { teamIds?: string[] | null; programIds?: string[] | null },
): Promise<TrendMonth> {
  const [load, compliance] = await Promise.all([
    caseloadReport(db, agencyId, { asOf: point.asOf, ...filter }),
    complianceReport(db, agencyId, { asOf: point.asOf, ...filter }),
  ]);
  type Row = { teamId?: string | null; staffId?: string };
  const same = (a: readonly Row[], b: readonly Row[]) =>
    a.length === b.length && a.every((x, i) => x.staffId === b[i]?.staffId && x.teamId === b[i]?.teamId);
  if (!same(load.staff, compliance.staff) || !same(load.teams, compliance.teams)) {
    throw new Error('trend: the caseload and compliance reports of one day list different staff or teams');
  }
  return {
    month: point.month,
    asOf: point.asOf,
    agency: trendFigures(load.agency, compliance.agency),
    teams: load.teams.map((t, i) => ({ teamId: t.teamId, ...trendFigures(t, compliance.teams[i] as ComplianceCounts) })),
    staff: load.staff.map((s, i) => ({
      staffId: s.staffId,
      teamId: s.teamId,
      ...trendFigures(s, compliance.staff[i] as ComplianceCounts),
    })),
  };
}

/** One staff member's caseload on asOf, client by client (ids only). */
async function staffClientsUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { staffId: string; asOf: string; programIds?: string[] | null },
): Promise<StaffClients> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, programIds: input.programIds, contacts: 'latest' });
  if (!rows.staff.some((s) => s.staffId === input.staffId)) {
    throw new ServiceError('NOT_FOUND', `There is no staff member ${input.staffId}.`);
  }
  return computeStaffClients({ ...engineRows(rows), asOf, settings, settingsVersion: version, staffId: input.staffId });
}

/** A work list of clients needing action on asOf (see @caseload/metrics computeWorklist). */
async function worklistUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { kind: WorklistKind; asOf: string; teamIds?: string[] | null; programIds?: string[] | null },
): Promise<Worklist> {
  const asOf = requireDate(input.asOf, 'asOf');
  if (!WORKLIST_KINDS.includes(input.kind)) {
    throw new ServiceError('BAD_REQUEST', `A work list is one of ${WORKLIST_KINDS.join(', ')} (got "${input.kind}").`);
  }
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, {
    from: asOf,
    to: asOf,
    programIds: input.programIds,
    contacts: 'latest',
    // the last holder of an unassigned client names the team that should pick it up
    assignmentHistory: input.kind === 'unassigned',
  });
  return computeWorklist({ ...engineRows(rows), asOf, settings, settingsVersion: version, kind: input.kind, teamIds: input.teamIds });
}

/** The services computed every time, without the result cache (benchmarks of the computation itself). */
export const uncachedStandard9 = {
  caseloadReport: caseloadReportUncached,
  complianceReport: complianceReportUncached,
  rebalanceReport: rebalanceReportUncached,
  intakeRanking: intakeRankingUncached,
  caseloadTrend: caseloadTrendUncached,
  /** the trend from the rows, never from month-end figures (tests and benchmarks compare the two) */
  caseloadTrendFromRows: (db: Kysely<Database>, agencyId: string, input: TrendInput) =>
    caseloadTrendFromRows(db, agencyId, { ...input, ...trendPeriod(input) }),
  staffClients: staffClientsUncached,
  worklist: worklistUncached,
};

/** caseloadReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const caseloadReport = cached('standard9.caseloadReport', caseloadReportUncached);
/** complianceReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const complianceReport = cached('standard9.complianceReport', complianceReportUncached);
/** rebalanceReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const rebalanceReport = cached('standard9.rebalanceReport', rebalanceReportUncached);
/** intakeRanking, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const intakeRanking = cached('standard9.intakeRanking', intakeRankingUncached);
/** caseloadTrend, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const caseloadTrend = cached('standard9.caseloadTrend', caseloadTrendUncached);
/** staffClients, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const staffClients = cached('standard9.staffClients', staffClientsUncached);
/** worklist, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const worklist = cached('standard9.worklist', worklistUncached);

const keptSettings = cached('standard9.settings', (db: Kysely<Database>, agencyId: string, _input: null) =>
  readAgencySettings(db, agencyId),
);

/**
 * The agency's current settings over the defaults (a stored document lacking a newer
 * key takes its default), and their version; defaults as version 0 when none is stored.
 * Kept per settings version when the handle has a result cache.
 */
export function standard9Settings(db: Kysely<Database>, agencyId: string): Promise<AgencySettings> {
  return keptSettings(db, agencyId, null);
}
