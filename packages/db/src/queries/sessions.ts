import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { UserRole } from '@caseload/values';
import { preparedStatement } from '../prepared.ts';
import type { Database } from '../schema.ts';
import { type AgencyVersions, dataVersionOf, settingsVersionOf } from './versions.ts';

/**
 * Sessions are stored by the SHA-256 hash of their token only; the token itself
 * lives in the browser's cookie. Times travel as epoch milliseconds (float8) so both
 * drivers agree and callers can compare them with an injected clock.
 */
export interface SessionWithUser {
  tokenHash: string;
  agencyId: string;
  agencyName: string;
  userId: string;
  email: string;
  role: UserRole;
  teamIds: string[];
  programIds: string[];
  staffId: string | null;
  disabled: boolean;
  createdAtMs: number;
  lastSeenAtMs: number;
  expiresAtMs: number;
  /** the agency's data and settings versions, read in the same statement (services/cache.ts keys) */
  versions: AgencyVersions;
}

export async function insertSession(
  db: Kysely<Database>,
  session: { tokenHash: string; agencyId: string; userId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      agency_id: session.agencyId,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

const epochMs = (column: string) => sql<number>`(extract(epoch from ${sql.ref(column)}) * 1000)::float8`;

function sessionWithUserQuery(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', (j) => j.onRef('u.agency_id', '=', 's.agency_id').onRef('u.user_id', '=', 's.user_id'))
    .innerJoin('agencies as a', 'a.agency_id', 's.agency_id')
    .select([
      's.token_hash',
      's.agency_id',
      'a.name as agency_name',
      's.user_id',
      'u.email',
      'u.role',
      'u.team_ids',
      'u.program_ids',
      'u.staff_id',
      'u.disabled',
      epochMs('s.created_at').as('created_ms'),
      epochMs('s.last_seen_at').as('last_seen_ms'),
      epochMs('s.expires_at').as('expires_ms'),
      dataVersionOf(sql.ref('s.agency_id')).as('data_version'),
      settingsVersionOf(sql.ref('s.agency_id')).as('settings_version'),
    ])
    .where('s.token_hash', '=', tokenHash);
}
type SessionWithUserRow = Awaited<ReturnType<ReturnType<typeof sessionWithUserQuery>['executeTakeFirstOrThrow']>>;

/** The session lookup's SQL text (its one parameter is the token's hash): compiled once, sent as a prepared statement. */
let sessionWithUserText: string | null = null;

/**
 * The session, its user and agency, and the agency's versions: the statement every
 * request runs, compiled once and sent by name (prepared.ts) so that PostgreSQL plans it
 * once per connection.
 */
export async function findSessionWithUser(db: Kysely<Database>, tokenHash: string): Promise<SessionWithUser | undefined> {
  if (sessionWithUserText === null) {
    const compiled = sessionWithUserQuery(db, tokenHash).compile();
    if (compiled.parameters.length !== 1) throw new Error('the session lookup must have exactly one parameter, the token hash');
    sessionWithUserText = compiled.sql;
    preparedStatement(sessionWithUserText);
  }
  const result = await db.executeQuery<SessionWithUserRow>(CompiledQuery.raw(sessionWithUserText, [tokenHash]));
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    tokenHash: row.token_hash,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    userId: row.user_id,
    email: row.email,
    role: row.role,
    teamIds: row.team_ids,
    programIds: row.program_ids,
    staffId: row.staff_id,
    disabled: row.disabled,
    createdAtMs: row.created_ms,
    lastSeenAtMs: row.last_seen_ms,
    expiresAtMs: row.expires_ms,
    versions: { data: row.data_version, settings: row.settings_version },
  };
}

/** Slides the idle window: records that the session was just used. */
export async function touchSession(db: Kysely<Database>, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<boolean> {
  const r = await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Signs a user out everywhere (disabled account, password reset). Returns how many sessions ended. */
export async function deleteUserSessions(db: Kysely<Database>, agencyId: string, userId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('agency_id', '=', agencyId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Removes sessions past their absolute expiry or idle longer than idleMs. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date, idleMs: number): Promise<number> {
  const idleCutoff = new Date(now.getTime() - idleMs);
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countUserSessions(db: Kysely<Database>, agencyId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('agency_id', '=', agencyId)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.n;
}
