import { describe, expect, test } from 'vitest';
import { csvCell, daysInMonth, isCalendarDate, isId, toCsv, USER_ROLES } from '../src/index.ts';

describe('ids', () => {
  test.each([
    ['team-north', true],
    ['hr:0042', true],
    ['a.b_c', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['', false],
    ['team north', false],
    ['=1+1', false],
    ['ü', false],
  ])('isId(%j) = %s', (value, expected) => {
    expect(isId(value)).toBe(expected);
  });
});

describe('dates', () => {
  test.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2025-04-30', true],
    ['2025-04-31', false],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['0000-01-01', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00', false],
  ])('isCalendarDate(%j) = %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
  test('days in each month of a leap and a common year', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2024, m))).toEqual([
      31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2025, 2)).toBe(28);
  });
});

test('the account roles, in the order the settings and user pages list them', () => {
  expect(USER_ROLES).toEqual(['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board']);
});

describe('csv', () => {
  test.each([
    ['plain', 'plain'],
    ['North, East', '"North, East"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-team', "'-team"],
    ['@sum', "'@sum"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['a=b', 'a=b'],
  ])('text %j is written %j', (text, expected) => {
    expect(csvCell(text)).toBe(expected);
  });
  test('numbers are numbers (never neutralised), non-finite ones and null are empty', () => {
    expect([-3, 2.5, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true].map(csvCell)).toEqual([
      '-3',
      '2.5',
      '',
      '',
      '',
      '',
      'true',
    ]);
  });
  test('CRLF after every record, a byte-order mark only when asked', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x'],
          [2.5, null],
        ],
      ),
    ).toBe('a,b\r\n1,x\r\n2.5,\r\n');
    expect(toCsv(['a'], [], { bom: true })).toBe('\uFEFFa\r\n');
  });
});
