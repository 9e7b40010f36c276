import { describe, expect, test } from 'vitest';
import { fileNamePart, toCsv } from './csv.ts';

describe('toCsv', () => {
  test('header, rows, CRLF and a byte-order mark', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x'],
          [2.5, null],
        ],
      ),
    ).toBe('\uFEFFa,b\r\n1,x\r\n2.5,\r\n');
  });
  test.each([
    ['plain', 'plain'],
    ['North, East', '"North, East"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-team', "'-team"],
    ['@sum', "'@sum"],
  ])('quotes %j as %j', (text, expected) => {
    expect(toCsv(['c'], [[text]])).toBe(`\uFEFFc\r\n${expected}\r\n`);
  });
  test('numbers are never treated as formulas, non-finite numbers are empty', () => {
    expect(toCsv(['n'], [[-3], [Number.NaN]])).toBe('\uFEFFn\r\n-3\r\n\r\n');
  });
});

test.each([
  ['team-north', 'team-north'],
  ['North / East team', 'North-East-team'],
  ['../x', '..-x'],
])('fileNamePart(%j) = %j', (value, expected) => {
  expect(fileNamePart(value)).toBe(expected);
});
