import { expect, test } from 'vitest';
import {
  chartRows,
  defaultPeriod,
  yRange,
  mapTrend,
  monthLabel,
  presentSeries,
  type TrendFiguresLike,
  type TrendLike,
  trendCsv,
} from './mapTrend.ts';

const f = (over: Partial<TrendFiguresLike> = {}): TrendFiguresLike => ({
  loadRatio: 1.1,
  weightedHours: 121,
  capacityHours: 110,
  contactRate: 0.8,
  contactDue: 50,
  contactMet: 40,
  reassessRate: 0.9,
  reassessDue: 40,
  reassessOverdue: 4,
  ...over,
});

const trend: TrendLike = {
  from: '2026-01-01',
  to: '2026-02-15',
  settingsVersion: 2,
  minCellSize: 11,
  months: [
    {
      month: '2026-01',
      asOf: '2026-01-31',
      agency: f({ loadRatio: 0.95, weightedHours: 209, capacityHours: 220 }),
      teams: [{ teamId: 't1', ...f() }],
      staff: [],
    },
    {
      month: '2026-02',
      asOf: '2026-02-15',
      agency: f({ contactDue: 0, contactMet: 0, contactRate: null }),
      // a board cell withheld: a gap, never 0
      teams: [{ teamId: 't1', ...f({ contactMet: null, contactRate: null, suppressed: { contactMet: true, contactRate: true } }) }],
      staff: [],
    },
  ],
};

test('each month: agency and team figures in percent with the counts behind them', () => {
  const points = mapTrend(trend, { teamId: 't1' });
  expect(points.map((p) => p.label)).toEqual(['Jan 2026', 'Feb 2026']);
  expect(points[0]?.agency?.loadRatio).toEqual({ percent: 95, text: '95% = 209 h ÷ 220 h' });
  expect(points[0]?.team?.contactRate).toEqual({ percent: 80, text: '80% = 40 ÷ 50' });
  expect(points[0]?.team?.reassessRate).toEqual({ percent: 90, text: '90% = 1 − 4 ÷ 40' });
  expect(points[1]?.agency?.contactRate).toEqual({ percent: null, text: '— (none due)' });
  expect(points[1]?.team?.contactRate).toEqual({ percent: null, text: 'fewer than 11' });
});

test('chart rows and which lines exist', () => {
  const points = mapTrend(trend, { teamId: 't1' });
  // 1.1 × 100 = 110 (to floating-point precision)
  expect(chartRows(points, 'loadRatio').map((r) => [r.label, r.agency, r.team])).toEqual([
    ['Jan 2026', 95, expect.closeTo(110, 9)],
    ['Feb 2026', expect.closeTo(110, 9), expect.closeTo(110, 9)],
  ]);
  expect(presentSeries(points)).toEqual(['agency', 'team']);
  expect(presentSeries(mapTrend(trend, {}))).toEqual(['agency']);
});

test.each([
  ['2026-11-23', '2025-12-01'],
  ['2026-01-05', '2025-02-01'],
  ['2026-12-31', '2026-01-01'],
])('defaultPeriod(%s) starts %s', (today, from) => {
  expect(defaultPeriod(today)).toEqual({ from, to: today });
});

test.each([
  ['2026-03', 'Mar 2026'],
  ['bad', 'bad'],
])('monthLabel(%s) = %s', (m, label) => {
  expect(monthLabel(m)).toBe(label);
});

test("CSV: a row per month as on the page, each line's figures side by side; a withheld cell says so", () => {
  const csv = trendCsv(trend, { teamId: 't1', programId: 'p-1', minCellSize: 11 });
  expect(csv.name).toEqual({
    table: 'trend',
    date: { from: '2026-01-01', to: '2026-02-15' },
    filters: { team: 't1', program: 'p-1', staff: undefined },
    settingsVersion: 2,
  });
  expect(csv.rows.map((r) => r.slice(0, 3))).toEqual([
    ['2026-01', '2026-01-31', 2],
    ['2026-02', '2026-02-15', 2],
  ]);
  const column = (name: string) => csv.header.indexOf(name);
  expect(csv.header.filter((h) => h.endsWith('_load_ratio'))).toEqual(['agency_load_ratio', 'team_load_ratio']);
  expect(csv.rows[0]?.[column('agency_load_ratio')]).toBe(0.95);
  expect(csv.rows[1]?.[column('agency_contact_rate')]).toBeNull();
  expect(csv.rows[1]?.[column('team_contact_due')]).toBe(50);
  expect(csv.rows[1]?.[column('team_contact_met')]).toBe('fewer than 11');
  expect(csv.rows[1]?.[column('team_contact_rate')]).toBe('fewer than 11');
  expect(csv.rows.every((r) => r.length === csv.header.length)).toBe(true);
});

test('CSV: a line with no figure in any month is left out, as on the page', () => {
  const csv = trendCsv(trend, { teamId: 'no-such-team', staffId: 's-1', minCellSize: 11 });
  expect(csv.header.filter((h) => h.endsWith('_load_ratio'))).toEqual(['agency_load_ratio']);
});

test.each([
  // load 88…116 with the 100% line: 70…130 (a 60-point range: 10-point ticks)
  [[88, 116, null], 'loadRatio', { min: 70, max: 130, ticks: [70, 80, 90, 100, 110, 120, 130] }],
  // load well under capacity still shows the 100% line: 30…110, step 20
  [[42, 61], 'loadRatio', { min: 30, max: 110, ticks: [40, 60, 80, 100] }],
  // rates end at 100%
  [[87, 95], 'contactRate', { min: 70, max: 100, ticks: [70, 80, 90, 100] }],
  [[3, 95], 'reassessRate', { min: 0, max: 100, ticks: [0, 20, 40, 60, 80, 100] }],
  [[], 'contactRate', { min: 0, max: 100, ticks: [0, 20, 40, 60, 80, 100] }],
])('yRange(%j, %s)', (values, metric, range) => {
  expect(yRange(values, metric as 'loadRatio')).toEqual(range);
});
