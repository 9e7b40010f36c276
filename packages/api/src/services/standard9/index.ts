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
import { currentSettings, loadStandard9Rows, type Database, type Standard9InputRows } from '@caseload/db';
import {
  addDays,
  computeCaseloadReport,
  computeCaseloadTrend,
  computeComplianceReport,
  computeStaffClients,
  computeWorklist,
  DAYS_OVER_WINDOW,
  defaultSettings,
  isDateString,
  monthlyAsOfDates,
  proposeRebalance,
  rankIntake,
  WORKLIST_KINDS,
  type CaseloadReport,
  type CaseloadTrend,
  type ComplianceReport,
  type IntakeRanking,
  type NewClient,
  type RebalanceProposal,
  type Settings,
  type StaffClients,
  type TierKey,
  type Worklist,
  type WorklistKind,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../../errors.ts';
import { cached } from '../cache.ts';

export interface Standard9Filter {
  asOf: string;
  teamIds?: string[] | null;
  programIds?: string[] | null;
}

export interface AgencySettings {
  settings: Settings;
  /** 0 when the agency has no stored settings and the defaults are used */
  version: number;
}

/** Longest trend period accepted: 10 years of monthly points. */
export const MAX_TREND_MONTHS = 120;

/**
 * The agency's current settings over the defaults (a stored document lacking a newer
 * key takes its default), and their version; defaults as version 0 when none is stored.
 */
async function standard9SettingsUncached(db: Kysely<Database>, agencyId: string): Promise<AgencySettings> {
  const row = await currentSettings<Partial<Settings>>(db, agencyId);
  if (!row) return { settings: defaultSettings, version: 0 };
  const s = row.settings ?? {};
  return {
    version: row.version,
    settings: {
      ...defaultSettings,
      ...s,
      tierHours: { ...defaultSettings.tierHours, ...s.tierHours },
      loadBands: { ...defaultSettings.loadBands, ...s.loadBands },
      contactRules: { ...defaultSettings.contactRules, ...s.contactRules },
      reassessmentDays: { ...defaultSettings.reassessmentDays, ...s.reassessmentDays },
    },
  };
}

function requireDate(value: string, name: string): string {
  if (!isDateString(value)) throw new ServiceError('BAD_REQUEST', `${name} must be a date written YYYY-MM-DD (got "${value}").`);
  return value;
}

/** The longest contact window of the settings: contacts older than this cannot meet any standard. */
function longestContactWindow(settings: Settings): number {
  return Math.max(...Object.values(settings.contactRules).flatMap((r) => [r.anyDays, r.faceToFaceDays]));
}

function engineRows(rows: Standard9InputRows) {
  return {
    staff: rows.staff,
    clients: rows.clients,
    assignments: rows.assignments,
    assessments: rows.assessments,
    contacts: rows.contacts,
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

/** Monthly loadRatio, contactRate and reassessRate for the agency, teams and staff over [from, to]. */
async function caseloadTrendUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { from: string; to: string; teamIds?: string[] | null; programIds?: string[] | null },
): Promise<CaseloadTrend> {
  const from = requireDate(input.from, 'from');
  const to = requireDate(input.to, 'to');
  if (to < from) throw new ServiceError('BAD_REQUEST', `The period ends (${to}) before it starts (${from}).`);
  const points = monthlyAsOfDates(from, to);
  if (points.length > MAX_TREND_MONTHS) {
    throw new ServiceError('BAD_REQUEST', `A trend covers at most ${MAX_TREND_MONTHS} months (asked for ${points.length}).`);
  }
  const { settings, version } = await standard9Settings(db, agencyId);
  const firstAsOf = (points[0] as { asOf: string }).asOf;
  const rows = await loadStandard9Rows(db, agencyId, {
    from: firstAsOf,
    to,
    programIds: input.programIds,
    contacts: { windowDays: longestContactWindow(settings) },
  });
  return computeCaseloadTrend({
    ...engineRows(rows),
    from,
    to,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
  });
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

const keptSettings = cached('standard9.settings', (db: Kysely<Database>, agencyId: string, _input: null) => standard9SettingsUncached(db, agencyId));

/**
 * The agency's current settings over the defaults (a stored document lacking a newer
 * key takes its default), and their version; defaults as version 0 when none is stored.
 * Kept per settings version when the handle has a result cache.
 */
export function standard9Settings(db: Kysely<Database>, agencyId: string): Promise<AgencySettings> {
  return keptSettings(db, agencyId, null);
}
