/**
 * The caseload engine's services (Standard 9): load one agency's rows (@caseload/db
 * caseload queries), run the pure engine (@caseload/metrics), return the report. This
 * module holds the caseload report, one person's clients, the agency's settings and
 * what the other engine services share (compliance.ts, trend.ts, worklist.ts,
 * rebalance.ts, intake.ts). Called by the tRPC routers and by the CLI, so a number is
 * the same wherever it is read.
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
  heldClientIds,
  holderTierChanges,
  loadCapacityRows,
  loadStaffRows,
  loadStandard9Rows,
  loadTeamIds,
  type Database,
  type Standard9InputRows,
} from '@caseload/db';
import {
  addDays,
  computeCaseloadReport,
  computeCaseloadReportFromCounts,
  computeStaffClients,
  DAYS_OVER_WINDOW,
  isDateString,
  type CaseloadReport,
  type StaffClients,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { type AgencySettings, readAgencySettings } from './agencySettings.ts';
import { cached } from './cache.ts';

export interface Standard9Filter {
  asOf: string;
  teamIds?: string[] | null;
  programIds?: string[] | null;
}

export type { AgencySettings };

export function requireDate(value: string, name: string): string {
  if (!isDateString(value)) throw new ServiceError('BAD_REQUEST', `${name} must be a date written YYYY-MM-DD (got "${value}").`);
  return value;
}

export function engineRows(rows: Standard9InputRows) {
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

/**
 * The caseload report (interfaces.md `caseload`) on input.asOf: each holder's counts per
 * tier over the 90 days daysOverCapacity90 reads, grouped in SQL (caseloadSpans.ts),
 * through the engine's figures (computeCaseloadReportFromCounts). The tests hold it to
 * caseloadReportFromRows on both drivers.
 */
export async function caseloadReportUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; teamIds?: string[] | null; programIds?: string[] | null },
): Promise<CaseloadReport> {
  const asOf = requireDate(input.asOf, 'asOf');
  const [{ settings, version }, staff, capacity, allTeamIds, changes] = await Promise.all([
    standard9Settings(db, agencyId),
    loadStaffRows(db, agencyId),
    loadCapacityRows(db, agencyId),
    loadTeamIds(db, agencyId),
    holderTierChanges(db, agencyId, { from: addDays(asOf, -(DAYS_OVER_WINDOW - 1)), to: asOf, programIds: input.programIds }),
  ]);
  return computeCaseloadReportFromCounts({
    staff,
    ...capacity,
    allTeamIds,
    changes,
    asOf,
    settings,
    settingsVersion: version,
    teamIds: input.teamIds,
  });
}

/** The caseload report from every row the engine reads (the definition the counts path is held to). */
export async function caseloadReportFromRows(
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

/**
 * One staff member's caseload on asOf, client by client (ids only): the clients they
 * hold are picked in SQL (caseloadSpans.ts heldClientIds) and the engine computes the
 * list from those clients' rows alone. The tests hold it to staffClientsFromRows.
 */
export async function staffClientsUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { staffId: string; asOf: string; programIds?: string[] | null },
): Promise<StaffClients> {
  const asOf = requireDate(input.asOf, 'asOf');
  const clientIds = await heldClientIds(db, agencyId, { asOf, staffId: input.staffId, programIds: input.programIds });
  return staffClientsOf(db, agencyId, { ...input, asOf }, clientIds);
}

/** One staff member's caseload from every active client's rows (the definition staffClientsUncached is held to). */
export async function staffClientsFromRows(
  db: Kysely<Database>,
  agencyId: string,
  input: { staffId: string; asOf: string; programIds?: string[] | null },
): Promise<StaffClients> {
  return staffClientsOf(db, agencyId, { ...input, asOf: requireDate(input.asOf, 'asOf') }, null);
}

async function staffClientsOf(
  db: Kysely<Database>,
  agencyId: string,
  input: { staffId: string; asOf: string; programIds?: string[] | null },
  clientIds: string[] | null,
): Promise<StaffClients> {
  const { asOf } = input;
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: asOf, programIds: input.programIds, clientIds, contacts: 'latest' });
  if (!rows.staff.some((s) => s.staffId === input.staffId)) {
    throw new ServiceError('NOT_FOUND', `There is no staff member ${input.staffId}.`);
  }
  return computeStaffClients({ ...engineRows(rows), asOf, settings, settingsVersion: version, staffId: input.staffId });
}

/** caseloadReport, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const caseloadReport = cached('standard9.caseloadReport', caseloadReportUncached);
/** staffClients, kept per data and settings version when the database handle has a result cache (services/cache.ts). */
export const staffClients = cached('standard9.staffClients', staffClientsUncached);

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
