/**
 * Caseload queries: the input rows of the caseload engine (@caseload/metrics) for
 * one agency, and a SQL computation of the caseload report's per-staff figures.
 *
 * Every query is scoped by agency_id. Filters:
 * - `programIds` restricts clients to those programs (and with them their assignments,
 *   assessments and contacts); `[]` selects nothing (deny by default), null/undefined
 *   selects every program.
 * - There is no team filter here on purpose: which clients a team's staff hold, and
 *   whether a holder is caseload staff (uncovered clients), need every staff row of
 *   the agency, and the agency totals shown for comparison need every client. The
 *   engine restricts the staff and team rows it reports (`teamIds`).
 *
 * Only the rows a computation over [from, to] can read are selected: clients active on
 * some day of it, assignments in force on some day of it, the assessment in force on
 * `from` plus those after it up to `to`, and client contacts in (from − windowDays, to].
 * The row shapes are @caseload/metrics' StaffRow, ClientRow, … themselves.
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type {
  AssessmentRow,
  AssignmentRow,
  CapacityReductionRow,
  ClientRow,
  ContactRow,
  StaffPeriodRow,
  StaffRow,
  WorkloadItemRow,
} from '@caseload/metrics';
import type { ContactMode, Database, DateString } from '../schema.ts';
import { assessmentsInForce } from './assessmentsInForce.ts';
import { latestContactRows } from './latestContacts.ts';

// The row shapes are @caseload/metrics' own input rows: the formulas define what a row
// is, and these loaders fill them, so a column added to one cannot be missed by the other.
export type Standard9StaffRow = StaffRow;
export type Standard9ClientRow = ClientRow;
export type Standard9AssignmentRow = AssignmentRow;
export type Standard9AssessmentRow = AssessmentRow;
export type Standard9ContactRow = ContactRow;
export type Standard9PeriodRow = StaffPeriodRow;
export interface Standard9ReductionRow extends CapacityReductionRow {
  /** never shown to the board */
  note: string | null;
}
export type Standard9ItemRow = WorkloadItemRow;

export interface Standard9CapacityRows {
  periods: Standard9PeriodRow[];
  reductions: Standard9ReductionRow[];
  items: Standard9ItemRow[];
}

export interface Standard9Range {
  /** first day the computation looks at (e.g. D − 89 for daysOverCapacity90) */
  from: DateString;
  /** last day (the as-of date) */
  to: DateString;
  programIds?: string[] | null;
  /** only these clients (null/undefined: every client): a page that shows a few clients reads only theirs */
  clientIds?: string[] | null;
}

const CLIENT_MODES: ContactMode[] = ['home_visit', 'office_visit', 'phone', 'video'];
const FACE_TO_FACE_MODES: ContactMode[] = ['home_visit', 'office_visit'];

/** A program filter of [] matches nothing. */
function selectsNothing(programIds: string[] | null | undefined): boolean {
  return programIds !== null && programIds !== undefined && programIds.length === 0;
}

/** client_id in (clients of the agency active on some day of [from, to], in the programs). */
function clientInRange(db: Kysely<Database>, agencyId: string, r: Standard9Range) {
  let q = db
    .selectFrom('clients')
    .select('clients.client_id')
    .where('clients.agency_id', '=', agencyId)
    .where('clients.enrolled_on', '<=', r.to)
    .where((eb) => eb.or([eb('clients.closed_on', 'is', null), eb('clients.closed_on', '>', r.from)]));
  if (r.programIds) q = q.where('clients.program_id', 'in', r.programIds);
  if (r.clientIds) q = q.where(sql<boolean>`clients.client_id = any(${r.clientIds}::text[])`);
  return q;
}

/** Every staff row of the agency (holders and caseload staff alike), by staff_id. */
export async function loadStaffRows(db: Kysely<Database>, agencyId: string): Promise<Standard9StaffRow[]> {
  const rows = await db
    .selectFrom('staff')
    .select(['staff_id', 'team_id', 'caseload_fte', 'active', 'languages', 'region'])
    .where('agency_id', '=', agencyId)
    .orderBy(sql`staff_id collate "C"`)
    .execute();
  return rows.map((r) => ({
    staffId: r.staff_id,
    teamId: r.team_id,
    caseloadFte: Number(r.caseload_fte),
    active: r.active,
    languages: r.languages,
    region: r.region,
  }));
}

/**
 * Every staff period, capacity reduction and workload item of the agency (staff-level
 * rows, few: every date's staff terms are read from them), by staff_id then start.
 */
export async function loadCapacityRows(db: Kysely<Database>, agencyId: string): Promise<Standard9CapacityRows> {
  const [periods, reductions, items] = await Promise.all([
    db
      .selectFrom('staff_periods')
      .select(['staff_id', 'start_on', 'end_on', 'caseload_fte', 'team_id'])
      .where('agency_id', '=', agencyId)
      .orderBy(sql`staff_id collate "C"`)
      .orderBy('start_on')
      .execute(),
    db
      .selectFrom('capacity_reductions')
      .select(['reduction_id', 'staff_id', 'reason', 'start_on', 'end_on', 'percent', 'hours_per_month', 'note'])
      .where('agency_id', '=', agencyId)
      .orderBy(sql`staff_id collate "C"`)
      .orderBy('start_on')
      .orderBy(sql`reduction_id collate "C"`)
      .execute(),
    db
      .selectFrom('workload_items')
      .select(['item_id', 'staff_id', 'kind', 'start_on', 'end_on', 'hours_per_month'])
      .where('agency_id', '=', agencyId)
      .orderBy(sql`staff_id collate "C"`)
      .orderBy('start_on')
      .orderBy(sql`item_id collate "C"`)
      .execute(),
  ]);
  return {
    periods: periods.map((r) => ({
      staffId: r.staff_id,
      startOn: r.start_on,
      endOn: r.end_on,
      caseloadFte: Number(r.caseload_fte),
      teamId: r.team_id,
    })),
    reductions: reductions.map((r) => ({
      reductionId: r.reduction_id,
      staffId: r.staff_id,
      reason: r.reason,
      startOn: r.start_on,
      endOn: r.end_on,
      percent: r.percent === null ? null : Number(r.percent),
      hoursPerMonth: r.hours_per_month === null ? null : Number(r.hours_per_month),
      note: r.note,
    })),
    items: items.map((r) => ({
      itemId: r.item_id,
      staffId: r.staff_id,
      kind: r.kind,
      startOn: r.start_on,
      endOn: r.end_on,
      hoursPerMonth: Number(r.hours_per_month),
    })),
  };
}

/** Every team of the agency, by team_id. */
export async function loadTeamIds(db: Kysely<Database>, agencyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('teams')
    .select('team_id')
    .where('agency_id', '=', agencyId)
    .orderBy(sql`team_id collate "C"`)
    .execute();
  return rows.map((r) => r.team_id);
}

/** Every team of the agency with its supervisor (caseload standards: supervisor_span), by team_id. */
export async function loadTeamSupervisors(
  db: Kysely<Database>,
  agencyId: string,
): Promise<Array<{ teamId: string; supervisorStaffId: string | null }>> {
  const rows = await db
    .selectFrom('teams')
    .select(['team_id', 'supervisor_staff_id'])
    .where('agency_id', '=', agencyId)
    .orderBy(sql`team_id collate "C"`)
    .execute();
  return rows.map((r) => ({ teamId: r.team_id, supervisorStaffId: r.supervisor_staff_id }));
}

/** Clients active on some day of [from, to]: enrolled_on ≤ to and (closed_on null or > from). */
export async function loadClientRows(db: Kysely<Database>, agencyId: string, range: Standard9Range): Promise<Standard9ClientRow[]> {
  if (selectsNothing(range.programIds)) return [];
  let q = db
    .selectFrom('clients')
    .select(['client_id', 'program_id', 'enrolled_on', 'closed_on', 'primary_language', 'region', 'birth_year'])
    .where('agency_id', '=', agencyId)
    .where('enrolled_on', '<=', range.to)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', range.from)]));
  if (range.programIds) q = q.where('program_id', 'in', range.programIds);
  if (range.clientIds) q = q.where(sql<boolean>`client_id = any(${range.clientIds}::text[])`);
  const rows = await q.orderBy(sql`client_id collate "C"`).execute();
  return rows.map((r) => ({
    clientId: r.client_id,
    programId: r.program_id,
    enrolledOn: r.enrolled_on,
    closedOn: r.closed_on,
    primaryLanguage: r.primary_language,
    region: r.region,
    birthYear: r.birth_year === null ? null : Number(r.birth_year),
  }));
}

/**
 * Assignments of those clients in force on some day of [from, to]; with
 * `history: true`, every assignment started by `to` (for "last holder" of unassigned clients).
 */
export async function loadAssignmentRows(
  db: Kysely<Database>,
  agencyId: string,
  range: Standard9Range & { history?: boolean },
): Promise<Standard9AssignmentRow[]> {
  if (selectsNothing(range.programIds)) return [];
  let q = db
    .selectFrom('assignments')
    .select(['client_id', 'staff_id', 'start_on', 'end_on'])
    .where('agency_id', '=', agencyId)
    .where('client_id', 'in', clientInRange(db, agencyId, range))
    .where('start_on', '<=', range.to);
  if (!range.history) q = q.where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>', range.from)]));
  const rows = await q
    .orderBy(sql`client_id collate "C"`)
    .orderBy('start_on')
    .execute();
  return rows.map((r) => ({ clientId: r.client_id, staffId: r.staff_id, startOn: r.start_on, endOn: r.end_on }));
}

/**
 * Assessments of those clients that can decide a tier on a day of [from, to]: the
 * latest one on or before `from` (by assessed_on, then assessment_id in byte order,
 * COLLATE "C") and every one in (from, to].
 */
export async function loadAssessmentRows(db: Kysely<Database>, agencyId: string, range: Standard9Range): Promise<Standard9AssessmentRow[]> {
  if (selectsNothing(range.programIds)) return [];
  const inForceOnFrom: Expression<SqlBool> = sql<boolean>`not exists (
      select 1 from assessments later
      where later.agency_id = a.agency_id and later.client_id = a.client_id
        and later.assessed_on <= ${range.from}
        and (later.assessed_on > a.assessed_on
             or (later.assessed_on = a.assessed_on and later.assessment_id collate "C" > a.assessment_id collate "C")))`;
  const rows = await db
    .selectFrom('assessments as a')
    .select([
      'a.assessment_id',
      'a.client_id',
      'a.assessed_on',
      'a.adl_deficits',
      'a.iadl_deficits',
      'a.cognitive_impairment',
      'a.lives_alone',
      'a.recent_hospitalization',
      'a.aps_involvement',
      'a.behavioral_health',
      'a.acuity_tier',
    ])
    .where('a.agency_id', '=', agencyId)
    .where('a.client_id', 'in', clientInRange(db, agencyId, range))
    .where('a.assessed_on', '<=', range.to)
    .where((eb) => eb.or([eb('a.assessed_on', '>', range.from), inForceOnFrom]))
    .orderBy(sql`a.assessment_id collate "C"`)
    .execute();
  return rows.map((r) => ({
    assessmentId: r.assessment_id,
    clientId: r.client_id,
    assessedOn: r.assessed_on,
    adlDeficits: r.adl_deficits,
    iadlDeficits: r.iadl_deficits,
    cognitiveImpairment: r.cognitive_impairment,
    livesAlone: r.lives_alone,
    recentHospitalization: r.recent_hospitalization,
    apsInvolvement: r.aps_involvement,
    behavioralHealth: r.behavioral_health,
    acuityTier: r.acuity_tier,
  }));
}

/**
 * Client contacts (not collateral) of those clients with from − windowDays < occurred_on ≤ to.
 * windowDays is the longest contact window of the settings (default 365).
 */
export async function loadContactRows(
  db: Kysely<Database>,
  agencyId: string,
  range: Standard9Range & { windowDays: number },
): Promise<Standard9ContactRow[]> {
  if (selectsNothing(range.programIds)) return [];
  const rows = await db
    .selectFrom('contacts')
    .select(['client_id', 'staff_id', 'occurred_on', 'mode'])
    .where('agency_id', '=', agencyId)
    .where('client_id', 'in', clientInRange(db, agencyId, range))
    .where('mode', 'in', CLIENT_MODES)
    .where('occurred_on', '>', sql<string>`(${range.from}::date - ${range.windowDays}::int)`)
    .where('occurred_on', '<=', range.to)
    .orderBy(sql`client_id collate "C"`)
    .orderBy('occurred_on')
    .execute();
  return rows.map((r) => ({ clientId: r.client_id, staffId: r.staff_id, occurredOn: r.occurred_on, mode: r.mode }));
}

/**
 * For each client active on `asOf` (in the programs): its latest client contact and its
 * latest face-to-face contact on or before asOf, however old. Contact standards on
 * asOf depend only on these two dates, so the engine gives the same answer as with
 * every contact, and a drill-down can show a last contact older than any window.
 */
export async function loadLatestContactRows(
  db: Kysely<Database>,
  agencyId: string,
  opts: { asOf: DateString; programIds?: string[] | null },
): Promise<Standard9ContactRow[]> {
  if (selectsNothing(opts.programIds)) return [];
  const range = { from: opts.asOf, to: opts.asOf, programIds: opts.programIds };
  const latest = (modes: ContactMode[]) =>
    db
      .selectFrom('contacts')
      .select(['client_id', 'staff_id', 'occurred_on', 'mode'])
      .distinctOn('client_id')
      .where('agency_id', '=', agencyId)
      .where('client_id', 'in', clientInRange(db, agencyId, range))
      .where('mode', 'in', modes)
      .where('occurred_on', '<=', opts.asOf)
      .orderBy('client_id')
      .orderBy('occurred_on', 'desc')
      .orderBy(sql`contact_id collate "C"`, 'desc')
      .execute();
  const [any, f2f] = await Promise.all([latest(CLIENT_MODES), latest(FACE_TO_FACE_MODES)]);
  return [...any, ...f2f].map((r) => ({ clientId: r.client_id, staffId: r.staff_id, occurredOn: r.occurred_on, mode: r.mode }));
}

/**
 * Every contact (any mode, with or without minutes) of the agency's clients with
 * occurred_on in [from, to], in the programs: the evidence of workload calibration.
 */
export async function loadContactMinutes(
  db: Kysely<Database>,
  agencyId: string,
  range: { from: DateString; to: DateString; programIds?: string[] | null },
): Promise<Array<{ clientId: string; occurredOn: DateString; minutes: number | null }>> {
  if (selectsNothing(range.programIds)) return [];
  let q = db
    .selectFrom('contacts')
    .select(['client_id', 'occurred_on', 'minutes'])
    .where('agency_id', '=', agencyId)
    .where('occurred_on', '>=', range.from)
    .where('occurred_on', '<=', range.to);
  if (range.programIds) {
    q = q.where('client_id', 'in', (eb) =>
      eb
        .selectFrom('clients')
        .select('client_id')
        .where('clients.agency_id', '=', agencyId)
        .where('clients.program_id', 'in', range.programIds as string[]),
    );
  }
  const rows = await q
    .orderBy(sql`client_id collate "C"`)
    .orderBy('occurred_on')
    .orderBy(sql`contact_id collate "C"`)
    .execute();
  return rows.map((r) => ({ clientId: r.client_id, occurredOn: r.occurred_on, minutes: r.minutes }));
}

export interface Standard9InputRows extends Standard9CapacityRows {
  staff: Standard9StaffRow[];
  /** every team of the agency (the engine's `allTeamIds`, not a filter) */
  allTeamIds: string[];
  clients: Standard9ClientRow[];
  assignments: Standard9AssignmentRow[];
  assessments: Standard9AssessmentRow[];
  contacts: Standard9ContactRow[];
}

/**
 * Everything the engine reads for [from, to] in one call.
 * contacts: 'none'; 'latest' (single as-of: from = to); or 'window' with windowDays.
 */
export async function loadStandard9Rows(
  db: Kysely<Database>,
  agencyId: string,
  opts: Standard9Range & {
    contacts: 'none' | 'latest' | { windowDays: number };
    assignmentHistory?: boolean;
  },
): Promise<Standard9InputRows> {
  const range: Standard9Range = { from: opts.from, to: opts.to, programIds: opts.programIds, clientIds: opts.clientIds };
  const contacts =
    opts.contacts === 'none'
      ? Promise.resolve([])
      : opts.contacts === 'latest'
        ? latestContactRows(db, agencyId, { asOf: opts.to, programIds: opts.programIds, clientIds: opts.clientIds })
        : loadContactRows(db, agencyId, { ...range, windowDays: opts.contacts.windowDays });
  const [staff, capacity, allTeamIds, clients, assignments, assessments, contactRows] = await Promise.all([
    loadStaffRows(db, agencyId),
    loadCapacityRows(db, agencyId),
    loadTeamIds(db, agencyId),
    loadClientRows(db, agencyId, range),
    loadAssignmentRows(db, agencyId, { ...range, history: opts.assignmentHistory }),
    assessmentsInForce(db, agencyId, range),
    contacts,
  ]);
  return { staff, ...capacity, allTeamIds, clients, assignments, assessments, contacts: contactRows };
}
