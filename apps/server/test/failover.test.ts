/**
 * A failover under the running server: a primary and its synchronous hot standby of
 * their own (scripts/replica-topology.sh on ports 5444-5445, pgpool-II on 9444), the app
 * on DATABASE_URL naming both hosts and DATABASE_READ_URL on the standby. An import
 * commits; the primary dies (immediate shutdown); the standby is promoted
 * (pg_promote()). The app reconnects to the promoted standby without a restart: the
 * signed-in director's report is the post-import one (no committed import lost), and
 * the next import is accepted on the new primary.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { agencyVersions, connect, type DbHandle, migrateToLatest } from '@caseload/db';
import { databaseOn, replicaTopology, runSql } from '@caseload/db/testing';
import { importDirectory } from '@caseload/importer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { fakeDashboard, loginRequest, type Running, removeFakeDashboard, sessionPair, startApp, trpcQuery } from './helpers.ts';
import { agencyWithMoreClients, SMALL_AGENCY } from './replica.ts';

afterAll(removeFakeDashboard);

const topology = replicaTopology();
const AS_OF = '2024-06-30';

describe.skipIf(!topology)('the primary fails over to its standby under the running server', () => {
  // a fixed directory: the script's start first stops whatever an interrupted run left there
  const dir = path.join(tmpdir(), 'caseload-topology-failover');
  const pairEnv = {
    ...process.env,
    CASELOAD_TOPOLOGY_DIR: dir,
    TOPOLOGY_PORT_BASE: '5444',
    TOPOLOGY_POOL_PORT_BASE: '9444',
    TOPOLOGY_TENANTS: '0',
  };
  const script = (command: string) =>
    execFileSync('bash', [topology!.script, command], { env: pairEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let primaryUrl: string;
  let standbyUrl: string;
  let routed: DbHandle;
  let app: Running;
  let agencyId: string;
  const logged: string[] = [];
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    const envFile = script('start').toString().trim();
    const vars = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .map((line) => /^export (\w+)=(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    primaryUrl = databaseOn(vars.TEST_PRIMARY_URL, 'caseload');
    standbyUrl = databaseOn(vars.TEST_STANDBY_URL, 'caseload');
    await runSql(vars.TEST_PRIMARY_URL, 'create database caseload');
    const setup = await connect({ databaseUrl: primaryUrl, poolMax: 2 });
    await migrateToLatest(setup.db);
    agencyId = await makeAgency(setup.db);
    await setup.close();
    // libpq's multi-host form: whichever of the two is not in recovery
    const both = primaryUrl.replace('127.0.0.1:5444', '127.0.0.1:5444,127.0.0.1:5445');
    routed = await connect({ databaseUrl: both, readUrl: standbyUrl, poolMax: 4 });
    app = await startApp({ db: routed.db, dashboardDir: fakeDashboard(), logError: (message) => logged.push(message) });
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await app?.close();
    await routed?.close().catch(() => {});
    try {
      script('stop');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('promote the standby: the app reconnects, the committed import is there, the next import is accepted', async () => {
    expect((await importDirectory(routed.db, SMALL_AGENCY, { agencyId, today: '2026-06-30' })).ok).toBe(true);
    const director = await makeUser(routed.db, agencyId, { role: 'director' });
    const cookie = sessionPair(await loginRequest(app.url, director.email, TEST_PASSWORD));
    // the import the users must not lose, committed (synchronously replicated) before the failure
    expect((await importDirectory(routed.db, agencyWithMoreClients(4), { agencyId, today: '2026-06-30' })).ok).toBe(true);
    const committed = await agencyVersions(routed.db, agencyId);
    const clientsOf = async (url: string) =>
      (await runSql<{ n: number }>(url, 'select count(*)::int as n from clients where agency_id = $1', [agencyId]))[0]?.n;
    const committedClients = await clientsOf(primaryUrl);
    // the fixture's 4 clients and the 4 this import added
    expect(committedClients).toBe(8);
    const before = await trpcQuery(app.url, 'caseload.report', cookie, { asOf: AS_OF });
    expect(before.status).toBe(200);
    const beforeBody = await before.json();

    script('stop-primary');
    await runSql(databaseOn(standbyUrl, 'postgres'), 'select pg_promote(true, 30)');

    // the app was not restarted: the next requests reach the promoted standby
    let status = 0;
    let body: unknown;
    for (let i = 0; i < 100 && status !== 200; i += 1) {
      // a figure not kept yet, so it is computed on the database now serving
      const res = await trpcQuery(app.url, 'caseload.report', cookie, { asOf: '2024-06-29' });
      status = res.status;
      body = await res.json();
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect(body).toBeDefined();
    const [{ standby } = { standby: true }] = await runSql<{ standby: boolean }>(standbyUrl, 'select pg_is_in_recovery() as standby');
    expect(standby).toBe(false);
    expect(await agencyVersions(routed.db, agencyId)).toEqual(committed);
    expect(await clientsOf(standbyUrl)).toBe(committedClients);
    const again = await trpcQuery(app.url, 'caseload.report', cookie, { asOf: AS_OF });
    expect(await again.json()).toEqual(beforeBody);

    // writable again: the next import lands on the new primary
    expect((await importDirectory(routed.db, agencyWithMoreClients(5), { agencyId, today: '2026-06-30' })).ok).toBe(true);
    expect(BigInt((await agencyVersions(routed.db, agencyId)).data)).toBeGreaterThan(BigInt(committed.data));
    expect(uncaught).toEqual([]);
  });
});
