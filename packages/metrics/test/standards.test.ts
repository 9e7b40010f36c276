/**
 * Caseload standards (metrics.md "Caseload standards: ratio rules and plans of
 * correction"): hand-computed periods at every edge of the four kinds.
 */
import { describe, expect, test } from 'vitest';
import {
  computeStandards,
  inStandardScope,
  periodOf,
  reportedPeriods,
  STANDARDS_PRESETS,
  standardsFirstDay,
  planCounts,
  rulesNeedingPlan,
  missedRunningSentences,
  type CaseloadStandard,
  type StaffPeriodRow,
  type StandardsInput,
} from '../src/index.ts';
import { assign, client, settingsWith, staff } from './fixtures.ts';

// one hour per client at every tier, so a load ratio is clients ÷ (fte × caseHoursPerFte)
const flat = { '1': 1, '2': 1, '3': 1, '4': 1, unassessed: 1 };
const settings = settingsWith({ caseHoursPerFte: 10, tierHours: flat });

const rule = (o: Partial<CaseloadStandard> & Pick<CaseloadStandard, 'kind' | 'limit'>): CaseloadStandard => ({
  id: 'R',
  label: 'rule',
  period: 'month',
  programs: [],
  ...o,
});

function run(rules: CaseloadStandard[], rows: Partial<StandardsInput>, from: string, to: string) {
  return computeStandards({
    settings,
    staff: [],
    clients: [],
    assignments: [],
    assessments: [],
    teams: [],
    ...rows,
    rules,
    from,
    to,
  });
}

/** n clients C<prefix>1..n of `programId`, held by staffId from startOn. */
function held(
  prefix: string,
  n: number,
  staffId: string,
  o: { programId?: string; startOn?: string; endOn?: string | null; birthYear?: number | null } = {},
) {
  const clients = [];
  const assignments = [];
  for (let i = 1; i <= n; i++) {
    const id = `${prefix}${i}`;
    clients.push(client(id, { programId: o.programId ?? 'P1', enrolledOn: '2023-01-01', birthYear: o.birthYear ?? null }));
    assignments.push(assign(id, staffId, o.startOn ?? '2023-01-01', o.endOn ?? null));
  }
  return { clients, assignments };
}

function merge(...parts: Array<{ clients: ReturnType<typeof client>[]; assignments: ReturnType<typeof assign>[] }>) {
  return { clients: parts.flatMap((p) => p.clients), assignments: parts.flatMap((p) => p.assignments) };
}

describe('periods', () => {
  test('calendar months and quarters, with leap February', () => {
    expect(periodOf('2024-02-10', 'month')).toEqual({ key: '2024-02', start: '2024-02-01', last: '2024-02-29' });
    expect(periodOf('2025-12-31', 'month')).toEqual({ key: '2025-12', start: '2025-12-01', last: '2025-12-31' });
    expect(periodOf('2025-05-01', 'quarter')).toEqual({ key: '2025-Q2', start: '2025-04-01', last: '2025-06-30' });
    expect(periodOf('2025-12-31', 'quarter')).toEqual({ key: '2025-Q4', start: '2025-10-01', last: '2025-12-31' });
  });

  test('every period ending inside [from, to] and the partial one holding to', () => {
    expect(reportedPeriods('2025-01-15', '2025-04-10', 'month').map((p) => [p.key, p.end])).toEqual([
      ['2025-01', '2025-01-31'],
      ['2025-02', '2025-02-28'],
      ['2025-03', '2025-03-31'],
      ['2025-04', '2025-04-10'],
    ]);
    // to on a period's last day: that period is whole, nothing partial follows
    expect(reportedPeriods('2025-01-01', '2025-06-30', 'quarter').map((p) => [p.key, p.end])).toEqual([
      ['2025-Q1', '2025-03-31'],
      ['2025-Q2', '2025-06-30'],
    ]);
    // a period ending the day before from is not reported
    expect(reportedPeriods('2025-04-01', '2025-04-01', 'quarter').map((p) => [p.key, p.end])).toEqual([['2025-Q2', '2025-04-01']]);
  });
});

describe('scope', () => {
  const under6 = { programs: [], ageMax: 5 };
  test('age on E is year(E) − birth year; no birth year is outside an age-bounded scope', () => {
    expect(inStandardScope(under6, 'P1', 2020, '2025-12-31')).toBe(true); // 5
    expect(inStandardScope(under6, 'P1', 2019, '2025-01-01')).toBe(false); // 6
    expect(inStandardScope(under6, 'P1', null, '2025-01-01')).toBe(false);
    expect(inStandardScope({ programs: [] }, 'P1', null, '2025-01-01')).toBe(true);
    expect(inStandardScope({ programs: ['P2'] }, 'P1', 2020, '2025-01-01')).toBe(false);
    expect(inStandardScope({ programs: [], ageMin: 6 }, 'P1', 2019, '2025-06-30')).toBe(true);
  });
});

describe('average_ratio', () => {
  // S1 (1.0 FTE) holds 3 P1 and 1 P2 clients; S2 (0.5 FTE) holds 2 P1; X (not caseload staff) holds 1 P1.
  // In scope P1: clients 3 + 2 = 5 (X's is not held by caseload staff);
  // FTE 1.0 × 3/4 + 0.5 × 2/2 = 1.25; value 5 ÷ 1.25 = 4.
  const rows = {
    staff: [staff('S1'), staff('S2', { caseloadFte: 0.5 }), staff('X', { active: false })],
    ...merge(held('A', 3, 'S1'), held('B', 1, 'S1', { programId: 'P2' }), held('C', 2, 'S2'), held('D', 1, 'X')),
  };

  test('an average exactly at the limit is not a miss; above it is', () => {
    const at = run([rule({ kind: 'average_ratio', limit: 4, programs: ['P1'] })], rows, '2025-03-01', '2025-03-31');
    expect(at.standards[0]?.periods).toEqual([
      { period: '2025-03', end: '2025-03-31', value: 4, clients: 5, missed: false, consecutiveMisses: 0, correctionDue: false, over: [] },
    ]);
    const under = run([rule({ kind: 'average_ratio', limit: 3.99, programs: ['P1'] })], rows, '2025-03-01', '2025-03-31');
    expect(under.standards[0]?.periods[0]?.missed).toBe(true);
  });

  test('all programs: 6 clients ÷ 1.5 FTE = 4', () => {
    const r = run([rule({ kind: 'average_ratio', limit: 62 })], rows, '2025-03-01', '2025-03-31');
    expect(r.standards[0]?.periods[0]?.value).toBe(4);
  });

  test('an age bound counts only clients with a birth year in it, on E', () => {
    // S1 holds 2 born 2020 (5 in 2025, 6 in 2026) and 2 born 2019 and 1 without a birth year; E in 2025
    const r = {
      staff: [staff('S1')],
      ...merge(held('Y', 2, 'S1', { birthYear: 2020 }), held('O', 2, 'S1', { birthYear: 2019 }), held('N', 1, 'S1')),
    };
    // under 6 on 2025-12-31: 2 clients, FTE share 1 × 2/5 = 0.4 → 5
    const y = run([rule({ kind: 'average_ratio', limit: 40, ageMax: 5 })], r, '2025-12-01', '2026-01-31');
    expect(y.standards[0]?.periods.map((p) => [p.period, p.value])).toEqual([
      ['2025-12', 5],
      // on 2026-01-31 nobody is under 6: no denominator, so no value and no miss
      ['2026-01', null],
    ]);
    expect(y.standards[0]?.periods[1]?.missed).toBe(false);
  });
});

describe('individual_max', () => {
  // S1 holds 2 clients all along; a third client makes 3 > limit 2 on the days it is held
  const base = { staff: [staff('S1')], ...held('A', 2, 'S1') };
  const withThird = (startOn: string, endOn: string | null) => {
    const third = held('Z', 1, 'S1', { startOn, endOn });
    return { ...base, clients: [...base.clients, ...third.clients], assignments: [...base.assignments, ...third.assignments] };
  };
  const cap = (maxDays: number, o: Partial<CaseloadStandard> = {}) => [rule({ kind: 'individual_max', limit: 2, maxDays, ...o })];

  test('a run of exactly maxDays is not a miss; one day more is', () => {
    // held 2025-03-20 .. 2025-03-29 (end exclusive 03-30): 10 days
    const ten = run(cap(10), withThird('2025-03-20', '2025-03-30'), '2025-03-01', '2025-03-31');
    expect(ten.standards[0]?.periods[0]).toMatchObject({ value: 10, missed: false, over: [] });
    const eleven = run(cap(10), withThird('2025-03-20', '2025-03-31'), '2025-03-01', '2025-03-31');
    expect(eleven.standards[0]?.periods[0]).toMatchObject({ value: 11, missed: true, over: [{ staffId: 'S1', value: 11 }] });
  });

  test('exactly the limit of clients is not over', () => {
    const r = run([rule({ kind: 'individual_max', limit: 3, maxDays: 0 })], withThird('2025-03-01', null), '2025-03-01', '2025-03-31');
    expect(r.standards[0]?.periods[0]).toMatchObject({ value: 0, missed: false });
  });

  test('a run starting before the period counts back to its start', () => {
    // over 2025-02-25 .. 2025-03-04: February sees 4 days (25–28), March sees 4 + 4 = 8
    const r = run(cap(5), withThird('2025-02-25', '2025-03-05'), '2025-02-01', '2025-03-31');
    expect(r.standards[0]?.periods.map((p) => [p.period, p.value, p.missed])).toEqual([
      ['2025-02', 4, false],
      ['2025-03', 8, true],
    ]);
  });

  test('a run is counted back at most 365 days before the period’s first day', () => {
    // over since 2023: for March 2025, 2024-03-01 .. 2025-03-31 = 365 + 31 days
    const r = run(cap(60), withThird('2023-06-01', null), '2025-03-01', '2025-03-31');
    expect(r.standards[0]?.periods[0]).toMatchObject({ value: 396, missed: true });
  });

  test('only in-scope clients count', () => {
    const third = held('Z', 1, 'S1', { startOn: '2025-03-01', programId: 'P2' });
    const rows = { ...base, clients: [...base.clients, ...third.clients], assignments: [...base.assignments, ...third.assignments] };
    expect(run(cap(0, { programs: ['P1'] }), rows, '2025-03-01', '2025-03-31').standards[0]?.periods[0]?.value).toBe(0);
    expect(run(cap(0), rows, '2025-03-01', '2025-03-31').standards[0]?.periods[0]?.value).toBe(31);
  });

  test('consecutive misses and a plan of correction due at the second', () => {
    // over 2025-01-10 .. 2025-03-04: January 22 days, February 22 + 28 = 50, March 54, April 0
    const r = run(cap(5), withThird('2025-01-10', '2025-03-05'), '2025-01-01', '2025-04-30');
    expect(r.standards[0]?.periods.map((p) => [p.period, p.value, p.consecutiveMisses, p.correctionDue])).toEqual([
      ['2025-01', 22, 1, false],
      ['2025-02', 50, 2, true],
      ['2025-03', 54, 3, true],
      ['2025-04', 0, 0, false],
    ]);
    // correctionAfter 3: due only from the third miss
    const r3 = run(cap(5, { correctionAfter: 3 }), withThird('2025-01-10', '2025-03-05'), '2025-01-01', '2025-04-30');
    expect(r3.standards[0]?.periods.map((p) => p.correctionDue)).toEqual([false, false, true, false]);
  });
});

describe('load_ratio', () => {
  // capacity 1.0 FTE × 10 h = 10 h; one hour per client
  test('a load ratio exactly at the limit is a miss', () => {
    const rows = { staff: [staff('S1')], ...held('A', 10, 'S1') };
    const at = run([rule({ kind: 'load_ratio', limit: 1 })], rows, '2025-03-01', '2025-03-31');
    expect(at.standards[0]?.periods[0]).toMatchObject({ value: 1, missed: true });
    const below = run([rule({ kind: 'load_ratio', limit: 1.05 })], rows, '2025-03-01', '2025-03-31');
    expect(below.standards[0]?.periods[0]).toMatchObject({ value: 1, missed: false });
  });

  test('a team’s load ratio when the rule names one', () => {
    // T1: 10 clients on 10 h (1.0); T2: 6 clients on 10 h (0.6); agency 16 ÷ 20 = 0.8
    const rows = {
      staff: [staff('S1'), staff('S2', { teamId: 'T2' })],
      ...merge(held('A', 10, 'S1'), held('B', 6, 'S2')),
    };
    const r = run(
      [rule({ kind: 'load_ratio', limit: 0.9 }), rule({ id: 'T2', kind: 'load_ratio', limit: 0.6, teamId: 'T2' })],
      rows,
      '2025-03-01',
      '2025-03-31',
    );
    expect(r.standards.map((s) => [s.id, s.periods[0]?.value, s.periods[0]?.missed])).toEqual([
      ['R', 0.8, false],
      ['T2', 0.6, true],
    ]);
  });

  test('consecutive misses look back at most 12 periods, before from as well', () => {
    // over the limit every month since 2023
    const rows = { staff: [staff('S1')], ...held('A', 12, 'S1') };
    const r = run([rule({ kind: 'load_ratio', limit: 1 })], rows, '2025-01-01', '2025-02-28');
    expect(r.standards[0]?.periods.map((p) => [p.period, p.consecutiveMisses, p.correctionDue])).toEqual([
      ['2025-01', 12, true],
      ['2025-02', 12, true],
    ]);
  });

  test('capacity on E: a reduction in force on E lowers it', () => {
    const rows = {
      staff: [staff('S1')],
      ...held('A', 8, 'S1'),
      reductions: [
        {
          reductionId: 'R1',
          staffId: 'S1',
          reason: 'training' as const,
          startOn: '2025-03-15',
          endOn: '2025-04-15',
          percent: 20,
          hoursPerMonth: null,
        },
      ],
    };
    // March 31: 8 ÷ (10 × 0.8) = 1 → missed at limit 1; April 30: 8 ÷ 10 = 0.8
    const r = run([rule({ kind: 'load_ratio', limit: 1 })], rows, '2025-03-01', '2025-04-30');
    expect(r.standards[0]?.periods.map((p) => [p.period, p.value, p.missed])).toEqual([
      ['2025-03', 1, true],
      ['2025-04', 0.8, false],
    ]);
  });
});

describe('supervisor_span', () => {
  const period = (staffId: string, startOn: string, teamId: string): StaffPeriodRow => ({
    staffId,
    startOn,
    endOn: null,
    caseloadFte: 1,
    teamId,
  });
  // T1 (supervisor SUP, who carries 0.2 FTE) has A, B, C; D joins T1 on 2025-02-15. T2 has no supervisor.
  const rows = {
    staff: [
      staff('SUP', { caseloadFte: 0.2 }),
      staff('A'),
      staff('B'),
      staff('C'),
      staff('D'),
      staff('E', { teamId: 'T2' }),
      staff('F', { teamId: 'T2' }),
      staff('G', { teamId: 'T2' }),
      staff('H', { teamId: 'T2' }),
    ],
    periods: [period('D', '2025-02-15', 'T1')],
    teams: [
      { teamId: 'T1', supervisorStaffId: 'SUP' },
      { teamId: 'T2', supervisorStaffId: null },
    ],
  };

  test('count of caseload staff other than the supervisor; exactly the limit is not a miss', () => {
    const r = run([rule({ kind: 'supervisor_span', limit: 3 })], rows, '2025-01-01', '2025-02-28');
    expect(r.standards[0]?.periods.map((p) => [p.period, p.value, p.missed, p.over])).toEqual([
      ['2025-01', 3, false, []],
      ['2025-02', 4, true, [{ teamId: 'T1', value: 4 }]],
    ]);
  });
});

describe('presets', () => {
  test('California: quarterly, plan after 2, individual 79 for more than 60 days', () => {
    const ca = STANDARDS_PRESETS.find((p) => p.id === 'ca-regional-center');
    expect(
      ca?.rules.map((r) => [r.kind, r.limit, r.period, r.ageMin ?? null, r.ageMax ?? null, r.maxDays ?? null, r.correctionAfter]),
    ).toEqual([
      ['average_ratio', 62, 'quarter', null, null, null, 2],
      ['average_ratio', 40, 'quarter', null, 5, null, 2],
      ['average_ratio', 66, 'quarter', 6, null, null, 2],
      ['individual_max', 79, 'quarter', null, null, 60, 2],
    ]);
    expect(STANDARDS_PRESETS.map((p) => p.rules.map((r) => `${r.kind}:${r.limit}:${r.period}`))).toEqual([
      expect.any(Array),
      ['average_ratio:64:month', 'supervisor_span:8:month'],
      ['load_ratio:1.05:month'],
    ]);
  });
});

describe('data needed', () => {
  test('11 periods before the first reported one, and 365 days more for individual runs', () => {
    expect(standardsFirstDay([{ kind: 'load_ratio', period: 'month' }], '2025-03-10', '2025-04-30')).toBe('2024-04-01');
    expect(standardsFirstDay([{ kind: 'average_ratio', period: 'quarter' }], '2025-01-01', '2025-03-31')).toBe('2022-04-01');
    // 2024-04-01 − 365 days (2024 is a leap year: 2023-04-02)
    expect(standardsFirstDay([{ kind: 'individual_max', period: 'month' }], '2025-03-10', '2025-04-30')).toBe('2023-04-02');
    expect(standardsFirstDay([], '2025-03-10', '2025-04-30')).toBe('2025-03-10');
  });
});

describe('plans of correction', () => {
  const plan = (ruleId: string, period: string, status: 'open' | 'closed', dueOn: string) => ({ ruleId, period, status, dueOn });

  test('open, due within 30 days, overdue (past the due date); closed plans count nowhere', () => {
    const today = '2025-06-10';
    expect(
      planCounts(
        [
          plan('a', '2025-05', 'open', '2025-06-09'), // overdue
          plan('a', '2025-04', 'open', '2025-06-10'), // due today: due soon, not overdue
          plan('b', '2025-05', 'open', '2025-07-10'), // today + 30: due soon
          plan('c', '2025-05', 'open', '2025-07-11'), // today + 31: open only
          plan('d', '2025-05', 'closed', '2025-01-01'),
        ],
        today,
      ),
    ).toEqual({ open: 4, dueSoon: 2, overdue: 1 });
    expect(planCounts([], today)).toEqual({ open: 0, dueSoon: 0, overdue: 0 });
  });

  const report = {
    standards: [
      {
        id: 'r1',
        label: 'Average 1:62',
        kind: 'average_ratio' as const,
        limit: 62,
        periods: [
          {
            period: '2025-Q1',
            end: '2025-03-31',
            value: 60,
            clients: 600,
            missed: false,
            consecutiveMisses: 0,
            correctionDue: false,
            over: [],
          },
          {
            period: '2025-Q2',
            end: '2025-06-30',
            value: 63,
            clients: 630,
            missed: true,
            consecutiveMisses: 1,
            correctionDue: false,
            over: [],
          },
          {
            period: '2025-Q3',
            end: '2025-09-30',
            value: 64,
            clients: 640,
            missed: true,
            consecutiveMisses: 2,
            correctionDue: true,
            over: [],
          },
        ],
      },
      {
        id: 'r2',
        label: 'Span 8',
        kind: 'supervisor_span' as const,
        limit: 8,
        periods: [
          {
            period: '2025-09',
            end: '2025-09-30',
            value: 9,
            clients: null,
            missed: true,
            consecutiveMisses: 1,
            correctionDue: false,
            over: [],
          },
        ],
      },
    ],
  };

  test('a rule due a plan needs one unless a plan names a period of the current run', () => {
    expect(rulesNeedingPlan(report, [])).toEqual([{ ruleId: 'r1', period: '2025-Q3', consecutiveMisses: 2 }]);
    expect(rulesNeedingPlan(report, [plan('r1', '2025-Q2', 'open', '2025-12-31')])).toEqual([]);
    // a plan for an earlier run does not cover this one
    expect(rulesNeedingPlan(report, [plan('r1', '2024-Q3', 'closed', '2024-12-31')])).toHaveLength(1);
  });

  test('the sentence when a rule was missed two periods running', () => {
    expect(missedRunningSentences(report, [{ id: 'r1', period: 'quarter' }])).toEqual([
      '“Average 1:62” was missed for 2 quarters in a row (2025-Q2 to 2025-Q3).',
    ]);
    const capped = { standards: [{ ...report.standards[0]!, periods: [{ ...report.standards[0]!.periods[2]!, consecutiveMisses: 12 }] }] };
    expect(missedRunningSentences(capped, [{ id: 'r1', period: 'quarter' }])).toEqual([
      '“Average 1:62” was missed for at least 12 quarters in a row (up to 2025-Q3).',
    ]);
  });
});
