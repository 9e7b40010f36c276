import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Month-end figures: the caseload trend's counts per (month end, program,
 * holder), computed once per (data version, settings version) of an agency, so a
 * trend over any period and filter reads staff × months rows instead of every
 * contact. Derived data: a build row exists only once all its figures are written (one
 * transaction), and a reader uses a build only when both versions are the agency's
 * current ones, so a figure is never read from data it was not computed from.
 * staff_id '' holds the clients with no holder on the day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table month_end_builds (
      agency_id text not null references agencies (agency_id),
      data_version bigint not null,
      settings_version integer not null,
      first_month_end date not null,
      last_month_end date not null,
      cells integer not null,
      built_at timestamptz not null default now(),
      primary key (agency_id, data_version, settings_version)
    );
    create table month_end_figures (
      agency_id text not null,
      data_version bigint not null,
      settings_version integer not null,
      month_end date not null,
      program_id text not null,
      staff_id text not null,
      clients integer not null,
      weighted_hours float8 not null,
      contact_due integer not null,
      contact_met integer not null,
      reassess_due integer not null,
      reassess_overdue integer not null,
      primary key (agency_id, data_version, settings_version, month_end, program_id, staff_id),
      foreign key (agency_id, data_version, settings_version)
        references month_end_builds (agency_id, data_version, settings_version) on delete cascade
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table month_end_figures; drop table month_end_builds;`.execute(db);
}
