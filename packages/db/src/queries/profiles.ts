import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import { AUDIT_ACTIONS } from './audit.ts';

export interface SavedProfile {
  version: number;
  /** the profile JSON as saved (checked by the importer before saving) */
  profile: unknown;
  /** ISO 8601, UTC */
  createdAt: string;
  createdBy: string;
}

/** Every saved version of the agency's mapping profile, newest first (the first is the active one). */
export async function listMappingProfiles(db: Kysely<Database>, agencyId: string): Promise<SavedProfile[]> {
  const rows = await db
    .selectFrom('mapping_profiles')
    .select(['version', 'profile', 'created_at', 'created_by'])
    .where('agency_id', '=', agencyId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    profile: typeof r.profile === 'string' ? JSON.parse(r.profile) : r.profile,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
  }));
}

/** The active (latest) profile, or null when the agency has none. */
export async function activeMappingProfile(db: Kysely<Database>, agencyId: string): Promise<SavedProfile | null> {
  const rows = await listMappingProfiles(db, agencyId);
  return rows[0] ?? null;
}

/**
 * Saves a new version of the agency's profile and audits it, in one transaction; the
 * version is one more than the highest so far (two saves at once: one waits for the other).
 */
export async function saveMappingProfile(
  db: Kysely<Database>,
  agencyId: string,
  profile: unknown,
  actor: { userId: string | null; label: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`caseload:profile:${agencyId}`}, 0))`.execute(trx);
    const top = await trx
      .selectFrom('mapping_profiles')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
    const version = Number(top?.v ?? 0) + 1;
    await trx
      .insertInto('mapping_profiles')
      .values({ agency_id: agencyId, version, profile: JSON.stringify(profile), created_by: actor.label })
      .execute();
    const name = (profile as { name?: unknown }).name;
    await trx
      .insertInto('audit_log')
      .values({
        agency_id: agencyId,
        user_id: actor.userId,
        actor: actor.label,
        action: AUDIT_ACTIONS.profileSave,
        details: JSON.stringify({ version, name, files: Object.keys((profile as { files?: object }).files ?? {}) }),
      })
      .execute();
    return version;
  });
}
