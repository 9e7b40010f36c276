import { type Kysely, sql } from 'kysely';
import type { UserRole } from '@caseload/values';
import type { Database } from '../schema.ts';

/** A user as the application sees it: never the password hash. */
export interface UserRecord {
  agencyId: string;
  userId: string;
  email: string;
  role: UserRole;
  teamIds: string[];
  programIds: string[];
  staffId: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

const iso = (column: 'created_at' | 'updated_at') =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const USER_COLUMNS = [
  'agency_id',
  'user_id',
  'email',
  'role',
  'team_ids',
  'program_ids',
  'staff_id',
  'disabled',
  iso('created_at').as('created_at'),
  iso('updated_at').as('updated_at'),
] as const;

type UserRow = {
  agency_id: string;
  user_id: string;
  email: string;
  role: UserRole;
  team_ids: string[];
  program_ids: string[];
  staff_id: string | null;
  disabled: boolean;
  created_at: string;
  updated_at: string;
};

function toUser(row: UserRow): UserRecord {
  return {
    agencyId: row.agency_id,
    userId: row.user_id,
    email: row.email,
    role: row.role,
    teamIds: row.team_ids,
    programIds: row.program_ids,
    staffId: row.staff_id,
    disabled: row.disabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Looks a user up by email for sign-in. Emails are unique across agencies
 * (case-insensitively): the directory (user_directory) names the tenant, then the
 * user is read within it, a lookup that stays on one shard of a distributed database.
 */
export async function findUserForLogin(db: Kysely<Database>, email: string): Promise<(UserRecord & { passwordHash: string }) | undefined> {
  const lower = email.toLowerCase();
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('agency_id', '=', db.selectFrom('user_directory').select('agency_id').where('email', '=', lower))
    .where(sql<boolean>`lower(email) = ${lower}`)
    .executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
}

export async function findUser(db: Kysely<Database>, agencyId: string, userId: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function findUserByEmail(db: Kysely<Database>, agencyId: string, email: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('agency_id', '=', agencyId)
    .where(sql<boolean>`lower(email) = lower(${email})`)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** True when any agency already has a user with this email (emails are unique across agencies). */
export async function emailTaken(db: Kysely<Database>, email: string): Promise<boolean> {
  const row = await db.selectFrom('user_directory').select('agency_id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

export async function listUsers(db: Kysely<Database>, agencyId: string): Promise<UserRecord[]> {
  const rows = await db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('agency_id', '=', agencyId)
    .orderBy(sql`lower(email)`)
    .execute();
  return rows.map(toUser);
}

export interface NewUserRecord {
  agencyId: string;
  userId: string;
  email: string;
  role: UserRole;
  teamIds: string[];
  programIds: string[];
  staffId: string | null;
  passwordHash: string;
}

/** Adds a user and its sign-in directory entry, in one transaction. */
export async function insertUser(db: Kysely<Database>, user: NewUserRecord): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => insertUser(trx, user));
    return;
  }
  await db.insertInto('user_directory').values({ email: user.email.toLowerCase(), agency_id: user.agencyId }).execute();
  await db
    .insertInto('users')
    .values({
      agency_id: user.agencyId,
      user_id: user.userId,
      email: user.email,
      role: user.role,
      team_ids: user.teamIds,
      program_ids: user.programIds,
      staff_id: user.staffId,
      password_hash: user.passwordHash,
    })
    .execute();
}

/** Updates role and scope (team, program and staff links) of an existing user. */
export async function updateUserScope(
  db: Kysely<Database>,
  agencyId: string,
  userId: string,
  scope: { role: UserRole; teamIds: string[]; programIds: string[]; staffId: string | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      role: scope.role,
      team_ids: scope.teamIds,
      program_ids: scope.programIds,
      staff_id: scope.staffId,
      updated_at: sql`now()`,
    })
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .execute();
}

/** Returns false when no such user exists in the agency. */
export async function setUserDisabled(db: Kysely<Database>, agencyId: string, userId: string, disabled: boolean): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ disabled, updated_at: sql`now()` })
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Returns false when no such user exists in the agency. */
export async function setUserPasswordHash(db: Kysely<Database>, agencyId: string, userId: string, passwordHash: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: sql`now()` })
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
