/**
 * The server over real HTTP (fetch against a port-0 listener) on a real database:
 * sign-in, sessions and their expiry, throttling, cookies, cross-site refusal,
 * security headers on every response, body limits, /healthz, the dashboard files.
 */
import { createClock } from '@caseload/clock';
import http from 'node:http';
import { LoginThrottle } from '@caseload/api';
import { type DbHandle, listAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeTeam, makeUser, TEST_PASSWORD, uniqueId } from '../../../packages/api/test/factories.ts';
import type { Caller } from '../../../packages/api/src/access.ts';
import {
  fakeDashboard,
  removeFakeDashboard,
  loginRequest,
  type Running,
  sessionPair,
  startApp,
  trpcMutation,
  trpcQuery,
} from './helpers.ts';

afterAll(removeFakeDashboard);
const MIN = 60_000;
const T0 = new Date('2025-04-01T08:00:00Z');

const REQUIRED_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'];

function expectSecurityHeaders(res: Response, what: string) {
  for (const name of REQUIRED_HEADERS) expect(res.headers.get(name), `${name} on ${what}`).toBeTruthy();
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'none'");
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(scriptSrc.trim()).toBe("script-src 'self'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
}

function expectNoInternals(text: string) {
  expect(text).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/); // stack frames
  expect(text.toLowerCase()).not.toMatch(/\b(select|insert|update)\b.+\bfrom\b|relation "|syntax error/);
  expect(text).not.toContain('"stack"');
}

describe.each(testDrivers())('HTTP server on %s', (driver) => {
  let h: DbHandle;
  let app: Running;
  let agencyId: string;
  let admin: Caller;
  let director: Caller;
  let clock = T0;
  const throttle = new LoginThrottle();

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    await makeTeam(h.db, agencyId, { teamId: 'north' });
    admin = await makeUser(h.db, agencyId, { role: 'admin' });
    director = await makeUser(h.db, agencyId, { role: 'director' });
    app = await startApp({
      db: h.db,
      clock: createClock({ now: () => clock }),
      throttle,
      dashboardDir: fakeDashboard(),
      logError: () => {},
    });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const signIn = async (email: string) => {
    const res = await loginRequest(app.url, email, TEST_PASSWORD);
    expect(res.status).toBe(200);
    return sessionPair(res);
  };

  test('sign-in sets an HttpOnly, SameSite, Path=/ cookie with a Max-Age; Secure only over HTTPS', async () => {
    const res = await loginRequest(app.url, admin.email, TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^cm_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toMatch(/SameSite=(Strict|Lax)/);
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Max-Age=43200');
    expect(cookie).not.toContain('Secure');
    expect(res.headers.get('strict-transport-security')).toBeNull();

    const https = await loginRequest(app.url, admin.email, TEST_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(https.headers.get('strict-transport-security')).toContain('max-age=');
  });

  test('auth.me answers for the session; without one it is 401 with a plain message', async () => {
    const cookie = await signIn(director.email);
    const res = await trpcQuery(app.url, 'auth.me', cookie);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: Record<string, unknown> } };
    expect(body.result.data).toMatchObject({
      userId: director.userId,
      email: director.email,
      role: 'director',
      agency: { agencyId, name: director.agencyName },
      teamIds: [],
      programIds: [],
      staffId: null,
    });
    expect(res.headers.get('cache-control')).toBe('no-store');

    const anon = await trpcQuery(app.url, 'auth.me', null);
    expect(anon.status).toBe(401);
    const text = await anon.text();
    expect(JSON.parse(text)).toMatchObject({ error: { message: 'Please sign in.', data: { code: 'UNAUTHORIZED' } } });
    expectNoInternals(text);
  });

  test('batched queries (as the dashboard’s tRPC client sends them) share one session', async () => {
    const cookie = await signIn(director.email);
    const input = encodeURIComponent(JSON.stringify({ '1': { asOf: '2025-01-31' } }));
    const res = await fetch(`${app.url}/trpc/auth.me,caseload.report,meta.directory?batch=1&input=${input}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Array<{ result: { data: Record<string, unknown> } }>;
    expect(body).toHaveLength(3);
    expect(body[0]?.result.data.role).toBe('director');
    expect(body[1]?.result.data).toMatchObject({ asOf: '2025-01-31', audience: 'full' });
    expect(body[2]?.result.data.teams).toEqual([{ teamId: 'north', name: 'Team north' }]);
  });

  test('logout ends the session (204, cookie cleared) and is audited with the sign-in', async () => {
    const cookie = await signIn(director.email);
    const out = await fetch(`${app.url}/auth/logout`, { method: 'POST', headers: { origin: app.url, cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^cm_session=; .*Max-Age=0/);
    expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(401);
    const { entries } = await listAudit(h.db, agencyId, { userId: director.userId }, { limit: 2, offset: 0 });
    expect(entries.map((e) => e.action)).toEqual(['logout', 'login.success']);
    expect(entries[1]?.details).toMatchObject({ ip: '127.0.0.1' });
  });

  test('a session idle for 30 minutes ends; one used within the window slides', async () => {
    clock = T0;
    const cookie = await signIn(director.email);
    clock = new Date(T0.getTime() + 25 * MIN);
    expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(200);
    clock = new Date(T0.getTime() + 50 * MIN);
    expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(200);
    clock = new Date(T0.getTime() + 81 * MIN);
    expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(401);
    clock = T0;
  });

  test('a session ends 12 hours after sign-in however active', async () => {
    clock = T0;
    const cookie = await signIn(director.email);
    for (let m = 25; m < 12 * 60; m += 25) {
      clock = new Date(T0.getTime() + m * MIN);
      expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(200);
    }
    clock = new Date(T0.getTime() + 12 * 60 * MIN);
    expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(401);
    clock = T0;
  });

  test('a disabled user cannot sign in; disabling them over the API ends their session', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'director' });
    const theirs = await signIn(u.email);
    const mine = await signIn(admin.email);
    const res = await trpcMutation(app.url, 'users.setDisabled', mine, { userId: u.userId, disabled: true });
    expect(res.status).toBe(200);
    expect((await trpcQuery(app.url, 'auth.me', theirs)).status).toBe(401);
    const again = await loginRequest(app.url, u.email, TEST_PASSWORD);
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({ error: 'The email or password is incorrect.' });
  });

  test('after 5 failed sign-ins the 6th, even with the right password, is 429 with Retry-After', async () => {
    const u = await makeUser(h.db, agencyId, { role: 'board' });
    for (let i = 0; i < 5; i++) {
      const res = await loginRequest(app.url, u.email, 'not the password');
      expect(res.status).toBe(401);
    }
    const res = await loginRequest(app.url, u.email, TEST_PASSWORD);
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBe(15 * 60);
    const body = (await res.json()) as { error: string; retryAfterSeconds: number };
    expect(body.retryAfterSeconds).toBe(retry);
    expect(body.error).toContain('Try again in 15 minutes');
    expectSecurityHeaders(res, '429');
    const failures = await listAudit(h.db, agencyId, { userId: u.userId, action: 'login.failure' }, { limit: 10, offset: 0 });
    expect(failures.total).toBe(6);
  });

  describe('cross-site requests are refused', () => {
    test.each([
      ['a foreign Origin', { origin: 'https://evil.example' }],
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
      ['Origin: null', { origin: 'null' }],
    ])('sign-in with %s', async (_name, headers) => {
      const res = await fetch(`${app.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email: admin.email, password: TEST_PASSWORD }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
      expectSecurityHeaders(res, '403');
    });

    test('sign-in with neither Origin nor Sec-Fetch-Site', async () => {
      const res = await fetch(`${app.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: admin.email, password: TEST_PASSWORD }),
      });
      expect(res.status).toBe(403);
    });

    test('a same-origin request by Sec-Fetch-Site alone is accepted', async () => {
      const res = await fetch(`${app.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ email: admin.email, password: TEST_PASSWORD }),
      });
      expect(res.status).toBe(200);
    });

    test('a tRPC mutation from another site does nothing, even with a valid session cookie', async () => {
      const cookie = await signIn(admin.email);
      const email = `${uniqueId('csrf')}@example.org`;
      const res = await trpcMutation(
        app.url,
        'users.create',
        cookie,
        { email, role: 'board', password: 'long enough password' },
        { origin: 'https://evil.example' },
      );
      expect(res.status).toBe(403);
      expect(await h.db.selectFrom('users').select('user_id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
      const ok = await trpcMutation(app.url, 'users.create', cookie, { email, role: 'board', password: 'long enough password' });
      expect(ok.status).toBe(200);
    });

    test('logout from another site leaves the session alive', async () => {
      const cookie = await signIn(admin.email);
      const res = await fetch(`${app.url}/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example', cookie } });
      expect(res.status).toBe(403);
      expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(200);
    });
  });

  test('security headers are on every kind of response', async () => {
    const cookie = await signIn(admin.email);
    const responses: Array<[string, Response]> = [
      ['GET /', await fetch(`${app.url}/`)],
      ['SPA route', await fetch(`${app.url}/teams/north`)],
      ['asset', await fetch(`${app.url}/assets/app-abc123.js`)],
      ['404 asset', await fetch(`${app.url}/assets/missing.js`)],
      ['healthz', await fetch(`${app.url}/healthz`)],
      ['HEAD healthz', await fetch(`${app.url}/healthz`, { method: 'HEAD' })],
      ['tRPC 200', await trpcQuery(app.url, 'auth.me', cookie)],
      ['tRPC 401', await trpcQuery(app.url, 'auth.me', null)],
      ['tRPC 404', await trpcQuery(app.url, 'no.such', cookie)],
      ['tRPC 400', await trpcQuery(app.url, 'caseload.report', cookie, { asOf: '2025-02-30' })],
      ['login 401', await loginRequest(app.url, 'nobody@example.org', 'x')],
      ['405', await fetch(`${app.url}/auth/login`)],
      ['DELETE /', await fetch(`${app.url}/`, { method: 'DELETE' })],
    ];
    for (const [what, res] of responses) expectSecurityHeaders(res, what);
    expect(responses.find(([w]) => w === '404 asset')?.[1].status).toBe(404);
    expect(responses.find(([w]) => w === 'tRPC 404')?.[1].status).toBe(404);
  });

  test('a bad input is a 400 with a message a person can act on, and no internals', async () => {
    const cookie = await signIn(admin.email);
    const res = await trpcQuery(app.url, 'caseload.report', cookie, { asOf: '2025-02-30', teamId: 'has spaces' });
    expect(res.status).toBe(400);
    const text = await res.text();
    const body = JSON.parse(text) as { error: { message: string } };
    expect(body.error.message).toContain('asOf: That date does not exist on the calendar.');
    expect(body.error.message).toContain('teamId: An id is 1 to 64 letters');
    expectNoInternals(text);
  });

  test('bodies over 1 MiB are refused with 413 (declared or streamed), for tRPC and sign-in', async () => {
    const cookie = await signIn(admin.email);
    const big = JSON.stringify({ email: 'a@b.org', role: 'board', password: 'x'.repeat(2 * 1024 * 1024) });
    const declared = await trpcMutation(app.url, 'users.create', cookie, JSON.parse(big));
    expect(declared.status).toBe(413);
    expectSecurityHeaders(declared, '413');
    const login = await fetch(`${app.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: big,
    });
    expect(login.status).toBe(413);

    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await fetch(`${app.url}/trpc/users.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url, cookie },
      body: stream,
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
  });

  test('/healthz is 200 {"ok":true} while the database answers', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  test('the dashboard: files, SPA fallback to index.html, 404 for missing files, no path traversal', async () => {
    const index = await fetch(`${app.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<div id="root">');
    const route = await fetch(`${app.url}/caseload/team/north?asOf=2025-01-01`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    const asset = await fetch(`${app.url}/assets/app-abc123.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${app.url}/assets/missing.js`)).status).toBe(404);

    const { port } = new URL(app.url);
    const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', method: 'GET' }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(raw.body).not.toContain('root:');
  });
});

describe.each(testDrivers())('HTTP server edge cases on %s', (driver) => {
  test('without a built dashboard the page says how to build it', async () => {
    const h = await createTestDb(driver);
    const app = await startApp({ db: h.db, dashboardDir: '/nonexistent/dist', logError: () => {} });
    try {
      const res = await fetch(`${app.url}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('pnpm --filter @caseload/dashboard build');
      expectSecurityHeaders(res, 'missing dashboard');
    } finally {
      await app.close();
      await h.close();
    }
  });

  test('/healthz is 503 {"ok":false} when the database is gone, and errors show no internals', async () => {
    const h = await createTestDb(driver);
    const agencyId = await makeAgency(h.db);
    const u = await makeUser(h.db, agencyId, { role: 'admin' });
    const logged: string[] = [];
    const app = await startApp({ db: h.db, logError: (m) => logged.push(m), dashboardDir: fakeDashboard() });
    try {
      const cookie = sessionPair(await loginRequest(app.url, u.email, TEST_PASSWORD));
      await h.close();
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false });
      expectSecurityHeaders(res, '503');
      const me = await trpcQuery(app.url, 'auth.me', cookie);
      expect(me.status).toBe(500);
      const text = await me.text();
      expect(JSON.parse(text)).toMatchObject({ error: { message: expect.stringContaining('Something went wrong on the server') } });
      expectNoInternals(text);
      const login = await loginRequest(app.url, u.email, TEST_PASSWORD);
      expect(login.status).toBe(500);
      expectNoInternals(await login.text());
      expect(logged.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
