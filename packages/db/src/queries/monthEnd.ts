/**
 * Month-end figures (migration 20261123T1400): per agency, data version and settings
 * version, the caseload trend's counts per (month end, program, holder). Written in
 * one transaction with their build row; read only for the versions asked for.
 */
import { fromDayNumber } from '@caseload/metrics';
import { type Kysely, sql } from 'kysely';
import type { Database, DateString } from '../schema.ts';

export interface MonthEndKey {
  agencyId: string;
  /** data_versions.version (text, as AgencyVersions carries it) */
  dataVersion: string;
  settingsVersion: number;
}

export interface MonthEndBuild {
  firstMonthEnd: DateString;
  lastMonthEnd: DateString;
  cells: number;
}

/** A cell as stored: staffId null for clients with no holder. */
export interface MonthEndCell {
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

/** The build of these versions, if its figures are written. */
export async function findMonthEndBuild(db: Kysely<Database>, key: MonthEndKey): Promise<MonthEndBuild | undefined> {
  const row = await db
    .selectFrom('month_end_builds')
    .select(['first_month_end', 'last_month_end', 'cells'])
    .where('agency_id', '=', key.agencyId)
    .where('data_version', '=', key.dataVersion)
    .where('settings_version', '=', key.settingsVersion)
    .executeTakeFirst();
  return row ? { firstMonthEnd: row.first_month_end, lastMonthEnd: row.last_month_end, cells: row.cells } : undefined;
}

const CHUNK = 5_000;

/**
 * Writes a build and its cells (call inside a transaction). False when that build
 * already exists (another process wrote it first): nothing is written.
 */
export async function saveMonthEndBuild(
  db: Kysely<Database>,
  key: MonthEndKey,
  build: { firstMonthEnd: DateString; lastMonthEnd: DateString },
  cells: readonly MonthEndCell[],
): Promise<boolean> {
  const inserted = await db
    .insertInto('month_end_builds')
    .values({
      agency_id: key.agencyId,
      data_version: key.dataVersion,
      settings_version: key.settingsVersion,
      first_month_end: build.firstMonthEnd,
      last_month_end: build.lastMonthEnd,
      cells: cells.length,
    })
    .onConflict((oc) => oc.columns(['agency_id', 'data_version', 'settings_version']).doNothing())
    .returning('agency_id')
    .executeTakeFirst();
  if (!inserted) return false;
  for (let i = 0; i < cells.length; i += CHUNK) {
    const part = cells.slice(i, i + CHUNK);
    const col = <T>(f: (c: MonthEndCell) => T) => part.map(f);
    await sql`
      insert into month_end_figures (agency_id, data_version, settings_version, month_end, program_id, staff_id,
        clients, weighted_hours, contact_due, contact_met, reassess_due, reassess_overdue)
      select ${key.agencyId}, ${key.dataVersion}::bigint, ${key.settingsVersion}::int, u.*
      from unnest(
        ${col((c) => c.monthEnd)}::date[], ${col((c) => c.programId)}::text[], ${col((c) => c.staffId ?? '')}::text[],
        ${col((c) => c.clients)}::int[], ${col((c) => c.weightedHours)}::float8[], ${col((c) => c.contactDue)}::int[],
        ${col((c) => c.contactMet)}::int[], ${col((c) => c.reassessDue)}::int[], ${col((c) => c.reassessOverdue)}::int[]
      ) as u
    `.execute(db);
  }
  return true;
}

/** Removes the agency's builds (and their cells) other than `keep`. */
export async function deleteOtherMonthEndBuilds(db: Kysely<Database>, keep: MonthEndKey): Promise<number> {
  const r = await db
    .deleteFrom('month_end_builds')
    .where('agency_id', '=', keep.agencyId)
    .where((eb) => eb.or([eb('data_version', '!=', keep.dataVersion), eb('settings_version', '!=', keep.settingsVersion)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * The cells of month ends in [first, last], summed over the programs (all of them, or
 * `programIds`; [] selects nothing): one row per (month end, holder), programId ''.
 * Month ends arrive as day numbers (days since 1970-01-01) and are written once per
 * month, not per row (60 months at scale l are about 26,000 rows).
 */
export async function loadMonthEndCells(
  db: Kysely<Database>,
  key: MonthEndKey,
  range: { first: DateString; last: DateString; programIds?: readonly string[] | null },
): Promise<MonthEndCell[]> {
  if (range.programIds && range.programIds.length === 0) return [];
  let q = db
    .selectFrom('month_end_figures')
    .select([
      sql<number>`month_end - date '1970-01-01'`.as('month_end'),
      'staff_id',
      sql<number>`sum(clients)::int`.as('clients'),
      sql<number>`sum(weighted_hours)::float8`.as('weighted_hours'),
      sql<number>`sum(contact_due)::int`.as('contact_due'),
      sql<number>`sum(contact_met)::int`.as('contact_met'),
      sql<number>`sum(reassess_due)::int`.as('reassess_due'),
      sql<number>`sum(reassess_overdue)::int`.as('reassess_overdue'),
    ])
    .where('agency_id', '=', key.agencyId)
    .where('data_version', '=', key.dataVersion)
    .where('settings_version', '=', key.settingsVersion)
    .where('month_end', '>=', range.first)
    .where('month_end', '<=', range.last);
  if (range.programIds) q = q.where('program_id', 'in', range.programIds);
  const rows = await q.groupBy(['month_end', 'staff_id']).execute();
  const dates = new Map<number, DateString>();
  const dateOf = (day: number): DateString => {
    let date = dates.get(day);
    if (date === undefined) dates.set(day, (date = fromDayNumber(day)));
    return date;
  };
  return rows.map((r) => ({
    monthEnd: dateOf(r.month_end),
    programId: '',
    staffId: r.staff_id === '' ? null : r.staff_id,
    clients: r.clients,
    weightedHours: r.weighted_hours,
    contactDue: r.contact_due,
    contactMet: r.contact_met,
    reassessDue: r.reassess_due,
    reassessOverdue: r.reassess_overdue,
  }));
}
