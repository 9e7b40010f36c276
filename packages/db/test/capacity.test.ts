/**
 * Capacity over time in the database (metrics.md "Staff on a date", capacityHours,
 * otherHours): the rows the loaders read, the SQL path (caseloadByStaffSql) against
 * the pure engine (computeCaseloadReport) at every boundary day, hand-computed
 * figures, and tenancy — on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
import { addDays, computeCaseloadReport, defaultSettings } from '@caseload/metrics';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgency, type DbHandle, loadCapacityRows, loadStandard9Rows } from '../src/index.ts';
import { createTestDb, testDrivers } from '../src/testing.ts';
import { factories } from './standard9-factories.ts';
import { caseloadByStaffSql } from './sql-twins.ts';

// Every day on which some period, reduction or item starts or ends, the day before each, and a quiet day.
const DAYS = [
  '2025-01-31',
  '2025-02-28',
  '2025-03-01',
  '2025-03-31',
  '2025-04-01',
  '2025-04-30',
  '2025-05-01',
  '2025-05-14',
  '2025-05-15',
  '2025-06-29',
  '2025-06-30',
  '2025-07-01',
  '2025-09-30',
  '2025-10-01',
  '2025-12-31',
];

describe.each(testDrivers())('capacity over time on %s', (driver) => {
  let h: DbHandle;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createTestDb(driver);
    const db = h.db;
    await createAgency(db, { agencyId: 'k1', name: 'Capacity One', settings: defaultSettings });
    await createAgency(db, { agencyId: 'k2', name: 'Capacity Two', settings: defaultSettings });
    const f = factories(db, 'k1');
    const p = await f.program();
    const north = await f.team();
    const south = await f.team();
    ids.north = north.team_id;
    ids.south = south.team_id;
    // staff.csv says north, FTE 1, active; periods override it for a, b, c; d has none
    const a = await f.staff({ team_id: north.team_id, caseload_fte: 1 }); // transfer north 1.0 → south 0.5 on 2025-04-01
    const b = await f.staff({ team_id: north.team_id, caseload_fte: 1, active: false }); // hired 2025-03-01, leaves 2025-07-01
    const c = await f.staff({ team_id: north.team_id, caseload_fte: 1 }); // leave 100% 2025-05-01 … 2025-07-01
    const d = await f.staff({ team_id: north.team_id, caseload_fte: 0.8 }); // union 10 h, intake 8 h, training 60% + 50%
    Object.assign(ids, { a: a.staff_id, b: b.staff_id, c: c.staff_id, d: d.staff_id });
    await db
      .insertInto('staff_periods')
      .values([
        { agency_id: 'k1', staff_id: a.staff_id, start_on: '2024-01-01', end_on: '2025-04-01', caseload_fte: 1, team_id: north.team_id },
        { agency_id: 'k1', staff_id: a.staff_id, start_on: '2025-04-01', end_on: null, caseload_fte: 0.5, team_id: south.team_id },
        { agency_id: 'k1', staff_id: b.staff_id, start_on: '2025-03-01', end_on: '2025-07-01', caseload_fte: 1, team_id: north.team_id },
        { agency_id: 'k1', staff_id: c.staff_id, start_on: '2020-01-01', end_on: null, caseload_fte: 1, team_id: north.team_id },
      ])
      .execute();
    await db
      .insertInto('capacity_reductions')
      .values([
        {
          agency_id: 'k1',
          reduction_id: 'L1',
          staff_id: c.staff_id,
          reason: 'leave',
          start_on: '2025-05-01',
          end_on: '2025-07-01',
          percent: 100,
          hours_per_month: null,
          note: 'leave',
        },
        {
          agency_id: 'k1',
          reduction_id: 'U1',
          staff_id: d.staff_id,
          reason: 'union',
          start_on: '2025-01-01',
          end_on: null,
          percent: null,
          hours_per_month: 10,
          note: null,
        },
        {
          agency_id: 'k1',
          reduction_id: 'T1',
          staff_id: d.staff_id,
          reason: 'training',
          start_on: '2025-05-15',
          end_on: '2025-07-01',
          percent: 60,
          hours_per_month: null,
          note: null,
        },
        {
          agency_id: 'k1',
          reduction_id: 'T2',
          staff_id: d.staff_id,
          reason: 'training',
          start_on: '2025-06-30',
          end_on: '2025-10-01',
          percent: 50,
          hours_per_month: null,
          note: null,
        },
      ])
      .execute();
    await db
      .insertInto('workload_items')
      .values([
        {
          agency_id: 'k1',
          item_id: 'I1',
          staff_id: d.staff_id,
          kind: 'intake',
          start_on: '2025-03-01',
          end_on: '2025-05-01',
          hours_per_month: 8,
        },
      ])
      .execute();
    // each holds ten tier-3 clients (35 h) from 2024
    for (const s of [a, b, c, d]) {
      for (let i = 0; i < 10; i++) {
        const cl = await f.client({ program_id: p.program_id, enrolled_on: '2024-01-01' });
        await f.assignment({ client_id: cl.client_id, staff_id: s.staff_id, start_on: '2024-01-01', end_on: null });
        await f.assessment({ client_id: cl.client_id, assessed_on: '2024-01-02', acuity_tier: 3 });
      }
    }
    // agency two: the same staff id with a 100% reduction, which must not reach k1
    const g = factories(db, 'k2');
    await g.team({ team_id: north.team_id });
    await g.staff({ staff_id: d.staff_id, team_id: north.team_id });
    await db
      .insertInto('capacity_reductions')
      .values({
        agency_id: 'k2',
        reduction_id: 'L1',
        staff_id: d.staff_id,
        reason: 'leave',
        start_on: '2020-01-01',
        end_on: null,
        percent: 100,
        hours_per_month: null,
        note: null,
      })
      .execute();
  });

  afterAll(async () => {
    await h?.close();
  });

  test('the loaders read each agency’s own rows, typed', async () => {
    const rows = await loadCapacityRows(h.db, 'k1');
    expect(rows.periods).toHaveLength(4);
    expect(rows.reductions.map((r) => [r.reductionId, r.percent, r.hoursPerMonth])).toEqual([
      ['L1', 100, null],
      ['U1', null, 10],
      ['T1', 60, null],
      ['T2', 50, null],
    ]);
    expect(rows.items).toEqual([
      { itemId: 'I1', staffId: ids.d, kind: 'intake', startOn: '2025-03-01', endOn: '2025-05-01', hoursPerMonth: 8 },
    ]);
    expect((await loadCapacityRows(h.db, 'k2')).reductions.map((r) => r.reductionId)).toEqual(['L1']);
  });

  test.each(DAYS)('SQL and the engine agree on %s', async (asOf) => {
    const rows = await loadStandard9Rows(h.db, 'k1', { from: addDays(asOf, -89), to: asOf, contacts: 'none' });
    const pure = computeCaseloadReport({ asOf, settingsVersion: 1, settings: defaultSettings, ...rows });
    const fromSql = await caseloadByStaffSql(h.db, 'k1', { asOf, settings: defaultSettings });
    expect(fromSql.map((s) => s.staffId)).toEqual(pure.staff.map((s) => s.staffId));
    for (const [i, s] of fromSql.entries()) {
      const p = pure.staff[i]!;
      const { daysOverCapacity90: _d, band: _b, ...same } = p;
      expect(s).toEqual(same);
    }
  });

  test.each<[string, string, { teamId: string | null; fte: number; capacity: number; other: number; ratio: number | null } | 'unlisted']>([
    // a: north 1.0 until 03-31; south 0.5 from 04-01 (the period ending on D is not in force on D)
    ['a', '2025-03-31', { teamId: 'north', fte: 1, capacity: 110, other: 0, ratio: 35 / 110 }],
    ['a', '2025-04-01', { teamId: 'south', fte: 0.5, capacity: 55, other: 0, ratio: 35 / 55 }],
    // b: inactive in staff.csv, employed by its period 03-01 … 06-30; not employed on 07-01 but still holding clients
    ['b', '2025-02-28', { teamId: null, fte: 0, capacity: 0, other: 0, ratio: null }],
    ['b', '2025-03-01', { teamId: 'north', fte: 1, capacity: 110, other: 0, ratio: 35 / 110 }],
    ['b', '2025-07-01', { teamId: null, fte: 0, capacity: 0, other: 0, ratio: null }],
    // c: leave from 05-01; the reduction ending on 07-01 no longer applies that day
    ['c', '2025-04-30', { teamId: 'north', fte: 1, capacity: 110, other: 0, ratio: 35 / 110 }],
    ['c', '2025-05-01', { teamId: 'north', fte: 1, capacity: 0, other: 0, ratio: null }],
    ['c', '2025-07-01', { teamId: 'north', fte: 1, capacity: 110, other: 0, ratio: 35 / 110 }],
    // d: 0.8 × 110 = 88 h less 10 union hours = 78 h; intake 8 h in March–April
    ['d', '2025-03-01', { teamId: 'north', fte: 0.8, capacity: 78, other: 8, ratio: 43 / 78 }],
    ['d', '2025-05-01', { teamId: 'north', fte: 0.8, capacity: 78, other: 0, ratio: 35 / 78 }],
    // 88 × 0.4 − 10 = 25.2 h
    ['d', '2025-05-15', { teamId: 'north', fte: 0.8, capacity: 88 * 0.4 - 10, other: 0, ratio: 35 / (88 * 0.4 - 10) }],
    // 60% + 50% capped at 100%: 88 × 0 − 10, floored at 0
    ['d', '2025-06-30', { teamId: 'north', fte: 0.8, capacity: 0, other: 0, ratio: null }],
    // 50% only: 44 − 10 = 34 h
    ['d', '2025-07-01', { teamId: 'north', fte: 0.8, capacity: 34, other: 0, ratio: 35 / 34 }],
  ])('hand-computed: %s on %s', async (who, asOf, want) => {
    const row = (await caseloadByStaffSql(h.db, 'k1', { asOf, settings: defaultSettings })).find((s) => s.staffId === ids[who]);
    if (want === 'unlisted') {
      expect(row).toBeUndefined();
      return;
    }
    expect(row).toBeDefined();
    expect(row!.teamId).toBe(want.teamId === null ? null : ids[want.teamId]);
    expect(row!.fte).toBe(want.fte);
    expect(row!.capacityHours).toBeCloseTo(want.capacity, 12);
    expect(row!.otherHours).toBe(want.other);
    if (want.ratio === null) expect(row!.loadRatio).toBeNull();
    else expect(row!.loadRatio).toBeCloseTo(want.ratio, 12);
  });

  test('the member on leave is a member with no capacity: their clients are uncovered and count in the team', async () => {
    const rows = await loadStandard9Rows(h.db, 'k1', { from: addDays('2025-05-01', -89), to: '2025-05-01', contacts: 'none' });
    const r = computeCaseloadReport({ asOf: '2025-05-01', settingsVersion: 1, settings: defaultSettings, ...rows });
    // north on 05-01: b (110 h), c (on leave, 0 h), d (78 h); a is in south
    expect(r.teams.find((t) => t.teamId === ids.north)).toMatchObject({ members: 3, clients: 30, weightedHours: 105, capacityHours: 188 });
    expect(r.agency).toMatchObject({ members: 4, uncovered: 10 });
  });
});
