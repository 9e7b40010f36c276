import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

export async function findAgency(db: Kysely<Database>, agencyId: string) {
  return db.selectFrom('agencies').select(['agency_id', 'name']).where('agency_id', '=', agencyId).executeTakeFirst();
}

/** Creates the agency and its settings version 1, in one transaction. */
export async function createAgency(
  db: Kysely<Database>,
  agency: { agencyId: string; name: string; settings: unknown; createdBy?: string | null },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('agencies').values({ agency_id: agency.agencyId, name: agency.name }).execute();
    await trx
      .insertInto('settings_versions')
      .values({
        agency_id: agency.agencyId,
        version: 1,
        settings: JSON.stringify(agency.settings),
        created_by: agency.createdBy ?? null,
      })
      .execute();
  });
}

export interface SettingsRow<S> {
  version: number;
  settings: S;
  createdAt: string;
  createdBy: string | null;
}

export async function currentSettings<S>(db: Kysely<Database>, agencyId: string): Promise<SettingsRow<S> | undefined> {
  const row = await db
    .selectFrom('settings_versions')
    .select([
      'version',
      'settings',
      'created_by',
      sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('created_at'),
    ])
    .where('agency_id', '=', agencyId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return { version: row.version, settings: row.settings as S, createdAt: row.created_at, createdBy: row.created_by };
}

/** Appends a new settings version (never edits an old one); returns its number. */
export async function appendSettingsVersion(
  db: Kysely<Database>,
  agencyId: string,
  settings: unknown,
  createdBy: string | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Lock the agency row so two concurrent edits get consecutive versions.
    await trx.selectFrom('agencies').select('agency_id').where('agency_id', '=', agencyId).forUpdate().execute();
    const last = await trx
      .selectFrom('settings_versions')
      .select(sql<number>`coalesce(max(version), 0)::int`.as('v'))
      .where('agency_id', '=', agencyId)
      .executeTakeFirstOrThrow();
    const version = last.v + 1;
    await trx
      .insertInto('settings_versions')
      .values({ agency_id: agencyId, version, settings: JSON.stringify(settings), created_by: createdBy })
      .execute();
    return version;
  });
}

/**
 * The first day of the agency's recorded case-management activity: its earliest
 * contact or assessment, or — with neither — its earliest assignment, or earliest
 * enrolment.
 * Null when it has none of these. Before it, a caseload or a period has nothing to
 * count (an as-of date of 2015 would show a handful of long-standing clients
 * against today's whole staff).
 */
export async function firstRecordedDate(db: Kysely<Database>, agencyId: string): Promise<string | null> {
  const r = await sql<{ first: string | null }>`
    select to_char(coalesce(
      least(
        (select min(occurred_on) from contacts where agency_id = ${agencyId}),
        (select min(assessed_on) from assessments where agency_id = ${agencyId})
      ),
      (select min(start_on) from assignments where agency_id = ${agencyId}),
      (select min(enrolled_on) from clients where agency_id = ${agencyId})
    ), 'YYYY-MM-DD') as first`.execute(db);
  return r.rows[0]?.first ?? null;
}
