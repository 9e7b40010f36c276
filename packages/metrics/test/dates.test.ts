import { describe, expect, test } from 'vitest';
import {
  addDays,
  dayNumber,
  daysBetween,
  fromDayNumber,
  isDateString,
  monthEnd,
  monthlyAsOfDates,
} from '../src/index.ts';

describe('dates', () => {
  test.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
    ['2024-02-29', 19782],
  ])('dayNumber(%s) = %i', (d, n) => {
    expect(dayNumber(d)).toBe(n);
    expect(fromDayNumber(n)).toBe(d);
  });

  test.each(['2025-02-29', '2025-13-01', '2025-00-10', '2025-1-01', '2025-04-31', '20250101', '', '2024-02-30'])(
    'rejects %j',
    (d) => {
      expect(isDateString(d)).toBe(false);
      expect(() => dayNumber(d)).toThrow(RangeError);
    },
  );

  test.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-06-30', -90, '2025-04-01'],
    ['2025-06-30', -365, '2024-06-30'],
    ['2025-03-30', 1, '2025-03-31'], // no daylight-saving shift
  ])('addDays(%s, %i) = %s', (d, n, want) => {
    expect(addDays(d, n)).toBe(want);
    expect(daysBetween(d, want)).toBe(n);
  });

  test.each([
    ['2024-02-10', '2024-02-29'],
    ['2025-02-10', '2025-02-28'],
    ['1900-02-01', '1900-02-28'],
    ['2000-02-01', '2000-02-29'],
    ['2025-04-30', '2025-04-30'],
    ['2025-12-01', '2025-12-31'],
  ])('monthEnd(%s) = %s', (d, want) => {
    expect(monthEnd(d)).toBe(want);
  });

  test.each([
    [
      '2025-01-15',
      '2025-03-31',
      [
        { month: '2025-01', asOf: '2025-01-31' },
        { month: '2025-02', asOf: '2025-02-28' },
        { month: '2025-03', asOf: '2025-03-31' },
      ],
    ],
    [
      '2025-01-15',
      '2025-03-10',
      [
        { month: '2025-01', asOf: '2025-01-31' },
        { month: '2025-02', asOf: '2025-02-28' },
        { month: '2025-03', asOf: '2025-03-10' },
      ],
    ],
    ['2025-05-10', '2025-05-20', [{ month: '2025-05', asOf: '2025-05-20' }]],
    ['2024-12-31', '2025-01-01', [{ month: '2024-12', asOf: '2024-12-31' }, { month: '2025-01', asOf: '2025-01-01' }]],
    ['2024-02-01', '2024-02-29', [{ month: '2024-02', asOf: '2024-02-29' }]],
  ])('monthlyAsOfDates(%s, %s)', (from, to, want) => {
    expect(monthlyAsOfDates(from, to)).toEqual(want);
  });

  test('a period that ends before it starts is an error', () => {
    expect(() => monthlyAsOfDates('2025-02-01', '2025-01-31')).toThrow(/ends .* before it starts/);
  });
});
