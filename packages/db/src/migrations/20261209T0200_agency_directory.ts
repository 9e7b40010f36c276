/**
 * Frozen. The agency directory: which PostgreSQL cluster holds each agency's rows (a
 * name the host maps to a connection URL, CASELOAD_CLUSTERS). Kept in the home
 * database (DATABASE_URL); an agency without a row lives there. Written by
 * `caseload tenant place` and switched by `caseload tenant move` (src/tenants.ts).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table agency_directory (
      agency_id text primary key check (agency_id ~ '^[A-Za-z0-9._:-]{1,64}$'),
      cluster text not null check (cluster ~ '^[a-z0-9_-]{1,40}$'),
      -- set while a move switches the agency to this cluster: read on cluster, no writes
      moving_to text check (moving_to ~ '^[a-z0-9_-]{1,40}$'),
      moved_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table agency_directory`.execute(db);
}
