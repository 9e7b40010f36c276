/**
 * What each role sees of the Standard 9 reports (interfaces.md roles table), the
 * board's small-cell suppression, and tenancy: a caller of one agency never sees
 * another's data. Expected values are hand-computed from world.ts.
 */
import { createClock } from '@caseload/clock';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { appRouter, createCaller } from '../src/root.ts';
import { createContextInner } from '../src/trpc.ts';
import { AS_OF, buildWorld, type World } from './world.ts';

describe.each(testDrivers())('reports by role on %s', (driver) => {
  let h: DbHandle;
  let w: World;
  const as = (caller: Caller) => createCaller(createContextInner({ db: h.db, caller, clock: createClock({ today: AS_OF }) }));

  beforeAll(async () => {
    h = await createTestDb(driver);
    w = await buildWorld(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('admin sees every staff row, both teams and agency totals (18 clients)', async () => {
    const r = await as(w.a.users.admin).caseload.report({ asOf: AS_OF });
    expect(r.audience).toBe('full');
    expect(r.staff.map((s) => s.staffId).sort()).toEqual([w.a.n1, w.a.n2, w.a.s1].sort());
    expect(r.teams.map((t) => [t.teamId, t.clients]).sort()).toEqual([
      ['north', 14],
      ['south', 4],
    ]);
    expect(r.agency?.clients).toBe(18);
    expect(r.agency?.suppressed).toEqual({});
  });

  test('a supervisor sees their team’s staff rows and the agency totals, not other teams', async () => {
    const r = await as(w.a.users.supervisor).caseload.report({ asOf: AS_OF });
    expect(r.staff.map((s) => s.staffId).sort()).toEqual([w.a.n1, w.a.n2].sort());
    expect(r.teams.map((t) => t.teamId)).toEqual(['north']);
    expect(r.agency?.clients).toBe(18);
    const c = await as(w.a.users.supervisor).compliance.report({ asOf: AS_OF });
    expect(c.staff.map((s) => s.staffId).sort()).toEqual([w.a.n1, w.a.n2].sort());
    expect(c.teams.map((t) => t.teamId)).toEqual(['north']);
  });

  test('a program manager sees only clients of their programs: title3 has 11 (8 tier 2, 3 tier 3)', async () => {
    const r = await as(w.a.users.program_manager).caseload.report({ asOf: AS_OF });
    expect(r.agency?.clients).toBe(11);
    expect(r.agency?.weightedHours).toBeCloseTo(8 * 2 + 3 * 3.5, 9);
    const n2 = r.staff.find((s) => s.staffId === w.a.n2);
    expect(n2?.clients).toBe(3);
    expect(r.staff.find((s) => s.staffId === w.a.s1)?.clients ?? 0).toBe(0);
  });

  test('a case manager sees their own row only: no teams, no agency totals, no fit', async () => {
    const r = await as(w.a.users.case_manager).caseload.report({ asOf: AS_OF });
    expect(r.staff.map((s) => s.staffId)).toEqual([w.a.n1]);
    expect(r.staff[0]?.clients).toBe(8);
    expect(r.staff[0]?.weightedHours).toBeCloseTo(16, 9);
    expect(r.teams).toEqual([]);
    expect(r.agency).toBeNull();
    const c = await as(w.a.users.case_manager).compliance.report({ asOf: AS_OF });
    expect(c.staff.map((s) => s.staffId)).toEqual([w.a.n1]);
    expect(c.teams).toEqual([]);
    expect(c.agency).toBeNull();
    expect(c.loadComplianceFit).toBeNull();
  });

  test('the board: no staff rows; the 4-client south team is withheld, and north with it (agency − north = south)', async () => {
    const r = await as(w.a.users.board).caseload.report({ asOf: AS_OF });
    expect(r.audience).toBe('board');
    expect(r.minCellSize).toBe(11);
    expect(r.staff).toEqual([]);
    const south = r.teams.find((t) => t.teamId === 'south');
    const north = r.teams.find((t) => t.teamId === 'north');
    expect(south).toMatchObject({
      clients: null,
      weightedHours: null,
      loadRatio: null,
      members: 1,
      capacityHours: 99,
      suppressed: { clients: true, weightedHours: true, loadRatio: true },
    });
    // north's max and min ratios are n1's and n2's own, from 8 and 6 clients: withheld; its
    // clients and hours too, or 18 − 14 and 51 − 29.5 would give south's back (no one
    // else holds clients: the rest is 0 and known)
    expect(north).toMatchObject({
      clients: null,
      weightedHours: null,
      loadRatio: null,
      maxLoadRatio: null,
      minLoadRatio: null,
      capacityHours: 220,
      suppressed: { clients: true, weightedHours: true, loadRatio: true, maxLoadRatio: true, minLoadRatio: true },
    });
    expect(r.agency).toMatchObject({ clients: 18, unassigned: 0, maxLoadRatio: null, minLoadRatio: null, weightedHours: 51 });
    expect(r.agency?.loadRatio).toBeCloseTo(51 / 319, 12);
    const json = JSON.stringify(r);
    for (const value of [...w.a.southSuppressedValues, ...w.a.staffRatios]) expect(json).not.toContain(value);

    const c = await as(w.a.users.board).compliance.report({ asOf: AS_OF });
    expect(c.staff).toEqual([]);
    expect(c.teams.find((t) => t.teamId === 'south')).toMatchObject({
      contactDue: null,
      contactMet: null,
      contactRate: null,
      suppressed: { contactDue: true, contactMet: true, contactRate: true },
    });
    expect(c.teams.find((t) => t.teamId === 'north')).toMatchObject({
      contactDue: null,
      reassessDue: null,
      suppressed: { contactDue: true },
    });
    expect(c.agency).toMatchObject({ contactDue: 18, reassessDue: 18 });

    // asked for north alone, the agency total would give the rest (south, 4) back: north is withheld again
    const n = await as(w.a.users.board).caseload.report({ asOf: AS_OF, teamId: 'north' });
    expect(n.teams.map((t) => [t.teamId, t.clients])).toEqual([['north', null]]);
    expect(n.agency?.clients).toBe(18);
  });

  test('the board threshold follows the agency setting (minCellSize 20 withholds north and the 18-client agency)', async () => {
    await as(w.a.users.admin).settings.update({ settings: { ...defaultSettings, minCellSize: 20 } });
    try {
      const r = await as(w.a.users.board).caseload.report({ asOf: AS_OF });
      expect(r.minCellSize).toBe(20);
      expect(r.teams.find((t) => t.teamId === 'north')).toMatchObject({ clients: null, suppressed: { clients: true } });
      expect(r.agency).toMatchObject({ clients: null, weightedHours: null, suppressed: { clients: true, weightedHours: true } });
    } finally {
      await as(w.a.users.admin).settings.update({ settings: defaultSettings });
    }
  });

  test('directory: names within scope; the board gets team names but no staff', async () => {
    const board = await as(w.a.users.board).meta.directory();
    expect(board.teams.map((t) => t.name)).toEqual(['North Alpha', 'South Alpha']);
    expect(board.staff).toEqual([]);
    const sup = await as(w.a.users.supervisor).meta.directory();
    expect(sup.teams.map((t) => t.teamId)).toEqual(['north']);
    expect(sup.staff.map((s) => s.name).sort()).toEqual(['Avery Quillfeather', 'Brook Marlowe']);
    const pm = await as(w.a.users.program_manager).meta.directory();
    expect(pm.programs.map((p) => p.programId)).toEqual(['title3']);
    const cm = await as(w.a.users.case_manager).meta.directory();
    expect(cm.teams.map((t) => t.teamId)).toEqual(['north']);
    expect(cm.staff.map((s) => s.staffId)).toEqual([w.a.n1]);
  });

  test("directory: every role with a scope reads the agency's provider names, and only its own agency's", async () => {
    await h.db
      .insertInto('providers')
      .values([
        { agency_id: w.a.agencyId, provider_id: 'pr-b', name: 'Birch Home Care', service_types: [] },
        { agency_id: w.a.agencyId, provider_id: 'pr-a', name: 'Aspen Meals', service_types: [] },
        { agency_id: w.b.agencyId, provider_id: 'pr-x', name: 'Other Agency Provider', service_types: [] },
      ])
      .execute();
    try {
      for (const role of ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'] as const) {
        expect((await as(w.a.users[role]).meta.directory()).providers).toEqual([
          { providerId: 'pr-a', name: 'Aspen Meals' },
          { providerId: 'pr-b', name: 'Birch Home Care' },
        ]);
      }
      expect((await as(w.b.users.director).meta.directory()).providers).toEqual([{ providerId: 'pr-x', name: 'Other Agency Provider' }]);
    } finally {
      await h.db.deleteFrom('providers').where('provider_id', 'in', ['pr-a', 'pr-b', 'pr-x']).execute();
    }
  });

  describe('tenancy', () => {
    const queries = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: { access?: { roles: readonly string[] } } } }>,
    )
      .filter(([, p]) => p._def.type === 'query')
      .map(([path, p]) => ({ path, roles: p._def.meta?.access?.roles ?? [] }));

    /** An input each query accepts from any role that may call it, in the caller's own agency. */
    const inputFor = (path: string, mine: World['a'] | World['b'], caller: Caller): unknown => {
      const period = { from: '2024-01-01', to: AS_OF };
      switch (path) {
        case 'caseload.trend':
        case 'board.report':
        case 'feedback.report':
        case 'outcomes.report':
        case 'providers.report':
        case 'qa.report':
        case 'feedback.comments':
          return period;
        case 'caseload.staffClients':
        case 'capacity.explain':
        case 'capacity.timeline':
          return { staffId: caller.staffId ?? mine.staff[0]?.staffId, asOf: AS_OF };
        case 'capacity.changes':
          return { asOf: AS_OF };
        case 'capacity.calibration':
        case 'standards.report':
          return period;
        case 'worklist.list':
          return { kind: 'contactOverdue', asOf: AS_OF };
        case 'rebalance.propose':
          return { teamId: mine.north, asOf: AS_OF };
        case 'intake.rank':
          return { programId: mine.title3, expectedTier: 2, asOf: AS_OF };
        case 'settings.preview': {
          // the proposed settings a director would try: an FTE worth twice the case hours
          const { caseloadStandards: _standards, ...proposed } = defaultSettings;
          return { settings: { ...proposed, caseHoursPerFte: proposed.caseHoursPerFte * 2 }, asOf: AS_OF };
        }
        case 'imports.dataQualityIds':
          return { check: 'noContact365Days', asOf: AS_OF };
        case 'imports.previewMapping':
          return {
            target: 'programs.csv',
            header: ['Code', 'Name'],
            rows: [['P1', 'One']],
            mapping: { source: 'p.csv', columns: { program_id: 'Code', name: 'Name' } },
          };
        default:
          return path.endsWith('.report') ? { asOf: AS_OF } : undefined;
      }
    };

    const foreignStrings = (other: World['a'] | World['b']) => [
      other.agencyId,
      other.agencyName,
      ...other.teamNames,
      ...other.programNames,
      ...other.staff.flatMap((s) => [s.staffId, s.name]),
      ...other.clientIds,
      ...Object.values(other.users).flatMap((u) => [u.userId, u.email]),
    ];

    test.each(['a', 'b'] as const)('every query any role of agency %s may call shows nothing of the other agency', async (mine) => {
      const other = mine === 'a' ? w.b : w.a;
      // give both audit logs something to show
      await as(w.a.users.admin).settings.update({ settings: defaultSettings });
      await as(w.b.users.admin).settings.update({ settings: defaultSettings });
      const forbidden = foreignStrings(other);
      let calls = 0;
      for (const [role, caller] of Object.entries(w[mine].users)) {
        for (const q of queries.filter((x) => x.roles.includes(role))) {
          const fn = q.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], as(caller)) as (
            i?: unknown,
          ) => Promise<unknown>;
          const body = JSON.stringify(await fn(inputFor(q.path, w[mine], caller)));
          calls += 1;
          // as whole JSON strings: generated ids can be prefixes of one another (client-x-6, client-x-62)
          for (const s of forbidden) expect(body, `${role} ${q.path} leaked "${s}"`).not.toContain(JSON.stringify(s));
        }
      }
      expect(calls).toBeGreaterThanOrEqual(6 * 4);
    });

    test('the same team id in two agencies: each admin sees only their own north', async () => {
      const a = await as(w.a.users.admin).caseload.report({ asOf: AS_OF, teamId: 'north' });
      const b = await as(w.b.users.admin).caseload.report({ asOf: AS_OF, teamId: 'north' });
      expect(a.teams.find((t) => t.teamId === 'north')?.clients).toBe(14);
      expect(b.teams.find((t) => t.teamId === 'north')?.clients).toBe(12);
      expect(b.agency?.clients).toBe(12);
    });
  });
});
