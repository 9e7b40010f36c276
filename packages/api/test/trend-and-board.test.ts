/**
 * caseload.trend by role, the board's suppressed trend, the settings sent with
 * caseload.report, the compliance rates withheld with their counts, and the Standard 8
 * reports as the board gets them. Expected values are hand-computed from world.ts:
 * - load: n1 8 × 2 h = 16 h, n2 3 × 3.5 + 3 × 1 = 13.5 h, s1 3 × 6 + 3.5 = 21.5 h;
 *   capacity 110, 110, 99 → north 29.5 / 220, south 21.5 / 99, agency 51 / 319
 *   (the same on 2024-12-31 and 2025-01-15: nothing changes in between);
 * - contacts: none before 2025-01-10; on 2025-01-15 north has 7 of 14 met, the agency 8 of 18;
 * - reassessment: the 7 tier-3/4 clients (north 3, south 4) overdue since 2024-11-28.
 */
import { createClock } from '@caseload/clock';
import type { DbHandle } from '@caseload/db';
import { createTestDb, testDrivers } from '@caseload/db/testing';
import { defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Caller } from '../src/access.ts';
import { createCaller } from '../src/root.ts';
import { createContextInner } from '../src/trpc.ts';
import { AS_OF, buildWorld, type World } from './world.ts';

const PERIOD = { from: '2024-12-01', to: AS_OF };

type Row = Record<string, unknown> | null | undefined;
/**
 * In world.ts every client is held by a team's caseload staff, so the agency's counts
 * are the sum of its two teams' (whichever teams a filter lists, the rest is the other
 * team, which the board can ask for too). A withheld team cell comes back when the
 * agency's is shown and only one team's is withheld (with the rest known); list those.
 */
function differencingLeaks(agency: Row, teams: Row[], cells: string[]): string[] {
  const leaks: string[] = [];
  for (const cell of cells) {
    if (agency?.[cell] === null || agency?.[cell] === undefined) continue;
    const withheld = teams.filter((t) => t?.[cell] === null);
    if (withheld.length === 1) leaks.push(`${String(withheld[0]?.teamId)}.${cell}`);
  }
  return leaks;
}

describe.each(testDrivers())('trend and board views on %s', (driver) => {
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

  describe('caseload.trend', () => {
    test('admin: a point per month (month end, or `to` for the last), agency, both teams and every member', async () => {
      const t = await as(w.a.users.admin).caseload.trend({ ...PERIOD, staffSeries: true });
      expect(t.audience).toBe('full');
      expect(t.months.map((m) => [m.month, m.asOf])).toEqual([
        ['2024-12', '2024-12-31'],
        ['2025-01', AS_OF],
      ]);
      const jan = t.months[1];
      expect(jan?.agency?.loadRatio).toBeCloseTo(51 / 319, 12);
      expect(jan?.teams.map((x) => [x.teamId, x.loadRatio])).toEqual([
        ['north', expect.closeTo(29.5 / 220, 12)],
        ['south', expect.closeTo(21.5 / 99, 12)],
      ]);
      expect(jan?.staff.map((s) => s.staffId).sort()).toEqual([w.a.n1, w.a.n2, w.a.s1].sort());
      expect(jan?.agency?.contactRate).toBeCloseTo(8 / 18, 12);
      expect(t.months[0]?.agency?.contactRate).toBe(0);
      expect(jan?.agency?.reassessRate).toBeCloseTo(1 - 7 / 18, 12);
    });

    test('a program manager: loads of their programs’ clients only', async () => {
      const t = await as(w.a.users.program_manager).caseload.trend(PERIOD);
      // title3: n1 16 h, n2 3 × 3.5 = 10.5 h
      expect(t.months[1]?.teams.find((x) => x.teamId === 'north')?.loadRatio).toBeCloseTo(26.5 / 220, 12);
    });

    test('a supervisor: their team and its members, plus agency totals', async () => {
      const t = await as(w.a.users.supervisor).caseload.trend({ ...PERIOD, staffSeries: true });
      for (const m of t.months) {
        expect(m.teams.map((x) => x.teamId)).toEqual(['north']);
        expect(m.staff.map((s) => s.staffId).sort()).toEqual([w.a.n1, w.a.n2].sort());
        expect(m.agency?.loadRatio).toBeCloseTo(51 / 319, 12);
      }
      await expect(as(w.a.users.supervisor).caseload.trend({ ...PERIOD, teamId: 'south' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    test('without staffSeries the staff series stay home (the page draws none but a case manager’s own); the rest is the same', async () => {
      for (const user of [w.a.users.admin, w.a.users.supervisor, w.a.users.program_manager]) {
        const withStaff = await as(user).caseload.trend({ ...PERIOD, staffSeries: true });
        const without = await as(user).caseload.trend(PERIOD);
        expect(withStaff.months.some((m) => m.staff.length > 0)).toBe(true);
        for (const m of without.months) expect(m.staff).toEqual([]);
        expect(without.months.map((m) => ({ ...m, staff: [] }))).toEqual(withStaff.months.map((m) => ({ ...m, staff: [] })));
      }
    });

    test('a case manager: their own series only', async () => {
      const t = await as(w.a.users.case_manager).caseload.trend(PERIOD);
      for (const m of t.months) {
        expect(m.agency).toBeNull();
        expect(m.teams).toEqual([]);
        expect(m.staff.map((s) => s.staffId)).toEqual([w.a.n1]);
        expect(m.staff[0]?.loadRatio).toBeCloseTo(16 / 110, 12);
      }
      expect(t.months[1]?.staff[0]?.contactRate).toBeCloseTo(7 / 8, 12);
    });

    test('the board: agency and team series, no staff, small cells withheld month by month', async () => {
      const t = await as(w.a.users.board).caseload.trend(PERIOD);
      expect(t.audience).toBe('board');
      expect(t.minCellSize).toBe(11);
      for (const m of t.months) {
        expect(m.staff).toEqual([]);
        const south = m.teams.find((x) => x.teamId === 'south');
        // 4 clients: every client-derived cell withheld; capacity is staff time and shown
        expect(south).toMatchObject({
          weightedHours: null,
          loadRatio: null,
          contactDue: null,
          contactMet: null,
          contactRate: null,
          reassessDue: null,
          reassessOverdue: null,
          reassessRate: null,
          capacityHours: 99,
        });
        // the agency's figures stay; north's go with south's (18 − 14 = 4, 51 − 29.5 = 21.5)
        expect(m.agency?.loadRatio).toBeCloseTo(51 / 319, 12);
        expect(m.agency).toMatchObject({ reassessDue: 18, reassessOverdue: null, reassessRate: null });
        expect(m.teams.find((x) => x.teamId === 'north')).toMatchObject({ loadRatio: null, weightedHours: null, capacityHours: 220 });
        expect(
          differencingLeaks(m.agency, m.teams, ['weightedHours', 'contactDue', 'contactMet', 'reassessDue', 'reassessOverdue']),
        ).toEqual([]);
      }
      // January: 8 of 18 met for the agency, withheld with the rate
      expect(t.months[1]?.agency).toMatchObject({ contactDue: 18, contactMet: null, contactRate: null });
      const body = JSON.stringify(t);
      for (const s of [...w.a.staff.map((x) => x.staffId), ...w.a.southSuppressedValues, ...w.a.staffRatios]) expect(body).not.toContain(s);
    });

    test('a period that ends before it starts, or an impossible date, is a clear bad request', async () => {
      await expect(as(w.a.users.admin).caseload.trend({ from: AS_OF, to: '2024-12-01' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('must be on or before'),
      });
      await expect(as(w.a.users.admin).caseload.trend({ from: '2024-02-30', to: AS_OF })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });

  test('caseload.report carries tier hours, load bands, hours per FTE and minCellSize for every role', async () => {
    const expected = {
      tierHours: defaultSettings.tierHours,
      loadBands: defaultSettings.loadBands,
      caseHoursPerFte: defaultSettings.caseHoursPerFte,
      minCellSize: defaultSettings.minCellSize,
    };
    for (const role of ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'] as const) {
      const r = await as(w.a.users[role]).caseload.report({ asOf: AS_OF });
      expect(r.settings, role).toEqual(expected);
    }
  });

  test('the board’s caseload and compliance: no withheld cell comes back from a rate or a difference', async () => {
    const c = await as(w.a.users.board).compliance.report({ asOf: AS_OF });
    for (const row of [c.agency, ...c.teams]) {
      if (!row) continue;
      if (row.contactMet === null) expect(row.contactRate === null || row.contactDue === null).toBe(true);
      if (row.reassessOverdue === null) expect(row.reassessRate === null || row.reassessDue === null).toBe(true);
    }
    expect(c.agency).toMatchObject({ contactDue: 18, contactMet: null, contactRate: null, reassessOverdue: null, reassessRate: null });
    expect(differencingLeaks(c.agency, c.teams, ['contactDue', 'contactMet', 'reassessDue', 'reassessOverdue', 'reassessDueSoon'])).toEqual(
      [],
    );
    const r = await as(w.a.users.board).caseload.report({ asOf: AS_OF });
    expect(differencingLeaks(r.agency, r.teams, ['clients', 'weightedHours', 'overCount'])).toEqual([]);
    // one team asked for: the rest is the other team. Asking for south, the agency total less
    // north (14, not small: assumed known) would give south back; asking for north, the
    // agency total less north would give south (4) back.
    const south = await as(w.a.users.board).caseload.report({ asOf: AS_OF, teamId: 'south' });
    expect(south.teams[0]).toMatchObject({ teamId: 'south', clients: null, weightedHours: null });
    expect(south.agency).toMatchObject({ clients: null, weightedHours: null, loadRatio: null });
    const north = await as(w.a.users.board).caseload.report({ asOf: AS_OF, teamId: 'north' });
    expect(north.teams[0]?.clients === null || north.agency?.clients === null).toBe(true);
    expect(north.teams[0]?.weightedHours === null || north.agency?.weightedHours === null).toBe(true);
  });

  test('board.report: the trend months and teams withhold the small south team (and north with it), for every role', async () => {
    const period = { from: '2024-12-01', to: '2024-12-31' };
    for (const user of [w.a.users.board, w.a.users.director, w.a.users.admin]) {
      const r = await as(user).board.report(period);
      expect(r.trend.map((m) => m.month)).toEqual(['2024-12']);
      const [dec] = r.trend;
      // the agency's load stays (51 / 319); the south team's 4 clients are withheld, north's with them
      expect(dec?.loadRatio).toBeCloseTo(51 / 319, 12);
      expect(dec?.teams.map((t) => [t.teamId, t.loadRatio, t.suppressed])).toEqual([
        ['north', null, { loadRatio: true }],
        ['south', null, { loadRatio: true }],
      ]);
      expect(r.teams.map((t) => [t.teamId, t.loadRatio, Boolean(t.suppressed.loadRatio)])).toEqual([
        ['north', null, true],
        ['south', null, true],
      ]);
      // why: south's few clients are small; north is not, withheld only so south's cannot be worked out
      expect(dec?.teams.map((t) => [t.teamId, t.complementary ?? null])).toEqual([
        ['north', { loadRatio: true }],
        ['south', null],
      ]);
      // (south's few contacts due are small too: north's contact rate goes with them, for the same reason)
      expect(r.teams.map((t) => [t.teamId, t.complementary ?? null])).toEqual([
        ['north', { loadRatio: true, contactRate: true }],
        ['south', null],
      ]);
      const body = JSON.stringify(r);
      for (const s of [
        ...w.a.staff.flatMap((x) => [x.staffId, x.name]),
        ...w.a.southSuppressedValues,
        ...w.a.staffRatios,
        ...w.a.clientIds,
      ]) {
        expect(body).not.toContain(s);
      }
    }
    await expect(as(w.a.users.supervisor).board.report(period)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  test('Standard 8 reports for the board are suppressed and carry no staff rows', async () => {
    const input = { from: '2024-01-01', to: AS_OF };
    const feedback = await as(w.a.users.board).feedback.report(input);
    expect(feedback.suppression?.minCellSize).toBe(11);
    expect(feedback.byStaff).toEqual([]);
    for (const r of [
      await as(w.a.users.board).outcomes.report(input),
      await as(w.a.users.board).providers.report(input),
      await as(w.a.users.board).qa.report(input),
    ]) {
      expect(r.suppression).not.toBeNull();
    }
    const full = await as(w.a.users.director).feedback.report(input);
    expect(full.suppression).toBeNull();
    await expect(as(w.a.users.case_manager).feedback.report(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
