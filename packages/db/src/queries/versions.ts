/**
 * The versions a computed figure depends on: the agency's data version (bumped by
 * triggers in the transaction of every change to its imported data) and its current
 * settings version. Both are read in one round trip, and on every signed-in request
 * together with the session (sessions.ts findSessionWithUser).
 */
import { type Expression, type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

export interface AgencyVersions {
  /** 0 before the first write of any imported data */
  data: string;
  /** 0 when the agency has no stored settings (defaults) */
  settings: number;
}

/** The data version of the agency whose id is `agencyId` (a value or a column), as text. */
export function dataVersionOf(agencyId: Expression<string>) {
  return sql<string>`coalesce((select dv.version from data_versions dv where dv.agency_id = ${agencyId}), 0)::text`;
}

/** The current settings version of the agency whose id is `agencyId` (a value or a column). */
export function settingsVersionOf(agencyId: Expression<string>) {
  return sql<number>`coalesce((select max(sv.version) from settings_versions sv where sv.agency_id = ${agencyId}), 0)::int`;
}

export async function agencyVersions(db: Kysely<Database>, agencyId: string): Promise<AgencyVersions> {
  const id = sql.val(agencyId);
  const r = await sql<{ data: string; settings: number }>`
    select ${dataVersionOf(id)} as data, ${settingsVersionOf(id)} as settings
  `.execute(db);
  const row = r.rows[0];
  return { data: row?.data ?? '0', settings: row?.settings ?? 0 };
}
