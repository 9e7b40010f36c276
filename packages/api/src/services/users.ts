import { randomUUID } from 'node:crypto';
import {
  AUDIT_ACTIONS,
  type Database,
  deleteUserSessions,
  emailTaken,
  findAgency,
  findUser,
  insertUser,
  setUserDisabled,
  setUserPasswordHash,
  type UserRecord,
  writeAudit,
} from '@caseload/db';
import { type UserRole } from '@caseload/values';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';
import { ServiceError } from '../errors.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../schemas.ts';

/** Who is making the change: a signed-in user, or the command line. */
export interface Actor {
  userId: string | null;
  /** the user's email, or 'cli' */
  actor: string;
}

export interface NewUserInput {
  email: string;
  role: UserRole;
  teamIds: string[];
  programIds: string[];
  staffId: string | null;
  password: string;
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new ServiceError('BAD_REQUEST', `A password must be at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new ServiceError('BAD_REQUEST', `A password must be at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
  if (password.trim().length === 0) throw new ServiceError('BAD_REQUEST', 'A password cannot be only spaces.');
}

/** The ids in `ids` that the agency does not have. */
async function missingIds(db: Kysely<Database>, agencyId: string, kind: 'team' | 'program' | 'staff', ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows =
    kind === 'team'
      ? await db.selectFrom('teams').select('team_id as id').where('agency_id', '=', agencyId).where('team_id', 'in', ids).execute()
      : kind === 'program'
        ? await db
            .selectFrom('programs')
            .select('program_id as id')
            .where('agency_id', '=', agencyId)
            .where('program_id', 'in', ids)
            .execute()
        : await db.selectFrom('staff').select('staff_id as id').where('agency_id', '=', agencyId).where('staff_id', 'in', ids).execute();
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/**
 * Each role's scope must be present and only its own kind: a supervisor has teams,
 * a program manager programs, a case manager a staff record; other roles none.
 */
function checkScopeShape(input: Pick<NewUserInput, 'role' | 'teamIds' | 'programIds' | 'staffId'>): void {
  const { role, teamIds, programIds, staffId } = input;
  if (role === 'supervisor' && teamIds.length === 0) {
    throw new ServiceError('BAD_REQUEST', 'A supervisor needs at least one team (--teams a;b).');
  }
  if (role === 'program_manager' && programIds.length === 0) {
    throw new ServiceError('BAD_REQUEST', 'A program manager needs at least one program (--programs x;y).');
  }
  if (role === 'case_manager' && !staffId) {
    throw new ServiceError('BAD_REQUEST', 'A case manager must be linked to their staff record (--staff ID).');
  }
  if (role !== 'supervisor' && teamIds.length > 0) {
    throw new ServiceError('BAD_REQUEST', `Only supervisors are given teams; a ${role} sees by role.`);
  }
  if (role !== 'program_manager' && programIds.length > 0) {
    throw new ServiceError('BAD_REQUEST', `Only program managers are given programs; a ${role} sees by role.`);
  }
  if (role !== 'case_manager' && staffId) {
    throw new ServiceError('BAD_REQUEST', `Only case managers are linked to a staff record; a ${role} sees by role.`);
  }
}

/** Creates a user after checking their scope exists in the agency; audited. */
export async function createUser(
  db: Kysely<Database>,
  agencyId: string,
  input: NewUserInput,
  actor: Actor,
  now: Date,
): Promise<UserRecord> {
  if (!(await findAgency(db, agencyId))) throw new ServiceError('NOT_FOUND', `There is no agency ${agencyId}.`);
  const email = input.email.trim().toLowerCase();
  const teamIds = [...new Set(input.teamIds)];
  const programIds = [...new Set(input.programIds)];
  const scope = { role: input.role, teamIds, programIds, staffId: input.staffId };
  checkScopeShape(scope);
  checkPassword(input.password);
  const unknown = [
    ...(await missingIds(db, agencyId, 'team', teamIds)).map((id) => `team ${id}`),
    ...(await missingIds(db, agencyId, 'program', programIds)).map((id) => `program ${id}`),
    ...(await missingIds(db, agencyId, 'staff', input.staffId ? [input.staffId] : [])).map((id) => `staff ${id}`),
  ];
  if (unknown.length) throw new ServiceError('BAD_REQUEST', `Agency ${agencyId} has no ${unknown.join(', ')}.`);
  if (await emailTaken(db, email)) throw new ServiceError('CONFLICT', `A user with the email ${email} already exists.`);

  const userId = randomUUID();
  const passwordHash = await hashPassword(input.password);
  await insertUser(db, { agencyId, userId, email, ...scope, passwordHash });
  await writeAudit(db, {
    agencyId,
    userId: actor.userId,
    actor: actor.actor,
    action: AUDIT_ACTIONS.userCreate,
    details: { targetUserId: userId, email, ...scope },
    at: now,
  });
  const created = await findUser(db, agencyId, userId);
  if (!created) throw new Error('user vanished after insert');
  return created;
}

/** Sets a new password and signs the user out everywhere; audited (never the password). */
export async function resetUserPassword(
  db: Kysely<Database>,
  agencyId: string,
  userId: string,
  password: string,
  actor: Actor,
  now: Date,
): Promise<{ sessionsEnded: number }> {
  checkPassword(password);
  const user = await findUser(db, agencyId, userId);
  if (!user) throw new ServiceError('NOT_FOUND', 'There is no such user in your agency.');
  await setUserPasswordHash(db, agencyId, userId, await hashPassword(password));
  const sessionsEnded = await deleteUserSessions(db, agencyId, userId);
  await writeAudit(db, {
    agencyId,
    userId: actor.userId,
    actor: actor.actor,
    action: AUDIT_ACTIONS.userResetPassword,
    details: { targetUserId: userId, email: user.email, sessionsEnded },
    at: now,
  });
  return { sessionsEnded };
}

/** Disables (and signs out everywhere) or re-enables a user; audited with old and new values. */
export async function setUserDisabledState(
  db: Kysely<Database>,
  agencyId: string,
  userId: string,
  disabled: boolean,
  actor: Actor,
  now: Date,
): Promise<UserRecord> {
  if (disabled && actor.userId === userId) {
    throw new ServiceError('BAD_REQUEST', 'You cannot disable your own account; ask another administrator.');
  }
  const before = await findUser(db, agencyId, userId);
  if (!before) throw new ServiceError('NOT_FOUND', 'There is no such user in your agency.');
  await setUserDisabled(db, agencyId, userId, disabled);
  const sessionsEnded = disabled ? await deleteUserSessions(db, agencyId, userId) : 0;
  await writeAudit(db, {
    agencyId,
    userId: actor.userId,
    actor: actor.actor,
    action: disabled ? AUDIT_ACTIONS.userDisable : AUDIT_ACTIONS.userEnable,
    details: { targetUserId: userId, email: before.email, old: { disabled: before.disabled }, new: { disabled }, sessionsEnded },
    at: now,
  });
  const after = await findUser(db, agencyId, userId);
  if (!after) throw new Error('user vanished after update');
  return after;
}
