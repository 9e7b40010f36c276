/**
 * A board member signs in over HTTP and calls every procedure the router lets the
 * board call; the raw response bodies must hold no client id, no staff id or name,
 * and no value of a withheld (small) cell.
 */
import { appRouter } from '@caseload/api';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_PASSWORD } from '../../../packages/api/test/factories.ts';
import { AS_OF, buildWorld, type World } from '../../../packages/api/test/world.ts';
import { fakeDashboard, removeFakeDashboard, loginRequest, type Running, sessionPair, startApp, trpcQuery } from './helpers.ts';


afterAll(removeFakeDashboard);
type Proc = { _def: { type: string; meta?: { access?: { roles: readonly string[] } } } };

const boardProcedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>)
  .filter(([, p]) => p._def.meta?.access?.roles.includes('board'))
  .map(([path, p]) => ({ path, type: p._def.type }));

/** Inputs the board might send: none, a date, each team, each program. */
function inputsFor(path: string, w: World): unknown[] {
  if (!path.endsWith('.report')) return [undefined];
  return [
    undefined,
    { asOf: AS_OF },
    { asOf: AS_OF, teamId: w.a.north },
    { asOf: AS_OF, teamId: w.a.south },
    { asOf: AS_OF, programId: w.a.waiver },
    { asOf: AS_OF, programId: w.a.title3 },
  ];
}

describe.each(testDrivers())('what the board can read over HTTP, on %s', (driver) => {
  let h: DbHandle;
  let w: World;
  let app: Running;

  beforeAll(async () => {
    h = await createTestDb(driver);
    w = await buildWorld(h.db);
    app = await startApp({ db: h.db, now: () => new Date(`${AS_OF}T12:00:00`), dashboardDir: fakeDashboard(), logError: () => {} });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  test('the board may call only queries, and at least the reports and the directory', () => {
    expect(boardProcedures.map((p) => p.path).sort()).toEqual(
      expect.arrayContaining(['auth.me', 'caseload.report', 'compliance.report', 'meta.directory']),
    );
    expect(boardProcedures.filter((p) => p.type !== 'query')).toEqual([]);
  });

  test('no client id, staff id or name, or withheld value appears in any response', async () => {
    const cookie = sessionPair(await loginRequest(app.url, w.a.users.board.email, TEST_PASSWORD));
    const forbidden = [
      ...w.a.clientIds,
      ...w.a.staff.flatMap((s) => [s.staffId, s.name]),
      ...w.a.southSuppressedValues,
      ...w.a.staffRatios,
      ...w.b.clientIds,
      ...w.b.staff.flatMap((s) => [s.staffId, s.name]),
    ];
    const bodies: string[] = [];
    for (const { path } of boardProcedures) {
      for (const input of inputsFor(path, w)) {
        const res = await trpcQuery(app.url, path, cookie, input);
        const body = await res.text();
        expect(res.status, `${path} ${JSON.stringify(input)}: ${body}`).toBe(200);
        bodies.push(body);
        for (const s of forbidden) expect(body, `${path} ${JSON.stringify(input)} shows "${s}"`).not.toContain(s);
      }
    }
    // the scan looked at real reports: the north team's numbers are there, the south team's withheld
    const all = bodies.join('\n');
    expect(all).toContain('"teamId":"north"');
    expect(all).toContain('"suppressed":{"clients":true');
    expect(all).toContain('"audience":"board"');
  });

  test('the board is refused staff-level and admin procedures over HTTP too', async () => {
    const cookie = sessionPair(await loginRequest(app.url, w.a.users.board.email, TEST_PASSWORD));
    for (const path of ['users.list', 'audit.list', 'settings.get']) {
      const res = await trpcQuery(app.url, path, cookie);
      expect(res.status, path).toBe(403);
    }
  });
});
