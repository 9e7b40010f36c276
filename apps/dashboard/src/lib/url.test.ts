import { describe, expect, test } from 'vitest';
import { parseFilters, sharedParams, withParams } from './url.ts';

describe('withParams', () => {
  test('adds, replaces and removes parameters, sorted for stable links', () => {
    const current = new URLSearchParams('team=t2&asOf=2026-01-31');
    expect(withParams('/caseloads', current, { team: 't1' })).toBe('/caseloads?asOf=2026-01-31&team=t1');
    expect(withParams('/caseloads', current, { team: null })).toBe('/caseloads?asOf=2026-01-31');
    expect(withParams('/', current, { team: '', asOf: '' })).toBe('/');
  });
  test('encodes values', () => {
    expect(withParams('/', new URLSearchParams(), { team: 'a b&c' })).toBe('/?team=a+b%26c');
  });
  test('does not change the input', () => {
    const current = new URLSearchParams('team=t2');
    withParams('/', current, { team: 't9' });
    expect(current.get('team')).toBe('t2');
  });
});

describe('parseFilters', () => {
  test('reads valid filters', () => {
    expect(parseFilters(new URLSearchParams('asOf=2026-03-31&team=T-1&program=oaa.iii'))).toEqual({
      filters: { asOf: '2026-03-31', teamId: 'T-1', programId: 'oaa.iii' },
      problems: [],
    });
  });
  test('empty parameters mean no filter', () => {
    expect(parseFilters(new URLSearchParams('asOf=&team='))).toEqual({ filters: {}, problems: [] });
  });
  test.each([
    ['asOf=2026-02-30', '"2026-02-30" is not a date (YYYY-MM-DD); showing today instead.'],
    ['asOf=yesterday', '"yesterday" is not a date (YYYY-MM-DD); showing today instead.'],
    ['team=a%20b', '"a b" is not a valid team id; showing all teams instead.'],
    [`program=${'x'.repeat(65)}`, `"${'x'.repeat(65)}" is not a valid program id; showing all programs instead.`],
  ])('reports %s and drops it', (query, problem) => {
    expect(parseFilters(new URLSearchParams(query))).toEqual({ filters: {}, problems: [problem] });
  });
});

test("sharedParams keeps the as-of date, program, team and period, nothing else (a sort, a page's own state)", () => {
  expect(sharedParams(new URLSearchParams('asOf=2026-01-31&team=t1&program=p1&x=1&sort=load')).toString()).toBe(
    'asOf=2026-01-31&program=p1&team=t1',
  );
  expect(sharedParams(new URLSearchParams('from=2026-01-01&to=2026-03-31&team=t2')).toString()).toBe(
    'team=t2&from=2026-01-01&to=2026-03-31',
  );
});
