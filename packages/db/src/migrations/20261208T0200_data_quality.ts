import { type Kysely, sql } from 'kysely';

/**
 * Frozen. The data-quality counts at each import (interfaces.md "Data quality"), so the
 * page and `cli report data-quality` can say how each check changed since the previous
 * import. One row per successful import, keyed by its audit entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table data_quality_counts (
      agency_id text not null references agencies (agency_id),
      audit_id bigint not null,
      as_of date not null,
      counts jsonb not null,
      primary key (agency_id, audit_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table data_quality_counts`.execute(db);
}
