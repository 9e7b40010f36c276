/**
 * The real entry point, started as a child process: embedded database, migrations,
 * demo accounts, listening, signing in, stopping on SIGTERM. On PostgreSQL (when
 * TEST_DATABASE_URL is set): refusing demo accounts, and surviving lost connections.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DbHandle, writeAudit } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { fakeDashboard, removeFakeDashboard, loginRequest, sessionPair, startApp, trpcQuery } from './helpers.ts';

afterAll(removeFakeDashboard);
const serverDir = fileURLToPath(new URL('..', import.meta.url));
const mainPath = path.join(serverDir, 'src', 'main.ts');

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs main.ts; resolves once it prints its URL, or when it exits first. */
function runMain(env: Record<string, string>): Promise<Started | { code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (http:\/\/localhost:\d+)\//.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], stdout: () => out, stderr: () => err, exited });
    });
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    void exited.then((code) => resolve({ code, stdout: out, stderr: err }));
  });
}

function expectNoStack(text: string) {
  expect(text).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/);
}

function started(r: Awaited<ReturnType<typeof runMain>>): Started {
  if (!('child' in r)) throw new Error(`main exited with ${r.code}: ${r.stderr}`);
  return r;
}

describe('main.ts', () => {
  test('starts on the embedded database with demo sign-ins, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cm-main-'));
    try {
      const s = started(await runMain({ DATA_DIR: dataDir, DASHBOARD_DIR: fakeDashboard() }));
      expect(s.stdout()).toContain('password: demo-password');
      for (const email of [
        'admin@demo.local',
        'director@demo.local',
        'pm@demo.local',
        'supervisor@demo.local',
        'casemanager@demo.local',
        'board@demo.local',
      ]) {
        expect(s.stdout()).toContain(email);
      }
      expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ ok: true });
      const res = await loginRequest(s.url, 'director@demo.local', 'demo-password');
      expect(res.status).toBe(200);
      const me = await trpcQuery(s.url, 'auth.me', sessionPair(res));
      expect(((await me.json()) as { result: { data: { role: string } } }).result.data.role).toBe('director');
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a bad PORT is a clear message and exit 1', async () => {
    const r = await runMain({ PORT: 'eighty', DATA_DIR: '/tmp/cm-never-created' });
    expect(r).toMatchObject({ code: 1 });
    expect('stderr' in r && typeof r.stderr === 'string' ? r.stderr : '').toContain('PORT must be a number');
  });
});

// PostgreSQL only (TEST_DATABASE_URL), like every pg case of testDrivers()
describe.each(testDrivers().filter((d) => d === 'pg'))('main.ts and the server on %s', () => {
  test('refuses to start while demo accounts exist, unless ALLOW_DEMO_ACCOUNTS=1', async () => {
    const h = await createTestDb('pg');
    // wall-clock: a unique database name
    const name = `cm_main_${process.pid}_${Date.now()}`;
    await sql`create database ${sql.id(name)}`.execute(h.db);
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = `/${name}`;
    try {
      const clean = started(await runMain({ DATABASE_URL: url.toString() }));
      expect(clean.stdout()).not.toContain('demo.local');
      clean.child.kill('SIGTERM');
      expect(await clean.exited).toBe(0);

      const { connect } = await import('@caseload/db');
      const other = await connect({ databaseUrl: url.toString() });
      try {
        const agencyId = await makeAgency(other.db, { agencyId: 'demo' });
        await makeUser(other.db, agencyId, { role: 'admin', email: 'admin@demo.local' });
      } finally {
        await other.close();
      }
      const refused = await runMain({ DATABASE_URL: url.toString() });
      expect(refused).toMatchObject({ code: 1 });
      expect('stderr' in refused ? refused.stderr : '').toContain('ALLOW_DEMO_ACCOUNTS=1');

      const allowed = started(await runMain({ DATABASE_URL: url.toString(), ALLOW_DEMO_ACCOUNTS: '1' }));
      expect(allowed.stdout()).toContain('admin@demo.local');
      allowed.child.kill('SIGTERM');
      expect(await allowed.exited).toBe(0);
    } finally {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(h.db);
      await h.close();
    }
  });

  test('idle pool connections dropped by the database server are replaced (in-process app)', async () => {
    const h: DbHandle = await createTestDb('pg');
    const agencyId = await makeAgency(h.db);
    const u = await makeUser(h.db, agencyId, { role: 'admin' });
    const app = await startApp({ db: h.db, dashboardDir: fakeDashboard(), logError: () => {} });
    try {
      const cookie = sessionPair(await loginRequest(app.url, u.email, TEST_PASSWORD));
      // fill the pool, then have the database end every other connection of it
      await Promise.all([1, 2, 3, 4].map(() => sql`select pg_sleep(0.05)`.execute(h.db)));
      const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()`.execute(h.db);
      expect(killed.rows[0]?.n).toBeGreaterThanOrEqual(1);
      let status = 0;
      for (let i = 0; i < 5 && status !== 200; i++) status = (await fetch(`${app.url}/healthz`)).status;
      expect(status).toBe(200);
      expect((await trpcQuery(app.url, 'auth.me', cookie)).status).toBe(200);
      await writeAudit(h.db, { agencyId, userId: null, actor: 'test', action: 'probe' });
    } finally {
      await app.close();
      await h.close();
    }
  });

  test('a connection killed in the middle of a request fails that request, not the server process', async () => {
    const h = await createTestDb('pg');
    // wall-clock: a unique database name
    const name = `cm_main_${process.pid}_${Date.now()}`;
    await sql`create database ${sql.id(name)}`.execute(h.db);
    const url = new URL(process.env.TEST_DATABASE_URL as string);
    url.pathname = `/${name}`;
    const { connect } = await import('@caseload/db');
    let s: Started | undefined;
    try {
      s = started(await runMain({ DATABASE_URL: url.toString() }));
      const other = await connect({ databaseUrl: url.toString(), poolMax: 1 });
      try {
        const agencyId = await makeAgency(other.db);
        const u = await makeUser(other.db, agencyId, { role: 'admin' });
        const res = await loginRequest(s.url, u.email, TEST_PASSWORD);
        expect(res.status).toBe(200);
        const cookie = sessionPair(res);
        const serverUrl = s.url;
        const inFlight = await other.db.transaction().execute(async (trx) => {
          // hold the sessions table so the server's next query waits, connection in hand
          await sql`lock table sessions in access exclusive mode`.execute(trx);
          const pending = trpcQuery(serverUrl, 'auth.me', cookie);
          for (let i = 0; i < 100; i++) {
            const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`.execute(trx);
            if ((waiting.rows[0]?.n ?? 0) > 0) break;
            await new Promise((r) => setTimeout(r, 50));
          }
          await sql`select pg_terminate_backend(pid) from pg_stat_activity
                    where datname = current_database() and pid <> pg_backend_pid()`.execute(trx);
          return pending;
        });
        expect(inFlight.status).toBe(500);
        expectNoStack(await inFlight.text());
        let status = 0;
        for (let i = 0; i < 5 && status !== 200; i++) status = (await fetch(`${serverUrl}/healthz`)).status;
        expect(status).toBe(200);
        expect((await trpcQuery(serverUrl, 'auth.me', cookie)).status).toBe(200);
      } finally {
        await other.close();
      }
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    } finally {
      if (s && s.child.exitCode === null) s.child.kill('SIGKILL');
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(h.db);
      await h.close();
    }
  });
});
