import { hashKey } from '@tanstack/react-query';
import { expect, test } from 'vitest';
import { trpc } from '../trpc.ts';
import { pageDataQueries } from './prefetch.ts';

const keys = (qs: ReturnType<typeof pageDataQueries>) => qs.map((q) => hashKey(q.queryKey));

test("the overview's first request is the one the page sends: same procedure, same input, so it is sent once", () => {
  const qs = pageDataQueries('overview', new URLSearchParams('asOf=2026-01-31&program=p1&team=t9'), { role: 'director', teamIds: [] });
  // the overview reads as-of and program only: the team in the address is not part of its input
  expect(keys(qs)).toEqual([
    hashKey(trpc.meta.directory.queryOptions().queryKey),
    hashKey(trpc.caseload.report.queryOptions({ asOf: '2026-01-31', programId: 'p1' }).queryKey),
  ]);
});

test('caseloads: a case manager sends no team; a supervisor of one team waits for the page to choose it', () => {
  const search = new URLSearchParams('team=t1');
  expect(keys(pageDataQueries('caseloads', search, { role: 'case_manager', teamIds: [] }))[1]).toBe(
    hashKey(trpc.caseload.report.queryOptions({ asOf: undefined, teamId: undefined, programId: undefined }).queryKey),
  );
  expect(keys(pageDataQueries('caseloads', new URLSearchParams(), { role: 'supervisor', teamIds: ['t1'] }))).toEqual([
    hashKey(trpc.meta.directory.queryOptions().queryKey),
  ]);
});

test('nothing for a page the role may not open, a bad address, or a page without a known first request', () => {
  expect(pageDataQueries('overview', new URLSearchParams(), { role: 'case_manager', teamIds: [] })).toEqual([]);
  expect(pageDataQueries('overview', new URLSearchParams('asOf=yesterday'), { role: 'director', teamIds: [] })).toEqual([]);
  expect(pageDataQueries('feedback', new URLSearchParams(), { role: 'director', teamIds: [] })).toEqual([]);
  expect(pageDataQueries(null, new URLSearchParams(), { role: 'director', teamIds: [] })).toEqual([]);
});
