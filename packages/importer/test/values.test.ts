import { describe, expect, test } from 'vitest';
import { bool, date, id, Invalid, int, language, languageList, number, oneOf, textList } from '../src/values.ts';

const message = (v: unknown) => (v instanceof Invalid ? v.message : v);

describe('cell parsers', () => {
  test.each([
    ['C-001', 'C-001'],
    ['a.b_c:d-9', 'a.b_c:d-9'],
    ['x'.repeat(64), 'x'.repeat(64)],
    ['x'.repeat(65), `"${'x'.repeat(37)}..." is not a valid id (1–64 characters of A-Z a-z 0-9 . _ : -)`],
    ['C 1', '"C 1" is not a valid id (1–64 characters of A-Z a-z 0-9 . _ : -)'],
    ['Ç1', '"Ç1" is not a valid id (1–64 characters of A-Z a-z 0-9 . _ : -)'],
  ])('id %s', (raw, expected) => expect(message(id.parse(raw))).toBe(expected));

  test.each([
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2023-12-31', '2023-12-31'],
    ['2023-02-29', '"2023-02-29" is not a real calendar date'],
    ['1900-02-29', '"1900-02-29" is not a real calendar date'],
    ['2023-02-30', '"2023-02-30" is not a real calendar date'],
    ['2023-04-31', '"2023-04-31" is not a real calendar date'],
    ['2023-13-01', '"2023-13-01" is not a real calendar date'],
    ['2023-00-10', '"2023-00-10" is not a real calendar date'],
    ['0000-01-01', '"0000-01-01" is not a real calendar date'],
    ['2023-1-5', '"2023-1-5" is not a date (expected YYYY-MM-DD)'],
    ['01/05/2023', '"01/05/2023" is not a date (expected YYYY-MM-DD)'],
    ['2023-01-05T00:00', '"2023-01-05T00:00" is not a date (expected YYYY-MM-DD)'],
  ])('date %s', (raw, expected) => expect(message(date.parse(raw))).toBe(expected));

  const adl = int(0, 6);
  test.each([
    ['0', 0],
    ['6', 6],
    ['3.0', 3],
    ['+2', 2],
    ['7', '7 is out of range (0–6)'],
    ['-1', '-1 is out of range (0–6)'],
    ['1.5', '"1.5" is not a whole number'],
    ['two', '"two" is not a number'],
    ['1e2', '"1e2" is not a number'],
  ])('int(0, 6) %s', (raw, expected) => expect(message(adl.parse(raw))).toBe(expected));

  const fte = number(0, 1);
  test.each([
    ['0', 0],
    ['1', 1],
    ['0.75', 0.75],
    ['.5', 0.5],
    ['1.0', 1],
    ['1.5', '1.5 is out of range (0–1)'],
    ['-0.1', '-0.1 is out of range (0–1)'],
    ['0,5', '"0,5" is not a number (use a point as the decimal separator)'],
    ['NaN', '"NaN" is not a number'],
    ['Infinity', '"Infinity" is not a number'],
  ])('number(0, 1) %s', (raw, expected) => expect(message(fte.parse(raw))).toBe(expected));

  test.each([
    ['true', true],
    ['false', false],
    ['TRUE', true],
    ['False', false],
    ['yes', '"yes" is not true or false'],
    ['1', '"1" is not true or false'],
  ])('bool %s', (raw, expected) => expect(message(bool.parse(raw))).toBe(expected));

  const mode = oneOf(['phone', 'video'] as const);
  test.each([
    ['phone', 'phone'],
    ['Phone', '"Phone" is not one of phone, video'],
    ['visit', '"visit" is not one of phone, video'],
  ])('oneOf %s', (raw, expected) => expect(message(mode.parse(raw))).toBe(expected));

  test.each([
    ['en', 'en'],
    ['vi', 'vi'],
    ['EN', '"EN" is not an ISO 639-1 language code (two lowercase letters, such as en or es)'],
    ['eng', '"eng" is not an ISO 639-1 language code (two lowercase letters, such as en or es)'],
    ['xx', '"xx" is not an ISO 639-1 language code (two lowercase letters, such as en or es)'],
  ])('language %s', (raw, expected) => expect(message(language.parse(raw))).toBe(expected));

  test.each([
    ['en', ['en']],
    ['en;es', ['en', 'es']],
    [' en ; es ;', ['en', 'es']],
    ['en;en', ['en']],
    ['en;spanish', '"spanish" is not an ISO 639-1 language code (two lowercase letters, such as en or es)'],
  ])('language list %s', (raw, expected) => expect(message(languageList.parse(raw))).toEqual(expected));

  test('text lists split on ; and trim items', () => {
    expect(textList.parse('meals; personal care ;;homemaker')).toEqual(['meals', 'personal care', 'homemaker']);
  });
});
