import { createHash, randomBytes } from 'node:crypto';
import { AgencyMovingError, type Database, deleteSession, findSessionWithUser, insertSession, touchSession } from '@caseload/db';
import type { Kysely } from 'kysely';
import type { Caller } from '../access.ts';
import { knownRequestVersions } from '../services/cache.ts';

export interface SessionPolicy {
  /** a session unused this long ends (sliding) */
  idleMs: number;
  /** a session ends this long after sign-in, however active */
  absoluteMs: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 };

/** last_seen_at is written at most this often, so every request is not a write */
const TOUCH_EVERY_MS = 60_000;

export const SESSION_COOKIE = 'cm_session';

/** 32 random bytes, base64url: 43 characters. */
function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Only this hash is stored; a leaked sessions table does not sign anyone in. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(
  db: Kysely<Database>,
  user: { agencyId: string; userId: string },
  now: Date,
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + policy.absoluteMs);
  await insertSession(db, {
    tokenHash: hashSessionToken(token),
    agencyId: user.agencyId,
    userId: user.userId,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/**
 * A session's housekeeping writes wait while the agency moves between clusters
 * (CASELOAD_CLUSTERS): the session is read and used as it is, its reads go on.
 */
function whileMoving(error: unknown): void {
  if (!(error instanceof AgencyMovingError)) throw error;
}

/**
 * The caller a session token stands for, or null. Ends (deletes) sessions that are
 * past their absolute expiry, idle too long, or belong to a disabled user; slides
 * the idle window of a live one.
 */
export async function resolveSession(
  db: Kysely<Database>,
  token: string | null | undefined,
  now: Date,
  policy: SessionPolicy = defaultSessionPolicy,
): Promise<Caller | null> {
  if (!token || !TOKEN_SHAPE.test(token)) return null;
  const tokenHash = hashSessionToken(token);
  const s = await findSessionWithUser(db, tokenHash);
  if (!s) return null;
  const t = now.getTime();
  const expired = t >= s.expiresAtMs || t >= s.createdAtMs + policy.absoluteMs || t - s.lastSeenAtMs >= policy.idleMs;
  if (expired || s.disabled) {
    await deleteSession(db, tokenHash).catch(whileMoving);
    return null;
  }
  if (t - s.lastSeenAtMs >= TOUCH_EVERY_MS) await touchSession(db, tokenHash, now).catch(whileMoving);
  knownRequestVersions(s.agencyId, s.versions);
  return {
    userId: s.userId,
    email: s.email,
    role: s.role,
    agencyId: s.agencyId,
    agencyName: s.agencyName,
    teamIds: s.teamIds,
    programIds: s.programIds,
    staffId: s.staffId,
  };
}

/** Parses a Cookie header into name → value (first value wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

export function sessionTokenFromCookie(header: string | undefined): string | null {
  return parseCookies(header).get(SESSION_COOKIE) ?? null;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it),
 * Secure when the request came over HTTPS, Path=/, and Max-Age = the absolute
 * lifetime so the browser forgets it when the server would refuse it anyway.
 */
export function sessionCookie(token: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.floor(opts.maxAgeSeconds)}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(opts: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(opts.secure ? ['Secure'] : [])].join('; ');
}
