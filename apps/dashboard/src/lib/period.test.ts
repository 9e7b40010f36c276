import { describe, expect, test } from 'vitest';
import { defaultPeriod, monthLabel, parsePeriod, periodLabel, periodPresets } from './period.ts';

describe('periodPresets', () => {
  test.each([
    // today, last full quarter, federal fiscal year, last 12 months
    ['2026-11-23', ['2026-07-01', '2026-09-30'], ['2025-10-01', '2026-09-30'], ['2025-11-01', '2026-10-31']],
    ['2026-01-01', ['2025-10-01', '2025-12-31'], ['2024-10-01', '2025-09-30'], ['2025-01-01', '2025-12-31']],
    ['2026-09-30', ['2026-04-01', '2026-06-30'], ['2024-10-01', '2025-09-30'], ['2025-09-01', '2026-08-31']],
    ['2026-10-01', ['2026-07-01', '2026-09-30'], ['2025-10-01', '2026-09-30'], ['2025-10-01', '2026-09-30']],
    ['2024-03-15', ['2023-10-01', '2023-12-31'], ['2022-10-01', '2023-09-30'], ['2023-03-01', '2024-02-29']],
  ])('as of %s', (today, quarter, ffy, months12) => {
    const [q, f, m] = periodPresets(today);
    expect([q?.from, q?.to]).toEqual(quarter);
    expect([f?.from, f?.to]).toEqual(ffy);
    expect([m?.from, m?.to]).toEqual(months12);
  });

  test('labels name the quarter and the fiscal year', () => {
    const [q, f] = periodPresets('2026-11-23');
    expect(q?.label).toBe('Last full quarter (Q3 2026)');
    expect(f?.label).toBe('Federal fiscal year 2026 (Oct 2025–Sep 2026)');
    expect(periodPresets('2026-02-01')[0]?.label).toBe('Last full quarter (Q4 2025)');
  });
});

describe('parsePeriod', () => {
  const today = '2026-11-23';
  test('no dates: the last 12 full months, no complaint', () => {
    expect(parsePeriod(new URLSearchParams(''), today)).toEqual({
      period: defaultPeriod(today),
      fromUrl: false,
      problems: [],
    });
  });
  test('both dates are used as given', () => {
    expect(parsePeriod(new URLSearchParams('from=2025-10-01&to=2026-09-30'), today).period).toEqual({
      from: '2025-10-01',
      to: '2026-09-30',
    });
  });
  test.each([
    ['from=2025-10-01', 'The period needs both dates; "to" is missing.'],
    ['from=2025-13-01&to=2026-01-01', '"2025-13-01" is not a date (YYYY-MM-DD).'],
    ['from=2026-02-01&to=2026-01-31', 'The period starts (2026-02-01) after it ends (2026-01-31).'],
  ])('%s falls back and says why', (query, problem) => {
    const parsed = parsePeriod(new URLSearchParams(query), today);
    expect(parsed.period).toEqual({ from: '2025-11-01', to: '2026-10-31' });
    expect(parsed.problems[0]).toBe(problem);
    expect(parsed.problems.at(-1)).toBe('Showing Nov 1, 2025 – Oct 31, 2026 instead.');
  });
});

test('labels', () => {
  expect(periodLabel({ from: '2025-10-01', to: '2026-09-30' })).toBe('Oct 1, 2025 – Sep 30, 2026');
  expect(monthLabel('2026-01')).toBe('Jan 2026');
});
