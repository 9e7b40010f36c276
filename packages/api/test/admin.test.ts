/**
 * Users, settings and the audit log through the tRPC procedures an admin or
 * director uses: validation messages a person can act on, audit entries with old
 * and new values, sessions ended on disable and password reset.
 */
import { createClock } from '@caseload/clock';
import { countUserSessions, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { LoginThrottle } from '../src/auth/throttle.ts';
import { login } from '../src/auth/login.ts';
import { createCaller } from '../src/root.ts';
import { createContextInner } from '../src/trpc.ts';
import { makeAgency, makeTeam, makeUser, TEST_PASSWORD, uniqueId } from './factories.ts';

const NOW = new Date('2025-02-01T10:00:00Z');

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error('expected the call to be refused');
}

describe.each(testDrivers())('admin procedures on %s', (driver) => {
  let h: DbHandle;
  let agencyId: string;
  let admin: Caller;
  let director: Caller;
  let team: string;
  const as = (caller: Caller) => createCaller(createContextInner({ db: h.db, caller, clock: createClock({ now: () => NOW }) }));

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    team = await makeTeam(h.db, agencyId);
    admin = await makeUser(h.db, agencyId, { role: 'admin' });
    director = await makeUser(h.db, agencyId, { role: 'director' });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('users.create makes a user who can sign in, lowercases the email, and audits without the password', async () => {
    const email = `${uniqueId('Sup')}@Example.org`;
    const created = await as(admin).users.create({ email, role: 'supervisor', teamIds: [team], password: 'twelve chars!!' });
    expect(created).toMatchObject({ email: email.toLowerCase(), role: 'supervisor', teamIds: [team], disabled: false });
    expect(created).not.toHaveProperty('passwordHash');
    const r = await login(h.db, { email, password: 'twelve chars!!', ip: null }, { throttle: new LoginThrottle(), now: () => NOW });
    expect(r.ok).toBe(true);
    const { entries } = await as(admin).audit.list({ action: 'user.create' });
    const entry = entries.find((e) => (e.details as { targetUserId?: string }).targetUserId === created.userId);
    expect(entry).toMatchObject({
      actor: admin.email,
      userId: admin.userId,
      details: { email: email.toLowerCase(), role: 'supervisor', teamIds: [team] },
    });
    expect(JSON.stringify(entries)).not.toContain('twelve chars!!');
    expect((await as(admin).users.list()).map((u) => u.userId)).toContain(created.userId);
  });

  test.each([
    [{ role: 'supervisor', teamIds: [] }, 'A supervisor needs at least one team'],
    [{ role: 'program_manager' }, 'A program manager needs at least one program'],
    [{ role: 'case_manager' }, 'A case manager must be linked to their staff record'],
    [{ role: 'board', teamIds: ['x'] }, 'Only supervisors are given teams'],
    [{ role: 'supervisor', teamIds: ['no-such-team'] }, 'has no team no-such-team'],
  ])('users.create refuses %o: "%s"', async (over, message) => {
    const err = await rejection(
      as(admin).users.create({ email: `${uniqueId('x')}@example.org`, password: 'long enough password', ...over } as never),
    );
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain(message);
  });

  test('users.create with a bad email and a short password gets one readable message naming both', async () => {
    const err = await rejection(as(admin).users.create({ email: 'not-an-email', role: 'board', password: 'short' }));
    expect(err.code).toBe('BAD_REQUEST');
    // the formatted shape is what clients see: check it through the error formatter
    const { getErrorShape } = await import('@trpc/server/unstable-core-do-not-import');
    const { appRouter } = await import('../src/root.ts');
    const shape = getErrorShape({
      config: appRouter._def._config,
      error: err,
      type: 'mutation',
      path: 'users.create',
      input: undefined,
      ctx: undefined,
    }) as { message: string; data: { httpStatus: number; issues?: unknown[]; stack?: string } };
    expect(shape.data.httpStatus).toBe(400);
    expect(shape.message).toMatch(/^Please check the request\. /);
    expect(shape.message).toContain('email: Enter an email address');
    expect(shape.message).toContain('password: A password must be at least 12 characters.');
    expect(shape.data.issues).toHaveLength(2);
    expect(shape.data.stack).toBeUndefined();
  });

  test('a duplicate email (any case) is a conflict', async () => {
    const email = `${uniqueId('dup')}@example.org`;
    await as(admin).users.create({ email, role: 'board', password: 'long enough password' });
    const err = await rejection(as(admin).users.create({ email: email.toUpperCase(), role: 'board', password: 'long enough password' }));
    expect(err.code).toBe('CONFLICT');
  });

  test('users.setDisabled ends the user’s sessions, is audited with old and new values, and can be undone', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const r = await login(h.db, { email: u.email, password: TEST_PASSWORD, ip: null }, { throttle: new LoginThrottle(), now: () => NOW });
    expect(r.ok).toBe(true);
    expect(await countUserSessions(h.db, agencyId, u.userId)).toBe(1);
    expect(await as(admin).users.setDisabled({ userId: u.userId, disabled: true })).toMatchObject({ disabled: true });
    expect(await countUserSessions(h.db, agencyId, u.userId)).toBe(0);
    const { entries } = await as(admin).audit.list({ action: 'user.disable' });
    expect(entries[0]?.details).toMatchObject({
      targetUserId: u.userId,
      old: { disabled: false },
      new: { disabled: true },
      sessionsEnded: 1,
    });
    expect(await as(admin).users.setDisabled({ userId: u.userId, disabled: false })).toMatchObject({ disabled: false });
  });

  test('an admin cannot disable themselves', async () => {
    const err = await rejection(as(admin).users.setDisabled({ userId: admin.userId, disabled: true }));
    expect(err.code).toBe('BAD_REQUEST');
  });

  test('users.resetPassword changes the password, ends sessions, and is audited', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const throttle = new LoginThrottle();
    await login(h.db, { email: u.email, password: TEST_PASSWORD, ip: null }, { throttle, now: () => NOW });
    const res = await as(admin).users.resetPassword({ userId: u.userId, password: 'brand new password' });
    expect(res).toEqual({ sessionsEnded: 1 });
    expect((await login(h.db, { email: u.email, password: TEST_PASSWORD, ip: null }, { throttle, now: () => NOW })).ok).toBe(false);
    expect((await login(h.db, { email: u.email, password: 'brand new password', ip: null }, { throttle, now: () => NOW })).ok).toBe(true);
    const { entries } = await as(admin).audit.list({ action: 'user.reset_password', userId: admin.userId });
    expect(entries[0]?.details).toMatchObject({ targetUserId: u.userId });
    expect(JSON.stringify(entries)).not.toContain('brand new password');
  });

  test('settings.update appends a version and audits old and new values', async () => {
    const before = await as(director).settings.get();
    const next = { ...before.settings, caseHoursPerFte: 96, tierHours: { ...before.settings.tierHours, '4': 7.5 } };
    const after = await as(director).settings.update({ settings: next, expectedVersion: before.version });
    expect(after.version).toBe(before.version + 1);
    expect(after.settings).toEqual(next);
    expect(after.createdBy).toBe(director.email);
    const { entries } = await as(director).audit.list({ action: 'settings.update' });
    expect(entries[0]).toMatchObject({
      actor: director.email,
      details: {
        fromVersion: before.version,
        toVersion: after.version,
        old: { caseHoursPerFte: before.settings.caseHoursPerFte, tierHours: { '4': before.settings.tierHours['4'] } },
        new: { caseHoursPerFte: 96, tierHours: { '4': 7.5 } },
      },
    });
    // the old version is kept
    const versions = await h.db.selectFrom('settings_versions').select('version').where('agency_id', '=', agencyId).execute();
    expect(versions.map((v) => v.version)).toContain(before.version);
  });

  test('settings.update refuses a stale version (someone else saved) with a conflict', async () => {
    const current = await as(admin).settings.get();
    const err = await rejection(as(admin).settings.update({ settings: defaultSettings, expectedVersion: current.version - 1 }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('Reload');
  });

  test.each([
    [{ loadBands: { balancedFrom: 1.2, balancedTo: 1.0, overTo: 1.15 } }, 'Load bands must rise'],
    [{ minCellSize: 0 }, 'The minimum cell size is at least 1.'],
    [{ caseHoursPerFte: -5 }, 'Case hours per FTE must be more than 0.'],
    [{ reassessmentDays: { 1: 365, 2: 365, 3: 180, 4: 1.5 } }, 'Days are whole numbers.'],
    [{ protectTiers: [4, 4] }, 'List each protected tier once.'],
    [{ surprise: true }, 'surprise'],
  ])('settings.update refuses %o', async (over, message) => {
    const err = await rejection(as(admin).settings.update({ settings: { ...defaultSettings, ...over } as never }));
    expect(err.code).toBe('BAD_REQUEST');
    const issues = (err.cause as unknown as { issues: Array<{ message: string; keys?: string[] }> }).issues;
    expect(issues.map((i) => `${i.message} ${(i.keys ?? []).join()}`).join(' ')).toContain(message);
  });

  test('audit.list filters by day range and pages newest first', async () => {
    const other = await makeAgency(h.db);
    for (let i = 0; i < 5; i++) {
      await h.db
        .insertInto('audit_log')
        .values({
          agency_id: agencyId,
          user_id: null,
          actor: 'cli',
          action: 'import',
          details: JSON.stringify({ i }),
          at: new Date(`2024-07-0${i + 1}T12:00:00Z`),
        })
        .execute();
    }
    await h.db
      .insertInto('audit_log')
      .values({ agency_id: other, user_id: null, actor: 'cli', action: 'import', details: '{}', at: new Date('2024-07-02T12:00:00Z') })
      .execute();
    const page1 = await as(admin).audit.list({ action: 'import', from: '2024-07-02', to: '2024-07-04', pageSize: 2 });
    expect(page1.total).toBe(3);
    expect(page1.pages).toBe(2);
    expect(page1.entries.map((e) => (e.details as { i: number }).i)).toEqual([3, 2]);
    expect(page1.entries[0]?.at).toBe('2024-07-04T12:00:00.000Z');
    const page2 = await as(admin).audit.list({ action: 'import', from: '2024-07-02', to: '2024-07-04', pageSize: 2, page: 2 });
    expect(page2.entries.map((e) => (e.details as { i: number }).i)).toEqual([1]);
    const err = await rejection(as(admin).audit.list({ from: '2024-07-05', to: '2024-07-01' }));
    expect(err.code).toBe('BAD_REQUEST');
  });

  test('the audit log cannot be edited or deleted, even by the database user', async () => {
    await expect(sql`update audit_log set actor = 'someone else'`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
  });

  test('auditClientListView writes a client_list.view entry as the caller', async () => {
    const ctx = createContextInner({ db: h.db, caller: director, clock: createClock({ now: () => NOW }) });
    await ctx.auditClientListView({ list: 'worklist.reassessOverdue', filters: { teamId: team }, clientCount: 7 });
    const { entries } = await as(admin).audit.list({ action: 'client_list.view' });
    expect(entries[0]).toMatchObject({
      userId: director.userId,
      actor: director.email,
      details: { list: 'worklist.reassessOverdue', filters: { teamId: team }, clientCount: 7 },
    });
  });
});
