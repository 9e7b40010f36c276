/**
 * Frozen. Two of the changes docs/scaling.md lists for a multi-agency host and for Citus:
 *
 * - audit ids are bigint: the one identity sequence all agencies share would otherwise
 *   run out at 2.1 billion audited views (and Citus wants bigint sequences anyway). The
 *   data-quality counts that name an audit row follow.
 * - sign-in by email reads a directory, `user_directory (email → agency_id)`, written in
 *   the transaction that adds the user; it keeps emails unique across agencies. The
 *   global unique index on users' emails gives way to one per agency, so `users` no
 *   longer has a unique index without agency_id (on Citus the directory is a reference
 *   table, and `users` is distributed by agency_id like every other table).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_log alter column audit_id type bigint;
    alter table data_quality_counts alter column audit_id type bigint;

    create table user_directory (
      email text primary key check (email = lower(email)),
      agency_id text not null references agencies (agency_id)
    );
    insert into user_directory (email, agency_id) select lower(email), agency_id from users;
    create unique index users_agency_email_idx on users (agency_id, lower(email));
    drop index users_email_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unique index users_email_idx on users (lower(email));
    drop index users_agency_email_idx;
    drop table user_directory;
    alter table data_quality_counts alter column audit_id type integer;
    alter table audit_log alter column audit_id type integer;
  `.execute(db);
}
