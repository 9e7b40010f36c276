/**
 * GET queries answered by src/queries.ts are answered exactly as tRPC's own handler
 * answers them: the same status, the same JSON headers and the same body byte for byte,
 * for successes, errors of every kind, batches, and the requests it hands to tRPC.
 * Two servers share one database (and its result cache): one with the query path, one
 * without.
 */
import { createClock } from '@caseload/clock';
import { ResultCache } from '@caseload/api';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../../../packages/api/src/access.ts';
import { makeAgency, makeCaseload, makeContact, makeProgram, makeStaff, makeTeam, makeUser, TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { answerJson } from '../src/queries.ts';
import { fakeDashboard, loginRequest, removeFakeDashboard, type Running, sessionPair, startApp } from './helpers.ts';

afterAll(removeFakeDashboard);
const T0 = new Date('2025-04-01T08:00:00Z');

const q = (path: string, input?: unknown) => `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
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
  const cookies: Record<string, string> = {};
  const errors: string[] = [];

  beforeAll(async () => {
    h = await createTestDb(driver);
    const agencyId = await makeAgency(h.db);
    const programId = await makeProgram(h.db, agencyId);
    await makeTeam(h.db, agencyId, { teamId: 'north' });
    await makeTeam(h.db, agencyId, { teamId: 'south' });
    staffId = await makeStaff(h.db, agencyId, { teamId: 'north', caseloadFte: 0.8 });
    const clients = await makeCaseload(h.db, agencyId, { staffId, programId, count: 3, tier: 3 });
    await makeContact(h.db, agencyId, { clientId: clients[0] as string, staffId, occurredOn: '2025-03-03' });
    director = await makeUser(h.db, agencyId, { role: 'director' });
    supervisor = await makeUser(h.db, agencyId, { role: 'supervisor', teamIds: ['north'] });
    board = await makeUser(h.db, agencyId, { role: 'board' });
    const cache = new ResultCache();
    const common = { db: h.db, clock: createClock({ now: () => T0 }), dashboardDir: fakeDashboard(), logError: (m: string) => void errors.push(m), resultCache: cache };
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
    ['a supervisor outside their team (403)', () => q('caseload.report', { asOf: '2025-03-31', teamId: 'south' }), () => cookies.supervisor ?? null, 403],
    ['input that fails validation (400, with issues)', () => q('caseload.report', { asOf: '31/03/2025' }), () => cookies.director ?? null, 400],
    ['a role the procedure does not name (403)', () => q('caseload.staffClients', { staffId: 'x', asOf: '2025-03-31' }), () => cookies.board ?? null, 403],
    ['a service error (404)', () => q('rebalance.propose', { teamId: 'nowhere', asOf: '2025-03-31' }), () => cookies.director ?? null, 404],
    ['a client-level list (audited on both)', () => q('caseload.staffClients', { staffId, asOf: '2025-03-31' }), () => cookies.director ?? null, 200],
    ['the board view (suppressed)', () => q('caseload.report', { asOf: '2025-03-31' }), () => cookies.board ?? null, 200],
    ['a batch of two', () => batch(['auth.me', 'caseload.report'], { 1: { asOf: '2025-03-31' } }), () => cookies.director ?? null, 200],
    ['a batch with one failure (207)', () => batch(['auth.me', 'caseload.report'], { 1: { asOf: 'no' } }), () => cookies.director ?? null, 207],
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

  test('a kept answer is written from its kept JSON, which equals a fresh JSON.stringify', async () => {
    const frozen = Object.freeze({ rate: 1 / 3, list: Object.freeze([1, 2]) });
    expect(answerJson(frozen).toString('utf8')).toBe(JSON.stringify(frozen));
    expect(answerJson(frozen)).toBe(answerJson(frozen));
    // not frozen: never kept (it could change)
    const open = { n: 1, name: 'Zoë' };
    expect(answerJson(open).toString('utf8')).toBe('{"n":1,"name":"Zoë"}');
    open.n = 2;
    expect(answerJson(open).toString('utf8')).toBe('{"n":2,"name":"Zoë"}');
  });

  test('nothing was logged as a server error', () => {
    expect(errors).toEqual([]);
  });
});
