/**
 * A board member signs in over HTTP and calls every procedure the router lets the
 * board call; the raw response bodies must hold no client id, no staff id or name,
 * and no value of a withheld (small) cell.
 */
import { createClock } from '@caseload/clock';
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

/** Period procedures take {from, to}; the point-in-time reports an as-of date. */
const PERIOD_PROCEDURES = new Set(['caseload.trend', 'feedback.report', 'outcomes.report', 'providers.report', 'qa.report']);
/** Procedures that take a period and nothing else. */
const PLAIN_PERIOD_PROCEDURES = new Set(['board.report', 'standards.report']);

/** Inputs the board might send: none, a date or a period, each team, each program. */
function inputsFor(path: string, w: World): unknown[] {
  if (PLAIN_PERIOD_PROCEDURES.has(path))
    return [
      { from: '2024-11-01', to: AS_OF },
      { from: '2024-10-01', to: '2024-12-31' },
    ];
  if (PERIOD_PROCEDURES.has(path)) {
    const period = { from: '2024-11-01', to: AS_OF };
    return [
      period,
      { ...period, teamId: w.a.north },
      { ...period, teamId: w.a.south },
      { ...period, programId: w.a.waiver },
      { ...period, programId: w.a.title3 },
    ];
  }
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
    app = await startApp({ db: h.db, clock: createClock({ today: AS_OF }), dashboardDir: fakeDashboard(), logError: () => {} });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  test('the board may call only queries (and record its own exports), and at least the reports and the directory', () => {
    expect(boardProcedures.map((p) => p.path).sort()).toEqual(
      expect.arrayContaining([
        'auth.me',
        'board.report',
        'caseload.report',
        'caseload.trend',
        'compliance.report',
        'feedback.report',
        'meta.directory',
        'outcomes.report',
        'providers.report',
        'qa.report',
      ]),
    );
    // the mutations: recording the board member's own CSV download in the audit log, and
    // their own notifications (marking them read, their digest preference)
    expect(
      boardProcedures
        .filter((p) => p.type !== 'query')
        .map((p) => p.path)
        .sort(),
    ).toEqual(['audit.recordExport', 'notifications.markRead', 'notifications.setPreferences']);
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
    for (const { path } of boardProcedures.filter((p) => p.type === 'query')) {
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
    // the trend was scanned too: its months, with the south team's load withheld
    expect(all).toContain('"month":"2024-12"');
    expect(all).toContain('"suppressed":{"weightedHours":true,"loadRatio":true');
    // and the board report, with its sentences and its trend months (the south team's load withheld there too)
    expect(all).toContain('"sentences":["');
    expect(all).toMatch(/"trend":\[\{"month":"2024-11"/);
    expect(all).toMatch(/"teamId":"south","name":"[^"]*","loadRatio":null,"suppressed":\{"loadRatio":true\}/);
  });

  test('the board is refused every client-level list over HTTP', async () => {
    const cookie = sessionPair(await loginRequest(app.url, w.a.users.board.email, TEST_PASSWORD));
    const calls: Array<[string, unknown]> = [
      ['caseload.staffClients', { staffId: w.a.n1, asOf: AS_OF }],
      ['worklist.list', { kind: 'contactOverdue', asOf: AS_OF }],
      ['rebalance.propose', { teamId: w.a.north, asOf: AS_OF }],
      ['intake.rank', { programId: w.a.title3, expectedTier: 2, asOf: AS_OF }],
      ['feedback.comments', { from: '2024-11-01', to: AS_OF }],
      ['qa.actions', { asOf: AS_OF }],
      ['imports.history', undefined],
    ];
    for (const [path, input] of calls) {
      const res = await trpcQuery(app.url, path, cookie, input);
      expect(res.status, path).toBe(403);
    }
  });

  test('the board is refused staff-level and admin procedures over HTTP too', async () => {
    const cookie = sessionPair(await loginRequest(app.url, w.a.users.board.email, TEST_PASSWORD));
    for (const path of ['users.list', 'audit.list', 'settings.get']) {
      const res = await trpcQuery(app.url, path, cookie);
      expect(res.status, path).toBe(403);
    }
  });
});
