/**
 * Dates before the agency's records begin. An as-of date of 2015 for an agency whose
 * records start in 2023 would count a handful of long-standing clients against the
 * whole staff ("Agency load 3%"): the server refuses such a request with a sentence,
 * and every page says so above its figures. Pure.
 */
import type { PageKey } from '../app/pages.ts';
import { formatDate, parseIsoDate } from './format.ts';

/** Pages whose dates are the agency's records (not the audit log, imports, users or settings). */
const RECORD_PAGES: ReadonlySet<PageKey> = new Set<PageKey>([
  'overview',
  'caseloads',
  'drilldown',
  'worklists',
  'compliance',
  'trends',
  'rebalance',
  'intake',
  'feedback',
  'outcomes',
  'providers',
  'quality',
  'board',
]);

export interface BeforeRecords {
  /** the date asked for: an as-of date, or the end of a period */
  date: string;
  kind: 'as of' | 'ending';
  /** the first day of the agency's records */
  first: string;
}

/** The page's as-of date, or the end of its period, when it falls before the agency's records begin. */
export function beforeRecords(page: PageKey | null, search: URLSearchParams, first: string | null): BeforeRecords | null {
  if (page === null || first === null || !RECORD_PAGES.has(page)) return null;
  const asOf = search.get('asOf');
  if (asOf !== null && parseIsoDate(asOf) !== null && asOf < first) return { date: asOf, kind: 'as of', first };
  const to = search.get('to');
  if (to !== null && parseIsoDate(to) !== null && to < first) return { date: to, kind: 'ending', first };
  return null;
}

/** The sentence (the server's, with dates written out). */
export function beforeRecordsText(b: BeforeRecords): string {
  const first = formatDate(b.first);
  return (
    `The agency's records begin on ${first} (its earliest recorded contact or assessment), so there is nothing to show ` +
    `${b.kind === 'as of' ? 'as of' : 'for a period ending'} ${formatDate(b.date)}. Choose a date on or after ${first}.`
  );
}
