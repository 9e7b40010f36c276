import { describe, expect, test } from 'vitest';
import {
  backtestSentence,
  chartRows,
  emptyScenarioForm,
  type Forecast,
  forecastCsv,
  formFromScenario,
  gapHeadline,
  monthLabel,
  scenarioFromForm,
} from './mapForecast.ts';

const hours = { '1': 1, '2': 2, '3': 3.5, '4': 6, unassessed: 2 };
const month = (m: string, needed: number | null, available: number) => ({
  month: m,
  clients: 10,
  byState: { '1': 4, '2': 3, '3': 2, '4': 1, unassessed: 0 },
  hoursNeeded: 23,
  fteNeeded: needed,
  fteAvailable: available,
  gap: needed === null ? null : needed - available,
});
const forecast = (
  months: Forecast['months'],
  backtest: Forecast['backtest'] = { from: '2025-10-31', clientsMape: 0.021, hoursMape: 0.034 },
): Forecast => ({
  asOf: '2026-11-23',
  monthEnd: '2026-10-31',
  historyMonths: 24,
  target: 1,
  fteAvailableNow: 5,
  months,
  backtest,
});

describe('scenario form', () => {
  test('the agency’s own figures are no scenario at all', () => {
    expect(scenarioFromForm(emptyScenarioForm(hours), hours)).toEqual({ scenario: null, problems: [] });
  });

  test('percents become fractions; changed tier hours are sent whole; hires and departures by month', () => {
    const form = {
      ...emptyScenarioForm(hours),
      intakeChangePercent: '-10',
      targetPercent: '90',
      hires: [{ month: 3, fte: '1.5' }],
      departures: [{ month: 6, fte: '1' }],
    };
    form.tierHours['4'] = '8';
    expect(scenarioFromForm(form, hours)).toEqual({
      scenario: {
        intakeChange: -0.1,
        target: 0.9,
        tierHours: { ...hours, '4': 8 },
        hires: [{ month: 3, fte: 1.5 }],
        departures: [{ month: 6, fte: 1 }],
      },
      problems: [],
    });
  });

  test('what cannot be computed is said, and nothing is sent', () => {
    const form = { ...emptyScenarioForm(hours), targetPercent: '0', intakeChangePercent: '', hires: [{ month: 1, fte: '-1' }] };
    const r = scenarioFromForm(form, hours);
    expect(r.scenario).toBeNull();
    expect(r.problems).toEqual([
      'Intake change is a percent from −100 to 1000.',
      'Target load is a percent of capacity above 0 and at most 500.',
      'The FTE of hire 1 is a number above 0.',
    ]);
  });

  test('a saved scenario fills the form back', () => {
    const s = { intakeChange: 0.15, target: 0.85, hires: [{ month: 2, fte: 1 }] };
    const form = formFromScenario(s, hours);
    expect(form.intakeChangePercent).toBe('15');
    expect(form.targetPercent).toBe('85');
    expect(scenarioFromForm(form, hours).scenario).toEqual(s);
  });
});

describe('figures in words', () => {
  test('month labels', () => {
    expect(monthLabel('2026-11')).toBe('Nov 2026');
    expect(monthLabel('2027-01')).toBe('Jan 2027');
  });

  test('the backtest sentence, and when there is no track record', () => {
    expect(backtestSentence(forecast([]))).toBe(
      'Track record: the same forecast made from the month end of October 31, 2025 was off by 2.1 % on clients and 3.4 % on hours needed on average over the 12 months that followed (mean absolute percentage error).',
    );
    expect(backtestSentence(forecast([], { from: '2025-10-31', clientsMape: null, hoursMape: null }))).toMatch(/^No track record yet/);
  });

  test('the gap headline names the largest shortfall and its month', () => {
    expect(gapHeadline(forecast([month('2026-11', 5.5, 5), month('2026-12', 6.2, 5), month('2027-01', 6, 5)])).text).toBe(
      'To keep caseloads at 100 % of capacity the agency needs 1.2 more FTE by Dec 2026.',
    );
    expect(gapHeadline(forecast([month('2026-11', 4, 5)])).shortfall).toBe(false);
    expect(gapHeadline(forecast([month('2026-11', null, 0)])).text).toMatch(/no caseload capacity/);
  });

  test('the shaded band lies between available and needed only where needed is higher', () => {
    const rows = chartRows(forecast([month('2026-11', 4, 5), month('2026-12', 6, 5), month('2027-01', null, 5)]));
    expect(rows.map((r) => r.gapBand)).toEqual([null, [5, 6], null]);
    expect(rows[0]?.['1']).toBe(4);
  });

  test('the CSV holds every figure of every month, named with the date and settings version', () => {
    const csv = forecastCsv(forecast([month('2026-11', 5.5, 5)]), { settingsVersion: 3, scenarioName: null, program: null });
    expect(csv.header).toEqual([
      'month',
      'clients',
      'tier1',
      'tier2',
      'tier3',
      'tier4',
      'unassessed',
      'hoursNeeded',
      'fteNeeded',
      'fteAvailable',
      'gap',
      'target',
    ]);
    expect(csv.rows).toEqual([['2026-11', 10, 4, 3, 2, 1, 0, 23, 5.5, 5, 0.5, 1]]);
    expect(csv.name).toMatchObject({ table: 'staffing-forecast', date: { asOf: '2026-11-23' }, settingsVersion: 3 });
  });
});
