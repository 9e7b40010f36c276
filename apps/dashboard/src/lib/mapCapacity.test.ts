import type { Calibration, CapacityTimeline, Explanation } from '@caseload/metrics';
import { describe, expect, test } from 'vitest';
import {
  calibrationRows,
  calibrationTotals,
  changeRows,
  explanationLines,
  partsAddUp,
  ratioParts,
  roundHours,
  settingsLink,
  teamCover,
  timelineRows,
  timelineSpans,
} from './mapCapacity.ts';

// 2 tier-4 clients (12 h) + 8 tier-3 (28 h) = 40 h; intake 8 h; 0.4 FTE × 100 h = 40 h, less 20% = 32 h; 48 / 32 = 150%
const explanation: Explanation = {
  staffId: 's1',
  asOf: '2025-06-30',
  settingsVersion: 2,
  teamId: 'T1',
  employed: true,
  caseloadStaff: true,
  tiers: [
    { tier: '1', clients: 0, hoursPerClient: 1, hours: 0 },
    { tier: '2', clients: 0, hoursPerClient: 2, hours: 0 },
    { tier: '3', clients: 8, hoursPerClient: 3.5, hours: 28 },
    { tier: '4', clients: 2, hoursPerClient: 6, hours: 12 },
    { tier: 'unassessed', clients: 0, hoursPerClient: 2, hours: 0 },
  ],
  items: [{ itemId: 'i1', kind: 'intake', hoursPerMonth: 8, startOn: '2025-05-01', endOn: null }],
  clients: 10,
  weightedHours: 40,
  otherHours: 8,
  workloadHours: 48,
  fte: 0.4,
  caseHoursPerFte: 100,
  baseCapacityHours: 40,
  reductions: [{ reductionId: 'r1', reason: 'training', percent: 20, hoursPerMonth: null, startOn: '2025-06-01', endOn: '2025-08-01' }],
  reductionPercent: 20,
  reductionHours: 0,
  capacityHours: 32,
  loadRatio: 1.5,
  band: 'critical',
  daysOverCapacity90: 30,
  sentence: '150% of capacity: …',
};

describe('explanation', () => {
  test('the parts in the order they are computed, each with its arithmetic', () => {
    expect(explanationLines(explanation).map((l) => [l.label, l.detail, l.value])).toEqual([
      ['Tier 3 clients', '8 × 3.5 h', '28 h'],
      ['Tier 4 clients', '2 × 6 h', '12 h'],
      ['Case work', '10 clients', '40 h'],
      ['Intake duty', '2025-05-01 to open-ended', '+ 8 h'],
      ['Workload', 'case work + other work', '48 h'],
      ['Post', '0.4 FTE × 100 h', '40 h'],
      ['Training', '2025-06-01 until 2025-08-01', '− 20%'],
      ['Capacity', '40 h × (1 − 20%) − 0 h, at least 0', '32 h'],
      ['Load', '48 h ÷ 32 h', '150%'],
      ['Days above 100%', 'of the last 90', '30'],
    ]);
  });

  test.each<[string, Partial<Explanation>, boolean]>([
    ['as computed', {}, true],
    ['a tier part that does not add up', { weightedHours: 41, workloadHours: 49 }, false],
    ['a capacity that ignores the reduction', { capacityHours: 40, loadRatio: 1.2 }, false],
    [
      'no capacity, no ratio',
      {
        reductions: [{ reductionId: 'L', reason: 'leave', percent: 100, hoursPerMonth: null, startOn: '2025-06-01', endOn: null }],
        capacityHours: 0,
        loadRatio: null,
      },
      true,
    ],
  ])('parts add up: %s → %s', (_label, change, want) => {
    expect(partsAddUp({ ...explanation, ...change })).toBe(want);
  });

  test.each([
    [{ weightedHours: 91.5, capacityHours: 110, loadRatio: 91.5 / 110 }, '83% = 91.5 h ÷ 110 h'],
    [
      {
        weightedHours: 91.5,
        otherHours: 8,
        workloadHours: 99.5,
        capacityHours: 66,
        baseCapacityHours: 110,
        reductionPercent: 40,
        reductionHours: 0,
        loadRatio: 99.5 / 66,
      },
      '151% = 99.5 h (91.5 h case work + 8 h other work) ÷ 66 h (110 h post − 40%)',
    ],
    [
      {
        weightedHours: 100,
        otherHours: 0,
        workloadHours: 100,
        capacityHours: 0,
        baseCapacityHours: 110,
        reductionPercent: 100,
        reductionHours: 0,
        loadRatio: null,
      },
      'no capacity: 100 h need cover (110 h post, fully reduced)',
    ],
    [
      { weightedHours: 20, capacityHours: 102, baseCapacityHours: 110, reductionPercent: 0, reductionHours: 8, loadRatio: 20 / 102 },
      '20% = 20 h ÷ 102 h (110 h post − 8 h)',
    ],
  ])('ratio in words %#', (row, text) => {
    expect(ratioParts(row)).toBe(text);
  });
});

describe('capacity timeline', () => {
  const t: CapacityTimeline = {
    staffId: 's1',
    asOf: '2025-06-15',
    settingsVersion: 1,
    points: [
      {
        on: '2025-05-31',
        teamId: 'T1',
        employed: true,
        fte: 1,
        baseCapacityHours: 110,
        reductionPercent: 0,
        reductionHours: 0,
        capacityHours: 110,
        otherHours: 0,
        weightedHours: 99,
        workloadHours: 99,
        loadRatio: 0.9,
      },
      {
        on: '2025-06-15',
        teamId: 'T1',
        employed: true,
        fte: 1,
        baseCapacityHours: 110,
        reductionPercent: 100,
        reductionHours: 0,
        capacityHours: 0,
        otherHours: 0,
        weightedHours: 99,
        workloadHours: 99,
        loadRatio: null,
      },
      {
        on: '2025-07-31',
        teamId: 'T1',
        employed: true,
        fte: 1,
        baseCapacityHours: 110,
        reductionPercent: 20,
        reductionHours: 8,
        capacityHours: 80,
        otherHours: 4,
        weightedHours: 96,
        workloadHours: 100,
        loadRatio: 1.25,
      },
    ],
    periods: [{ startOn: '2024-01-01', endOn: null, caseloadFte: 1, teamId: 'T1' }],
    reductions: [{ reductionId: 'L', reason: 'leave', percent: 100, hoursPerMonth: null, startOn: '2025-06-01', endOn: '2025-07-01' }],
    items: [{ itemId: 'oc', kind: 'on_call', hoursPerMonth: 4, startOn: '2025-07-01', endOn: null }],
  };

  test('rows: months, the as-of date, the months ahead; reductions in words; load in percent', () => {
    expect(timelineRows(t).map((r) => [r.label, r.ahead, r.isAsOf, r.reductionText, r.loadPercent])).toEqual([
      ['2025-05', false, false, '—', 90],
      ['2025-06-15 (as of)', false, true, '100%', null],
      ['2025-07', true, false, '20% + 8 h', 125],
    ]);
  });

  test('spans by start', () => {
    expect(timelineSpans(t).map((s) => [s.what, s.from, s.to])).toEqual([
      ['1.0 FTE, T1', '2024-01-01', 'open-ended'],
      ['Leave: 100%', '2025-06-01', '2025-07-01'],
      ['On-call: 4 h a month', '2025-07-01', 'open-ended'],
    ]);
  });
});

describe('capacity changes ahead', () => {
  test('alarm when a change pushes a member over 100% or leaves them with no capacity; relief when it frees time', () => {
    const rows = changeRows(
      [
        {
          staffId: 'a',
          teamId: 'T1',
          kind: 'reduction',
          id: 'L',
          change: 'starts',
          on: '2025-07-01',
          detail: '100% for leave',
          loadRatioBefore: 0.9,
          loadRatioAfter: null,
        },
        {
          staffId: 'b',
          teamId: 'T1',
          kind: 'item',
          id: 'i',
          change: 'starts',
          on: '2025-07-02',
          detail: 'intake duty, 8 h a month',
          loadRatioBefore: 0.95,
          loadRatioAfter: 1.02,
        },
        {
          staffId: 'c',
          teamId: 'T1',
          kind: 'reduction',
          id: 'r',
          change: 'ends',
          on: '2025-07-03',
          detail: '40% for training',
          loadRatioBefore: 1.4,
          loadRatioAfter: 0.84,
        },
        {
          staffId: 'd',
          teamId: 'T2',
          kind: 'period',
          id: '2025-07-04',
          change: 'starts',
          on: '2025-07-04',
          detail: '1.0 FTE in T2',
          loadRatioBefore: null,
          loadRatioAfter: 0,
        },
        {
          staffId: 'e',
          teamId: 'T1',
          kind: 'reduction',
          id: 't',
          change: 'starts',
          on: '2025-07-05',
          detail: '10% for training',
          loadRatioBefore: 1.19,
          loadRatioAfter: 1.32,
        },
      ],
      (id) => id.toUpperCase(),
    );
    expect(rows.map((r) => [r.what, r.kindLabel, r.before, r.after, r.alarm, r.relief])).toEqual([
      ['A: 100% for leave starts', 'Capacity reduction', '90%', 'no capacity', true, false],
      ['B: intake duty, 8 h a month starts', 'Workload item', '95%', '102%', true, false],
      ['C: 40% for training ends', 'Capacity reduction', '140%', '84%', false, true],
      ['D: 1.0 FTE in T2 starts', 'Employment', 'no capacity', '0%', false, true],
      // already over, and worse after: still an alarm
      ['E: 10% for training starts', 'Capacity reduction', '119%', '132%', true, false],
    ]);
  });
});

describe('calibration', () => {
  // tier 1: 2 client-months at 0.25 h; tier 4: 3 at 4/3 h; scale = 20 / 4.5
  const scale = 20 / 4.5;
  const c: Calibration = {
    from: '2025-06-01',
    to: '2025-07-31',
    settingsVersion: 3,
    monthEnds: ['2025-06-30', '2025-07-31'],
    tiers: [
      {
        tier: '1',
        clientMonths: 2,
        contacts: 2,
        contactsWithMinutes: 1,
        contactMinutes: 30,
        observedHours: 0.25,
        modelHours: 1,
        suggestedHours: 0.25 * scale,
      },
      {
        tier: '2',
        clientMonths: 0,
        contacts: 0,
        contactsWithMinutes: 0,
        contactMinutes: 0,
        observedHours: null,
        modelHours: 2,
        suggestedHours: null,
      },
      {
        tier: '3',
        clientMonths: 0,
        contacts: 0,
        contactsWithMinutes: 0,
        contactMinutes: 0,
        observedHours: null,
        modelHours: 3.5,
        suggestedHours: null,
      },
      {
        tier: '4',
        clientMonths: 3,
        contacts: 3,
        contactsWithMinutes: 3,
        contactMinutes: 240,
        observedHours: 4 / 3,
        modelHours: 6,
        suggestedHours: (4 / 3) * scale,
      },
      {
        tier: 'unassessed',
        clientMonths: 0,
        contacts: 0,
        contactsWithMinutes: 0,
        contactMinutes: 0,
        observedHours: null,
        modelHours: 2,
        suggestedHours: null,
      },
    ],
    scale,
    minutesCoverage: 0.8,
  };

  test.each([
    [1.111, 1.1],
    [1.125, 1.15],
    [5.926, 5.95],
    [0, 0],
  ])('round %s h to %s h', (h, want) => expect(roundHours(h)).toBe(want));

  test('rows, the settings link with the rounded suggestions, and the totals kept', () => {
    const rows = calibrationRows(c);
    // 0.25 × 4.444… = 1.111… → 1.1; 1.333… × 4.444… = 5.925… → 5.95
    expect(rows.map((r) => [r.label, r.coverage, r.suggestedSetting])).toEqual([
      ['Tier 1', 0.5, 1.1],
      ['Tier 2', null, null],
      ['Tier 3', null, null],
      ['Tier 4', 1, 5.95],
      ['Unassessed', null, null],
    ]);
    expect(settingsLink(rows)).toBe('/settings?tierHours.1=1.1&tierHours.4=5.95');
    const totals = calibrationTotals(rows);
    expect(totals.model).toBe(20);
    expect(totals.suggested).toBeCloseTo(20, 12);
  });
});

describe('members who need cover', () => {
  test('a fully reduced member counts in their team, with the clients they hold; zero-FTE holders and others do not', () => {
    const cover = teamCover([
      { staffId: 'a', teamId: 'T1', clients: 47, weightedHours: 100, capacityHours: 0, baseCapacityHours: 110 },
      { staffId: 'b', teamId: 'T1', clients: 40, weightedHours: 90, capacityHours: 110, baseCapacityHours: 110 },
      { staffId: 'c', teamId: 'T2', clients: 3, weightedHours: 6, capacityHours: 0, baseCapacityHours: 0 },
      { staffId: 'd', teamId: 'T1', clients: 2, weightedHours: 4, capacityHours: 0, baseCapacityHours: 55 },
    ]);
    expect([...cover.entries()]).toEqual([['T1', { members: 2, staffIds: ['a', 'd'], clients: 49, hours: 104 }]]);
  });
});
