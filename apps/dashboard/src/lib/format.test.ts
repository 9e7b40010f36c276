import { describe, expect, test } from 'vitest';
import {
  formatCount,
  formatDate,
  formatDecimal,
  formatHours,
  formatPercent,
  loadRatioText,
  parseIsoDate,
  rateText,
  suppressedText,
} from './format.ts';

describe('formatPercent', () => {
  test.each([
    [1.0387, '104%'],
    [1, '100%'],
    [0.845, '85%'], // 84.5 rounds half up
    [0, '0%'],
    [12.3456, '1,235%'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('%s → %s', (ratio, expected) => {
    expect(formatPercent(ratio)).toBe(expected);
  });
});

describe('loadRatioText shows numerator and denominator', () => {
  test.each([
    [1245.5, 1199, '104% = 1,245.5 h ÷ 1,199 h'],
    [110, 110, '100% = 110 h ÷ 110 h'],
    [0, 55, '0% = 0 h ÷ 55 h'],
    [14, 0, 'no capacity (14 h ÷ 0 h)'],
  ])('%s ÷ %s', (weighted, capacity, expected) => {
    expect(loadRatioText(weighted, capacity)).toBe(expected);
  });
});

describe('rateText', () => {
  test.each([
    [230, 250, '92% = 230 ÷ 250'],
    [0, 3, '0% = 0 ÷ 3'],
    [0, 0, '— (none due)'],
    [1200, 1200, '100% = 1,200 ÷ 1,200'],
  ])('%s ÷ %s', (n, d, expected) => {
    expect(rateText(n, d)).toBe(expected);
  });
});

test('hours, counts and decimals', () => {
  expect(formatHours(1245.55)).toBe('1,245.6 h');
  expect(formatHours(3.5)).toBe('3.5 h');
  expect(formatCount(1300)).toBe('1,300');
  expect(formatDecimal(0.1234)).toBe('0.12');
  expect(formatDecimal(null)).toBe('—');
  expect(suppressedText(11)).toBe('fewer than 11');
});

describe('dates', () => {
  test.each([
    ['2026-11-23', '2026-11-23T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('parses %s', (value, iso) => {
    expect(parseIsoDate(value)?.toISOString()).toBe(iso);
  });
  test.each(['2026-02-30', '2026-13-01', '2026-1-01', '', 'yesterday', '2023-02-29'])('rejects %j', (value) => {
    expect(parseIsoDate(value)).toBeNull();
  });
  test('formats a calendar date without shifting it by the time zone', () => {
    expect(formatDate('2026-01-01')).toBe('January 1, 2026');
    expect(formatDate('not a date')).toBe('not a date');
  });
});
