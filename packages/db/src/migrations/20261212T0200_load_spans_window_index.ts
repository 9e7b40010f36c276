import { type Kysely, sql } from 'kysely';

/**
 * Frozen. The load spans' index by end day carries every column the one-day Standard 9
 * reports read (caseloadSpans.ts): the holder, tier, program, client, enrolment and
 * assessment days. The spans in force on a day, or ending inside the caseload report's
 * 90 days, are then read from the index alone (three ranges of it) instead of a table row
 * per span. Same key columns as client_load_spans_end_idx, which it replaces, so every
 * query that used that index can use this one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index client_load_spans_window_idx on client_load_spans (agency_id, end_on, start_on)
      include (staff_id, tier, program_id, client_id, enrolled_on, assessed_on);
    drop index client_load_spans_end_idx;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create index client_load_spans_end_idx on client_load_spans (agency_id, end_on, start_on);
    drop index client_load_spans_window_idx;
  `.execute(db);
}
