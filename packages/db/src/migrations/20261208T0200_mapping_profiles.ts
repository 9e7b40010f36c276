import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Mapping profiles (interfaces.md "Getting an agency's data in"): how an
 * agency's own export becomes the import files. Versioned per agency: a save adds a
 * version, never changes one, so every import can say which profile read it; the
 * highest version is the active one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table mapping_profiles (
      agency_id text not null references agencies (agency_id),
      version integer not null check (version >= 1),
      profile jsonb not null,
      created_at timestamptz not null default now(),
      created_by text not null,
      primary key (agency_id, version)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table mapping_profiles`.execute(db);
}
