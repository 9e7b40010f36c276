import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dayNumber, fromDayNumber } from '../src/dates.ts';
import { loadsOn } from '../src/caseload.ts';
import { Standard9Index } from '../src/timeline.ts';
import {
  computeCaseloadReport,
  defaultSettings,
  loadBand,
  type AssessmentRow,
  type AssignmentRow,
  type CaseloadInput,
  type ClientRow,
  type StaffRow,
} from '../src/index.ts';
import { assign, client, settingsWith, staff, tierAt } from './fixtures.ts';

const D = '2025-06-30';

function report(o: Partial<CaseloadInput>) {
  return computeCaseloadReport({
    asOf: D,
    settingsVersion: 7,
    settings: defaultSettings,
    staff: [],
    clients: [],
    assignments: [],
    assessments: [],
    ...o,
  });
}

describe('who is on whose caseload on D', () => {
  // One staff member s1; one client c with the given dates; expected: on s1's caseload, or unassigned.
  test.each<[string, Partial<ClientRow>, [string, string | null] | null, { held: number; unassigned: number }]>([
    ['enrolled on D is active', { enrolledOn: D }, ['2025-06-30', null], { held: 1, unassigned: 0 }],
    ['enrolled D+1 is not active', { enrolledOn: '2025-07-01' }, ['2025-06-30', null], { held: 0, unassigned: 0 }],
    ['closed on D is not active', { closedOn: D }, ['2024-01-01', null], { held: 0, unassigned: 0 }],
    ['closed D+1 is active', { closedOn: '2025-07-01' }, ['2024-01-01', null], { held: 1, unassigned: 0 }],
    ['assignment starting on D holds', {}, [D, null], { held: 1, unassigned: 0 }],
    ['assignment ending on D does not hold', {}, ['2024-01-01', D], { held: 0, unassigned: 1 }],
    ['assignment ending D+1 holds', {}, ['2024-01-01', '2025-07-01'], { held: 1, unassigned: 0 }],
    ['assignment starting D+1 does not hold yet', {}, ['2025-07-01', null], { held: 0, unassigned: 1 }],
    ['never assigned', {}, null, { held: 0, unassigned: 1 }],
  ])('%s', (_label, c, a, want) => {
    const r = report({
      staff: [staff('s1')],
      clients: [client('c', c)],
      assignments: a ? [assign('c', 's1', a[0], a[1])] : [],
    });
    expect(r.staff.map((s) => [s.staffId, s.clients])).toEqual([['s1', want.held]]);
    expect(r.agency.unassigned).toBe(want.unassigned);
    expect(r.agency.clients).toBe(want.held);
  });

  test('the holder is whoever holds the assignment in force: a transfer on D moves the client that day', () => {
    const r = report({
      staff: [staff('s1'), staff('s2')],
      clients: [client('c')],
      assignments: [assign('c', 's1', '2024-01-01', D), assign('c', 's2', D)],
    });
    expect(r.staff.map((s) => [s.staffId, s.clients])).toEqual([
      ['s1', 0],
      ['s2', 1],
    ]);
  });
});

describe('loadBand', () => {
  test.each([
    [null, null],
    [0, 'under'],
    [0.8499999, 'under'],
    [0.85, 'balanced'],
    [1.0, 'balanced'],
    [1.0000001, 'over'],
    [1.15, 'over'],
    [1.1500001, 'critical'],
    [3, 'critical'],
  ])('ratio %s → %s', (ratio, band) => {
    expect(loadBand(ratio, defaultSettings.loadBands)).toBe(band);
  });

  test.each([
    [17, 'balanced'], // 17/20 = 0.85 exactly
    [16.5, 'under'],
    [20, 'balanced'], // exactly 1.00
    [20.5, 'over'],
    [23, 'over'], // exactly 1.15
    [23.5, 'critical'],
  ])('a computed ratio of %s hours over 20 capacity hours lands in %s', (hours, band) => {
    // caseHoursPerFte 20, one client whose tier weighs `hours`
    const r = report({
      settings: settingsWith({ caseHoursPerFte: 20, tierHours: { ...defaultSettings.tierHours, '1': hours } }),
      staff: [staff('s1')],
      clients: [client('c')],
      assignments: [assign('c', 's1')],
      assessments: [tierAt('c', 1)],
    });
    expect(r.staff[0]?.band).toBe(band);
  });
});

describe('weighted caseload, capacity and aggregates', () => {
  // caseHoursPerFte 10 so a handful of clients gives telling ratios.
  const settings = settingsWith({ caseHoursPerFte: 10 });
  const staffRows: StaffRow[] = [
    staff('s1', { teamId: 'T1', caseloadFte: 1 }), // capacity 10
    staff('s2', { teamId: 'T1', caseloadFte: 0.5 }), // capacity 5
    staff('s3', { teamId: 'T2', caseloadFte: 1 }), // capacity 10
    staff('s4', { teamId: 'T1', caseloadFte: 0 }), // zero FTE: not caseload staff
    staff('s5', { teamId: 'T2', caseloadFte: 1, active: false }), // inactive
    staff('s6', { teamId: 'T2', caseloadFte: 1, active: false }), // inactive, holds nobody: not listed
  ];
  const clients: ClientRow[] = [];
  const assignments: AssignmentRow[] = [];
  const assessments: AssessmentRow[] = [];
  function hold(id: string, staffId: string | null, tier: 1 | 2 | 3 | 4 | null) {
    clients.push(client(id));
    if (staffId) assignments.push(assign(id, staffId));
    if (tier) assessments.push(tierAt(id, tier));
  }
  hold('a1', 's1', 4); // 6
  hold('a2', 's1', 3); // 3.5
  hold('a3', 's1', null); // unassessed 2  → s1: 11.5 / 10 = 1.15
  hold('b1', 's2', 2); // 2
  hold('b2', 's2', 1); // 1
  hold('b3', 's2', 1); // 1             → s2: 4 / 5 = 0.8
  hold('c1', 's3', 4);
  hold('c2', 's3', 4); // 12 / 10 = 1.2
  hold('d1', 's4', 4); // uncovered (zero FTE)
  hold('e1', 's5', 2); // uncovered (inactive)
  hold('u1', null, 3); // unassigned
  const r = report({ settings, staff: staffRows, clients, assignments, assessments, allTeamIds: ['T1', 'T2', 'T3'] });

  test('staff: every caseload staff member and every other holder, by staff_id', () => {
    expect(r.staff).toEqual([
      {
        staffId: 's1',
        teamId: 'T1',
        clients: 3,
        tierCounts: { '1': 0, '2': 0, '3': 1, '4': 1, unassessed: 1 },
        weightedHours: 11.5,
        otherHours: 0,
        workloadHours: 11.5,
        fte: 1,
        baseCapacityHours: 10,
        reductionPercent: 0,
        reductionHours: 0,
        capacityHours: 10,
        loadRatio: 1.15,
        band: 'over',
        daysOverCapacity90: 30, // tiers assessed on 2025-06-01; before that all three were unassessed: 6 h
      },
      {
        staffId: 's2',
        teamId: 'T1',
        clients: 3,
        tierCounts: { '1': 2, '2': 1, '3': 0, '4': 0, unassessed: 0 },
        weightedHours: 4,
        otherHours: 0,
        workloadHours: 4,
        fte: 0.5,
        baseCapacityHours: 5,
        reductionPercent: 0,
        reductionHours: 0,
        capacityHours: 5,
        loadRatio: 0.8,
        band: 'under',
        // before 2025-06-01 all three were unassessed: 6 h / 5 = 1.2, over Apr 2 … May 31
        daysOverCapacity90: 60,
      },
      {
        staffId: 's3',
        teamId: 'T2',
        clients: 2,
        tierCounts: { '1': 0, '2': 0, '3': 0, '4': 2, unassessed: 0 },
        weightedHours: 12,
        otherHours: 0,
        workloadHours: 12,
        fte: 1,
        baseCapacityHours: 10,
        reductionPercent: 0,
        reductionHours: 0,
        capacityHours: 10,
        loadRatio: 1.2,
        band: 'critical',
        daysOverCapacity90: 30, // unassessed (4 h) before 2025-06-01
      },
      {
        staffId: 's4',
        teamId: 'T1',
        clients: 1,
        tierCounts: { '1': 0, '2': 0, '3': 0, '4': 1, unassessed: 0 },
        weightedHours: 6,
        otherHours: 0,
        workloadHours: 6,
        fte: 0,
        baseCapacityHours: 0,
        reductionPercent: 0,
        reductionHours: 0,
        capacityHours: 0,
        loadRatio: null,
        band: null,
        daysOverCapacity90: 0,
      },
      {
        staffId: 's5',
        teamId: 'T2',
        clients: 1,
        tierCounts: { '1': 0, '2': 1, '3': 0, '4': 0, unassessed: 0 },
        weightedHours: 2,
        otherHours: 0,
        workloadHours: 2,
        fte: 1,
        baseCapacityHours: 0,
        reductionPercent: 0,
        reductionHours: 0,
        capacityHours: 0,
        loadRatio: null,
        band: null,
        daysOverCapacity90: 0,
      },
    ]);
  });

  test('teams sum their caseload staff; a team of one has cv null; an empty team is all zero and null', () => {
    expect(r.teams).toHaveLength(3);
    const [t1, t2, t3] = r.teams;
    expect(t1).toMatchObject({
      teamId: 'T1',
      members: 2,
      clients: 6,
      weightedHours: 15.5,
      capacityHours: 15,
      maxLoadRatio: 1.15,
      minLoadRatio: 0.8,
      overCount: 1,
    });
    expect(t1?.loadRatio).toBeCloseTo(15.5 / 15, 12);
    // mean 0.975, population sd 0.175
    expect(t1?.cv).toBeCloseTo(0.175 / 0.975, 12);
    expect(t2).toEqual({
      teamId: 'T2',
      members: 1,
      clients: 2,
      weightedHours: 12,
      otherHours: 0,
      workloadHours: 12,
      capacityHours: 10,
      loadRatio: 1.2,
      maxLoadRatio: 1.2,
      minLoadRatio: 1.2,
      overCount: 1,
      cv: null,
    });
    expect(t3).toEqual({
      teamId: 'T3',
      members: 0,
      clients: 0,
      weightedHours: 0,
      otherHours: 0,
      workloadHours: 0,
      capacityHours: 0,
      loadRatio: null,
      maxLoadRatio: null,
      minLoadRatio: null,
      overCount: 0,
      cv: null,
    });
  });

  test('agency: all caseload staff, plus unassigned and uncovered', () => {
    expect(r.agency).toMatchObject({
      members: 3,
      clients: 8,
      weightedHours: 27.5,
      capacityHours: 25,
      maxLoadRatio: 1.2,
      minLoadRatio: 0.8,
      overCount: 2,
      unassigned: 1,
      uncovered: 2,
    });
    expect(r.agency.loadRatio).toBeCloseTo(1.1, 12);
    // ratios 1.15, 0.8, 1.2: mean 1.05, squared deviations .01 + .0625 + .0225 = .095
    expect(r.agency.cv).toBeCloseTo(Math.sqrt(0.095 / 3) / 1.05, 12);
    expect(r.asOf).toBe(D);
    expect(r.settingsVersion).toBe(7);
  });

  test('a team filter keeps the agency figures and restricts the staff and team rows', () => {
    const t2 = report({
      settings,
      staff: staffRows,
      clients,
      assignments,
      assessments,
      allTeamIds: ['T1', 'T2', 'T3'],
      teamIds: ['T2'],
    });
    expect(t2.staff.map((s) => s.staffId)).toEqual(['s3', 's5']);
    expect(t2.teams.map((t) => t.teamId)).toEqual(['T2']);
    expect(t2.agency).toEqual(r.agency);
    const none = report({ settings, staff: staffRows, clients, assignments, assessments, teamIds: [] });
    expect(none.staff).toEqual([]);
    expect(none.teams).toEqual([]);
    expect(none.agency).toEqual(r.agency);
  });

  test('zero-FTE holder and inactive holder are uncovered even when active clients are theirs alone', () => {
    const only = report({ settings, staff: [staff('z', { caseloadFte: 0 })], clients: [client('c')], assignments: [assign('c', 'z')] });
    expect(only.agency).toEqual({
      members: 0,
      clients: 0,
      weightedHours: 0,
      otherHours: 0,
      workloadHours: 0,
      capacityHours: 0,
      loadRatio: null,
      maxLoadRatio: null,
      minLoadRatio: null,
      overCount: 0,
      cv: null,
      unassigned: 0,
      uncovered: 1,
    });
    expect(only.staff).toEqual([expect.objectContaining({ staffId: 'z', clients: 1, capacityHours: 0, loadRatio: null, band: null })]);
  });

  test('a caseload staff member with no clients: ratio 0, band under', () => {
    const idle = report({ staff: [staff('s1', { caseloadFte: 0.5 })] });
    expect(idle.staff[0]).toMatchObject({ clients: 0, weightedHours: 0, capacityHours: 55, loadRatio: 0, band: 'under' });
  });

  test('an agency whose members all carry nothing: cv null (mean 0)', () => {
    const idle = report({ staff: [staff('s1'), staff('s2')] });
    expect(idle.agency).toMatchObject({ members: 2, loadRatio: 0, cv: null, overCount: 0 });
  });
});

describe('daysOverCapacity90: days d in (D − 90, D] with loadRatio > 1.00', () => {
  // capacity 10; base client A (tier 4, 6 h) held by s1 since 2024; client B (tier 4, 6 h) varies.
  const settings = settingsWith({ caseHoursPerFte: 10 });
  function days(
    b: { start: string; end?: string | null; closedOn?: string | null; assessments?: AssessmentRow[] },
    extra: { aClosedOn?: string | null; cTier?: 1 | 2 } = {},
  ) {
    const clients = [client('A', { closedOn: extra.aClosedOn ?? null }), client('B', { closedOn: b.closedOn ?? null })];
    const assignments = [assign('A', 's1'), assign('B', 's1', b.start, b.end ?? null)];
    const assessments = [tierAt('A', 4, '2024-01-01'), ...(b.assessments ?? [tierAt('B', 4, '2024-01-01')])];
    if (extra.cTier) {
      clients.push(client('C'));
      assignments.push(assign('C', 's1'));
      assessments.push(tierAt('C', extra.cTier, '2024-01-01'));
    }
    const r = report({ settings, staff: [staff('s1')], clients, assignments, assessments });
    return r.staff[0]?.daysOverCapacity90;
  }

  test.each<[string, number, Parameters<typeof days>[0]]>([
    ['B held the last 10 days (from D − 9)', 10, { start: '2025-06-21' }],
    ['B held from D only', 1, { start: D }],
    ['B held from D − 89 (first day of the window)', 90, { start: '2025-04-02' }],
    ['B held from D − 90', 90, { start: '2025-04-01' }],
    ['B held until D − 90 (end_on D − 89): no day in the window', 0, { start: '2025-03-01', end: '2025-04-02' }],
    ['B held through D − 89 (end_on D − 88): one day', 1, { start: '2025-03-01', end: '2025-04-03' }],
    ['B closed on 2025-05-01: over Apr 2 … Apr 30', 29, { start: '2025-01-01', closedOn: '2025-05-01' }],
    [
      'B unassessed (2 h: 0.8) until a tier-4 assessment on 2025-06-26',
      5,
      { start: '2024-01-01', assessments: [tierAt('B', 4, '2025-06-26')] },
    ],
  ])('%s → %i', (_label, want, b) => {
    expect(days(b)).toBe(want);
  });

  test('a ratio of exactly 1.00 is not over capacity', () => {
    // A 6 + B unassessed 2 + C tier 2 2 = 10 hours over 10 capacity hours
    expect(days({ start: '2024-01-01', assessments: [] }, { cTier: 2 })).toBe(0);
  });

  test('the base client leaving mid-window ends the overload', () => {
    // A closes on 2025-06-21: over Apr 2 … Jun 20 = 80 days
    expect(days({ start: '2024-01-01' }, { aClosedOn: '2025-06-21' })).toBe(80);
  });
});

describe('daily weighted hours (the series behind daysOverCapacity90)', () => {
  /** Weighted hours per caseload staff member, day by day, read from loadsOn on each day. */
  function dayByDay(index: Standard9Index, first: number, last: number): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (let d = first; d <= last; d++) {
      for (const [staffId, load] of loadsOn(index, d).byStaff) {
        if (!index.isCaseloadStaff(staffId, d)) continue;
        let series = out.get(staffId);
        if (!series) out.set(staffId, (series = new Array<number>(last - first + 1).fill(0)));
        series[d - first] = load.weightedHours;
      }
    }
    return out;
  }

  test('property: equal to the hours of each day read on its own, with holders, tiers, periods and closures changing inside the window', () => {
    const first = dayNumber('2025-04-02');
    const last = dayNumber(D);
    const dayOf = (offset: number) => fromDayNumber(first + offset);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            enrolled: fc.integer({ min: -40, max: 95 }),
            closed: fc.option(fc.integer({ min: -20, max: 100 }), { nil: null }),
            spans: fc.array(
              fc.record({
                staff: fc.constantFrom('s1', 's2', 's3'),
                start: fc.integer({ min: -30, max: 95 }),
                length: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
              }),
              { maxLength: 3 },
            ),
            assessed: fc.array(fc.record({ day: fc.integer({ min: -30, max: 95 }), tier: fc.constantFrom(1, 2, 3, 4) }), { maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 95 }),
        (specs, periodEnd) => {
          const clients = specs.map((s, i) =>
            client(`c${i}`, {
              enrolledOn: dayOf(s.enrolled),
              closedOn: s.closed === null || s.closed <= s.enrolled ? null : dayOf(s.closed),
            }),
          );
          const seen = new Set<string>();
          const assignments = specs.flatMap((s, i) =>
            s.spans
              .filter((sp) => !seen.has(`${i}|${sp.start}`) && seen.add(`${i}|${sp.start}`))
              .map((sp) => assign(`c${i}`, sp.staff, dayOf(sp.start), sp.length === null ? null : dayOf(sp.start + sp.length))),
          );
          const assessments = specs.flatMap((s, i) => s.assessed.map((a, k) => tierAt(`c${i}`, a.tier, dayOf(a.day), `a${i}-${k}`)));
          // s2 leaves inside the window; s3 has FTE 0 (not caseload staff)
          const index = new Standard9Index({
            settings: settingsWith({ tierHours: { '1': 1.1, '2': 2.3, '3': 3.7, '4': 6.1, unassessed: 2.9 } }),
            staff: [staff('s1'), staff('s2'), staff('s3', { caseloadFte: 0 })],
            periods: [{ staffId: 's2', startOn: '2020-01-01', endOn: dayOf(periodEnd), caseloadFte: 0.5, teamId: null }],
            clients,
            assignments,
            assessments,
          });
          const fast = index.dailyWeightedHours(first, last);
          const slow = dayByDay(index, first, last);
          expect([...fast.keys()].sort()).toEqual([...slow.keys()].sort());
          for (const [staffId, series] of slow) {
            const got = fast.get(staffId) as Float64Array;
            series.forEach((h, i) => expect(got[i]).toBeCloseTo(h, 12));
          }
        },
      ),
      { numRuns: 300, seed: 20 },
    );
  });
});
