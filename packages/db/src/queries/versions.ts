/**
 * The versions a computed figure depends on: the agency's data version (bumped by
 * triggers in the transaction of every change to its imported data) and its current
 * settings version. Both are read in one round trip.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

export interface AgencyVersions {
  /** 0 before the first write of any imported data */
  data: string;
  /** 0 when the agency has no stored settings (defaults) */
  settings: number;
}

export async function agencyVersions(db: Kysely<Database>, agencyId: string): Promise<AgencyVersions> {
  const r = await sql<{ data: string; settings: number }>`
    select
      coalesce((select version from data_versions where agency_id = ${agencyId}), 0)::text as data,
      coalesce((select max(version) from settings_versions where agency_id = ${agencyId}), 0)::int as settings
  `.execute(db);
  const row = r.rows[0];
  return { data: row?.data ?? '0', settings: row?.settings ?? 0 };
}
