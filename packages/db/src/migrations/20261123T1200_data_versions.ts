import { type Kysely, sql } from 'kysely';

/**
 * Frozen. A per-agency data version, bumped in the same transaction as any change to
 * the agency's imported data (statement-level triggers with transition tables, so a
 * bulk insert of 5,000 rows bumps it once). Computed figures are cached under
 * (agency, data version, settings version): a figure read after a commit is never one
 * computed from the data before it. Settings are versioned by settings_versions and
 * are not counted here (a settings change must not wait on an import's row lock).
 */
const TABLES = [
  'programs',
  'teams',
  'providers',
  'staff',
  'clients',
  'assignments',
  'assessments',
  'contacts',
  'goals',
  'referrals',
  'survey_invitations',
  'survey_responses',
  'qa_reviews',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table data_versions (
      agency_id text not null references agencies (agency_id),
      version bigint not null,
      changed_at timestamptz not null default now(),
      primary key (agency_id)
    );

    create function bump_data_version_new() returns trigger language plpgsql as $$
    begin
      insert into data_versions as d (agency_id, version, changed_at)
        select distinct agency_id, 1, now() from new_rows
        on conflict (agency_id) do update set version = d.version + 1, changed_at = now();
      return null;
    end $$;

    create function bump_data_version_old() returns trigger language plpgsql as $$
    begin
      insert into data_versions as d (agency_id, version, changed_at)
        select distinct agency_id, 1, now() from old_rows
        on conflict (agency_id) do update set version = d.version + 1, changed_at = now();
      return null;
    end $$;

    create function bump_data_version_all() returns trigger language plpgsql as $$
    begin
      update data_versions set version = version + 1, changed_at = now();
      return null;
    end $$;
  `.execute(db);
  for (const t of TABLES) {
    await sql
      .raw(
        `create trigger ${t}_version_insert after insert on ${t} referencing new table as new_rows
           for each statement execute function bump_data_version_new();
         create trigger ${t}_version_update after update on ${t} referencing new table as new_rows
           for each statement execute function bump_data_version_new();
         create trigger ${t}_version_delete after delete on ${t} referencing old table as old_rows
           for each statement execute function bump_data_version_old();
         create trigger ${t}_version_truncate after truncate on ${t}
           for each statement execute function bump_data_version_all();`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) {
    await sql
      .raw(
        `drop trigger ${t}_version_insert on ${t}; drop trigger ${t}_version_update on ${t};
         drop trigger ${t}_version_delete on ${t}; drop trigger ${t}_version_truncate on ${t};`,
      )
      .execute(db);
  }
  await sql`
    drop function bump_data_version_new();
    drop function bump_data_version_old();
    drop function bump_data_version_all();
    drop table data_versions;
  `.execute(db);
}
