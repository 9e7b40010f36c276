import { countUserSessions, type DbHandle, listAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword, verifyPassword } from '../src/auth/passwords.ts';
import { login, logout } from '../src/auth/login.ts';
import { hashSessionToken, parseCookies, resolveSession, sessionCookie } from '../src/auth/sessions.ts';
import { LoginThrottle } from '../src/auth/throttle.ts';
import { makeAgency, makeUser, TEST_PASSWORD } from './factories.ts';

const MIN = 60_000;
const T0 = new Date('2025-03-03T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('passwords', () => {
  test('are hashed with Argon2id (19 MiB, 2 passes) and verify only the right one', async () => {
    const h = await hashPassword('a perfectly fine passphrase');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'a perfectly fine passphrase')).toBe(true);
    expect(await verifyPassword(h, 'a perfectly fine passphrasE')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('LoginThrottle', () => {
  test('blocks the 6th attempt for an email after 5 failures in 15 minutes, until the first failure ages out', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 5; i++) {
      expect(t.check('a@x.org', '10.0.0.1', at(i * MIN)).blocked).toBe(false);
      t.recordFailure('a@x.org', '10.0.0.1', at(i * MIN));
    }
    // first failure at T0: the window frees one slot at T0 + 15 min
    expect(t.check('A@x.org', '10.0.0.2', at(5 * MIN))).toEqual({ blocked: true, retryAfterSeconds: 10 * 60 });
    expect(t.check('a@x.org', null, at(15 * MIN - 1000))).toEqual({ blocked: true, retryAfterSeconds: 1 });
    expect(t.check('a@x.org', null, at(15 * MIN)).blocked).toBe(false);
    // another email from the same address is not blocked by 5 failures
    expect(t.check('b@x.org', '10.0.0.1', at(5 * MIN)).blocked).toBe(false);
  });

  test('blocks an address after 20 failures across emails', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 20; i++) t.recordFailure(`u${i}@x.org`, '10.9.9.9', at(i * 1000));
    expect(t.check('fresh@x.org', '10.9.9.9', at(20_000)).blocked).toBe(true);
    expect(t.check('fresh@x.org', '10.9.9.8', at(20_000)).blocked).toBe(false);
  });

  test('a success clears the email’s failures', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) t.recordFailure('a@x.org', null, at(0));
    t.recordSuccess('a@x.org');
    t.recordFailure('a@x.org', null, at(0));
    expect(t.check('a@x.org', null, at(0)).blocked).toBe(false);
  });

  test('stays within its key budget', () => {
    const t = new LoginThrottle({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) t.recordFailure(`u${i}@x.org`, null, at(i));
    expect((t as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(100);
  });
});

describe('cookies', () => {
  test('session cookie is HttpOnly, SameSite, Path=/, Max-Age, and Secure only over HTTPS', () => {
    const plain = sessionCookie('tok', { secure: false, maxAgeSeconds: 43200 });
    expect(plain).toBe('cm_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200');
    expect(sessionCookie('tok', { secure: true, maxAgeSeconds: 10 })).toMatch(/; Secure$/);
  });
  test('parseCookies takes the first value of a name and ignores junk', () => {
    expect([...parseCookies('a=1; b="2"; junk; a=3')]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });
});

describe.each(testDrivers())('sessions on %s', (driver) => {
  let h: DbHandle;
  let agencyId: string;
  const policy = { idleMs: 30 * MIN, absoluteMs: 12 * 60 * MIN };

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  const signIn = async (email: string, now: Date, throttle = new LoginThrottle()) => {
    const r = await login(h.db, { email, password: TEST_PASSWORD, ip: '127.0.0.1' }, { throttle, now: () => now, policy });
    if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
    return r;
  };

  test('only the SHA-256 of the 32-byte token is stored', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const { token } = await signIn(u.email, T0);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await h.db.selectFrom('sessions').select('token_hash').where('user_id', '=', u.userId).execute();
    expect(rows).toEqual([{ token_hash: hashSessionToken(token) }]);
    expect(rows[0]?.token_hash).not.toContain(token);
  });

  test('the email is matched case-insensitively; the caller carries role and scope', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const { token } = await signIn(u.email.toUpperCase(), T0);
    expect(await resolveSession(h.db, token, at(MIN), policy)).toMatchObject({ userId: u.userId, role: 'director', agencyId });
  });

  test('idle expiry slides: used every 29 minutes it lives; 30 idle minutes end it', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const { token } = await signIn(u.email, T0);
    expect(await resolveSession(h.db, token, at(29 * MIN), policy)).not.toBeNull();
    expect(await resolveSession(h.db, token, at(58 * MIN), policy)).not.toBeNull();
    expect(await resolveSession(h.db, token, at(88 * MIN), policy)).toBeNull();
    // and it is gone for good, even if the clock went back
    expect(await resolveSession(h.db, token, at(60 * MIN), policy)).toBeNull();
    expect(await countUserSessions(h.db, agencyId, u.userId)).toBe(0);
  });

  test('absolute expiry: 12 hours after sign-in, however active', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const { token } = await signIn(u.email, T0);
    for (let m = 20; m < 12 * 60; m += 20) expect(await resolveSession(h.db, token, at(m * MIN), policy)).not.toBeNull();
    expect(await resolveSession(h.db, token, at(12 * 60 * MIN), policy)).toBeNull();
  });

  test('logout deletes the session and is audited', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const { token } = await signIn(u.email, T0);
    expect(await logout(h.db, token, at(MIN))).toBe(true);
    expect(await resolveSession(h.db, token, at(2 * MIN), policy)).toBeNull();
    expect(await logout(h.db, token, at(3 * MIN))).toBe(false);
    const { entries } = await listAudit(h.db, agencyId, { userId: u.userId }, { limit: 10, offset: 0 });
    expect(entries.map((e) => e.action)).toEqual(['logout', 'login.success']);
  });

  test('a disabled user cannot sign in, and their live session stops working', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const { token } = await signIn(u.email, T0);
    await h.db.updateTable('users').set({ disabled: true }).where('user_id', '=', u.userId).execute();
    expect(await resolveSession(h.db, token, at(MIN), policy)).toBeNull();
    const r = await login(
      h.db,
      { email: u.email, password: TEST_PASSWORD, ip: null },
      { throttle: new LoginThrottle(), now: () => at(MIN), policy },
    );
    expect(r).toEqual({ ok: false, reason: 'invalid' });
    const { entries } = await listAudit(h.db, agencyId, { userId: u.userId, action: 'login.failure' }, { limit: 10, offset: 0 });
    expect(entries[0]?.details).toMatchObject({ reason: 'disabled' });
  });

  test('wrong password and unknown email answer alike; failures are audited where there is an agency', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const throttle = new LoginThrottle();
    const deps = { throttle, now: () => T0, policy };
    expect(await login(h.db, { email: u.email, password: 'wrong password!', ip: '10.1.1.1' }, deps)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await login(h.db, { email: 'nobody@nowhere.org', password: 'wrong password!', ip: '10.1.1.1' }, deps)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const { entries } = await listAudit(h.db, agencyId, { userId: u.userId }, { limit: 10, offset: 0 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'login.failure', actor: u.email, details: { reason: 'wrong_password', ip: '10.1.1.1' } });
    expect(JSON.stringify(entries)).not.toContain('wrong password!');
  });

  test('after 5 failures the right password is refused too (429-worthy), and that is audited', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) {
      await login(h.db, { email: u.email, password: 'nope nope nope', ip: null }, { throttle, now: () => at(i * 1000), policy });
    }
    const r = await login(h.db, { email: u.email, password: TEST_PASSWORD, ip: null }, { throttle, now: () => at(10_000), policy });
    expect(r).toEqual({ ok: false, reason: 'throttled', retryAfterSeconds: 15 * 60 - 10 });
    const later = await login(
      h.db,
      { email: u.email, password: TEST_PASSWORD, ip: null },
      { throttle, now: () => at(15 * MIN + 5000), policy },
    );
    expect(later.ok).toBe(true);
    const { entries } = await listAudit(h.db, agencyId, { userId: u.userId, action: 'login.failure' }, { limit: 10, offset: 0 });
    expect(entries.filter((e) => (e.details as { reason?: string }).reason === 'throttled')).toHaveLength(1);
  });
});
