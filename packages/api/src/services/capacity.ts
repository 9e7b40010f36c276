/**
 * Capacity over time: the explanation of one member's load, capacity changes ahead,
 * a member's capacity timeline, and workload calibration (metrics.md). Same shape as
 * the other Standard 9 services: load the rows, run the pure engine; no access control
 * (the router passes the caller's scope), no clock (the caller gives asOf / the period).
 */
import { loadContactMinutes, loadStandard9Rows, type Database, type Standard9InputRows } from '@caseload/db';
import {
  addDays,
  CAPACITY_CHANGES_DAYS,
  computeCalibration,
  computeCapacityChanges,
  computeCapacityTimeline,
  computeExplanation,
  DAYS_OVER_WINDOW,
  isDateString,
  monthEndsWithin,
  timelineDays,
  type Calibration,
  type CapacityChanges,
  type CapacityTimeline,
  type Explanation,
} from '@caseload/metrics';
import type { Kysely } from 'kysely';
import { ServiceError } from '../errors.ts';
import { cached } from './cache.ts';
import { standard9Settings } from './caseload.ts';

function requireDate(value: string, name: string): string {
  if (!isDateString(value)) throw new ServiceError('BAD_REQUEST', `${name} must be a date written YYYY-MM-DD (got "${value}").`);
  return value;
}

function requireStaff(rows: Standard9InputRows, staffId: string) {
  if (!rows.staff.some((s) => s.staffId === staffId)) throw new ServiceError('NOT_FOUND', `There is no staff member ${staffId}.`);
}

function engineRows(rows: Standard9InputRows) {
  const { allTeamIds: _teams, ...rest } = rows;
  return rest;
}

/** Why one member's load on asOf is what it is (interfaces.md `explain`). */
async function explainUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { staffId: string; asOf: string; programIds?: string[] | null },
): Promise<Explanation> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, {
    from: addDays(asOf, -(DAYS_OVER_WINDOW - 1)),
    to: asOf,
    programIds: input.programIds,
    contacts: 'none',
  });
  requireStaff(rows, input.staffId);
  return computeExplanation({ ...engineRows(rows), asOf, settings, settingsVersion: version, staffId: input.staffId });
}

/** Reductions, items and periods starting or ending in (asOf, asOf + 30] (interfaces.md `capacity-changes`). */
async function capacityChangesUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { asOf: string; teamIds?: string[] | null },
): Promise<CapacityChanges> {
  const asOf = requireDate(input.asOf, 'asOf');
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: asOf, to: addDays(asOf, CAPACITY_CHANGES_DAYS), contacts: 'none' });
  return computeCapacityChanges({ ...engineRows(rows), asOf, settings, settingsVersion: version, teamIds: input.teamIds });
}

/** One member's FTE, reductions, items and load at the month ends of the last 12 months and the next 3. */
async function capacityTimelineUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { staffId: string; asOf: string },
): Promise<CapacityTimeline> {
  const asOf = requireDate(input.asOf, 'asOf');
  const days = timelineDays(asOf);
  const { settings, version } = await standard9Settings(db, agencyId);
  const rows = await loadStandard9Rows(db, agencyId, { from: days[0] as string, to: days[days.length - 1] as string, contacts: 'none' });
  requireStaff(rows, input.staffId);
  return computeCapacityTimeline({ ...engineRows(rows), asOf, settings, settingsVersion: version, staffId: input.staffId });
}

/** Model tier hours against observed contact minutes over [from, to] (interfaces.md `calibration`). */
async function calibrationUncached(
  db: Kysely<Database>,
  agencyId: string,
  input: { from: string; to: string; programIds?: string[] | null },
): Promise<Calibration> {
  const from = requireDate(input.from, 'from');
  const to = requireDate(input.to, 'to');
  if (to < from) throw new ServiceError('BAD_REQUEST', `The period ends (${to}) before it starts (${from}).`);
  const { settings, version } = await standard9Settings(db, agencyId);
  const ends = monthEndsWithin(from, to);
  if (ends.length === 0) {
    return computeCalibration({
      from,
      to,
      settings,
      settingsVersion: version,
      clients: [],
      assignments: [],
      assessments: [],
      contacts: [],
    });
  }
  const first = ends[0] as string;
  const last = ends[ends.length - 1] as string;
  const [rows, contacts] = await Promise.all([
    loadStandard9Rows(db, agencyId, { from: first, to: last, programIds: input.programIds, contacts: 'none' }),
    loadContactMinutes(db, agencyId, { from: `${first.slice(0, 7)}-01`, to: last, programIds: input.programIds }),
  ]);
  return computeCalibration({
    from,
    to,
    settings,
    settingsVersion: version,
    clients: rows.clients,
    assignments: rows.assignments,
    assessments: rows.assessments,
    contacts,
  });
}

export const uncachedCapacity = {
  explain: explainUncached,
  capacityChanges: capacityChangesUncached,
  capacityTimeline: capacityTimelineUncached,
  calibration: calibrationUncached,
};

/** explain, kept per data and settings version when the handle has a result cache. */
export const explainLoad = cached('standard9.explain', explainUncached);
/** capacity changes ahead, kept per data and settings version. */
export const capacityChanges = cached('standard9.capacityChanges', capacityChangesUncached);
/** a member's capacity timeline, kept per data and settings version. */
export const capacityTimeline = cached('standard9.capacityTimeline', capacityTimelineUncached);
/** workload calibration, kept per data and settings version. */
export const calibrationReport = cached('standard9.calibration', calibrationUncached);
