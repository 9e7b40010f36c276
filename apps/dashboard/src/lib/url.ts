/** Filter state kept in the address bar, so a view can be shared by its URL. */
import { isId } from '@caseload/values';
import { parseIsoDate } from './format.ts';

/** Sets (or, with null or '', removes) query parameters and keeps the rest, sorted. */
export function withParams(pathname: string, current: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  }
  next.sort();
  const query = next.toString();
  return query ? `${pathname}?${query}` : pathname;
}

interface Filters {
  asOf?: string;
  teamId?: string;
  programId?: string;
}

export interface ParsedFilters {
  filters: Filters;
  /** parameters present in the URL but not usable, with the reason, shown to the user */
  problems: string[];
}

/** Reads `asOf`, `team` and `program` from the query string; bad values are reported, not sent. */
export function parseFilters(search: URLSearchParams): ParsedFilters {
  const filters: Filters = {};
  const problems: string[] = [];
  const asOf = search.get('asOf');
  if (asOf !== null && asOf !== '') {
    if (parseIsoDate(asOf)) filters.asOf = asOf;
    else problems.push(`"${asOf}" is not a date (YYYY-MM-DD); showing today instead.`);
  }
  for (const [param, key] of [
    ['team', 'teamId'],
    ['program', 'programId'],
  ] as const) {
    const value = search.get(param);
    if (value === null || value === '') continue;
    if (isId(value)) filters[key] = value;
    else problems.push(`"${value}" is not a valid ${param} id; showing all ${param}s instead.`);
  }
  return { filters, problems };
}

/**
 * The filters that follow the user from page to page: the as-of date, the program, the
 * team and the period (from, to). A page that has no such filter leaves it in the
 * address untouched, so it is still there on the next page that has.
 */
export function sharedParams(search: URLSearchParams): URLSearchParams {
  const shared = new URLSearchParams();
  for (const key of ['asOf', 'program', 'team', 'from', 'to']) {
    const value = search.get(key);
    if (value) shared.set(key, value);
  }
  return shared;
}
