/**
 * The server with DATABASE_READ_URL on the replica topology (scripts/replica-topology.sh):
 * the primary, a synchronous hot standby, pgpool-II in front of both as the reader. A
 * director reads the caseload report; with the standby's WAL replay paused
 * (pg_wal_replay_pause) an import commits on the primary, and the next report is the
 * post-import one, answered from the primary, never the standby's stale copy. A
 * client-level list, whose every view writes an audit row, is answered while the reads
 * come from the standby: the row is on the primary, and no refusal reaches the user.
 */
import { randomBytes } from 'node:crypto';
import { connect, type DbHandle, migrateToLatest } from '@caseload/db';
import { databaseOn, replicaTopology, runSql, standbyCaughtUp } from '@caseload/db/testing';
import { importDirectory } from '@caseload/importer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { fakeDashboard, loginRequest, type Running, removeFakeDashboard, sessionPair, startApp, trpcQuery } from './helpers.ts';
import { agencyWithMoreClients, SMALL_AGENCY } from './replica.ts';

afterAll(removeFakeDashboard);

const topology = replicaTopology();
const AS_OF = '2024-06-30';

describe.skipIf(!topology)('figures read through pgpool-II from a hot standby', () => {
  const t = topology as NonNullable<typeof topology>;
  const name = `cm_replica_${process.pid}_${randomBytes(3).toString('hex')}`;
  let primary: DbHandle;
  let routed: DbHandle;
  let app: Running;
  let primaryApp: Running;
  let agencyId: string;
  let cookie: string;
  let primaryCookie: string;
  const logged: string[] = [];

  const report = (url: string, c: string) => trpcQuery(url, 'caseload.report', c, { asOf: AS_OF });

  beforeAll(async () => {
    await runSql(t.primaryUrl, `create database ${name}`);
    primary = await connect({ databaseUrl: databaseOn(t.primaryUrl, name), poolMax: 3 });
    await migrateToLatest(primary.db);
    agencyId = await makeAgency(primary.db);
    expect((await importDirectory(primary.db, SMALL_AGENCY, { agencyId, today: '2026-06-30' })).ok).toBe(true);
    const director = await makeUser(primary.db, agencyId, { role: 'director' });
    routed = await connect({
      databaseUrl: databaseOn(t.primaryUrl, name),
      readUrl: databaseOn(t.pgpoolUrl, name),
      poolMax: 4,
      readRouting: { maxWaitMs: 100 },
    });
    app = await startApp({ db: routed.db, dashboardDir: fakeDashboard(), logError: (message) => logged.push(message) });
    // the same database without a reader: what the figures are on the primary
    primaryApp = await startApp({ db: primary.db, dashboardDir: fakeDashboard() });
    cookie = sessionPair(await loginRequest(app.url, director.email, TEST_PASSWORD));
    primaryCookie = sessionPair(await loginRequest(primaryApp.url, director.email, TEST_PASSWORD));
  });

  afterAll(async () => {
    await runSql(t.standbyUrl, 'select pg_wal_replay_resume()').catch(() => {});
    await app?.close();
    await primaryApp?.close();
    await routed?.close();
    await primary?.close();
    await runSql(t.primaryUrl, `drop database if exists ${name} with (force)`);
  });

  test('with the standby lagging, the report after an import is the primary’s, never the stale one', async () => {
    await standbyCaughtUp(t.primaryUrl, t.standbyUrl);
    const readerScopes = routed.readRouting!.readerScopes;
    const before = await report(app.url, cookie);
    expect(before.status).toBe(200);
    const beforeBody = await before.json();
    expect(routed.readRouting!.readerScopes).toBe(readerScopes + 1);

    await runSql(t.standbyUrl, 'select pg_wal_replay_pause()');
    try {
      expect((await importDirectory(primary.db, agencyWithMoreClients(3), { agencyId, today: '2026-06-30' })).ok).toBe(true);
      // the standby still has the old data
      const [onStandby] = await runSql<{ n: number }>(
        databaseOn(t.standbyUrl, name),
        'select count(*)::int as n from clients where agency_id = $1',
        [agencyId],
      );
      const [onPrimary] = await runSql<{ n: number }>(
        databaseOn(t.primaryUrl, name),
        'select count(*)::int as n from clients where agency_id = $1',
        [agencyId],
      );
      expect(onPrimary!.n).toBe(onStandby!.n + 3);

      const behind = routed.readRouting!.behindScopes;
      const after = await report(app.url, cookie);
      expect(after.status).toBe(200);
      const afterBody = await after.json();
      const truth = await (await report(primaryApp.url, primaryCookie)).json();
      expect(afterBody).toEqual(truth);
      expect(afterBody).not.toEqual(beforeBody);
      expect(routed.readRouting!.behindScopes).toBe(behind + 1);
    } finally {
      await runSql(t.standbyUrl, 'select pg_wal_replay_resume()');
    }

    // caught up again: a figure not yet kept is read from the standby, and agrees with the primary
    await standbyCaughtUp(t.primaryUrl, t.standbyUrl);
    const scopes = routed.readRouting!.readerScopes;
    const later = await trpcQuery(app.url, 'caseload.report', cookie, { asOf: '2024-06-15' });
    expect(later.status).toBe(200);
    expect(routed.readRouting!.readerScopes).toBe(scopes + 1);
    const laterTruth = await trpcQuery(primaryApp.url, 'caseload.report', primaryCookie, { asOf: '2024-06-15' });
    expect(await later.json()).toEqual(await laterTruth.json());
    expect(logged).toEqual([]);
  });

  test('an audited client list read from the standby writes its audit row on the primary; no refusal reaches the user', async () => {
    await standbyCaughtUp(t.primaryUrl, t.standbyUrl);
    const countAudit = async () =>
      (
        await runSql<{ n: number }>(
          databaseOn(t.primaryUrl, name),
          `select count(*)::int as n from audit_log where agency_id = $1 and action = 'client_list.view'`,
          [agencyId],
        )
      )[0]!.n;
    const audited = await countAudit();
    const statements = routed.readRouting!.readerStatements;
    const errors = routed.readRouting!.readerErrors;
    const res = await trpcQuery(app.url, 'caseload.staffClients', cookie, { staffId: 'S-CM2', asOf: AS_OF });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { clients: unknown[] } } };
    expect(body.result.data.clients.length).toBeGreaterThan(0);
    expect(routed.readRouting!.readerStatements).toBeGreaterThan(statements);
    expect(routed.readRouting!.readerErrors).toBe(errors);
    expect(await countAudit()).toBe(audited + 1);
    expect(logged).toEqual([]);
  });
});
