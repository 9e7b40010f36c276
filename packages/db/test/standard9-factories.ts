/**
 * Factories for Standard 9 database tests: each inserts one row of one agency with
 * unique keys and sensible defaults; pass overrides for what a test is about.
 */
import type { Insertable, Kysely } from 'kysely';
import type {
  AssessmentTable,
  AssignmentTable,
  ClientTable,
  ContactTable,
  Database,
  ProgramTable,
  StaffTable,
  TeamTable,
} from '../src/index.ts';

type Without<T> = Omit<Insertable<T>, 'agency_id'>;

let seq = 0;
const nextId = (prefix: string) => `${prefix}${String(++seq).padStart(4, '0')}`;

export function factories(db: Kysely<Database>, agencyId: string) {
  return {
    async program(o: Partial<Without<ProgramTable>> = {}) {
      const row = { agency_id: agencyId, program_id: nextId('P'), name: 'Program', funder: null, ...o };
      await db.insertInto('programs').values(row).execute();
      return row;
    },
    async team(o: Partial<Without<TeamTable>> = {}) {
      const row = { agency_id: agencyId, team_id: nextId('T'), name: 'Team', supervisor_staff_id: null, ...o };
      await db.insertInto('teams').values(row).execute();
      return row;
    },
    async staff(o: Partial<Without<StaffTable>> = {}) {
      const row = {
        agency_id: agencyId,
        staff_id: nextId('S'),
        name: 'Case Manager',
        role: 'case_manager' as const,
        team_id: null,
        caseload_fte: 1,
        languages: ['en'],
        region: null,
        active: true,
        ...o,
      };
      await db.insertInto('staff').values(row).execute();
      return row;
    },
    async client(o: Partial<Without<ClientTable>> & { program_id: string }) {
      const row = { agency_id: agencyId, client_id: nextId('C'), enrolled_on: '2024-01-01', ...o };
      await db.insertInto('clients').values(row).execute();
      return row;
    },
    async assignment(o: Without<AssignmentTable>) {
      await db
        .insertInto('assignments')
        .values({ agency_id: agencyId, ...o })
        .execute();
      return o;
    },
    async assessment(o: Partial<Without<AssessmentTable>> & { client_id: string; assessed_on: string }) {
      const row = { agency_id: agencyId, assessment_id: nextId('A'), kind: 'reassessment' as const, ...o };
      await db.insertInto('assessments').values(row).execute();
      return row;
    },
    async contact(o: Partial<Without<ContactTable>> & { client_id: string; staff_id: string; occurred_on: string }) {
      const row = { agency_id: agencyId, contact_id: nextId('K'), mode: 'phone' as const, ...o };
      await db.insertInto('contacts').values(row).execute();
      return row;
    },
  };
}
