/**
 * What operations rely on: the client address behind a proxy (a forged X-Forwarded-For
 * neither dodges the sign-in limit nor reaches the audit log), Secure `__Host-` cookies
 * when forced, the request id in a header and in the one JSON log line per request
 * (cookies and tokens never in it), the metrics, per-user rate limits, and /healthz
 * while draining.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { LoginThrottle } from '@caseload/api';
import { createClock } from '@caseload/clock';
import { type DbHandle, listAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  makeAgency,
  makeCaseload,
  makeProgram,
  makeStaff,
  makeTeam,
  makeUser,
  TEST_PASSWORD,
} from '../../../packages/api/test/factories.ts';
import type { Caller } from '../../../packages/api/src/access.ts';
import { createApp } from '../src/app.ts';
import { EnvError, readEnv } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { fakeDashboard, loginRequest, removeFakeDashboard, type Running, sessionPair, startApp, trpcQuery } from './helpers.ts';

afterAll(removeFakeDashboard);
const T0 = new Date('2025-04-01T08:00:00Z');
const REAL_CLIENT = '198.51.100.7';

test.each([
  [{}, { trustProxy: false, secureCookies: 'auto', metricsPort: undefined }],
  [{ TRUST_PROXY: '1' }, { trustProxy: 1 }],
  [{ TRUST_PROXY: 'true' }, { trustProxy: 1 }],
  [{ TRUST_PROXY: '2' }, { trustProxy: 2 }],
  [{ TRUST_PROXY: '10.0.0.0/8, 192.168.0.0/16,127.0.0.1' }, { trustProxy: ['10.0.0.0/8', '192.168.0.0/16', '127.0.0.1'] }],
  [{ TRUST_PROXY: 'loopback' }, { trustProxy: ['loopback'] }],
  [
    { SECURE_COOKIES: '1', METRICS_PORT: '9464', LOG_FORMAT: 'pretty' },
    { secureCookies: 'always', metricsPort: 9464, logFormat: 'pretty' },
  ],
  [{ NODE_ENV: 'production' }, { logFormat: 'json', logLevel: 'info' }],
  [{ LOG_LEVEL: 'warn' }, { logLevel: 'warn' }],
] as const)('readEnv(%j)', (env, expected) => {
  expect(readEnv(env)).toMatchObject(expected);
});

test('a TRUST_PROXY or METRICS_PORT that is not one is a clear error', () => {
  expect(() => readEnv({ TRUST_PROXY: 'the load balancer' })).toThrow(EnvError);
  expect(() => readEnv({ TRUST_PROXY: 'the load balancer' })).toThrow('TRUST_PROXY must be a number of proxy hops');
  expect(() => readEnv({ METRICS_PORT: 'x' })).toThrow('METRICS_PORT must be a number');
  expect(() => readEnv({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be debug, info, warn or error');
});

describe.each(testDrivers())('operations on %s', (driver) => {
  let h: DbHandle;
  let agencyId: string;
  let director: Caller;
  const running: Running[] = [];
  const start = async (opts: Partial<Parameters<typeof startApp>[0]> = {}) => {
    const app = await startApp({
      db: h.db,
      clock: createClock({ now: () => T0 }),
      dashboardDir: fakeDashboard(),
      logError: () => {},
      ...opts,
    });
    running.push(app);
    return app;
  };

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    await makeTeam(h.db, agencyId, { teamId: 'north' });
    const programId = await makeProgram(h.db, agencyId);
    const staffId = await makeStaff(h.db, agencyId, { teamId: 'north', caseloadFte: 1 });
    await makeCaseload(h.db, agencyId, { staffId, programId, count: 2, tier: 2 });
    director = await makeUser(h.db, agencyId, { role: 'director' });
  });
  afterAll(async () => {
    for (const app of running) await app.close();
    await h?.close();
  });

  test.each([
    ['one proxy hop (TRUST_PROXY=1)', 1, (forged: string) => `${forged}, ${REAL_CLIENT}`],
    [
      'a CIDR list (TRUST_PROXY=127.0.0.0/8,10.0.0.0/8)',
      ['127.0.0.0/8', '10.0.0.0/8'],
      (forged: string) => `${forged}, ${REAL_CLIENT}, 10.1.2.3`,
    ],
  ] as const)(
    'behind %s a forged X-Forwarded-For neither dodges the sign-in limit nor reaches the audit log',
    async (_name, trustProxy, header) => {
      const throttle = new LoginThrottle({ maxFailuresPerIp: 3, maxFailuresPerEmail: 100 });
      const app = await start({ trustProxy: typeof trustProxy === 'number' ? trustProxy : [...trustProxy], throttle });
      // a new forged leftmost address every time, against the per-address limit of 3
      for (let i = 0; i < 3; i++) {
        const res = await loginRequest(app.url, `nobody${i}@example.org`, 'wrong', { 'x-forwarded-for': header(`203.0.113.${i + 1}`) });
        expect(res.status).toBe(401);
      }
      const blocked = await loginRequest(app.url, director.email, TEST_PASSWORD, { 'x-forwarded-for': header('203.0.113.99') });
      expect(blocked.status).toBe(429);
      const failures = await listAudit(h.db, agencyId, { userId: director.userId, action: 'login.failure' }, { limit: 1, offset: 0 });
      expect(failures.entries[0]?.details).toMatchObject({ ip: REAL_CLIENT });

      // another real client behind the same proxy is not blocked, and is audited as itself
      const other = await loginRequest(app.url, director.email, TEST_PASSWORD, {
        'x-forwarded-for': header('203.0.113.1').replace(REAL_CLIENT, '192.0.2.44'),
      });
      expect(other.status).toBe(200);
      const success = await listAudit(h.db, agencyId, { userId: director.userId, action: 'login.success' }, { limit: 1, offset: 0 });
      expect(success.entries[0]?.details).toMatchObject({ ip: '192.0.2.44' });
      const text = JSON.stringify((await listAudit(h.db, agencyId, {}, { limit: 50, offset: 0 })).entries);
      expect(text).not.toContain('203.0.113.');
    },
  );

  test('without a trusted proxy X-Forwarded-For is ignored: the address is the socket’s', async () => {
    const app = await start();
    const res = await loginRequest(app.url, director.email, TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.50' });
    expect(res.status).toBe(200);
    const success = await listAudit(h.db, agencyId, { userId: director.userId, action: 'login.success' }, { limit: 1, offset: 0 });
    expect(success.entries[0]?.details).toMatchObject({ ip: '127.0.0.1' });
  });

  test('SECURE_COOKIES: the session cookie is Secure and named __Host-, and it signs the requests in', async () => {
    const app = await start({ secureCookies: 'always' });
    const res = await loginRequest(app.url, director.email, TEST_PASSWORD);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-cm_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    const pair = cookie.split(';')[0] as string;
    expect((await trpcQuery(app.url, 'auth.me', pair)).status).toBe(200);
    const out = await fetch(`${app.url}/auth/logout`, { method: 'POST', headers: { origin: app.url, cookie: pair } });
    expect(out.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['__Host-cm_session', 'cm_session']);
    expect((await trpcQuery(app.url, 'auth.me', pair)).status).toBe(401);
  });

  test('one JSON log line per request with its id (also in X-Request-Id), route, status, ms, agency and user; no cookie or token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const app = await createApp({
      db: h.db,
      clock: createClock({ now: () => T0 }),
      dashboardDir: fakeDashboard(),
      logger: createLogger('json', sink),
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const login = await loginRequest(url, director.email, TEST_PASSWORD);
      const cookie = sessionPair(login);
      const me = await trpcQuery(url, 'auth.me', cookie);
      await login.text();
      await me.text();
      const id = me.headers.get('x-request-id') as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(login.headers.get('x-request-id')).not.toBe(id);
      await app.close();
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === 'request');
      const line = records.find((r) => r.reqId === id);
      expect(line).toMatchObject({
        method: 'GET',
        route: '/trpc/:path',
        procedure: 'auth.me',
        status: 200,
        agency: agencyId,
        userId: director.userId,
      });
      expect(typeof line?.ms).toBe('number');
      expect(records.filter((r) => r.reqId === id)).toHaveLength(1);
      const token = cookie.split('=')[1] as string;
      expect(lines.join('\n')).not.toContain(token);
      expect(lines.join('\n')).not.toContain(TEST_PASSWORD);
    } finally {
      await app.close();
    }
  });

  test('metrics: requests by route and status, event loop and GC, kept answers', async () => {
    const app = await createApp({ db: h.db, clock: createClock({ now: () => T0 }), dashboardDir: fakeDashboard(), logError: () => {} });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const cookie = sessionPair(await loginRequest(url, director.email, TEST_PASSWORD));
      for (let i = 0; i < 2; i++) expect((await trpcQuery(url, 'caseload.report', cookie, { asOf: '2025-03-31' })).status).toBe(200);
      const text = await app.metrics.text();
      expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/trpc\/:path",status="200"\} 2/);
      expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/auth\/login",status="200"\} 1/);
      expect(text).toMatch(/caseload_kept_answer_requests_total\{result="miss"\} 1/);
      expect(text).toMatch(/caseload_kept_answer_requests_total\{result="hit"\} 1/);
      expect(text).toMatch(/^caseload_kept_answer_cache_bytes [1-9]/m);
      expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
      expect(text).toContain('nodejs_gc_duration_seconds');
      expect(text).toContain('caseload_pdf_queue 0');
      expect(text).toContain('caseload_import_duration_seconds');
    } finally {
      await app.close();
    }
  });

  test('expensive procedures are rate-limited per user; kept answers do not count', async () => {
    const app = await start({ rateLimits: { computedPerMinute: 2 } });
    const cookie = sessionPair(await loginRequest(app.url, director.email, TEST_PASSWORD));
    const ask = (asOf: string) => trpcQuery(app.url, 'caseload.report', cookie, { asOf });
    expect((await ask('2025-03-29')).status).toBe(200);
    expect((await ask('2025-03-30')).status).toBe(200);
    const limited = await ask('2025-03-31');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: string }).error).toMatch(/^Too many requests of this kind\. Try again in /);
    // what was computed before is answered from its kept bytes
    expect((await ask('2025-03-29')).status).toBe(200);
    // cheap procedures are not limited
    expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(200);
  });

  test('the dashboard’s files: the precompressed brotli or gzip copy as the client accepts, ETag and 304', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cm-dist-br-'));
    try {
      mkdirSync(path.join(dir, 'assets'));
      const code = `export const rows = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ i, label: `row ${i}` })))};\n`;
      writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><body><div id="root"></div></body></html>');
      writeFileSync(path.join(dir, 'assets', 'big-abc.js'), code);
      writeFileSync(path.join(dir, 'assets', 'big-abc.js.br'), zlib.brotliCompressSync(code));
      writeFileSync(path.join(dir, 'assets', 'big-abc.js.gz'), zlib.gzipSync(code));
      const app = await start({ dashboardDir: dir });
      for (const encoding of ['br', 'gzip']) {
        const res = await fetch(`${app.url}/assets/big-abc.js`, { headers: { 'accept-encoding': encoding } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-encoding')).toBe(encoding);
        expect(res.headers.get('content-type')).toContain('text/javascript');
        expect(res.headers.get('cache-control')).toContain('immutable');
        expect(await res.text()).toBe(code);
        const etag = res.headers.get('etag') as string;
        expect(etag).toBeTruthy();
        // as a browser revalidates (fetch() would add Cache-Control: no-cache to a conditional request)
        const again = await fetch(`${app.url}/assets/big-abc.js`, {
          headers: { 'accept-encoding': encoding, 'if-none-match': etag, 'cache-control': 'max-age=0' },
        });
        expect(again.status).toBe(304);
      }
      const plain = await fetch(`${app.url}/assets/big-abc.js`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.text()).toBe(code);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('/healthz answers 503 while the server drains', async () => {
    const app = await createApp({ db: h.db, dashboardDir: fakeDashboard(), logError: () => {} });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      app.draining = true;
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false, draining: true });
    } finally {
      await app.close();
    }
  });
});
