import { describe, expect, test } from 'vitest';
import { boardPeriodOptions, choiceOf, parseBoardPeriod } from './boardPeriod.ts';

describe('boardPeriodOptions', () => {
  const options = boardPeriodOptions('2026-11-23');
  test('complete fiscal quarters, newest first, then complete fiscal years', () => {
    expect(options.filter((o) => o.kind === 'quarter').map((o) => o.label)).toEqual([
      'FY2026 Q4 (Jul–Sep 2026)',
      'FY2026 Q3 (Apr–Jun 2026)',
      'FY2026 Q2 (Jan–Mar 2026)',
      'FY2026 Q1 (Oct–Dec 2025)',
      'FY2025 Q4 (Jul–Sep 2025)',
      'FY2025 Q3 (Apr–Jun 2025)',
      'FY2025 Q2 (Jan–Mar 2025)',
      'FY2025 Q1 (Oct–Dec 2024)',
    ]);
    expect(options.filter((o) => o.kind === 'year').map((o) => [o.from, o.to])).toEqual([
      ['2025-10-01', '2026-09-30'],
      ['2024-10-01', '2025-09-30'],
      ['2023-10-01', '2024-09-30'],
    ]);
    expect(options.find((o) => o.key === 'fy-2026')?.label).toBe('Federal fiscal year FY2026 (Oct 2025–Sep 2026)');
  });
  test('on the last day of a quarter, that quarter and its year are complete', () => {
    const onEnd = boardPeriodOptions('2026-09-30');
    expect(onEnd[0]).toMatchObject({ key: 'q-2026-4', from: '2026-07-01', to: '2026-09-30' });
    expect(onEnd.find((o) => o.kind === 'year')?.key).toBe('fy-2026');
    expect(boardPeriodOptions('2026-09-29')[0]?.key).toBe('q-2026-3');
  });
});

describe('parseBoardPeriod', () => {
  const today = '2026-11-23';
  test.each([
    ['no period: the last complete quarter', '', { from: '2026-07-01', to: '2026-09-30' }, false, 0],
    ['a period from the address', 'from=2026-01-10&to=2026-02-20', { from: '2026-01-10', to: '2026-02-20' }, true, 0],
    ['an impossible date: the default, with a notice', 'from=2026-02-30&to=2026-03-31', { from: '2026-07-01', to: '2026-09-30' }, false, 1],
    ['backwards: the default, with a notice', 'from=2026-03-31&to=2026-01-01', { from: '2026-07-01', to: '2026-09-30' }, false, 1],
    ['one date only: the default, with a notice', 'from=2026-03-31', { from: '2026-07-01', to: '2026-09-30' }, false, 1],
  ])('%s', (_name, query, period, fromUrl, problems) => {
    const got = parseBoardPeriod(new URLSearchParams(query), today);
    expect(got.period).toEqual(period);
    expect(got.fromUrl).toBe(fromUrl);
    expect(got.problems).toHaveLength(problems);
  });
});

test('choiceOf: an option, or custom', () => {
  const options = boardPeriodOptions('2026-11-23');
  expect(choiceOf({ from: '2026-04-01', to: '2026-06-30' }, options)).toBe('q-2026-3');
  expect(choiceOf({ from: '2025-10-01', to: '2026-09-30' }, options)).toBe('fy-2026');
  expect(choiceOf({ from: '2026-04-01', to: '2026-06-29' }, options)).toBe('custom');
});
