/**
 * The trend assembled from month-end figures equals the trend computed from the rows
 * (computeCaseloadTrend), on hand-made cases and on random agencies: staff who are
 * inactive, part-time or without capacity, holders missing from the staff table,
 * overlapping assignments, unassigned clients, assessments on the same day, every
 * contact mode, several programs, and every kind of team and program filter.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addDays,
  computeCaseloadTrend,
  defaultSettings,
  monthEndFigures,
  monthlyAsOfDates,
  trendFromFigures,
  type CaseloadTrend,
  type ContactMode,
  type Settings,
  type Standard9Rows,
} from '../src/index.ts';
import { assess, assign, client, contact, settingsWith, staff, tierAt } from './fixtures.ts';

type Rows = Omit<Standard9Rows, 'settings'>;

function both(
  rows: Rows,
  o: { from: string; to: string; settings?: Settings; teamIds?: string[] | null; programIds?: string[] | null; allTeamIds?: string[] },
) {
  const settings = o.settings ?? defaultSettings;
  const programs = o.programIds ? new Set(o.programIds) : null;
  // the database selects only the programs' clients (and their rows) for the engine
  const keep = (id: string) => programs === null || rows.clients.some((c) => c.clientId === id && programs.has(c.programId));
  const engineRows = {
    staff: rows.staff,
    clients: rows.clients.filter((c) => keep(c.clientId)),
    assignments: rows.assignments.filter((a) => keep(a.clientId)),
    assessments: rows.assessments.filter((a) => keep(a.clientId)),
    contacts: (rows.contacts ?? []).filter((c) => keep(c.clientId)),
    periods: rows.periods,
    reductions: rows.reductions,
    items: rows.items,
  };
  const live = computeCaseloadTrend({
    ...engineRows,
    settings,
    from: o.from,
    to: o.to,
    settingsVersion: 3,
    teamIds: o.teamIds,
    allTeamIds: o.allTeamIds,
  });
  const monthEnds = monthlyAsOfDates(o.from, o.to).map((m) => m.asOf);
  const figures = monthEndFigures({ ...rows, settings }, monthEnds);
  const kept = trendFromFigures({
    from: o.from,
    to: o.to,
    settings,
    settingsVersion: 3,
    staff: rows.staff,
    periods: rows.periods,
    reductions: rows.reductions,
    items: rows.items,
    allTeamIds: o.allTeamIds,
    teamIds: o.teamIds,
    programIds: o.programIds,
    figures,
    covered: { first: monthEnds[0] as string, last: monthEnds[monthEnds.length - 1] as string },
  });
  return { live, kept, figures };
}

/** Equal, numbers to 1e-12 relative (sums over programs may round differently in the last bits). */
function expectSameTrend(kept: CaseloadTrend, live: CaseloadTrend, exact: boolean) {
  if (exact) {
    expect(kept).toEqual(live);
    return;
  }
  const close = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      expect(Math.abs(a - b), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    } else if (a && b && typeof a === 'object' && typeof b === 'object') {
      expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
      for (const k of Object.keys(b)) close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    } else expect(a, path).toEqual(b);
  };
  close(kept, live, 'trend');
}

describe('month-end figures', () => {
  const rows: Rows = {
    staff: [staff('s1', { teamId: 'T1' }), staff('s2', { teamId: 'T2', caseloadFte: 0.5 }), staff('gone', { teamId: 'T1', active: false })],
    clients: [
      client('c1', { enrolledOn: '2024-01-01', programId: 'P1' }),
      client('c2', { enrolledOn: '2025-02-15', programId: 'P2' }),
      client('c3', { enrolledOn: '2024-06-01', closedOn: '2025-02-01', programId: 'P1' }),
      client('c4', { enrolledOn: '2024-06-01', programId: 'P2' }),
    ],
    assignments: [
      assign('c1', 's1'),
      assign('c2', 's2', '2025-02-15'),
      assign('c3', 'gone'),
      assign('c4', 's1', '2024-06-01', '2025-02-10'),
    ],
    assessments: [tierAt('c1', 3, '2024-12-01'), tierAt('c4', 4, '2024-07-01')],
    contacts: [contact('c1', '2025-01-05', 'home_visit'), contact('c1', '2025-03-01', 'phone'), contact('c4', '2025-01-20', 'collateral')],
  };

  test('cells per (month end, program, holder): unassigned and uncovered clients are kept too', () => {
    const { figures } = both(rows, { from: '2025-01-01', to: '2025-03-31' });
    const jan = figures.filter((f) => f.monthEnd === '2025-01-31').map((f) => [f.programId, f.staffId, f.clients, f.weightedHours]);
    // Jan 31: c1 (P1, s1, tier 3 → 3.5 h), c3 (P1, held by inactive 'gone', unassessed → 2 h), c4 (P2, s1, tier 4 → 6 h)
    expect(jan).toEqual([
      ['P1', 's1', 1, 3.5],
      ['P1', 'gone', 1, 2],
      ['P2', 's1', 1, 6],
    ]);
    // Feb 28: c3 closed Feb 1; c4's assignment ended Feb 10 → unassigned; c2 enrolled Feb 15 with s2
    const feb = figures.filter((f) => f.monthEnd === '2025-02-28').map((f) => [f.programId, f.staffId, f.clients]);
    expect(feb).toEqual([
      ['P1', 's1', 1],
      ['P2', 's2', 1],
      ['P2', null, 1],
    ]);
  });

  test.each([
    ['no filter', {}],
    ['a team', { teamIds: ['T1'] }],
    ['no team at all', { teamIds: [] }],
    ['a program', { programIds: ['P2'] }],
    ['no program', { programIds: [] }],
    ['a team with no caseload staff listed from the agency', { allTeamIds: ['T1', 'T2', 'T9'] }],
  ])('the same trend as the engine: %s', (_name, filter) => {
    const { live, kept } = both(rows, { from: '2024-11-01', to: '2025-04-30', ...filter });
    expect(live.months.length).toBe(6);
    expectSameTrend(kept, live, true);
  });

  test('a point that is not a month end, or outside the computed months, is refused (never zeros)', () => {
    const figures = monthEndFigures({ ...rows, settings: defaultSettings }, ['2025-01-31']);
    const base = {
      settings: defaultSettings,
      settingsVersion: 1,
      staff: rows.staff,
      figures,
      covered: { first: '2025-01-31', last: '2025-01-31' },
    };
    expect(() => trendFromFigures({ ...base, from: '2025-01-01', to: '2025-01-20' })).toThrow(RangeError);
    expect(() => trendFromFigures({ ...base, from: '2025-01-01', to: '2025-02-28' })).toThrow(/no month-end figures for 2025-02-28/);
    expect(trendFromFigures({ ...base, from: '2025-01-01', to: '2025-01-31' }).months).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- random agencies

const MODES: ContactMode[] = ['home_visit', 'office_visit', 'phone', 'video', 'collateral'];
const DAY0 = '2023-01-01';
const day = (n: number) => addDays(DAY0, n);

const agency = fc
  .record({
    staff: fc.array(
      fc.record({
        team: fc.constantFrom('T1', 'T2', null),
        fte: fc.constantFrom(1, 0.5, 0),
        active: fc.integer({ min: 0, max: 99 }).map((n) => n < 85),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    clients: fc.array(
      fc.record({
        program: fc.constantFrom('P1', 'P2', 'P3'),
        enrolled: fc.integer({ min: 0, max: 900 }),
        stay: fc.option(fc.integer({ min: 1, max: 700 }), { nil: null }),
        spans: fc.array(
          fc.record({
            staff: fc.integer({ min: 0, max: 7 }),
            start: fc.integer({ min: -30, max: 800 }),
            length: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
          }),
          { maxLength: 3 },
        ),
        assessments: fc.array(
          fc.record({
            at: fc.integer({ min: -60, max: 900 }),
            tier: fc.option(fc.constantFrom(1, 2, 3, 4), { nil: null }),
            adl: fc.integer({ min: 0, max: 6 }),
            aps: fc.boolean(),
          }),
          { maxLength: 3 },
        ),
        contacts: fc.array(fc.record({ at: fc.integer({ min: -400, max: 950 }), mode: fc.constantFrom(...MODES) }), { maxLength: 8 }),
      }),
      { maxLength: 25 },
    ),
    from: fc.integer({ min: 0, max: 24 }),
    months: fc.integer({ min: 1, max: 14 }),
    teamIds: fc.constantFrom<string[] | null>(null, ['T1'], ['T2', 'T1'], []),
    programIds: fc.constantFrom<string[] | null>(null, ['P1'], ['P2', 'P3'], []),
    oddHours: fc.boolean(),
    // capacity over time: periods (a transfer, a gap), reductions and items on some members
    periods: fc.array(
      fc.record({
        staff: fc.integer({ min: 0, max: 5 }),
        start: fc.integer({ min: 0, max: 600 }),
        length: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
        fte: fc.constantFrom(1, 0.5, 0),
        team: fc.constantFrom('T1', 'T2', null),
      }),
      { maxLength: 4 },
    ),
    reductions: fc.array(
      fc.record({
        staff: fc.integer({ min: 0, max: 5 }),
        start: fc.integer({ min: 0, max: 900 }),
        length: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
        percent: fc.option(fc.constantFrom(20, 50, 100), { nil: null }),
        hours: fc.constantFrom(5, 80),
      }),
      { maxLength: 4 },
    ),
    items: fc.array(
      fc.record({
        staff: fc.integer({ min: 0, max: 5 }),
        start: fc.integer({ min: 0, max: 900 }),
        length: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
        hours: fc.constantFrom(4, 8, 12.5),
      }),
      { maxLength: 3 },
    ),
  })
  .map((a) => {
    const staffRows = a.staff.map((s, i) => staff(`s${i}`, { teamId: s.team, caseloadFte: s.fte, active: s.active }));
    const rows: Rows = { staff: staffRows, clients: [], assignments: [], assessments: [], contacts: [] };
    // one period per member at most (periods of one member may not overlap)
    const seen = new Set<number>();
    rows.periods = a.periods
      .filter((p) => p.staff < a.staff.length && !seen.has(p.staff) && seen.add(p.staff))
      .map((p) => ({
        staffId: `s${p.staff}`,
        startOn: day(p.start),
        endOn: p.length === null ? null : day(p.start + p.length),
        caseloadFte: p.fte,
        teamId: p.team,
      }));
    rows.reductions = a.reductions.map((r, k) => ({
      reductionId: `r${k}`,
      staffId: `s${r.staff}`,
      reason: 'training' as const,
      startOn: day(r.start),
      endOn: r.length === null ? null : day(r.start + r.length),
      percent: r.percent,
      hoursPerMonth: r.percent === null ? r.hours : null,
    }));
    rows.items = a.items.map((x, k) => ({
      itemId: `i${k}`,
      staffId: `s${x.staff}`,
      kind: 'intake' as const,
      startOn: day(x.start),
      endOn: x.length === null ? null : day(x.start + x.length),
      hoursPerMonth: x.hours,
    }));
    a.clients.forEach((c, i) => {
      const id = `c${String(i).padStart(2, '0')}`;
      rows.clients.push(
        client(id, { programId: c.program, enrolledOn: day(c.enrolled), closedOn: c.stay === null ? null : day(c.enrolled + c.stay) }),
      );
      // staff index past the table: a holder the staff table does not know
      for (const s of c.spans)
        rows.assignments.push(
          assign(id, `s${s.staff}`, day(c.enrolled + s.start), s.length === null ? null : day(c.enrolled + s.start + s.length)),
        );
      c.assessments.forEach((x, k) =>
        rows.assessments.push(
          assess(`A${i}-${k % 2}`.concat(String(k)), id, day(c.enrolled + x.at), {
            acuityTier: x.tier,
            adlDeficits: x.adl,
            apsInvolvement: x.aps,
          }),
        ),
      );
      for (const x of c.contacts) rows.contacts?.push(contact(id, day(c.enrolled + x.at), x.mode));
    });
    const start = new Date(Date.UTC(2023, a.from, 1)).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(2023, a.from + a.months, 0)).toISOString().slice(0, 10);
    const settings = a.oddHours
      ? settingsWith({ tierHours: { '1': 1.1, '2': 2.3, '3': 3.7, '4': 6.1, unassessed: 1.9 }, caseHoursPerFte: 97 })
      : defaultSettings;
    return { rows, from: start, to: end, teamIds: a.teamIds, programIds: a.programIds, settings, exact: !a.oddHours };
  });

describe('month-end figures on random agencies', () => {
  test('trendFromFigures(monthEndFigures(rows)) = computeCaseloadTrend(rows), filters and all', () => {
    fc.assert(
      fc.property(agency, (a) => {
        const { live, kept } = both(a.rows, {
          from: a.from,
          to: a.to,
          settings: a.settings,
          teamIds: a.teamIds,
          programIds: a.programIds,
          allTeamIds: ['T1', 'T2', 'T3'],
        });
        expectSameTrend(kept, live, a.exact);
      }),
      { numRuns: 300 },
    );
  });
});
