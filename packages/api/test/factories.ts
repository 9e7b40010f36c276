/**
 * Test factories: each inserts one row with unique keys (override what the test is
 * about, take defaults for the rest). Tests run on a fresh database per file.
 */
import { randomBytes } from 'node:crypto';
import { createAgency, type Database } from '@caseload/db';
import { type UserRole } from '@caseload/values';
import { defaultSettings, type Settings } from '@caseload/metrics';
import type { Kysely } from 'kysely';
import type { Caller } from '../src/access.ts';
import { hashPassword } from '../src/auth/passwords.ts';

let seq = 0;
const run = randomBytes(3).toString('hex');
/** a key no other factory call in this process returns */
export function uniqueId(prefix: string): string {
  seq += 1;
  return `${prefix}-${run}-${seq}`;
}

type DB = Kysely<Database>;

export async function makeAgency(
  db: DB,
  overrides: { agencyId?: string; name?: string; settings?: Partial<Settings> } = {},
): Promise<string> {
  const agencyId = overrides.agencyId ?? uniqueId('agency');
  await createAgency(db, {
    agencyId,
    name: overrides.name ?? `Agency ${agencyId}`,
    settings: { ...defaultSettings, ...overrides.settings },
  });
  return agencyId;
}

export async function makeProgram(db: DB, agencyId: string, overrides: { programId?: string; name?: string } = {}) {
  const programId = overrides.programId ?? uniqueId('prog');
  await db
    .insertInto('programs')
    .values({ agency_id: agencyId, program_id: programId, name: overrides.name ?? `Program ${programId}`, funder: null })
    .execute();
  return programId;
}

export async function makeTeam(db: DB, agencyId: string, overrides: { teamId?: string; name?: string } = {}) {
  const teamId = overrides.teamId ?? uniqueId('team');
  await db
    .insertInto('teams')
    .values({ agency_id: agencyId, team_id: teamId, name: overrides.name ?? `Team ${teamId}`, supervisor_staff_id: null })
    .execute();
  return teamId;
}

export async function makeStaff(
  db: DB,
  agencyId: string,
  overrides: {
    staffId?: string;
    name?: string;
    role?: 'case_manager' | 'supervisor' | 'program_manager' | 'director' | 'other';
    teamId?: string | null;
    caseloadFte?: number;
    active?: boolean;
  } = {},
) {
  const staffId = overrides.staffId ?? uniqueId('staff');
  await db
    .insertInto('staff')
    .values({
      agency_id: agencyId,
      staff_id: staffId,
      name: overrides.name ?? `Name ${staffId}`,
      role: overrides.role ?? 'case_manager',
      team_id: overrides.teamId ?? null,
      caseload_fte: overrides.caseloadFte ?? 1,
      languages: ['en'],
      region: null,
      active: overrides.active ?? true,
    })
    .execute();
  return staffId;
}

export async function makeClient(
  db: DB,
  agencyId: string,
  overrides: { clientId?: string; programId: string; enrolledOn?: string; closedOn?: string | null },
) {
  const clientId = overrides.clientId ?? uniqueId('client');
  await db
    .insertInto('clients')
    .values({
      agency_id: agencyId,
      client_id: clientId,
      program_id: overrides.programId,
      enrolled_on: overrides.enrolledOn ?? '2024-01-01',
      closed_on: overrides.closedOn ?? null,
      birth_year: 1940,
      county: null,
      primary_language: 'en',
      region: null,
    })
    .execute();
  return clientId;
}

export async function assign(db: DB, agencyId: string, a: { clientId: string; staffId: string; startOn?: string; endOn?: string | null }) {
  await db
    .insertInto('assignments')
    .values({
      agency_id: agencyId,
      client_id: a.clientId,
      staff_id: a.staffId,
      start_on: a.startOn ?? '2024-01-01',
      end_on: a.endOn ?? null,
    })
    .execute();
}

export async function makeAssessment(
  db: DB,
  agencyId: string,
  a: { clientId: string; assessedOn?: string; acuityTier?: number | null; assessmentId?: string },
) {
  const assessmentId = a.assessmentId ?? uniqueId('asmt');
  await db
    .insertInto('assessments')
    .values({
      agency_id: agencyId,
      assessment_id: assessmentId,
      client_id: a.clientId,
      assessed_on: a.assessedOn ?? '2024-06-01',
      kind: 'initial',
      adl_deficits: null,
      iadl_deficits: null,
      cognitive_impairment: null,
      lives_alone: null,
      recent_hospitalization: null,
      aps_involvement: null,
      behavioral_health: null,
      acuity_tier: a.acuityTier ?? 2,
    })
    .execute();
  return assessmentId;
}

export async function makeContact(
  db: DB,
  agencyId: string,
  c: { clientId: string; staffId: string; occurredOn: string; mode?: 'home_visit' | 'office_visit' | 'phone' | 'video' | 'collateral' },
) {
  const contactId = uniqueId('contact');
  await db
    .insertInto('contacts')
    .values({
      agency_id: agencyId,
      contact_id: contactId,
      client_id: c.clientId,
      staff_id: c.staffId,
      occurred_on: c.occurredOn,
      mode: c.mode ?? 'home_visit',
      minutes: 30,
    })
    .execute();
  return contactId;
}

/**
 * A caseload: `count` active clients of `programId`, held by `staffId` since
 * 2024-01-01, each assessed at `tier` on 2024-06-01. Returns the client ids.
 */
export async function makeCaseload(
  db: DB,
  agencyId: string,
  c: { staffId: string; programId: string; count: number; tier?: number },
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < c.count; i++) {
    const clientId = await makeClient(db, agencyId, { programId: c.programId });
    await assign(db, agencyId, { clientId, staffId: c.staffId });
    await makeAssessment(db, agencyId, { clientId, acuityTier: c.tier ?? 2 });
    ids.push(clientId);
  }
  return ids;
}

export const TEST_PASSWORD = 'correct horse battery staple';
let testHash: Promise<string> | undefined;

/** A user row (password TEST_PASSWORD) and the Caller its session would resolve to. */
export async function makeUser(
  db: DB,
  agencyId: string,
  overrides: {
    role: UserRole;
    email?: string;
    teamIds?: string[];
    programIds?: string[];
    staffId?: string | null;
    disabled?: boolean;
  },
): Promise<Caller> {
  testHash ??= hashPassword(TEST_PASSWORD);
  const userId = uniqueId('user');
  const email = overrides.email ?? `${userId}@example.org`;
  await db.insertInto('user_directory').values({ email: email.toLowerCase(), agency_id: agencyId }).execute();
  await db
    .insertInto('users')
    .values({
      agency_id: agencyId,
      user_id: userId,
      email,
      role: overrides.role,
      team_ids: overrides.teamIds ?? [],
      program_ids: overrides.programIds ?? [],
      staff_id: overrides.staffId ?? null,
      password_hash: await testHash,
      disabled: overrides.disabled ?? false,
    })
    .execute();
  const agency = await db.selectFrom('agencies').select('name').where('agency_id', '=', agencyId).executeTakeFirstOrThrow();
  return {
    userId,
    email,
    role: overrides.role,
    agencyId,
    agencyName: agency.name,
    teamIds: overrides.teamIds ?? [],
    programIds: overrides.programIds ?? [],
    staffId: overrides.staffId ?? null,
  };
}
