/**
 * Capacity over time (metrics.md "Staff on a date", capacityHours, otherHours, "Why a
 * load is what it is", "Capacity changes ahead", "Workload calibration", "Covering a
 * member with no capacity"): hand-computed cases at every boundary.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  computeCaseloadReport,
  computeCalibration,
  computeCapacityChanges,
  computeCapacityTimeline,
  computeComplianceReport,
  computeExplanation,
  computeWorklist,
  proposeRebalance,
  rankIntake,
  timelineDays,
  type CapacityReductionRow,
  type CaseloadInput,
  type StaffPeriodRow,
  type WorkloadItemRow,
} from '../src/index.ts';
import { assign, client, settingsWith, staff, tierAt } from './fixtures.ts';

const D = '2025-06-30';
// 100 h per FTE so that capacities read as percents
const settings = settingsWith({ caseHoursPerFte: 100 });

const period = (staffId: string, startOn: string, endOn: string | null, caseloadFte = 1, teamId: string | null = 'T1'): StaffPeriodRow => ({
  staffId,
  startOn,
  endOn,
  caseloadFte,
  teamId,
});
const reduction = (
  reductionId: string,
  staffId: string,
  startOn: string,
  endOn: string | null,
  o: { percent?: number; hours?: number; reason?: CapacityReductionRow['reason'] },
): CapacityReductionRow => ({
  reductionId,
  staffId,
  reason: o.reason ?? 'training',
  startOn,
  endOn,
  percent: o.percent ?? null,
  hoursPerMonth: o.hours ?? null,
});
const item = (
  itemId: string,
  staffId: string,
  startOn: string,
  endOn: string | null,
  hours: number,
  kind: WorkloadItemRow['kind'] = 'intake',
): WorkloadItemRow => ({
  itemId,
  staffId,
  kind,
  startOn,
  endOn,
  hoursPerMonth: hours,
});

/** s1 (T1, FTE 1 in staff.csv) holds ten tier-3 clients: 35 h. */
function base(o: Partial<CaseloadInput> = {}): CaseloadInput {
  const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
  return {
    asOf: D,
    settingsVersion: 1,
    settings,
    staff: [staff('s1')],
    clients: ids.map((id) => client(id)),
    assignments: ids.map((id) => assign(id, 's1')),
    assessments: ids.map((id) => tierAt(id, 3, '2024-01-01')),
    ...o,
  };
}
const s1 = (o: Partial<CaseloadInput>) => computeCaseloadReport(base(o)).staff.find((s) => s.staffId === 's1');

describe('staff on a date: periods', () => {
  test.each<[string, StaffPeriodRow[], { listed: boolean; fte?: number; teamId?: string | null; capacity?: number }]>([
    ['no periods: staff.csv values on every date', [], { listed: true, fte: 1, teamId: 'T1', capacity: 100 }],
    ['a period starting on D: employed on D', [period('s1', D, null, 0.5, 'T2')], { listed: true, fte: 0.5, teamId: 'T2', capacity: 50 }],
    ['a period ending on D: not employed on D', [period('s1', '2024-01-01', D, 0.8)], { listed: true, fte: 0, teamId: null, capacity: 0 }],
    [
      'a period ending on D+1: employed on D',
      [period('s1', '2024-01-01', '2025-07-01', 0.8)],
      { listed: true, fte: 0.8, teamId: 'T1', capacity: 80 },
    ],
    ['a period starting D+1: not yet employed', [period('s1', '2025-07-01', null)], { listed: true, fte: 0, teamId: null, capacity: 0 }],
    [
      'a transfer on D: the new team and FTE from D',
      [period('s1', '2024-01-01', D, 1, 'T1'), period('s1', D, null, 0.6, 'T9')],
      { listed: true, fte: 0.6, teamId: 'T9', capacity: 60 },
    ],
    ['a period with FTE 0: not caseload staff', [period('s1', '2024-01-01', null, 0)], { listed: true, fte: 0, teamId: 'T1', capacity: 0 }],
  ])('%s', (_label, periods, want) => {
    const row = s1({ periods });
    // s1 holds clients, so is listed even when not caseload staff
    expect(row !== undefined).toBe(want.listed);
    expect(row).toMatchObject({ fte: want.fte, teamId: want.teamId, capacityHours: want.capacity, baseCapacityHours: want.capacity });
  });

  test('periods override staff.csv: an inactive member with a period in force is employed', () => {
    expect(s1({ staff: [staff('s1', { active: false, caseloadFte: 0 })], periods: [period('s1', '2020-01-01', null, 0.5)] })).toMatchObject(
      {
        capacityHours: 50,
        loadRatio: 0.7,
      },
    );
  });

  test('a member with no period on D holds clients: they are uncovered, and the member is not in any team', () => {
    const r = computeCaseloadReport(base({ periods: [period('s1', '2024-01-01', D)], allTeamIds: ['T1'] }));
    expect(r.agency).toMatchObject({ members: 0, uncovered: 10, clients: 0 });
    expect(r.teams).toEqual([expect.objectContaining({ teamId: 'T1', members: 0, clients: 0 })]);
  });
});

describe('capacity: reductions on D', () => {
  test.each<[string, CapacityReductionRow[], { p: number; h: number; capacity: number; ratio: number | null }]>([
    ['none', [], { p: 0, h: 0, capacity: 100, ratio: 0.35 }],
    [
      '20% training starting on D applies',
      [reduction('r1', 's1', D, null, { percent: 20 })],
      { p: 20, h: 0, capacity: 80, ratio: 35 / 80 },
    ],
    [
      'a reduction ending on D no longer applies',
      [reduction('r1', 's1', '2025-01-01', D, { percent: 20 })],
      { p: 0, h: 0, capacity: 100, ratio: 0.35 },
    ],
    [
      'a reduction ending D+1 still applies',
      [reduction('r1', 's1', '2025-01-01', '2025-07-01', { percent: 20 })],
      { p: 20, h: 0, capacity: 80, ratio: 35 / 80 },
    ],
    [
      'a reduction starting D+1 does not apply yet',
      [reduction('r1', 's1', '2025-07-01', null, { percent: 20 })],
      { p: 0, h: 0, capacity: 100, ratio: 0.35 },
    ],
    [
      'hours: 100 − 10 union hours',
      [reduction('r1', 's1', '2025-01-01', null, { hours: 10, reason: 'union' })],
      { p: 0, h: 10, capacity: 90, ratio: 35 / 90 },
    ],
    [
      'percent then hours: 100 × (1 − 0.5) − 10',
      [reduction('r1', 's1', '2025-01-01', null, { percent: 50 }), reduction('r2', 's1', '2025-01-01', null, { hours: 10 })],
      { p: 50, h: 10, capacity: 40, ratio: 35 / 40 },
    ],
    [
      'percent sums capped at 100: 60% + 50% leaves nothing (not −10%)',
      [reduction('r1', 's1', '2025-01-01', null, { percent: 60 }), reduction('r2', 's1', '2025-01-01', null, { percent: 50 })],
      { p: 110, h: 0, capacity: 0, ratio: null },
    ],
    [
      'hours floored at 0: 100 × 0.5 − 80',
      [reduction('r1', 's1', '2025-01-01', null, { percent: 50 }), reduction('r2', 's1', '2025-01-01', null, { hours: 80 })],
      { p: 50, h: 80, capacity: 0, ratio: null },
    ],
    [
      'leave at 100%',
      [reduction('r1', 's1', '2025-06-01', '2025-09-01', { percent: 100, reason: 'leave' })],
      { p: 100, h: 0, capacity: 0, ratio: null },
    ],
    [
      'another member’s reduction does not count',
      [reduction('r1', 's2', '2025-01-01', null, { percent: 50 })],
      { p: 0, h: 0, capacity: 100, ratio: 0.35 },
    ],
  ])('%s', (_label, reductions, want) => {
    const row = s1({ reductions });
    expect(row?.reductionPercent).toBe(want.p);
    expect(row?.reductionHours).toBe(want.h);
    expect(row?.capacityHours).toBeCloseTo(want.capacity, 12);
    if (want.ratio === null) expect(row?.loadRatio).toBeNull();
    else expect(row?.loadRatio).toBeCloseTo(want.ratio, 12);
  });

  test('a percent reduction on a part-time period: 0.8 FTE = 80 h, less 25% = 60 h', () => {
    expect(
      s1({ periods: [period('s1', '2024-01-01', null, 0.8)], reductions: [reduction('r', 's1', '2025-01-01', null, { percent: 25 })] }),
    ).toMatchObject({
      baseCapacityHours: 80,
      capacityHours: 60,
    });
  });
});

describe('workload items on D', () => {
  test.each<[string, WorkloadItemRow[], { other: number; ratio: number }]>([
    ['none', [], { other: 0, ratio: 0.35 }],
    ['intake duty 8 h starting on D', [item('i1', 's1', D, null, 8)], { other: 8, ratio: 0.43 }],
    ['an item ending on D no longer counts', [item('i1', 's1', '2025-01-01', D, 8)], { other: 0, ratio: 0.35 }],
    [
      'two items: 8 + 4.5',
      [item('i1', 's1', '2025-01-01', null, 8), item('i2', 's1', '2025-03-01', null, 4.5, 'on_call')],
      { other: 12.5, ratio: 0.475 },
    ],
  ])('%s', (_label, items, want) => {
    const row = s1({ items });
    expect(row?.otherHours).toBe(want.other);
    expect(row?.workloadHours).toBe(35 + want.other);
    expect(row?.loadRatio).toBeCloseTo(want.ratio, 12);
  });

  test('items count in the team and agency sums and ratios', () => {
    const r = computeCaseloadReport(
      base({ staff: [staff('s1'), staff('s2')], items: [item('i1', 's2', '2025-01-01', null, 15, 'court')] }),
    );
    expect(r.agency).toMatchObject({
      members: 2,
      weightedHours: 35,
      otherHours: 15,
      workloadHours: 50,
      capacityHours: 200,
      loadRatio: 0.25,
    });
    expect(r.staff.find((s) => s.staffId === 's2')).toMatchObject({ clients: 0, otherHours: 15, loadRatio: 0.15 });
  });
});

describe('a member with full reduction is a member with no capacity', () => {
  // s1 on leave (100%) holds 10 tier-3 clients (35 h); s2 (same team) holds none.
  const input = base({
    staff: [staff('s1'), staff('s2')],
    allTeamIds: ['T1'],
    reductions: [reduction('L1', 's1', '2025-06-01', '2025-09-01', { percent: 100, reason: 'leave' })],
  });
  const r = computeCaseloadReport(input);

  test('their clients are uncovered; they stay a member whose clients and hours count, with no capacity and no ratio', () => {
    expect(r.agency).toMatchObject({
      members: 2,
      clients: 10,
      weightedHours: 35,
      capacityHours: 100,
      loadRatio: 0.35,
      uncovered: 10,
      overCount: 0,
    });
    // the member statistics skip the null ratio: only s2's 0 remains
    expect(r.agency).toMatchObject({ maxLoadRatio: 0, minLoadRatio: 0, cv: null });
    expect(r.teams[0]).toMatchObject({ teamId: 'T1', members: 2, clients: 10, capacityHours: 100 });
    expect(r.staff.find((s) => s.staffId === 's1')).toMatchObject({ capacityHours: 0, loadRatio: null, band: null, daysOverCapacity90: 0 });
  });

  test('the uncovered worklist lists them', () => {
    const w = computeWorklist({ ...input, kind: 'uncovered' });
    expect(w.clients.map((c) => c.clientId)).toHaveLength(10);
  });

  test('rebalancing covers them first, on the same rules, even above 1.00; blocked clients are unplaced with the rule', () => {
    const clients = input.clients.map((c, i) => (i === 9 ? { ...c, primaryLanguage: 'vi' } : c));
    const assessments = input.assessments.map((a, i) => (i === 8 ? tierAt(a.clientId, 4, '2024-01-01') : a));
    const p = proposeRebalance({
      ...input,
      clients,
      assessments,
      settings: settingsWith({ caseHoursPerFte: 20 }),
      teamId: 'T1',
    });
    // c8 is tier 4 (protected), c9 speaks vi (s2 does not); c0..c7 (tier 3, 3.5 h each) must move to s2: 28 h / 20 h
    expect(p.moves.map((m) => [m.clientId, m.fromStaffId, m.toStaffId])).toEqual(
      ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((c) => [c, 's1', 's2']),
    );
    expect(p.unplaced).toEqual([
      { clientId: 'c8', fromStaffId: 's1', reason: 'tier 4 is protected (protectTiers)' },
      { clientId: 'c9', fromStaffId: 's1', reason: 's2 does not speak vi' },
    ]);
    expect(p.before).toEqual([
      { staffId: 's1', loadRatio: null },
      { staffId: 's2', loadRatio: 0 },
    ]);
    expect(p.after.find((a) => a.staffId === 's2')?.loadRatio).toBeCloseTo(28 / 20, 12);
    // team: 3.5 × 9 + 6 = 37.5 h against 20 h
    expect(p.teamOverCapacity).toBe(true);
    expect(p.overCapacityHours).toBeCloseTo(17.5, 12);
  });

  test('with no teammate with capacity, every client is unplaced', () => {
    const p = proposeRebalance({ ...base({ reductions: input.reductions }), teamId: 'T1' });
    expect(p.moves).toEqual([]);
    expect(p.unplaced).toHaveLength(10);
    expect(p.unplaced[0]).toEqual({ clientId: 'c0', fromStaffId: 's1', reason: 'no member of the team has capacity' });
  });

  test('intake routing: the member on leave is not eligible; items count in ratios', () => {
    const ranking = rankIntake({
      ...input,
      items: [item('i', 's2', '2025-01-01', null, 20)],
      newClient: { programId: 'P1', primaryLanguage: null, region: null, tier: '1' },
    });
    expect(ranking.ineligible).toEqual([{ staffId: 's1', teamId: 'T1', reason: 'has no capacity hours' }]);
    expect(ranking.ranked).toEqual([expect.objectContaining({ staffId: 's2', loadRatioBefore: 0.2, loadRatioAfter: 0.21 })]);
  });
});

describe('daysOverCapacity90: every term on each day', () => {
  test('a 60% reduction over the last 10 days of the window: 35 / 40 is not over; with 10 h of items it is (45 / 40)', () => {
    const red = [reduction('r', 's1', '2025-06-21', null, { percent: 60 })];
    expect(s1({ reductions: red })?.daysOverCapacity90).toBe(0);
    // items from 2025-06-26: over on 06-26 … 06-30 = 5 days
    expect(s1({ reductions: red, items: [item('i', 's1', '2025-06-26', null, 10)] })?.daysOverCapacity90).toBe(5);
  });

  test('a period that ended inside the window: the days before its end count, the days after do not', () => {
    // 0.3 FTE = 30 h < 35 h, over while employed: from 2025-04-02 (D − 89) to 2025-06-19 (end 06-20) = 79 days
    const row = s1({ periods: [period('s1', '2024-01-01', '2025-06-20', 0.3)] });
    expect(row?.capacityHours).toBe(0);
    expect(row?.loadRatio).toBeNull();
    expect(row?.daysOverCapacity90).toBe(79);
    // back at 1.0 FTE from 06-20: 35 / 100, not over
    const staffAfter = s1({ periods: [period('s1', '2024-01-01', '2025-06-20', 0.3), period('s1', '2025-06-20', null, 1)] });
    expect(staffAfter?.daysOverCapacity90).toBe(79);
  });
});

describe('with no periods, reductions or items every figure is as before', () => {
  test('empty lists equal absent ones (caseload and compliance)', () => {
    const plain = base();
    const empty = base({ periods: [], reductions: [], items: [] });
    expect(computeCaseloadReport(empty)).toEqual(computeCaseloadReport(plain));
    expect(computeComplianceReport({ ...empty, contacts: [] })).toEqual(computeComplianceReport({ ...plain, contacts: [] }));
  });
});

describe('explanation', () => {
  test('the parts add up to the report figures, and the sentence reads them', () => {
    const input = base({
      periods: [period('s1', '2024-01-01', null, 0.4)],
      reductions: [reduction('r1', 's1', '2025-06-01', '2025-08-01', { percent: 20 })],
      items: [item('i1', 's1', '2025-05-01', null, 8)],
      assessments: base().assessments.map((a, i) => (i < 2 ? tierAt(a.clientId, 4, '2024-01-01') : a)),
    });
    const e = computeExplanation({ ...input, staffId: 's1' });
    const row = computeCaseloadReport(input).staff[0];
    // 2 × 6 + 8 × 3.5 = 40 h case work, + 8 h intake = 48 h; 0.4 FTE = 40 h, less 20% = 32 h; 48 / 32 = 1.5
    expect(e.tiers).toEqual([
      { tier: '1', clients: 0, hoursPerClient: 1, hours: 0 },
      { tier: '2', clients: 0, hoursPerClient: 2, hours: 0 },
      { tier: '3', clients: 8, hoursPerClient: 3.5, hours: 28 },
      { tier: '4', clients: 2, hoursPerClient: 6, hours: 12 },
      { tier: 'unassessed', clients: 0, hoursPerClient: 2, hours: 0 },
    ]);
    expect(e).toMatchObject({
      weightedHours: 40,
      otherHours: 8,
      workloadHours: 48,
      fte: 0.4,
      baseCapacityHours: 40,
      capacityHours: 32,
      loadRatio: 1.5,
      band: 'critical',
    });
    expect(e.tiers.reduce((n, t) => n + t.hours, 0)).toBe(row?.weightedHours);
    expect(e.items.reduce((n, t) => n + t.hoursPerMonth, 0)).toBe(row?.otherHours);
    expect([e.capacityHours, e.loadRatio, e.daysOverCapacity90]).toEqual([row?.capacityHours, row?.loadRatio, row?.daysOverCapacity90]);
    expect(e.reductions).toEqual([
      { reductionId: 'r1', reason: 'training', percent: 20, hoursPerMonth: null, startOn: '2025-06-01', endOn: '2025-08-01' },
    ]);
    expect(e.sentence).toBe(
      '150% of capacity: 10 clients need 40 h a month, intake duty adds 8 h; a 0.4 FTE post is 40 h, less 20% for training = 32 h.',
    );
  });

  test('a member on leave: no capacity, and the clients need cover', () => {
    const e = computeExplanation({
      ...base({ reductions: [reduction('L', 's1', '2025-06-01', null, { percent: 100, reason: 'leave' })] }),
      staffId: 's1',
    });
    expect(e.loadRatio).toBeNull();
    expect(e.sentence).toBe(
      'No capacity on this date: 10 clients need 35 h a month; a 1.0 FTE post is 100 h, less 100% for leave = 0 h; the clients need cover.',
    );
  });
});

describe('capacity changes ahead', () => {
  test('changes in (D, D + 30], with the ratio on D and on the day the change takes effect', () => {
    const r = computeCapacityChanges(
      base({
        staff: [staff('s1'), staff('s2', { teamId: 'T2' })],
        periods: [period('s2', '2025-07-15', null, 0.5, 'T2')],
        reductions: [
          reduction('r-now', 's1', '2025-06-01', '2025-07-10', { percent: 50 }), // ends in the window
          reduction('r-late', 's1', '2025-07-31', null, { percent: 10 }), // D + 31: outside
          reduction('r-on-d', 's1', D, null, { hours: 5 }), // starts on D: not ahead
        ],
        items: [item('i1', 's1', '2025-07-30', null, 15)], // D + 30: inside
      }),
    );
    expect(r.until).toBe('2025-07-30');
    expect(r.changes.map((c) => [c.on, c.staffId, c.kind, c.id, c.change, c.loadRatioBefore, c.loadRatioAfter])).toEqual([
      // on D: 100 × 0.5 − 5 = 45 h; 35 / 45. After r-now ends: 95 h
      ['2025-07-10', 's1', 'reduction', 'r-now', 'ends', 35 / 45, 35 / 95],
      // s2 hired on 07-15 with no clients: no ratio before, 0 after
      ['2025-07-15', 's2', 'period', '2025-07-15', 'starts', null, 0],
      ['2025-07-30', 's1', 'item', 'i1', 'starts', 35 / 45, 50 / 95],
    ]);
    expect(r.changes[1]?.teamId).toBe('T2');
    expect(computeCapacityChanges({ ...base(), teamIds: ['T9'] }).changes).toEqual([]);
  });
});

describe('capacity timeline', () => {
  test('the 12 month ends before D, D, and the next 3 month ends', () => {
    expect(timelineDays('2025-06-15')).toEqual([
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-15',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
    ]);
    // D a month end: it is not repeated, and the next 3 month ends follow it
    expect(timelineDays(D).slice(-5)).toEqual(['2025-05-31', D, '2025-07-31', '2025-08-31', '2025-09-30']);
  });

  test('FTE, reductions and items month by month', () => {
    const t = computeCapacityTimeline({
      ...base({
        periods: [period('s1', '2024-01-01', '2025-01-01', 1), period('s1', '2025-01-01', null, 0.5, 'T2')],
        reductions: [reduction('L', 's1', '2025-08-01', '2025-09-01', { percent: 100, reason: 'leave' })],
        items: [item('i', 's1', '2025-03-01', null, 5)],
      }),
      staffId: 's1',
    });
    const at = (on: string) => t.points.find((p) => p.on === on);
    expect(at('2024-12-31')).toMatchObject({ teamId: 'T1', fte: 1, capacityHours: 100, otherHours: 0, loadRatio: 0.35 });
    expect(at('2025-01-31')).toMatchObject({ teamId: 'T2', fte: 0.5, capacityHours: 50, otherHours: 0, loadRatio: 0.7 });
    expect(at('2025-03-31')).toMatchObject({ capacityHours: 50, otherHours: 5, loadRatio: 0.8 });
    expect(at('2025-08-31')).toMatchObject({ capacityHours: 0, reductionPercent: 100, loadRatio: null });
    expect(t.periods).toHaveLength(2);
    expect(t.reductions.map((r) => r.reductionId)).toEqual(['L']);
  });
});

describe('workload calibration', () => {
  // Period June–July 2025: month ends 06-30 and 07-31.
  // a (tier 1) and b (tier 4) active and held both months; u unassigned (not counted); c closed 07-15 (June only).
  const cal = computeCalibration({
    from: '2025-06-01',
    to: '2025-07-31',
    settings,
    settingsVersion: 3,
    clients: [client('a'), client('b'), client('u'), client('c', { closedOn: '2025-07-15' })],
    assignments: [assign('a', 's1'), assign('b', 's1'), assign('c', 's1')],
    assessments: [tierAt('a', 1, '2024-01-01'), tierAt('b', 4, '2024-01-01'), tierAt('c', 4, '2024-01-01')],
    contacts: [
      { clientId: 'a', occurredOn: '2025-06-10', minutes: 30 },
      { clientId: 'a', occurredOn: '2025-07-02', minutes: null }, // counted, no minutes
      { clientId: 'b', occurredOn: '2025-06-03', minutes: 120 },
      { clientId: 'b', occurredOn: '2025-07-20', minutes: 60 },
      { clientId: 'c', occurredOn: '2025-06-30', minutes: 60 },
      { clientId: 'c', occurredOn: '2025-07-01', minutes: 600 }, // July: c not active on 07-31
      { clientId: 'u', occurredOn: '2025-06-15', minutes: 45 }, // not held
      { clientId: 'a', occurredOn: '2025-05-31', minutes: 999 }, // before the period
    ],
  });

  test('per tier: client-months, contacts, minutes, observed and suggested hours, scale and coverage', () => {
    // tier 1: 2 client-months, 2 contacts, 1 with minutes, 30 min → 0.25 h per client-month
    // tier 4: 3 client-months (b ×2, c in June), 3 contacts, 240 min → 4/3 h
    // scale = (2 × 1 + 3 × 6) ÷ (2 × 0.25 + 3 × 4/3) = 20 ÷ 4.5
    const scale = 20 / 4.5;
    expect(cal.monthEnds).toEqual(['2025-06-30', '2025-07-31']);
    expect(cal.scale).toBeCloseTo(scale, 12);
    const t = Object.fromEntries(cal.tiers.map((r) => [r.tier, r]));
    expect(t['1']).toMatchObject({
      clientMonths: 2,
      contacts: 2,
      contactsWithMinutes: 1,
      contactMinutes: 30,
      observedHours: 0.25,
      modelHours: 1,
    });
    expect(t['4']).toMatchObject({ clientMonths: 3, contacts: 3, contactsWithMinutes: 3, contactMinutes: 240, modelHours: 6 });
    expect(t['4']?.observedHours).toBeCloseTo(4 / 3, 12);
    expect(t['1']?.suggestedHours).toBeCloseTo(0.25 * scale, 12);
    expect(t['4']?.suggestedHours).toBeCloseTo((4 / 3) * scale, 12);
    expect(t['2']).toMatchObject({ clientMonths: 0, observedHours: null, suggestedHours: null, modelHours: 2 });
    expect(cal.minutesCoverage).toBeCloseTo(4 / 5, 12);
  });

  test('no contacts: coverage null; no minutes: scale null', () => {
    const none = computeCalibration({
      from: '2025-06-01',
      to: '2025-06-30',
      settings,
      settingsVersion: 1,
      clients: [client('a')],
      assignments: [assign('a', 's1')],
      assessments: [],
      contacts: [],
    });
    expect(none.minutesCoverage).toBeNull();
    expect(none.scale).toBeNull();
    expect(none.tiers.find((r) => r.tier === 'unassessed')).toMatchObject({ clientMonths: 1, observedHours: 0, suggestedHours: null });
  });

  test('a period with no month end inside it has no client-months', () => {
    const mid = computeCalibration({
      from: '2025-06-02',
      to: '2025-06-29',
      settings,
      settingsVersion: 1,
      clients: [client('a')],
      assignments: [assign('a', 's1')],
      assessments: [],
      contacts: [],
    });
    expect(mid.monthEnds).toEqual([]);
    expect(mid.tiers.every((r) => r.clientMonths === 0)).toBe(true);
  });

  test('property: the suggested hours keep the total weighted hours of the period (Σ clientMonths × hours)', () => {
    const tierArb = fc.constantFrom<1 | 2 | 3 | 4 | null>(1, 2, 3, 4, null);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tier: tierArb,
            closeMonth: fc.integer({ min: 0, max: 4 }),
            minutes: fc.array(fc.record({ month: fc.integer({ min: 1, max: 4 }), minutes: fc.option(fc.integer({ min: 0, max: 600 })) }), {
              maxLength: 6,
            }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        (specs) => {
          const clients = specs.map((s, i) => client(`k${i}`, { closedOn: s.closeMonth === 0 ? null : `2025-0${s.closeMonth + 1}-15` }));
          const contacts = specs.flatMap((s, i) =>
            s.minutes.map((m) => ({ clientId: `k${i}`, occurredOn: `2025-0${m.month}-10`, minutes: m.minutes })),
          );
          const cal = computeCalibration({
            from: '2025-01-01',
            to: '2025-04-30',
            settings,
            settingsVersion: 1,
            clients,
            assignments: specs.map((_, i) => assign(`k${i}`, 's1')),
            assessments: specs.flatMap((s, i) => (s.tier === null ? [] : [tierAt(`k${i}`, s.tier, '2024-01-01')])),
            contacts,
          });
          if (cal.scale === null) return;
          let model = 0;
          let suggested = 0;
          for (const t of cal.tiers) {
            if (t.clientMonths === 0) continue;
            model += t.clientMonths * t.modelHours;
            suggested += t.clientMonths * (t.suggestedHours as number);
          }
          expect(suggested).toBeCloseTo(model, 9);
        },
      ),
      { numRuns: 200, seed: 15 },
    );
  });
});
