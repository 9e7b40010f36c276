/**
 * GET queries answered from kept bytes (src/keptAnswers.ts) are answered exactly as
 * tRPC's own handler answers them: the same status, the same JSON headers and the same
 * body byte for byte, for successes, errors of every kind and batches. Two servers share
 * one database (and its result cache): one that keeps answers' bytes, one that runs
 * every procedure. A client-level list answered from kept bytes is audited like a
 * computed one: every view writes its entry.
 */
import { createClock } from '@caseload/clock';
import { ResultCache } from '@caseload/api';
import { AUDIT_ACTIONS, type DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../../../packages/api/src/access.ts';
import {
  makeAgency,
  makeCaseload,
  makeContact,
  makeProgram,
  makeStaff,
  makeTeam,
  makeUser,
  TEST_PASSWORD,
} from '../../../packages/api/test/factories.ts';
import { createApp } from '../src/app.ts';
import { fakeDashboard, loginRequest, removeFakeDashboard, type Running, sessionPair, startApp } from './helpers.ts';

afterAll(removeFakeDashboard);
const T0 = new Date('2025-04-01T08:00:00Z');

const q = (path: string, input?: unknown) =>
  `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
const batch = (paths: string[], inputs: Record<string, unknown>) =>
  `/trpc/${paths.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;

describe.each(testDrivers())('GET queries: the query path answers as tRPC does, on %s', (driver) => {
  let h: DbHandle;
  let fast: Running;
  let plain: Running;
  let director: Caller;
  let supervisor: Caller;
  let board: Caller;
  let staffId: string;
  let agencyId: string;
  let clientIds: string[] = [];
  const cookies: Record<string, string> = {};
  const errors: string[] = [];

  beforeAll(async () => {
    h = await createTestDb(driver);
    agencyId = await makeAgency(h.db);
    const programId = await makeProgram(h.db, agencyId);
    await makeTeam(h.db, agencyId, { teamId: 'north' });
    await makeTeam(h.db, agencyId, { teamId: 'south' });
    staffId = await makeStaff(h.db, agencyId, { teamId: 'north', caseloadFte: 0.8 });
    const clients = await makeCaseload(h.db, agencyId, { staffId, programId, count: 3, tier: 3 });
    clientIds = clients;
    await makeContact(h.db, agencyId, { clientId: clients[0] as string, staffId, occurredOn: '2025-03-03' });
    director = await makeUser(h.db, agencyId, { role: 'director' });
    supervisor = await makeUser(h.db, agencyId, { role: 'supervisor', teamIds: ['north'] });
    board = await makeUser(h.db, agencyId, { role: 'board' });
    const cache = new ResultCache();
    const common = {
      db: h.db,
      clock: createClock({ now: () => T0 }),
      dashboardDir: fakeDashboard(),
      logError: (m: string) => void errors.push(m),
      resultCache: cache,
    };
    fast = await startApp({ ...common, fastQueries: true });
    plain = await startApp({ ...common, fastQueries: false });
    for (const u of [director, supervisor, board]) {
      const res = await loginRequest(fast.url, u.email, TEST_PASSWORD);
      cookies[u.role] = sessionPair(res);
    }
  });
  afterAll(async () => {
    await fast?.close();
    await plain?.close();
    await h?.close();
  });

  /** A server keeping answers' bytes, of its own (its metrics count only this test's requests), and its kept-answer hits so far. */
  async function keptApp() {
    const app = await createApp({
      db: h.db,
      clock: createClock({ now: () => T0 }),
      dashboardDir: fakeDashboard(),
      logError: () => {},
      fastQueries: true,
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const hits = async () => Number(/caseload_kept_answer_requests_total\{result="hit"\} (\d+)/.exec(await app.metrics.text())?.[1] ?? 0);
    return { app, url, hits };
  }

  async function both(path: string, cookie: string | null) {
    const get = async (base: string) => {
      const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
      const headers = Object.fromEntries(
        ['content-type', 'vary', 'cache-control', 'retry-after', 'content-security-policy'].map((n) => [n, res.headers.get(n)]),
      );
      return { status: res.status, headers, body: await res.text() };
    };
    return { fast: await get(fast.url), plain: await get(plain.url) };
  }

  const cases: Array<[string, () => string, () => string | null, number]> = [
    ['signed-in auth.me', () => q('auth.me'), () => cookies.director ?? null, 200],
    ['auth.me without a session (401)', () => q('auth.me'), () => null, 401],
    ['a kept report', () => q('caseload.report', { asOf: '2025-03-31' }), () => cookies.director ?? null, 200],
    ['the same report again (kept JSON)', () => q('caseload.report', { asOf: '2025-03-31' }), () => cookies.director ?? null, 200],
    [
      'a supervisor outside their team (403)',
      () => q('caseload.report', { asOf: '2025-03-31', teamId: 'south' }),
      () => cookies.supervisor ?? null,
      403,
    ],
    [
      'input that fails validation (400, with issues)',
      () => q('caseload.report', { asOf: '31/03/2025' }),
      () => cookies.director ?? null,
      400,
    ],
    [
      'a role the procedure does not name (403)',
      () => q('caseload.staffClients', { staffId: 'x', asOf: '2025-03-31' }),
      () => cookies.board ?? null,
      403,
    ],
    ['a service error (404)', () => q('rebalance.propose', { teamId: 'nowhere', asOf: '2025-03-31' }), () => cookies.director ?? null, 404],
    [
      'a client-level list (audited on both)',
      () => q('caseload.staffClients', { staffId, asOf: '2025-03-31' }),
      () => cookies.director ?? null,
      200,
    ],
    ['the board view (suppressed)', () => q('caseload.report', { asOf: '2025-03-31' }), () => cookies.board ?? null, 200],
    ['a batch of two', () => batch(['auth.me', 'caseload.report'], { 1: { asOf: '2025-03-31' } }), () => cookies.director ?? null, 200],
    [
      'a batch with one failure (207)',
      () => batch(['auth.me', 'caseload.report'], { 1: { asOf: 'no' } }),
      () => cookies.director ?? null,
      207,
    ],
    ['a batch that all fails alike (401)', () => batch(['auth.me', 'meta.directory'], {}), () => null, 401],
    ['handed to tRPC: an unknown procedure', () => q('caseload.nothing'), () => cookies.director ?? null, 404],
    ['handed to tRPC: a mutation by GET', () => q('settings.update', {}), () => cookies.director ?? null, 405],
    ['handed to tRPC: input that is not JSON', () => '/trpc/auth.me?input=%7Bnot', () => cookies.director ?? null, 0],
    ['handed to tRPC: a batch input that is not an object', () => '/trpc/auth.me?batch=1&input=%5B1%5D', () => cookies.director ?? null, 0],
  ];

  test.each(cases)('%s', async (_name, path, cookie, status) => {
    const { fast: a, plain: b } = await both(path(), cookie());
    if (status !== 0) expect(a.status).toBe(status);
    expect(a.status).toBe(b.status);
    expect(a.headers).toEqual(b.headers);
    expect(a.body).toBe(b.body);
    if (a.status === 200) expect(JSON.parse(a.body)).toBeTruthy();
  });

  test('a client-level list is audited at every view over HTTP, also when answered from kept bytes; never with an ETag or a 304', async () => {
    const { app, url, hits } = await keptApp();
    try {
      const cookie = cookies.director as string;
      const views = async (list: string) =>
        h.db
          .selectFrom('audit_log')
          .select(['user_id', 'details'])
          .where('agency_id', '=', agencyId)
          .where('action', '=', AUDIT_ACTIONS.clientListView)
          .where(sql<boolean>`details->>'list' = ${list}`)
          .orderBy('audit_id')
          .execute();
      for (const [list, path] of [
        ['feedback.comments', q('feedback.comments', { from: '2025-01-01', to: '2025-03-31' })],
        ['qa.actions', q('qa.actions', { asOf: '2025-03-31', status: 'all' })],
        ['caseload.staffClients', q('caseload.staffClients', { staffId, asOf: '2025-03-31' })],
        ['worklist.contactOverdue', q('worklist.list', { kind: 'contactOverdue', asOf: '2025-03-31' })],
      ] as const) {
        const before = await views(list);
        const hitsBefore = await hits();
        const answers = [];
        const requests: Array<Record<string, string>> = [{ cookie }, { cookie }, { cookie, 'if-none-match': 'W/"anything"' }];
        for (const headers of requests) {
          const res = await fetch(`${url}${path}`, { headers });
          expect(res.status).toBe(200);
          expect(res.headers.get('etag')).toBeNull();
          expect(res.headers.get('cache-control')).toBe('no-store');
          answers.push(await res.text());
        }
        expect(new Set(answers).size).toBe(1);
        // the second and third views were answered from kept bytes …
        expect(await hits()).toBe(hitsBefore + 2);
        // … and each of the three views wrote its entry, as the director, with the same details
        const after = (await views(list)).slice(before.length);
        expect(after).toHaveLength(3);
        expect(after.map((v) => v.user_id)).toEqual([director.userId, director.userId, director.userId]);
        expect(after[1]?.details).toEqual(after[0]?.details);
        expect(after[2]?.details).toEqual(after[0]?.details);
      }
      // another user's view of the same list is their own answer and their own entry
      const supervisorView = await fetch(`${url}${q('caseload.staffClients', { staffId, asOf: '2025-03-31' })}`, {
        headers: { cookie: cookies.supervisor as string },
      });
      expect(supervisorView.status).toBe(200);
      expect((await views('caseload.staffClients')).at(-1)?.user_id).toBe(supervisor.userId);
    } finally {
      await app.close();
    }
  });

  test('a kept answer carries an ETag: sent back it is a 304 without a body, until the data changes', async () => {
    const path = q('caseload.report', { asOf: '2025-03-31' });
    const cookie = cookies.director as string;
    for (const base of [fast.url, plain.url]) {
      const first = await fetch(`${base}${path}`, { headers: { cookie } });
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      const again = await fetch(`${base}${path}`, { headers: { cookie, 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      // another user (another scope) does not get this user's 304
      const other = await fetch(`${base}${path}`, { headers: { cookie: cookies.board as string, 'if-none-match': etag } });
      expect(other.status).toBe(200);
      // signed out: 401, never the kept answer
      expect((await fetch(`${base}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(401);
    }
    const before = (await fetch(`${fast.url}${path}`, { headers: { cookie } })).headers.get('etag');
    // a write to the agency's data moves the data version, and with it every key
    await makeContact(h.db, agencyId, { clientId: clientIds[1] as string, staffId, occurredOn: '2025-03-10' });
    const after = await fetch(`${fast.url}${path}`, { headers: { cookie, 'if-none-match': before as string } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  test('auth.me is answered from kept bytes, and follows the account at once: its email, its teams, the agency’s name', async () => {
    const { app, url, hits } = await keptApp();
    try {
      const cookie = cookies.supervisor as string;
      const me = async () => {
        const res = await fetch(`${url}${q('auth.me')}`, { headers: { cookie } });
        expect(res.status).toBe(200);
        // kept on the server only: never in the browser's cache, never a 304
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('etag')).toBeNull();
        return ((await res.json()) as { result: { data: { email: string; teamIds: string[]; agency: { name: string } } } }).result.data;
      };
      const first = await me();
      const hitsBefore = await hits();
      expect(await me()).toEqual(first);
      expect(await hits()).toBe(hitsBefore + 1);
      await h.db.updateTable('users').set({ email: 'renamed.supervisor@example.org' }).where('user_id', '=', supervisor.userId).execute();
      expect((await me()).email).toBe('renamed.supervisor@example.org');
      await h.db
        .updateTable('users')
        .set({ team_ids: ['north', 'south'] })
        .where('user_id', '=', supervisor.userId)
        .execute();
      expect((await me()).teamIds).toEqual(['north', 'south']);
      const agencyName = (await h.db.selectFrom('agencies').select('name').where('agency_id', '=', agencyId).executeTakeFirstOrThrow())
        .name;
      await h.db.updateTable('agencies').set({ name: 'Renamed Agency' }).where('agency_id', '=', agencyId).execute();
      expect((await me()).agency.name).toBe('Renamed Agency');
      // put back what the other tests expect
      await h.db.updateTable('agencies').set({ name: agencyName }).where('agency_id', '=', agencyId).execute();
      await h.db
        .updateTable('users')
        .set({ email: supervisor.email, team_ids: ['north'] })
        .where('user_id', '=', supervisor.userId)
        .execute();
    } finally {
      await app.close();
    }
  });

  test('the board report is kept, and a plan of correction written meanwhile shows at the next view', async () => {
    const { app, url, hits } = await keptApp();
    try {
      const board = async () => {
        const res = await fetch(`${url}${q('board.report', { from: '2025-01-01', to: '2025-03-31' })}`, {
          headers: { cookie: cookies.director as string },
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { result: { data: { standards: { planCounts: { open: number } } } } }).result.data;
      };
      const first = await board();
      const hitsBefore = await hits();
      expect(await board()).toEqual(first);
      expect(await hits()).toBe(hitsBefore + 1);
      await h.db
        .insertInto('plans_of_correction')
        .values({
          agency_id: agencyId,
          rule_id: 'contact-rule',
          period: '2025-Q1',
          opened_on: '2025-03-15',
          owner: 'Program manager',
          actions: 'Weekly review of overdue contacts',
          due_on: '2025-05-30',
          created_by: 'test',
          updated_at: T0,
        })
        .execute();
      const after = await board();
      expect(after.standards.planCounts.open).toBe(first.standards.planCounts.open + 1);
      // the new answer is kept in turn
      expect(await board()).toEqual(after);
      await h.db.deleteFrom('plans_of_correction').where('agency_id', '=', agencyId).execute();
      expect(await board()).toEqual(first);
    } finally {
      await app.close();
    }
  });

  test('large kept answers go out compressed as the client accepts, the same JSON either way', async () => {
    const path = q('caseload.report', { asOf: '2025-03-31' });
    const cookie = cookies.director as string;
    const identity = await fetch(`${fast.url}${path}`, { headers: { cookie, 'accept-encoding': 'identity' } });
    const text = await identity.text();
    expect(identity.headers.get('content-encoding')).toBeNull();
    for (const encoding of ['br', 'gzip']) {
      // twice: computed and compressed, then from the kept bytes
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${fast.url}${path}`, { headers: { cookie, 'accept-encoding': encoding } });
        if (text.length >= 1024) expect(res.headers.get('content-encoding')).toBe(encoding);
        expect(await res.text()).toBe(text);
      }
    }
  });

  test('nothing was logged as a server error', () => {
    expect(errors).toEqual([]);
  });
});
