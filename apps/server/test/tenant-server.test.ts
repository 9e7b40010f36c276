/**
 * One server over the tenant clusters of the replica topology (scripts/replica-topology.sh):
 * DATABASE_URL is a home database (on the topology's primary) holding the agency directory
 * and one agency of its own; CASELOAD_CLUSTERS names east and west. A director of an
 * agency placed on east signs in (the cookie names the agency), reads figures and saves
 * settings, all on east; a cookie naming another agency, or none, reaches nothing. Then the
 * agency moves to west with the app running: a settings save already in flight when the
 * move starts is waited for and arrives on west; while the directory says moving, reports
 * keep answering, a save and a sign-in are refused with the "being moved" message (503),
 * and after the switch the next save lands on west.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  AGENCY_MOVING_MESSAGE,
  agencyChecksums,
  connect,
  createApiToken,
  type DbHandle,
  migrateToLatest,
  moveAgency,
  placeAgency,
  writeAudit,
} from '@caseload/db';
import { databaseOn, replicaTopology, runSql } from '@caseload/db/testing';
import { importDirectory } from '@caseload/importer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAgency, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import {
  fakeDashboard,
  loginRequest,
  type Running,
  removeFakeDashboard,
  sessionPair,
  startApp,
  trpcMutation,
  trpcQuery,
} from './helpers.ts';
import { agencyWithMoreClients, SMALL_AGENCY } from './replica.ts';

afterAll(removeFakeDashboard);

const topology = replicaTopology();
const AS_OF = '2024-06-30';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SettingsView {
  version: number;
  settings: Record<string, unknown> & { staleAfterDays: number };
}

describe.skipIf(!topology)('the server per agency, over the clusters of the agency directory', () => {
  const t = topology as NonNullable<typeof topology>;
  const name = `cm_tenant_srv_${process.pid}_${randomBytes(3).toString('hex')}`;
  const homeUrl = databaseOn(t.primaryUrl, name);
  const eastUrl = databaseOn(t.eastUrl, name);
  const westUrl = databaseOn(t.westUrl, name);
  let home: DbHandle;
  let east: DbHandle;
  let routed: DbHandle;
  let app: Running;
  let moving: string;
  let other: string;
  let homeAgency: string;
  let director: { email: string };
  let otherDirector: { email: string };
  let homeDirector: { email: string };
  const logged: string[] = [];

  const report = (cookie: string) => trpcQuery(app.url, 'caseload.report', cookie, { asOf: AS_OF });
  const settingsOf = async (cookie: string): Promise<SettingsView> => {
    const res = await trpcQuery(app.url, 'settings.get', cookie);
    expect(res.status).toBe(200);
    return ((await res.json()) as { result: { data: SettingsView } }).result.data;
  };
  const saveStaleAfter = async (cookie: string, days: number) => {
    const current = await settingsOf(cookie);
    return trpcMutation(app.url, 'settings.update', cookie, {
      settings: { ...current.settings, staleAfterDays: days },
      expectedVersion: current.version,
    });
  };
  /** the import files of `dir` to the push API with `token` */
  const push = (dir: string, token: string) => {
    const form = new FormData();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
      form.append('files', new Blob([new Uint8Array(readFileSync(path.join(dir, file)))]), file);
    }
    return fetch(`${app.url}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  };
  const clientsOn = async (url: string, agencyId: string) =>
    (await runSql<{ n: number }>(url, 'select count(*)::int as n from clients where agency_id = $1', [agencyId]))[0]?.n;
  const staleAfterOn = async (url: string, agencyId: string) =>
    (
      await runSql<{ days: number | null }>(
        url,
        `select (settings->>'staleAfterDays')::int as days from settings_versions where agency_id = $1 order by version desc limit 1`,
        [agencyId],
      )
    )[0]?.days;

  beforeAll(async () => {
    for (const url of [t.primaryUrl, t.eastUrl, t.westUrl]) await runSql(url, `create database ${name}`);
    home = await connect({ databaseUrl: homeUrl, poolMax: 2 });
    await migrateToLatest(home.db);
    homeAgency = await makeAgency(home.db);
    homeDirector = await makeUser(home.db, homeAgency, { role: 'director' });
    east = await connect({ databaseUrl: eastUrl, poolMax: 2 });
    await migrateToLatest(east.db);
    moving = await makeAgency(east.db);
    other = await makeAgency(east.db);
    for (const agencyId of [moving, other]) {
      expect((await importDirectory(east.db, SMALL_AGENCY, { agencyId, today: '2026-06-30' })).ok).toBe(true);
      await placeAgency(home.db, agencyId, 'east');
    }
    director = await makeUser(east.db, moving, { role: 'director' });
    otherDirector = await makeUser(east.db, other, { role: 'director' });
    routed = await connect({
      databaseUrl: homeUrl,
      poolMax: 3,
      clusters: new Map([
        ['east', eastUrl],
        ['west', westUrl],
      ]),
    });
    app = await startApp({
      db: routed.db,
      tenancy: routed.tenancy!,
      dashboardDir: fakeDashboard(),
      logError: (message) => logged.push(message),
    });
  });

  afterAll(async () => {
    await app?.close();
    await routed?.close();
    await east?.close();
    await home?.close();
    for (const url of [t.eastUrl, t.westUrl]) {
      await runSql(url, `select pg_drop_replication_slot(slot_name) from pg_replication_slots where database = $1`, [name]).catch(() => {});
    }
    for (const url of [t.primaryUrl, t.eastUrl, t.westUrl]) await runSql(url, `drop database if exists ${name} with (force)`);
  });

  test('sign-in, figures and writes go to the agency’s cluster; a forged or missing agency in the cookie reaches nothing', async () => {
    const signIn = await loginRequest(app.url, director.email, TEST_PASSWORD);
    expect(signIn.status).toBe(200);
    const cookie = sessionPair(signIn);
    expect(cookie).toMatch(new RegExp(`^cm_session=${moving.replace(/[.]/g, '\\.')}~[A-Za-z0-9_-]{43}$`));
    // the session row is on east, not in the home database
    expect(await runSql(eastUrl, 'select 1 from sessions where agency_id = $1', [moving])).toHaveLength(1);
    expect(await runSql(homeUrl, 'select 1 from sessions')).toEqual([]);

    const res = await report(cookie);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: unknown } };
    // the same figures a server on east alone gives
    const eastApp = await startApp({ db: east.db, dashboardDir: fakeDashboard() });
    try {
      const plain = sessionPair(await loginRequest(eastApp.url, director.email, TEST_PASSWORD));
      const direct = await trpcQuery(eastApp.url, 'caseload.report', plain, { asOf: AS_OF });
      expect(((await direct.json()) as { result: { data: unknown } }).result.data).toEqual(body.result.data);
    } finally {
      await eastApp.close();
    }

    // a write: on east
    expect((await saveStaleAfter(cookie, 21)).status).toBe(200);
    expect(await staleAfterOn(eastUrl, moving)).toBe(21);

    // the token under another agency's name (on the same cluster), or under none: not signed in
    const token = cookie.slice(cookie.indexOf('~') + 1);
    expect((await report(`cm_session=${other}~${token}`)).status).toBe(401);
    expect((await report(`cm_session=${token}`)).status).toBe(401);
    expect((await report(`cm_session=no-such-agency~${token}`)).status).toBe(401);

    // an agency without a directory entry lives in the home database
    const homeCookie = sessionPair(await loginRequest(app.url, homeDirector.email, TEST_PASSWORD));
    expect(homeCookie.startsWith(`cm_session=${homeAgency}~`)).toBe(true);
    expect((await trpcQuery(app.url, 'settings.get', homeCookie)).status).toBe(200);
    expect(await runSql(homeUrl, 'select 1 from sessions where agency_id = $1', [homeAgency])).toHaveLength(1);
    expect((await loginRequest(app.url, 'nobody@example.org', TEST_PASSWORD)).status).toBe(401);

    // the push API: the token's agency is found on east, and the import lands there
    const { token: pushToken } = await createApiToken(east.db, other, 'nightly', { userId: null, label: 'test' });
    const clientsBefore = (await clientsOn(eastUrl, other)) as number;
    const pushed = await push(agencyWithMoreClients(2), pushToken);
    expect(pushed.status).toBe(201);
    expect(await clientsOn(eastUrl, other)).toBe(clientsBefore + 2);
    expect((await push(SMALL_AGENCY, `${pushToken.slice(0, -2)}xx`)).status).toBe(401);
  });

  test('moving with the app running: a write in flight arrives, reads go on, writes and sign-in are refused while moving, later writes land on west', async () => {
    const cookie = sessionPair(await loginRequest(app.url, director.email, TEST_PASSWORD));
    const { token: movingToken } = await createApiToken(east.db, moving, 'nightly', { userId: null, label: 'test' });
    const clientsBefore = await clientsOn(eastUrl, moving);
    const before = await report(cookie);
    expect(before.status).toBe(200);
    const figures = ((await before.json()) as { result: { data: unknown } }).result.data;

    // a write in flight: once the copy is done, a transaction of the agency's writes and does not commit until told
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let inFlight: Promise<void> | undefined;
    const startWriteInFlight = () =>
      new Promise<void>((written) => {
        inFlight = routed.tenancy!.forAgency(moving, () =>
          routed.db.transaction().execute(async (trx) => {
            await writeAudit(trx, { agencyId: moving, userId: null, actor: 'test', action: 'export', details: { via: 'in flight' } });
            written();
            await committing;
          }),
        );
        inFlight.catch(() => written());
      });
    const waitingForFence = () =>
      runSql(
        t.eastUrl,
        `select 1 from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = $1)`,
        [name],
      );

    // readers all through the move
    let done = false;
    const statuses: number[] = [];
    const answers: unknown[] = [];
    const reader = (async () => {
      while (!done) {
        const res = await report(cookie);
        statuses.push(res.status);
        if (res.status === 200) answers.push(((await res.json()) as { result: { data: unknown } }).result.data);
        await sleep(30);
      }
    })();

    const whileMoving: Array<{ what: string; status: number; error: string }> = [];
    const move = moveAgency({
      agencyId: moving,
      directory: home.db,
      clusters: new Map([
        ['east', eastUrl],
        ['west', westUrl],
      ]),
      to: 'west',
      beforeFreeze: startWriteInFlight,
      beforeSwitch: async () => {
        const save = await saveStaleAfter(cookie, 30);
        whileMoving.push({
          what: 'save',
          status: save.status,
          error: ((await save.json()) as { error: { message: string } }).error.message,
        });
        const signIn = await loginRequest(app.url, director.email, TEST_PASSWORD);
        whileMoving.push({ what: 'sign-in', status: signIn.status, error: ((await signIn.json()) as { error: string }).error });
        const pushed = await push(agencyWithMoreClients(1), movingToken);
        whileMoving.push({ what: 'push import', status: pushed.status, error: ((await pushed.json()) as { error: string }).error });
        const read = await report(cookie);
        whileMoving.push({ what: 'report', status: read.status, error: '' });
      },
    });
    // the move waits for the write in flight: the directory says moving, the fence is asked for on east
    for (let i = 0; i < 400 && (await waitingForFence()).length === 0; i += 1) await sleep(25);
    expect(await waitingForFence()).toHaveLength(1);
    commit();
    await inFlight;
    const moved = await move;
    done = true;
    await reader;

    expect(moved.from).toBe('east');
    expect(whileMoving).toEqual([
      { what: 'save', status: 503, error: AGENCY_MOVING_MESSAGE },
      { what: 'sign-in', status: 503, error: AGENCY_MOVING_MESSAGE },
      { what: 'push import', status: 503, error: AGENCY_MOVING_MESSAGE },
      { what: 'report', status: 200, error: '' },
    ]);
    // reads answered throughout, with the same figures
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(answers.every((a) => JSON.stringify(a) === JSON.stringify(figures))).toBe(true);

    // the write in flight arrived on west; nothing of the agency is left on east
    expect(await runSql(westUrl, `select 1 from audit_log where agency_id = $1 and details->>'via' = 'in flight'`, [moving])).toHaveLength(
      1,
    );
    expect((await agencyChecksums(eastUrl, moving)).every((c) => c.rows === 0)).toBe(true);
    // the import refused while moving left nothing behind
    expect(await clientsOn(westUrl, moving)).toBe(clientsBefore);

    // after the switch: the same session (its row moved with the agency) writes on west
    expect(await staleAfterOn(westUrl, moving)).toBe(21);
    const after = await saveStaleAfter(cookie, 45);
    expect(after.status).toBe(200);
    expect(await staleAfterOn(westUrl, moving)).toBe(45);
    // and the import token, moved with the agency, imports there
    expect((await push(agencyWithMoreClients(1), movingToken)).status).toBe(201);
    expect(await clientsOn(westUrl, moving)).toBe((clientsBefore as number) + 1);
    expect((await report(cookie)).status).toBe(200);
    // the agency that stayed on east is served from east as before
    const otherCookie = sessionPair(await loginRequest(app.url, otherDirector.email, TEST_PASSWORD));
    expect((await saveStaleAfter(otherCookie, 14)).status).toBe(200);
    expect(await staleAfterOn(eastUrl, other)).toBe(14);
    expect(logged).toEqual([]);
  });
});
