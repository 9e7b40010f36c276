/**
 * The first data a page asks for, started as soon as the shell knows who is signed in
 * and which page is open — while the page's code is still loading, instead of after
 * it. The inputs are the ones the page itself builds from the address, so the page's
 * own query finds the request in flight (or answered) and does not send it again.
 * Pages whose first request depends on more than the address (a default period from
 * today, a supervisor's single team written into the address) are left to themselves.
 */
import { queryClient, trpc } from '../trpc.ts';
import { parseFilters } from '../lib/url.ts';
import type { Role } from '../lib/session.ts';
import { canOpen, type PageKey } from './pages.ts';

export interface PrefetchUser {
  role: Role;
  teamIds: readonly string[];
}

/** The queries started for `page`: their keys, for tests; each is prefetched. */
export function pageDataQueries(page: PageKey | null, search: URLSearchParams, me: PrefetchUser) {
  if (page === null || !canOpen(me.role, page)) return [];
  const { filters, problems } = parseFilters(search);
  if (problems.length > 0) return [];
  if (page === 'overview') {
    return [trpc.meta.directory.queryOptions(), trpc.caseload.report.queryOptions({ asOf: filters.asOf, programId: filters.programId })];
  }
  if (page === 'caseloads') {
    const self = me.role === 'case_manager';
    // a supervisor of one team is sent to that team first (the page writes it into the address)
    if (me.role === 'supervisor' && me.teamIds.length === 1 && !search.has('team')) return [trpc.meta.directory.queryOptions()];
    return [
      trpc.meta.directory.queryOptions(),
      trpc.caseload.report.queryOptions({ asOf: filters.asOf, teamId: self ? undefined : filters.teamId, programId: filters.programId }),
    ];
  }
  return [];
}

export function prefetchPageData(page: PageKey | null, search: URLSearchParams, me: PrefetchUser): void {
  for (const options of pageDataQueries(page, search, me))
    void queryClient.prefetchQuery(options as Parameters<typeof queryClient.prefetchQuery>[0]);
}
