import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays, dayNumber, daysBetween, fromDayNumber, isDateString, monthEnd, monthlyAsOfDates } from '../src/index.ts';

describe('dates', () => {
  test.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
    ['2024-02-29', 19782],
    ['0000-01-01', -719528],
    ['0000-02-29', -719469],
    ['1900-03-01', -25508],
    ['9999-12-31', 2932896],
  ])('dayNumber(%s) = %i', (d, n) => {
    expect(dayNumber(d)).toBe(n);
    expect(fromDayNumber(n)).toBe(d);
  });

  test.each([
    '2025-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-1-01',
    '2025-04-31',
    '20250101',
    '',
    '2024-02-30',
    '1900-02-29',
    '2025-01-1a',
    '2025/01/01',
    ' 2025-01-01',
    '２０２５-01-01',
    '+025-01-01',
    '2025-01-00',
  ])('rejects %j', (d) => {
    expect(isDateString(d)).toBe(false);
    expect(() => dayNumber(d)).toThrow(RangeError);
  });

  test('dayNumber agrees with the calendar of Date.UTC on any string of the shape, and rejects what isDateString rejects', () => {
    const reference = (d: string) => {
      const t = new Date(0);
      t.setUTCFullYear(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
      return Math.round(t.getTime() / 86_400_000);
    };
    const digit = fc.constantFrom(...'0123456789');
    const text = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
    fc.assert(
      fc.property(text(4), text(2), text(2), fc.constantFrom('-', '-', '-', '/', 'x'), (y, m, d, sep) => {
        const s = `${y}-${m}${sep}${d}`;
        if (isDateString(s)) expect(dayNumber(s)).toBe(reference(s));
        else expect(() => dayNumber(s)).toThrow(RangeError);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -719528, max: 2932896 }), (n) => {
        expect(dayNumber(fromDayNumber(n))).toBe(n);
      }),
      { numRuns: 5000 },
    );
  });

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
    [
      '2024-12-31',
      '2025-01-01',
      [
        { month: '2024-12', asOf: '2024-12-31' },
        { month: '2025-01', asOf: '2025-01-01' },
      ],
    ],
    ['2024-02-01', '2024-02-29', [{ month: '2024-02', asOf: '2024-02-29' }]],
  ])('monthlyAsOfDates(%s, %s)', (from, to, want) => {
    expect(monthlyAsOfDates(from, to)).toEqual(want);
  });

  test('a period that ends before it starts is an error', () => {
    expect(() => monthlyAsOfDates('2025-02-01', '2025-01-31')).toThrow(/ends .* before it starts/);
  });
});
