/** Federal fiscal years and quarters, and how a period is named. */
import { expect, test } from 'vitest';
import { describePeriod, fiscalQuarterOf, fiscalQuarterPeriod, fiscalYearPeriod, lastCompleteQuarter, namedPeriod } from '../src/period.ts';

test.each([
  [2026, 1, '2025-10-01', '2025-12-31'],
  [2026, 2, '2026-01-01', '2026-03-31'],
  [2026, 3, '2026-04-01', '2026-06-30'],
  [2026, 4, '2026-07-01', '2026-09-30'],
] as const)('FY%d Q%d runs %s to %s', (fy, q, from, to) => {
  expect(fiscalQuarterPeriod(fy, q)).toEqual({ from, to });
});

test('a federal fiscal year runs October to September and is named by the year it ends in', () => {
  expect(fiscalYearPeriod(2026)).toEqual({ from: '2025-10-01', to: '2026-09-30' });
});

test.each([
  ['2025-10-01', 2026, 1],
  ['2025-12-31', 2026, 1],
  ['2026-01-01', 2026, 2],
  ['2026-06-30', 2026, 3],
  ['2026-09-30', 2026, 4],
] as const)('%s is in FY%d Q%d', (date, fiscalYear, quarter) => {
  expect(fiscalQuarterOf(date)).toEqual({ fiscalYear, quarter });
});

test.each([
  ['the day a quarter ends: that quarter', '2026-09-30', '2026-07-01'],
  ['mid-quarter: the quarter before', '2026-11-23', '2026-07-01'],
  ['early in Q2: Q1', '2026-01-05', '2025-10-01'],
  ['early in Q1: last year’s Q4', '2025-10-05', '2025-07-01'],
] as const)('the last complete quarter, %s', (_name, today, from) => {
  expect(lastCompleteQuarter(today).from).toBe(from);
});

test.each([
  [{ from: '2026-07-01', to: '2026-09-30' }, 'FY2026 Q4 (Jul–Sep 2026)'],
  [{ from: '2025-10-01', to: '2025-12-31' }, 'FY2026 Q1 (Oct–Dec 2025)'],
  [{ from: '2025-10-01', to: '2026-09-30' }, 'FY2026 (Oct 2025–Sep 2026)'],
  [{ from: '2026-01-10', to: '2026-01-19' }, 'Jan 10, 2026 – Jan 19, 2026'],
  [{ from: '2026-03-01', to: '2026-03-01' }, 'Mar 1, 2026'],
])('%j is "%s"', (period, words) => {
  expect(describePeriod(period)).toBe(words);
});

test('a calendar quarter that is not a fiscal one by its dates is not named', () => {
  expect(namedPeriod({ from: '2026-02-01', to: '2026-04-30' })).toBeNull();
});
