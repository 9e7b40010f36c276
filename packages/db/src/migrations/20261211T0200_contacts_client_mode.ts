import { type Kysely, sql } from 'kysely';

/**
 * Frozen. The contacts-by-client index carries each contact's mode. A one-day Standard 9
 * report for a past day looks up, per active client whose stored latest contact lies
 * after that day, the latest contact (of any kind, and face to face) on or before it
 * (caseloadSpans.ts clientFlags); with the mode in the index those look-ups read the
 * index alone instead of a table row per contact they pass. Same key columns, so every
 * query that used the index can still use it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    drop index contacts_client_idx;
    create index contacts_client_idx on contacts (agency_id, client_id, occurred_on) include (mode);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index contacts_client_idx;
    create index contacts_client_idx on contacts (agency_id, client_id, occurred_on);
  `.execute(db);
}
