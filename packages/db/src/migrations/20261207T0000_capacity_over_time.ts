import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Capacity over time (domain.md staff_periods.csv, capacity_reductions.csv,
 * workload_items.csv; metrics.md "Staff on a date", capacityHours, otherHours):
 * a member's spans of employment with a team and an FTE, time-limited reductions of
 * capacity, and non-case work. agency_id is first in every key; each table reaches
 * the agency through (agency_id, staff_id) → staff, so like the other child tables it
 * has no separate agency check. Changes bump the agency's data version (the same
 * statement-level triggers as every imported table), so no kept figure outlives them.
 */
const TABLES = ['staff_periods', 'capacity_reductions', 'workload_items'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table staff_periods (
      agency_id text not null,
      staff_id text not null,
      start_on date not null,
      end_on date check (end_on > start_on),
      caseload_fte double precision not null check (caseload_fte >= 0 and caseload_fte <= 1),
      team_id text,
      primary key (agency_id, staff_id, start_on),
      foreign key (agency_id, staff_id) references staff (agency_id, staff_id),
      foreign key (agency_id, team_id) references teams (agency_id, team_id)
    );

    create table capacity_reductions (
      agency_id text not null,
      reduction_id text not null,
      staff_id text not null,
      reason text not null check (reason in ('leave','training','new_staff','light_duty','union','special_assignment','other')),
      start_on date not null,
      end_on date check (end_on > start_on),
      percent double precision check (percent > 0 and percent <= 100),
      hours_per_month double precision check (hours_per_month > 0 and hours_per_month <= 200),
      note text check (char_length(note) <= 200),
      check ((percent is null) <> (hours_per_month is null)),
      primary key (agency_id, reduction_id),
      foreign key (agency_id, staff_id) references staff (agency_id, staff_id)
    );
    create index capacity_reductions_staff_idx on capacity_reductions (agency_id, staff_id, start_on);

    create table workload_items (
      agency_id text not null,
      item_id text not null,
      staff_id text not null,
      kind text not null check (kind in ('intake','on_call','court','group','training_others','committee','other')),
      start_on date not null,
      end_on date check (end_on > start_on),
      hours_per_month double precision not null check (hours_per_month > 0 and hours_per_month <= 200),
      primary key (agency_id, item_id),
      foreign key (agency_id, staff_id) references staff (agency_id, staff_id)
    );
    create index workload_items_staff_idx on workload_items (agency_id, staff_id, start_on);
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
  await sql`drop table workload_items; drop table capacity_reductions; drop table staff_periods;`.execute(db);
}
