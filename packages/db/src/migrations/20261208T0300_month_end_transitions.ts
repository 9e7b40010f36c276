import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Month-end transitions, stored with the month-end figures of a build: per
 * (month end, program), the clients going from their state on the month end before
 * (a tier, 'unassessed', or 'entry' when not active then) to their state on it (or
 * 'exit'). The staffing forecast reads its state counts, transitions and entries from
 * them. Builds made before this table existed have none, so they are removed (derived
 * data: the next build writes figures and transitions together).
 *
 * Forecast scenarios: a director's named what-if inputs (intake change, hires,
 * departures, target, tier hours), saved only when asked; one name per agency.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table month_end_transitions (
      agency_id text not null,
      data_version bigint not null,
      settings_version integer not null,
      month_end date not null,
      program_id text not null,
      from_state text not null check (from_state in ('1', '2', '3', '4', 'unassessed', 'entry')),
      to_state text not null check (to_state in ('1', '2', '3', '4', 'unassessed', 'exit')),
      clients integer not null,
      primary key (agency_id, data_version, settings_version, month_end, program_id, from_state, to_state),
      foreign key (agency_id, data_version, settings_version)
        references month_end_builds (agency_id, data_version, settings_version) on delete cascade
    );
    delete from month_end_builds;
    create table forecast_scenarios (
      agency_id text not null references agencies (agency_id),
      name text not null check (length(name) between 1 and 80),
      inputs jsonb not null,
      saved_by text,
      saved_at timestamptz not null default now(),
      primary key (agency_id, name)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table forecast_scenarios; drop table month_end_transitions;`.execute(db);
}
