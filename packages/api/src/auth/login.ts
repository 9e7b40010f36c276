import {
  AUDIT_ACTIONS,
  type Database,
  deleteExpiredSessions,
  deleteSession,
  findSessionWithUser,
  findUserForLogin,
  writeAudit,
} from '@caseload/db';
import type { Kysely } from 'kysely';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { defaultSessionPolicy, hashSessionToken, type SessionPolicy, startSession } from './sessions.ts';
import type { LoginThrottle } from './throttle.ts';

export interface LoginDeps {
  throttle: LoginThrottle;
  now: () => Date;
  policy?: SessionPolicy;
}

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string; agencyId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Signs a person in. Wrong password, unknown email and disabled account all answer
 * the same ('invalid'), and take about the same time. Failures and successes are
 * audited in the user's agency; an unknown email has no agency to audit in, so it
 * only counts toward the throttle.
 */
export async function login(
  db: Kysely<Database>,
  input: { email: string; password: string; ip: string | null },
  deps: LoginDeps,
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const now = deps.now();
  const policy = deps.policy ?? defaultSessionPolicy;
  const user = await findUserForLogin(db, email);

  const gate = deps.throttle.check(email, input.ip, now);
  if (gate.blocked) {
    if (user) {
      await writeAudit(db, {
        agencyId: user.agencyId,
        userId: user.userId,
        actor: user.email,
        action: AUDIT_ACTIONS.loginFailure,
        details: { email, ip: input.ip, reason: 'throttled', retryAfterSeconds: gate.retryAfterSeconds },
        at: now,
      });
    }
    return { ok: false, reason: 'throttled', retryAfterSeconds: gate.retryAfterSeconds };
  }

  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk || user.disabled) {
    deps.throttle.recordFailure(email, input.ip, now);
    if (user) {
      await writeAudit(db, {
        agencyId: user.agencyId,
        userId: user.userId,
        actor: user.email,
        action: AUDIT_ACTIONS.loginFailure,
        details: { email, ip: input.ip, reason: passwordOk ? 'disabled' : 'wrong_password' },
        at: now,
      });
    }
    return { ok: false, reason: 'invalid' };
  }

  deps.throttle.recordSuccess(email);
  // housekeeping: sessions that can no longer be used are removed at each sign-in
  await deleteExpiredSessions(db, now, policy.idleMs);
  const session = await startSession(db, user, now, policy);
  await writeAudit(db, {
    agencyId: user.agencyId,
    userId: user.userId,
    actor: user.email,
    action: AUDIT_ACTIONS.loginSuccess,
    details: { ip: input.ip },
    at: now,
  });
  return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: user.userId, agencyId: user.agencyId };
}

/** Ends the session of this token (if any) and audits it. Returns whether one ended. */
export async function logout(db: Kysely<Database>, token: string | null, now: Date): Promise<boolean> {
  if (!token) return false;
  const tokenHash = hashSessionToken(token);
  const session = await findSessionWithUser(db, tokenHash);
  if (!session) return false;
  await deleteSession(db, tokenHash);
  await writeAudit(db, {
    agencyId: session.agencyId,
    userId: session.userId,
    actor: session.email,
    action: AUDIT_ACTIONS.logout,
    details: {},
    at: now,
  });
  return true;
}
