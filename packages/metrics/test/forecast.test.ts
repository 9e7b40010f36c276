/**
 * Staffing forecast and what-if (metrics.md): hand-computed forecasts on tiny agencies
 * (a single state; no entries; a state with no clients; entries trending to the zero
 * floor), the backtest on a known history, scenarios, and the rows path.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  computeForecast,
  computeForecastFromRows,
  FORECAST_STATES,
  forecastMonthEnds,
  forecastSeriesFromRows,
  forecastSeriesFromTransitions,
  monthEndTransitions,
  otherHoursOn,
  Standard9Index,
  addDays,
  lastMonthEndOnOrBefore,
  mape,
  staffingNeed,
  olsAt,
  projectedEntries,
  projectStates,
  transitionMatrix,
  zeroStates,
  zeroTransitions,
  type ForecastSeries,
  type StateCounts,
  type TransitionCounts,
} from '../src/index.ts';
import { assess, assign, client, settingsWith, staff, tierAt } from './fixtures.ts';

const D = '2025-06-30';
const settings = settingsWith({ caseHoursPerFte: 100 });
const cap = { fte: 2, capacityHours: 200, baseCapacityHours: 200 };

const states = (o: Partial<StateCounts>): StateCounts => ({ ...zeroStates(), ...o });
const moves = (o: Partial<Record<string, Partial<Record<string, number>>>>): TransitionCounts => {
  const t = zeroTransitions();
  for (const [from, row] of Object.entries(o)) Object.assign(t[from as keyof TransitionCounts], row);
  return t;
};

/** A series for (D, H) whose every month end and pair are the same, with overrides by index. */
function series(
  h: number,
  o: {
    state: StateCounts;
    pair: TransitionCounts;
    entries: StateCounts;
    other?: number;
    states?: Record<number, StateCounts>;
    others?: Record<number, number>;
    entriesAt?: Record<number, StateCounts>;
    pairAt?: Record<number, TransitionCounts>;
  },
): ForecastSeries {
  const monthEnds = forecastMonthEnds(D, h);
  return {
    monthEnds,
    states: monthEnds.map((_, i) => o.states?.[i] ?? o.state),
    otherHours: monthEnds.map((_, i) => o.others?.[i] ?? o.other ?? 0),
    transitions: monthEnds.slice(1).map((_, i) => o.pairAt?.[i] ?? o.pair),
    entries: monthEnds.slice(1).map((_, i) => o.entriesAt?.[i] ?? o.entries),
  };
}

describe('month ends', () => {
  test.each([
    ['a month end is e₀ itself', '2025-06-30', '2025-06-30'],
    ['mid-month: the previous month end', '2025-06-15', '2025-05-31'],
    ['the first of a month', '2025-03-01', '2025-02-28'],
    ['across a year', '2025-01-10', '2024-12-31'],
  ])('%s', (_l, asOf, e0) => expect(lastMonthEndOnOrBefore(asOf)).toBe(e0));

  test('H + 13 month ends ending at e₀', () => {
    const m = forecastMonthEnds('2025-06-15', 2);
    expect(m).toHaveLength(15);
    // e₀ = 2025-05-31; 14 months before it
    expect(m[0]).toBe('2024-03-31');
    expect(m[1]).toBe('2024-04-30');
    expect(m[14]).toBe('2025-05-31');
  });

  test('a history under one month is refused', () => {
    expect(() => forecastMonthEnds(D, 0)).toThrow(/at least 1/);
  });
});

describe('transition matrix', () => {
  test('pooled over pairs: counts over row totals; a state with no clients stays put', () => {
    const p = transitionMatrix([moves({ '1': { '1': 3, '2': 1 } }), moves({ '1': { '1': 1, exit: 3 }, '2': { '2': 2 } })]);
    expect(p['1']).toEqual({ '1': 0.5, '2': 0.125, '3': 0, '4': 0, unassessed: 0, exit: 0.375 });
    expect(p['2']).toEqual({ '1': 0, '2': 1, '3': 0, '4': 0, unassessed: 0, exit: 0 });
    expect(p['3']).toEqual({ '1': 0, '2': 0, '3': 1, '4': 0, unassessed: 0, exit: 0 });
    expect(p.unassessed.unassessed).toBe(1);
  });

  test('property: every row of P sums to 1 and has no negative entry', () => {
    const row = fc.record({ '1': fc.nat(50), '2': fc.nat(50), '3': fc.nat(50), '4': fc.nat(50), unassessed: fc.nat(50), exit: fc.nat(50) });
    const pair = fc.record({ '1': row, '2': row, '3': row, '4': row, unassessed: row });
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 6 }), (pairs) => {
        const p = transitionMatrix(pairs);
        for (const from of FORECAST_STATES) {
          const values = Object.values(p[from]);
          expect(values.every((v) => v >= 0)).toBe(true);
          expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  test('property: with no entries the projected total never grows', () => {
    const row = fc.record({ '1': fc.nat(20), '2': fc.nat(20), '3': fc.nat(20), '4': fc.nat(20), unassessed: fc.nat(20), exit: fc.nat(20) });
    const v = fc.record({ '1': fc.nat(100), '2': fc.nat(100), '3': fc.nat(100), '4': fc.nat(100), unassessed: fc.nat(100) });
    fc.assert(
      fc.property(fc.record({ '1': row, '2': row, '3': row, '4': row, unassessed: row }), v, (pair, v0) => {
        const out = projectStates(v0, transitionMatrix([pair]), Array.from({ length: 12 }, zeroStates));
        let prev = FORECAST_STATES.reduce((a, s) => a + v0[s], 0);
        for (const x of out) {
          const total = FORECAST_STATES.reduce((a, s) => a + x[s], 0);
          expect(total).toBeLessThanOrEqual(prev + 1e-9);
          prev = total;
        }
      }),
    );
  });
});

describe('entries by least squares', () => {
  test.each([
    ['a flat history', [3, 3, 3], 5, 3],
    ['a rising line', [1, 2, 3], 4, 4],
    ['a noisy line: OLS of 2, 2, 3, 3 is y = 1.5 + 0.4x', [2, 2, 3, 3], 5, 3.5],
    ['one point: flat at it', [7], 9, 7],
    ['two points: the line through them', [2, 4], 3, 6],
  ])('%s', (_l, ys, at, want) => expect(olsAt(ys, at)).toBeCloseTo(want, 12));

  test('entries trending down reach the zero floor and stay there; intakeChange scales what is left', () => {
    // tier 1 entries 10, 8, 6, 4 on x = 1..4: y = 12 − 2x; at 5, 6, 7: 2, 0, −2 → 0
    const history = [10, 8, 6, 4].map((n) => states({ '1': n, '3': 1 }));
    const e = projectedEntries(history);
    expect(e.map((x) => x['1'])).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(e.every((x) => x['3'] === 1 && x['2'] === 0)).toBe(true);
    const more = projectedEntries(history, 0.5);
    expect(more[0]?.['1']).toBe(3);
    expect(more[0]?.['3']).toBe(1.5);
    expect(more[1]?.['1']).toBe(0);
  });
});

describe('computeForecast: hand-computed tiny agencies', () => {
  test('a single state: half stay each month, two enter: vⱼ = 4 + 6 × 0.5ʲ', () => {
    // 10 clients in tier 2; each pair: 5 stay, 5 exit, 2 enter
    const s = series(2, { state: states({ '2': 10 }), pair: moves({ '2': { '2': 5, exit: 5 } }), entries: states({ '2': 2 }) });
    const f = computeForecast({ asOf: D, historyMonths: 2, settings, series: s, capacity: cap });
    expect(f.monthEnd).toBe('2025-06-30');
    expect(f.historyMonths).toBe(2);
    expect(f.target).toBe(1);
    expect(f.fteAvailableNow).toBe(2);
    expect(f.months).toHaveLength(12);
    expect(f.months.map((m) => m.month)).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    f.months.forEach((m, i) => {
      const v = 4 + 6 * 0.5 ** (i + 1);
      expect(m.byState).toEqual(states({ '2': v }));
      expect(m.clients).toBe(v);
      // tier 2 = 2 h; 100 h per FTE, no reductions, target 1
      expect(m.hoursNeeded).toBeCloseTo(2 * v, 12);
      expect(m.fteNeeded).toBeCloseTo((2 * v) / 100, 12);
      expect(m.fteAvailable).toBe(2);
      expect(m.gap).toBeCloseTo((2 * v) / 100 - 2, 12);
    });
    expect(f.months[0]?.clients).toBe(7);
    expect(f.months[1]?.clients).toBe(5.5);
  });

  test('no entries: the caseload ages through P; a state with no clients stays put', () => {
    // tier 1: 8 clients: 4 stay, 2 move to tier 3, 2 exit; tier 3: 4 clients, all stay; tier 4 empty
    const s = series(1, {
      state: states({ '1': 8, '3': 4 }),
      pair: moves({ '1': { '1': 4, '3': 2, exit: 2 }, '3': { '3': 4 } }),
      entries: zeroStates(),
    });
    const f = computeForecast({ asOf: D, historyMonths: 1, settings, series: s, capacity: cap });
    // v1 = (8×0.5, 0, 4 + 8×0.25, 0, 0) = (4, 0, 6, 0, 0); v2 = (2, 0, 7, 0, 0); v3 = (1, 0, 7.5, 0, 0)
    expect(f.months[0]?.byState).toEqual(states({ '1': 4, '3': 6 }));
    expect(f.months[1]?.byState).toEqual(states({ '1': 2, '3': 7 }));
    expect(f.months[2]?.byState).toEqual(states({ '1': 1, '3': 7.5 }));
    // hours: tier 1 = 1 h, tier 3 = 3.5 h
    expect(f.months[0]?.hoursNeeded).toBe(4 + 21);
    expect(f.months[11]?.clients).toBeCloseTo(8 * 0.5 ** 12 + 4 + (8 * 0.25 * (1 - 0.5 ** 12)) / 0.5, 12);
  });

  test('other hours on e₀, reductions and the target enter the FTE needed; hires and departures the FTE available', () => {
    const s = series(1, {
      state: states({ '4': 10 }),
      pair: moves({ '4': { '4': 10 } }),
      entries: zeroStates(),
      other: 99,
      others: { 13: 20 },
    });
    // 20 % of capacity lost to reductions: r = 1 − 160 ÷ 200 = 0.2
    const capacity = { fte: 2, capacityHours: 160, baseCapacityHours: 200 };
    const f = computeForecast({
      asOf: D,
      historyMonths: 1,
      settings,
      series: s,
      capacity,
      scenario: {
        target: 0.8,
        hires: [{ month: 3, fte: 1 }],
        departures: [
          { month: 6, fte: 0.5 },
          { month: 6, fte: 0.25 },
        ],
      },
    });
    expect(f.target).toBe(0.8);
    // 10 × 6 h + 20 h of items on e₀ = 80 h ÷ (100 × 0.8 × 0.8) = 1.25 FTE
    expect(f.months[0]?.hoursNeeded).toBe(80);
    expect(f.months[0]?.fteNeeded).toBeCloseTo(1.25, 12);
    expect(f.months.map((m) => m.fteAvailable)).toEqual([2, 2, 3, 3, 3, 2.25, 2.25, 2.25, 2.25, 2.25, 2.25, 2.25]);
    expect(f.months[2]?.gap).toBeCloseTo(-1.75, 12);
    expect(f.fteAvailableNow).toBe(2);
  });

  test('scenario tier hours and intake change apply to the forecast, never to the backtest', () => {
    const s = series(1, { state: states({ '1': 10 }), pair: moves({ '1': { '1': 8, exit: 2 } }), entries: states({ '1': 2 }) });
    const plain = computeForecast({ asOf: D, historyMonths: 1, settings, series: s, capacity: cap });
    const what = computeForecast({
      asOf: D,
      historyMonths: 1,
      settings,
      series: s,
      capacity: cap,
      scenario: { intakeChange: 0.5, tierHours: { '1': 3, '2': 2, '3': 3.5, '4': 6, unassessed: 2 } },
    });
    expect(plain.months[0]?.clients).toBe(10);
    // 10 × 0.8 + 2 × 1.5 = 11 clients at 3 h
    expect(what.months[0]?.clients).toBe(11);
    expect(what.months[0]?.hoursNeeded).toBe(33);
    expect(what.backtest).toEqual(plain.backtest);
  });

  test('no base capacity on e₀: FTE needed and the gap are null, never 0', () => {
    const s = series(1, { state: states({ '1': 3 }), pair: moves({ '1': { '1': 3 } }), entries: zeroStates() });
    const none = computeForecast({
      asOf: D,
      historyMonths: 1,
      settings,
      series: s,
      capacity: { fte: 0, capacityHours: 0, baseCapacityHours: 0 },
    });
    expect(none.months[0]).toMatchObject({ hoursNeeded: 3, fteNeeded: null, fteAvailable: 0, gap: null });
    const allLost = computeForecast({
      asOf: D,
      historyMonths: 1,
      settings,
      series: s,
      capacity: { fte: 1, capacityHours: 0, baseCapacityHours: 100 },
    });
    expect(allLost.months[0]).toMatchObject({ fteNeeded: null, gap: null });
  });

  test('a series that does not hold the H + 13 month ends is refused', () => {
    const s = series(2, { state: states({}), pair: moves({}), entries: zeroStates() });
    expect(() => computeForecast({ asOf: D, historyMonths: 3, settings, series: s, capacity: cap })).toThrow(/16 month ends/);
  });
});

describe('backtest', () => {
  test('mean absolute percentage error; months with an actual 0 are left out; none left: null', () => {
    expect(mape([1, 2, 3], [0, 4, 2])).toBeCloseTo((0.5 + 0.5) / 2, 12);
    expect(mape([5], [0])).toBeNull();
    expect(mape([], [])).toBeNull();
  });

  test('on a known history: the forecast from e₋12 against the 12 month ends after it', () => {
    // H = 1: month ends 0..13, e₋12 = index 1, e₀ = index 13. The backtest reads pair 0:
    // tier 1: 10 clients, 8 stay, 2 exit, 2 enter → forecast 10 a month, hours 10 × 1 + 5
    const actual: Record<number, StateCounts> = {};
    const others: Record<number, number> = { 1: 5 };
    for (let i = 2; i <= 13; i++) {
      actual[i] = states({ '1': i <= 7 ? 10 : 8 });
      others[i] = 5;
    }
    const s = series(1, {
      state: states({ '1': 10 }),
      states: actual,
      others,
      pair: moves({ '1': { '1': 8, exit: 2 } }),
      entries: states({ '1': 2 }),
      // the forecast's own pair (12) is different and must not change the backtest
      pairAt: { 12: moves({ '1': { exit: 10 } }) },
    });
    const f = computeForecast({ asOf: D, historyMonths: 1, settings, series: s, capacity: cap });
    expect(f.backtest.from).toBe('2024-06-30');
    // six months exact, six at |10 − 8| ÷ 8 = 0.25
    expect(f.backtest.clientsMape).toBeCloseTo(0.125, 12);
    // hours: 15 against 15 (six) and 13 (six): 2 ÷ 13 each
    expect(f.backtest.hoursMape).toBeCloseTo((6 * (2 / 13)) / 12, 12);
    // the forecast itself reads pair 12: everyone exits, two enter each month
    expect(f.months[0]?.clients).toBe(2);
  });
});

describe('from the rows', () => {
  test('states, transitions, entries, other hours and capacity on e₀ from a tiny agency', () => {
    const f = computeForecastFromRows(
      {
        settings,
        staff: [staff('S1'), staff('S2', { active: false })],
        clients: [
          client('A', { enrolledOn: '2024-01-01' }),
          client('B', { enrolledOn: '2024-01-01', closedOn: '2025-06-15' }),
          client('C', { enrolledOn: '2025-06-10' }),
        ],
        assignments: [assign('A', 'S1'), assign('B', 'S1'), assign('C', 'S1', '2025-06-10')],
        assessments: [tierAt('A', 1, '2024-01-01'), tierAt('B', 3, '2024-01-01')],
        reductions: [
          { reductionId: 'R1', staffId: 'S1', reason: 'training', startOn: '2025-01-01', endOn: null, percent: 20, hoursPerMonth: null },
        ],
        items: [{ itemId: 'I1', staffId: 'S1', kind: 'intake', startOn: '2025-01-01', endOn: null, hoursPerMonth: 5 }],
      },
      { asOf: D, historyMonths: 1 },
    );
    // last pair: A 1→1, B 3→exit, C enters unassessed: unassessed had no clients → stays;
    // entries 1 a month: vⱼ = (1, 0, 0, 0, 1 + j)
    expect(f.months[0]?.byState).toEqual(states({ '1': 1, unassessed: 2 }));
    expect(f.months[11]?.byState).toEqual(states({ '1': 1, unassessed: 13 }));
    // hours 1 + 2(1 + j) + 5 h of items; r = 0.2; FTE needed = hours ÷ 80
    expect(f.months[0]?.hoursNeeded).toBe(10);
    expect(f.months[0]?.fteNeeded).toBeCloseTo(10 / 80, 12);
    expect(f.fteAvailableNow).toBe(1);
    expect(f.months[0]?.gap).toBeCloseTo(10 / 80 - 1, 12);
    // backtest from 2024-06-30: A in 1 and B in 3 both stay → 2 clients, 4.5 h a month.
    // Actual clients: 2 every month (A + B, then A + C). Actual hours: 4.5 (Jul–Dec),
    // 9.5 (Jan–May, items start), 8 (Jun: A 1 h + C 2 h + 5 h)
    expect(f.backtest.from).toBe('2024-06-30');
    expect(f.backtest.clientsMape).toBe(0);
    expect(f.backtest.hoursMape).toBeCloseTo((5 * (5 / 9.5) + 3.5 / 8) / 12, 12);
  });
});

describe('from stored month-end transitions', () => {
  test('property: the series from transitions equals the series from the rows, also when the build starts later', () => {
    const day0 = '2023-01-01';
    const at = (n: number) => addDays(day0, n);
    fc.assert(
      fc.property(
        fc.record({
          clients: fc.array(
            fc.record({
              program: fc.constantFrom('P1', 'P2'),
              enrolled: fc.integer({ min: 0, max: 900 }),
              stay: fc.option(fc.integer({ min: 1, max: 700 }), { nil: null }),
              assessments: fc.array(
                fc.record({
                  at: fc.integer({ min: -60, max: 900 }),
                  tier: fc.option(fc.constantFrom(1, 2, 3, 4), { nil: null }),
                  adl: fc.integer({ min: 0, max: 6 }),
                }),
                { maxLength: 3 },
              ),
            }),
            { maxLength: 25 },
          ),
          items: fc.array(
            fc.record({
              start: fc.integer({ min: 0, max: 900 }),
              length: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
              hours: fc.constantFrom(3, 8),
            }),
            { maxLength: 3 },
          ),
          h: fc.integer({ min: 1, max: 6 }),
          skip: fc.integer({ min: 0, max: 5 }),
        }),
        (g) => {
          const rows = {
            settings,
            staff: [staff('S1')],
            clients: g.clients.map((c, i) =>
              client(`C${i}`, {
                programId: c.program,
                enrolledOn: at(c.enrolled),
                closedOn: c.stay === null ? null : at(c.enrolled + c.stay),
              }),
            ),
            assignments: [],
            assessments: g.clients.flatMap((c, i) =>
              c.assessments.map((a, k) => assess(`A${i}-${k}`, `C${i}`, at(c.enrolled + a.at), { acuityTier: a.tier, adlDeficits: a.adl })),
            ),
            items: g.items.map((it, i) => ({
              itemId: `I${i}`,
              staffId: 'S1',
              kind: 'court' as const,
              startOn: at(it.start),
              endOn: it.length === null ? null : at(it.start + it.length),
              hoursPerMonth: it.hours,
            })),
          };
          const monthEnds = forecastMonthEnds('2025-08-20', g.h);
          const want = forecastSeriesFromRows(rows, monthEnds);
          // a build may start after the first month end asked for when no client was active before it
          const firstActive = want.states.findIndex((v) => FORECAST_STATES.some((t) => v[t] > 0));
          const from = firstActive < 0 ? monthEnds.length : Math.min(firstActive, g.skip);
          const cells = monthEndTransitions(rows, monthEnds.slice(from));
          const index = new Standard9Index({ ...rows, clients: [], assessments: [] });
          expect(forecastSeriesFromTransitions(cells, monthEnds, otherHoursOn(index, monthEnds))).toEqual(want);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('cells are by program, with entries and exits', () => {
    const rows = {
      settings,
      staff: [],
      clients: [
        client('A', { programId: 'P1', enrolledOn: '2025-05-10' }),
        client('B', { programId: 'P2', enrolledOn: '2025-01-01', closedOn: '2025-06-01' }),
      ],
      assignments: [],
      assessments: [tierAt('B', 4, '2025-01-01')],
    };
    const cells = monthEndTransitions(rows, ['2025-05-31', '2025-06-30']);
    expect(cells).toEqual([
      { monthEnd: '2025-05-31', programId: 'P2', from: '4', to: '4', clients: 1 },
      { monthEnd: '2025-05-31', programId: 'P1', from: 'entry', to: 'unassessed', clients: 1 },
      { monthEnd: '2025-06-30', programId: 'P1', from: 'unassessed', to: 'unassessed', clients: 1 },
      { monthEnd: '2025-06-30', programId: 'P2', from: '4', to: 'exit', clients: 1 },
    ]);
  });
});

describe('staffing need for the board', () => {
  const base = (gaps: Array<number | null>, hoursMape: number | null = 0.021) => {
    const s = series(1, { state: states({ '1': 1 }), pair: moves({ '1': { '1': 1 } }), entries: zeroStates() });
    const f = computeForecast({ asOf: D, historyMonths: 1, settings, series: s, capacity: cap });
    return {
      ...f,
      months: f.months.map((m, i) => ({
        ...m,
        fteNeeded: gaps[i] === null ? null : 10 + (gaps[i] as number),
        fteAvailable: 10,
        gap: gaps[i] ?? null,
      })),
      backtest: { ...f.backtest, hoursMape },
    };
  };

  test('the gap at each quarter’s last projected month; the sentence names the largest shortfall and the track record', () => {
    // months Jul 2025 … Jun 2026: quarters 2025-Q3 (Sep), Q4 (Dec), 2026-Q1 (Mar), Q2 (Jun)
    const gaps = [0.1, 0.2, 0.5, 1, 4.2, 2, 1, 1, 1.5, 2, 3, 3.5];
    const need = staffingNeed(base(gaps), 'Plan A');
    expect(need.quarters.map((q) => [q.quarter, q.month, q.gap])).toEqual([
      ['2025-Q3', '2025-09', 0.5],
      ['2025-Q4', '2025-12', 2],
      ['2026-Q1', '2026-03', 1.5],
      ['2026-Q2', '2026-06', 3.5],
    ]);
    expect(need.sentence).toBe(
      'To keep caseloads at 100 % of capacity the agency needs 4.2 more case managers by November 2025; last year the same forecast was within 2.1 % of what happened.',
    );
  });

  test('no shortfall, no capacity, no track record', () => {
    expect(staffingNeed(base(Array(12).fill(-1), null), 'x').sentence).toBe(
      'The agency has the case managers it needs to keep caseloads at 100 % of capacity through June 2026; there is no record yet of how the same forecast did a year ago.',
    );
    expect(staffingNeed(base(Array(12).fill(null)), 'x').sentence).toMatch(/^The agency has no caseload capacity/);
  });
});
