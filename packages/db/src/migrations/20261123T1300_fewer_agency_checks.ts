import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Drops the foreign key agency_id → agencies of the tables whose rows also
 * reference a parent of the same agency through a NOT NULL composite key
 * (agency_id, client_id) → clients or (agency_id, program_id) → programs: that parent
 * already references the agency, so the check is implied, and it cost a lookup and a
 * row lock on the one agencies row for every imported row (1.8 million of them for the
 * contacts of a large agency). Every table keeps agency_id first in its primary key
 * and in every foreign key; the parents (programs, teams, providers, staff) and the
 * system tables keep their direct reference.
 */
const IMPLIED: ReadonlyArray<readonly [table: string, through: string]> = [
  ['clients', 'programs'],
  ['assignments', 'clients'],
  ['assessments', 'clients'],
  ['contacts', 'clients'],
  ['goals', 'clients'],
  ['referrals', 'clients'],
  ['survey_invitations', 'clients'],
  ['survey_responses', 'programs'],
  ['qa_reviews', 'clients'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table] of IMPLIED) {
    await sql.raw(`alter table ${table} drop constraint ${table}_agency_id_fkey`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of IMPLIED) {
    await sql
      .raw(`alter table ${table} add constraint ${table}_agency_id_fkey foreign key (agency_id) references agencies (agency_id)`)
      .execute(db);
  }
}
