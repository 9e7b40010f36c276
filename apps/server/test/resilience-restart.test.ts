/**
 * The server through a PostgreSQL restart, for real: a private PostgreSQL server (its
 * own data directory and port, see private-postgres.ts) is stopped with
 * `pg_ctl stop -m fast` and started again under a running app. While it is down
 * /healthz answers 503 and every request that needs the database fails with 503 and a
 * plain message; nothing crashes (an unhandled 'error' event from the pool would fail
 * this file); once it is back /healthz answers 200 and the same signed-in session works
 * again without restarting the app. PostgreSQL only (TEST_DATABASE_URL), like every pg
 * case of testDrivers().
 */
import { fileURLToPath } from 'node:url';
import { connect, type DbHandle, migrateToLatest } from '@caseload/db';
import { testDrivers } from '@caseload/db/testing';
import { importDirectory } from '@caseload/importer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { fakeDashboard, loginRequest, type Running, removeFakeDashboard, sessionPair, startApp, trpcQuery } from './helpers.ts';
import { isDatabaseUnreachable } from '../src/lostConnection.ts';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.ts';

afterAll(removeFakeDashboard);

const SMALL_AGENCY = fileURLToPath(new URL('../../../packages/importer/test/fixtures/small', import.meta.url));
const AS_OF = '2024-06-30';

/** Polls until `check` is true; returns the milliseconds it took. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return Math.round(performance.now() - started);
}

function expectPlainError(text: string) {
  expect(text).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/); // no stack frames
  expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|57P0\d|select |terminating connection/i); // no driver or SQL text
}

describe.each(testDrivers().filter((d) => d === 'pg'))('a PostgreSQL restart under the running server (%s)', () => {
  let pg: PrivatePostgres;
  let h: DbHandle;
  let app: Running;
  let director: { email: string };
  const logged: string[] = [];
  // an 'error' event nobody listens to (a pool client whose server went away) would land here
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    pg = await startPrivatePostgres();
    h = await connect({ databaseUrl: pg.url, poolMax: 4 });
    await migrateToLatest(h.db);
    const agencyId = await makeAgency(h.db);
    const imported = await importDirectory(h.db, SMALL_AGENCY, { agencyId, today: '2026-06-30' });
    expect(imported.ok).toBe(true);
    director = await makeUser(h.db, agencyId, { role: 'director' });
    app = await startApp({ db: h.db, dashboardDir: fakeDashboard(), logError: (message) => logged.push(message) });
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await app?.close();
    // the pool ends its connections; the server may already be gone
    await h?.close().catch(() => {});
    pg?.destroy();
  });

  test('/healthz turns 503 and back to 200; requests in between fail with 503 and a clear message; the session survives', async () => {
    const health = () => fetch(`${app.url}/healthz`).then((r) => r.status);
    const report = (cookie: string | null) => trpcQuery(app.url, 'caseload.report', cookie, { asOf: AS_OF });

    const signIn = await loginRequest(app.url, director.email, TEST_PASSWORD);
    expect(signIn.status).toBe(200);
    const cookie = sessionPair(signIn);
    expect(await health()).toBe(200);
    const before = await report(cookie);
    expect(before.status).toBe(200);
    const beforeBody = (await before.json()) as { result: { data: { staff: unknown[] } } };
    expect(beforeBody.result.data.staff.length).toBeGreaterThan(0);

    const stopAt = performance.now();
    pg.stop();
    const stopMs = Math.round(performance.now() - stopAt);
    const to503 = await until('/healthz 503', async () => (await health()) === 503);
    const down = await fetch(`${app.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false });

    // signed-in requests and a sign-in say the database is unavailable
    for (const res of [await report(cookie), await trpcQuery(app.url, 'auth.me', cookie)]) {
      expect(res.status).toBe(503);
      const text = await res.text();
      expectPlainError(text);
      const body = JSON.parse(text) as { error: { message: string; data: { code: string } } };
      expect(body.error.data.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.error.message).toMatch(/database is not available/i);
    }
    const login = await loginRequest(app.url, director.email, TEST_PASSWORD);
    expect(login.status).toBe(503);
    const loginText = await login.text();
    expectPlainError(loginText);
    expect((JSON.parse(loginText) as { error: string }).error).toMatch(/database is not available/i);
    expect(login.headers.get('retry-after')).not.toBeNull();

    const startAt = performance.now();
    pg.start();
    const startMs = Math.round(performance.now() - startAt);
    const to200 = await until('/healthz 200', async () => (await health()) === 200);
    // the same session, without signing in again or restarting the app
    const after = await report(cookie);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(beforeBody);
    const me = await trpcQuery(app.url, 'auth.me', cookie);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { result: { data: { email: string } } }).result.data.email).toBe(director.email);
    // the outage was logged on the server (not sent to the client), and nothing escaped
    expect(logged.length).toBeGreaterThan(0);
    expect(uncaught).toEqual([]);
    console.info(
      `[resilience] pg_ctl stop -m fast ${stopMs} ms; /healthz 503 after ${to503} ms; pg_ctl start ${startMs} ms; /healthz 200 after ${to200} ms`,
    );
  });
});

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

// 503 only when the database cannot be reached; a connection ended mid-request stays a 500
describe('isDatabaseUnreachable', () => {
  test.each([
    [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), true],
    [withCode('the database system is shutting down', '57P03'), true],
    [withCode('the database system is starting up', '57P03'), true],
    [withCode('getaddrinfo ENOTFOUND db.internal', 'ENOTFOUND'), true],
    [
      new AggregateError([
        withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'),
        withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      ]),
      true,
    ],
    [withCode('terminating connection due to administrator command', '57P01'), false],
    [new Error('Connection terminated unexpectedly'), false],
    [withCode('duplicate key value violates unique constraint', '23505'), false],
    [new AggregateError([]), false],
    ['ECONNREFUSED', false],
  ])('%s → %s', (err, unreachable) => {
    expect(isDatabaseUnreachable(err)).toBe(unreachable);
  });
});
